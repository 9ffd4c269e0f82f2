"""Read policy files (.txt, .md, .pdf, .docx, .html) into text with page offsets.

The text follows one contract with the parser: a structural heading is a line starting with "#".."######"
and a space; automatic list numbers appear typed ("1.2 ", "a) "); list bullets start with "- "; a table row
is one line with cells joined by " | "; ``page_starts`` holds the character offset where each page begins.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import DocumentError
from ingest.loaders.html import html_to_lines, read_html
from ingest.loaders.pdf import read_pdf
from ingest.loaders.text import read_markdown, read_text
from ingest.loaders.word import docx_to_lines, read_docx

__all__ = [
    "DEFAULT_MAX_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "LoadedText",
    "content_hash",
    "docx_to_lines",
    "html_to_lines",
    "load_document",
    "read_bytes",
]

TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = frozenset({*TEXT_SUFFIXES, *HTML_SUFFIXES, ".pdf", ".docx"})
DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024  # the POLICY_MAX_FILE_BYTES default

_READERS: dict[str, Callable[[Path, bytes], tuple[str, tuple[int, ...]]]] = {
    ".txt": read_text,
    ".md": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".pdf": read_pdf,
    ".docx": read_docx,
}


@dataclass(frozen=True, slots=True)
class LoadedText:
    """The text of one file, where its pages start, and the sha256 of its raw bytes."""

    text: str
    page_starts: tuple[int, ...]
    content_hash: str


def content_hash(data: bytes) -> str:
    """Return the sha256 hex digest identifying one version of a file."""
    return hashlib.sha256(data).hexdigest()


def load_document(path: Path, *, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> LoadedText:
    """Read one policy file; raise DocumentError naming the file and the reason."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise DocumentError(str(path), f"unsupported file type {suffix or '(none)'!r}; supported: {supported}")
    data = read_bytes(path, max_bytes=max_bytes)
    try:
        text, page_starts = _READERS[suffix](path, data)
    except DocumentError:
        raise
    except RecursionError as exc:  # deeply nested markup
        raise DocumentError(str(path), "the file is nested too deeply to read") from exc
    if not text.strip():
        raise DocumentError(str(path), "the file has no text content")
    return LoadedText(text=text, page_starts=page_starts, content_hash=content_hash(data))


def read_bytes(path: Path, *, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> bytes:
    """Return the raw bytes of a file that exists, is not empty and is within the size limit."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise DocumentError(str(path), "is a directory, not a file")
        if size > max_bytes:
            raise DocumentError(
                str(path),
                f"the file is {_megabytes(size)}, over the {_megabytes(max_bytes)} limit (POLICY_MAX_FILE_BYTES)",
            )
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise DocumentError(str(path), "is a directory, not a file") from exc
    except OSError as exc:
        raise DocumentError(str(path), f"cannot read the file ({exc.strerror or exc})") from exc
    if not data:
        raise DocumentError(str(path), "the file is empty (0 bytes)")
    if not data.strip():
        raise DocumentError(str(path), "the file is empty")
    return data


def _megabytes(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{size:,} bytes"
