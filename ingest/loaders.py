"""Read policy files (.txt, .md, .pdf, .docx, .html) into plain text with page offsets."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import DocumentError

if TYPE_CHECKING:
    from docx.table import Table

TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = frozenset({*TEXT_SUFFIXES, *HTML_SUFFIXES, ".pdf", ".docx"})

# Share of control characters above which a "text" file is treated as binary.
_MAX_CONTROL_SHARE = 0.05
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0\u200b]+")
_BLANKS = re.compile(r"\n{3,}")
_MD_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class LoadedText:
    """The text of one file, where its pages start, and the sha256 of its raw bytes."""

    text: str
    page_starts: tuple[int, ...]
    content_hash: str


def content_hash(data: bytes) -> str:
    """Return the sha256 hex digest identifying one version of a file."""
    return hashlib.sha256(data).hexdigest()


def load_document(path: Path) -> LoadedText:
    """Read one policy file; raise DocumentError naming the file and the reason."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise DocumentError(str(path), f"unsupported file type {suffix or '(none)'!r}; supported: {supported}")
    data = read_bytes(path)
    reader = _READERS[suffix]
    text, page_starts = reader(path, data)
    if not text.strip():
        raise DocumentError(str(path), "the file has no text content")
    return LoadedText(text=text, page_starts=page_starts, content_hash=content_hash(data))


def read_bytes(path: Path) -> bytes:
    """Return the raw bytes of a file that exists and is not empty."""
    try:
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise DocumentError(str(path), "is a directory, not a file") from exc
    except OSError as exc:
        raise DocumentError(str(path), f"cannot read the file ({exc.strerror or exc})") from exc
    if not data.strip():
        raise DocumentError(str(path), "the file is empty")
    return data


def _decode_text(path: Path, data: bytes) -> str:
    """Decode UTF-8 text, refusing binary content and other encodings with a clear reason."""
    if b"\x00" in data:
        raise DocumentError(str(path), "the file looks binary (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            str(path), f"the text is not valid UTF-8 (byte {exc.start}); save the file as UTF-8"
        ) from exc
    if len(_CONTROL.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        raise DocumentError(str(path), "the file looks binary (mostly control characters), not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _tidy(lines: list[str]) -> str:
    """Collapse runs of spaces within lines and runs of blank lines between them."""
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in lines)
    return _BLANKS.sub("\n\n", text).strip() + "\n"


def _read_text(path: Path, data: bytes) -> tuple[str, tuple[int, ...]]:
    return _decode_text(path, data), ()


def _read_markdown(path: Path, data: bytes) -> tuple[str, tuple[int, ...]]:
    # Heading markers are markup, not words: "## 2. Email" reads as the heading "2. Email".
    return _MD_HEADING.sub("", _decode_text(path, data)), ()


def _read_html(path: Path, data: bytes) -> tuple[str, tuple[int, ...]]:
    return _tidy(html_to_lines(_decode_text(path, data))), ()


def _read_pdf(path: Path, data: bytes) -> tuple[str, tuple[int, ...]]:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(str(path), "the PDF is password-protected")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except Exception as exc:  # pypdf raises many types for damaged files
        raise DocumentError(str(path), f"not a readable PDF (corrupt or truncated: {type(exc).__name__})") from exc
    if not any(page.strip() for page in pages):
        raise DocumentError(str(path), "the PDF has no extractable text (a scanned image? run OCR first)")
    starts: list[int] = []
    offset = 0
    for page in pages:
        starts.append(offset)
        offset += len(page) + 1
    return "\n".join(pages), tuple(starts)


def _read_docx(path: Path, data: bytes) -> tuple[str, tuple[int, ...]]:
    try:
        lines = docx_to_lines(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zip, XML and key errors for damaged files
        raise DocumentError(
            str(path), f"not a readable Word .docx file (corrupt or another format: {type(exc).__name__})"
        ) from exc
    return _tidy(lines), ()


# Elements whose text is boilerplate around a policy, not part of it.
_HTML_DROP = ("script", "style", "nav", "noscript", "template", "head", "svg", "form", "button")
_HTML_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_HTML_BLOCKS = _HTML_HEADINGS | frozenset({"p", "div", "section", "article", "main", "header", "footer", "aside"})
_HTML_BLOCKS |= frozenset({"ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "hr", "br"})
_HTML_ROWS = frozenset({"li", "tr", "dt", "dd", "br"})
_HTML_BLOCKS |= frozenset({"blockquote", "pre", "address", "figure", "figcaption"})


def html_to_lines(markup: str) -> list[str]:
    """Return the visible text of an HTML page, one block element per line."""
    from bs4 import BeautifulSoup, NavigableString

    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(list(_HTML_DROP)):
        tag.decompose()
    for cell in soup(["td", "th"]):
        cell.insert_after(NavigableString(" | "))
    for item in soup("li"):
        item.insert(0, NavigableString("- "))
    for tag in soup(list(_HTML_BLOCKS)):
        gap = "\n\n" if tag.name in _HTML_HEADINGS or tag.name == "p" else "\n"
        tag.insert_before(NavigableString(gap))
        if tag.name not in _HTML_ROWS:  # consecutive rows and items stay on consecutive lines
            tag.insert_after(NavigableString(gap))
    text = soup.get_text("")
    return [line.strip().removesuffix(" |").strip() for line in text.split("\n")]


def docx_to_lines(stream: io.BytesIO) -> list[str]:
    """Return a Word document's body as lines: paragraphs, "- " list items, table rows."""
    import docx
    from docx.table import Table

    document = docx.Document(stream)
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_docx_table_rows(block))
            continue
        style = (block.style.name if block.style is not None else "") or ""
        numbered = block._p.pPr is not None and block._p.pPr.numPr is not None
        if style.startswith("Heading") or style == "Title":
            lines.extend(["", block.text, ""])
        elif style.startswith("List") or numbered:
            lines.append(f"- {block.text}")
        else:
            lines.append(block.text)
    return lines


def _docx_table_rows(table: Table) -> list[str]:
    """Return each row of a Word table as one line, merged cells once."""
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        rows.append(" | ".join(cells))
    return rows


_READERS: dict[str, Callable[[Path, bytes], tuple[str, tuple[int, ...]]]] = {
    ".txt": _read_text,
    ".md": _read_markdown,
    ".html": _read_html,
    ".htm": _read_html,
    ".pdf": _read_pdf,
    ".docx": _read_docx,
}
