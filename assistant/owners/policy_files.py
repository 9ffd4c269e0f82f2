"""The policy folder's edge: check an uploaded file, write it atomically, set files aside and put them back."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import PolicyFileError
from ingest.loaders import SUPPORTED_SUFFIXES
from ingest.pipeline import directory_lock
from ingest.planning import UNSUPPORTED_HINTS, find_files, is_temporary

MAX_NAME_CHARS = 200


def check_upload(file_name: str, data: bytes, *, max_bytes: int) -> str:
    """Return the document id (the file's stem) an upload would publish as; raise PolicyFileError if it cannot."""
    if (
        not file_name
        or Path(file_name).name != file_name
        or "\\" in file_name
        or file_name in (".", "..")
        or any(ord(char) < 32 for char in file_name)
        or len(file_name) > MAX_NAME_CHARS
    ):
        raise PolicyFileError(f"{file_name!r} is not a plain file name; rename the file (letters, digits, - and _)")
    if is_temporary(Path(file_name)):
        raise PolicyFileError(f"{file_name} looks like a hidden or temporary file; upload the policy itself")
    suffix = Path(file_name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        hint = UNSUPPORTED_HINTS.get(suffix, "use .docx, .pdf, .md, .html or .txt")
        raise PolicyFileError(f"{file_name}: {suffix or 'a file without an extension'} is not supported; {hint}")
    if not data:
        raise PolicyFileError(f"{file_name} is empty")
    if len(data) > max_bytes:
        size, limit = _megabytes(len(data)), _megabytes(max_bytes)
        raise PolicyFileError(f"{file_name} is {size}; the limit is {limit} (POLICY_MAX_FILE_BYTES)")
    return Path(file_name).stem


def _megabytes(count: int) -> str:
    return f"{count / 1_048_576:.1f} MB"


def files_of(folder: Path, document_id: str) -> list[Path]:
    """Return the files in ``folder`` an ingest would read as ``document_id``."""
    if not folder.is_dir():
        return []
    return [path for path in find_files([folder]) if path.stem == document_id]


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file under a hidden temporary name (ingest skips it), then rename it into place."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@dataclass(slots=True)
class SetAside:
    """Files moved into a hidden folder inside the policy folder (ingest skips it) until kept or put back."""

    folder: Path
    moved: list[tuple[Path, Path]] = field(default_factory=list)  # (original, where it is now)
    written: list[Path] = field(default_factory=list)

    @classmethod
    def of(cls, folder: Path, files: list[Path]) -> SetAside:
        """Move ``files`` aside (same file system: a rename each)."""
        aside = cls(Path(tempfile.mkdtemp(prefix=".set-aside-", dir=folder)))
        for index, path in enumerate(files):
            target = aside.folder / f"{index}-{path.name}"
            os.replace(path, target)
            aside.moved.append((path, target))
        return aside

    def restore(self) -> None:
        """Put the folder back as it was: drop what was written, move the set-aside files back."""
        for path in self.written:
            path.unlink(missing_ok=True)
        for original, now in self.moved:
            os.replace(now, original)
        shutil.rmtree(self.folder, ignore_errors=True)

    def discard(self) -> None:
        """Keep the change: delete the set-aside files (the version archive holds every published version)."""
        shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def folder_lock(index_dir: Path) -> Iterator[None]:
    """Hold a lock so two publishes never change the policy folder at the same time."""
    with directory_lock(index_dir, ".library.lock"):
        yield
