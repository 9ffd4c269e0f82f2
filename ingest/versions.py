"""Every published version of each policy, kept as files: its source bytes, its clauses and a small manifest.

Layout under the archive root: ``<document id>/<number, 6 digits>/`` holding ``version.json`` (the
``PolicyVersion``), ``clauses.json`` (every ``Clause`` field) and ``source/<file name>`` (the file's bytes).
A removal is a tombstone folder with ``version.json`` only. Each version folder is written under a hidden
temporary name and renamed into place, so a crash leaves either the whole version or none of it.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.errors import UnknownDocumentError, VersionNotFoundError
from ingest.clause import Clause
from ingest.loaders import content_hash
from ingest.parser import ParsedDocument

VERSION_FILE = "version.json"
CLAUSES_FILE = "clauses.json"
SOURCE_DIR = "source"
_TUPLE_FIELDS = frozenset({"section_path", "span"})


@dataclass(frozen=True, slots=True)
class PolicyVersion:
    """One published (or removed) version of a policy document."""

    document_id: str
    number: int  # 1, 2, 3 ... per document, never reused
    content_hash: str  # DocumentMeta.content_hash of that version
    file_name: str  # the source file's name, e.g. "acme-ai-policy.docx"
    published_at: str  # ISO-8601 UTC
    title: str
    clause_count: int
    removed: bool = False  # True for a tombstone: the policy was removed at published_at


def clause_to_json(clause: Clause) -> dict[str, Any]:
    """Return every field of a clause as JSON-ready values."""
    return {item.name: getattr(clause, item.name) for item in fields(Clause)}


def clause_from_json(data: dict[str, Any]) -> Clause:
    """Return the clause a ``clause_to_json`` dict describes (tuples restored)."""
    values: dict[str, Any] = {key: tuple(value) if key in _TUPLE_FIELDS else value for key, value in data.items()}
    return Clause(**values)


class VersionArchive:
    """The on-disk archive of policy versions under one root folder."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def record(self, parsed: ParsedDocument, *, source: Path) -> PolicyVersion:
        """Archive a published document; return its latest version when the content is the same."""
        meta = parsed.meta
        history = self.history(meta.document_id)
        if history and not history[-1].removed and history[-1].content_hash == meta.content_hash:
            return history[-1]
        version = PolicyVersion(
            document_id=meta.document_id,
            number=_next_number(history),
            content_hash=meta.content_hash,
            file_name=source.name,
            published_at=_now(),
            title=meta.title,
            clause_count=len(parsed.clauses),
        )
        data = source.read_bytes()
        if meta.content_hash and content_hash(data) != meta.content_hash:
            raise ValueError(f"{source.name} changed while it was ingested; ingest again to archive it")
        clauses = [clause_to_json(clause) for clause in parsed.clauses]
        self._write(version, clauses=clauses, source=data)
        return version

    def record_removal(self, document_id: str) -> PolicyVersion | None:
        """Archive that a document was removed; None when it has no version or is already removed."""
        history = self.history(document_id)
        if not history or history[-1].removed:
            return None
        last = history[-1]
        tombstone = PolicyVersion(
            document_id=document_id,
            number=_next_number(history),
            content_hash="",
            file_name=last.file_name,
            published_at=_now(),
            title=last.title,
            clause_count=0,
            removed=True,
        )
        self._write(tombstone, clauses=None, source=None)
        return tombstone

    def history(self, document_id: str) -> list[PolicyVersion]:
        """Return a document's versions, oldest first ([] when it has none)."""
        folder = self._folder(document_id)
        if not folder.is_dir():
            return []
        versions = []
        for child in sorted(folder.iterdir()):
            manifest = child / VERSION_FILE
            if child.name.isdigit() and manifest.is_file():
                versions.append(PolicyVersion(**json.loads(manifest.read_text(encoding="utf-8"))))
        return sorted(versions, key=lambda version: version.number)

    def documents(self) -> list[str]:
        """Return the ids of the documents with at least one archived version."""
        if not self.root.is_dir():
            return []
        return sorted(child.name for child in self.root.iterdir() if child.is_dir() and self.history(child.name))

    def clauses(self, document_id: str, number: int) -> tuple[Clause, ...]:
        """Return the clauses of one published version exactly as they were ingested."""
        path = self._version_folder(document_id, number) / CLAUSES_FILE
        return tuple(clause_from_json(item) for item in json.loads(path.read_text(encoding="utf-8")))

    def source(self, document_id: str, number: int) -> tuple[str, bytes]:
        """Return (file name, bytes) of one published version's source file."""
        folder = self._version_folder(document_id, number) / SOURCE_DIR
        files = [child for child in folder.iterdir() if child.is_file()]
        if len(files) != 1:
            raise VersionNotFoundError(document_id, number)
        return files[0].name, files[0].read_bytes()

    def _folder(self, document_id: str) -> Path:
        # Document ids are file stems; refuse any that could name a path outside the archive.
        if not document_id or "/" in document_id or "\\" in document_id or document_id.startswith("."):
            raise UnknownDocumentError([document_id])
        return self.root / document_id

    def _version_folder(self, document_id: str, number: int) -> Path:
        folder = self._folder(document_id) / f"{number:06d}"
        if not (folder / CLAUSES_FILE).is_file():
            raise VersionNotFoundError(document_id, number)
        return folder

    def _write(self, version: PolicyVersion, *, clauses: list[dict[str, Any]] | None, source: bytes | None) -> None:
        """Write a version folder under a temporary name, then rename it into place."""
        folder = self._folder(version.document_id)
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=folder))
        try:
            if clauses is not None and source is not None:
                (staging / CLAUSES_FILE).write_text(json.dumps(clauses, ensure_ascii=False), encoding="utf-8")
                (staging / SOURCE_DIR).mkdir()
                (staging / SOURCE_DIR / version.file_name).write_bytes(source)
            # The manifest goes last: history() only lists folders that have one.
            manifest = json.dumps(asdict(version), ensure_ascii=False, indent=1)
            (staging / VERSION_FILE).write_text(manifest, encoding="utf-8")
            os.replace(staging, folder / f"{version.number:06d}")
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise


def _next_number(history: list[PolicyVersion]) -> int:
    return history[-1].number + 1 if history else 1


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
