"""Word .docx: body paragraphs with their automatic numbers, headings as "#" markers, tables as rows."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import DocumentError
from ingest.loaders.text import tidy
from ingest.loaders.word_numbering import Numbering, W, wval

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADING_NAME = re.compile(r"heading\s*([1-9])", re.IGNORECASE)
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
# Text inside these is not in the document a reader sees (deleted or moved-away tracked changes).
# A drawing's fallback copy repeats its text box for old readers.
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_REMOVED = frozenset({f"{W}del", f"{W}moveFrom", _MC_FALLBACK})


@dataclass(frozen=True, slots=True)
class _Style:
    name: str
    based_on: str | None
    outline: int | None
    num_id: str | None
    ilvl: int | None


def read_docx(path: Path, data: bytes) -> tuple[str, tuple[int, ...]]:
    """Return a Word document's body as text (no pages: Word decides those when it lays out)."""
    if data.startswith(OLE_MAGIC):
        raise DocumentError(
            str(path),
            "a password-protected (encrypted) Word document or an old .doc file; save it as an unprotected .docx",
        )
    try:
        lines = docx_to_lines(data)
    except DocumentError as error:
        raise DocumentError(str(path), error.reason) from None
    except Exception as exc:  # zip, XML and key errors for damaged files
        raise DocumentError(
            str(path), f"not a readable Word .docx file (corrupt or another format: {type(exc).__name__})"
        ) from exc
    return tidy(lines), ()


def docx_to_lines(data: bytes) -> list[str]:
    """Return a Word document's body as lines: "#" headings, numbered paragraphs, "- " items, table rows."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        main = _main_part(archive, names)
        body = etree.fromstring(archive.read(main)).find(f"{W}body")
        if body is None:
            raise DocumentError("<docx>", "not a readable Word .docx file (no document body)")
        folder = main.rsplit("/", 1)[0] + "/" if "/" in main else ""
        styles = _styles(
            etree.fromstring(archive.read(folder + "styles.xml")) if folder + "styles.xml" in names else None
        )
        numbering_xml = folder + "numbering.xml"
        numbering = Numbering.from_xml(
            etree.fromstring(archive.read(numbering_xml)) if numbering_xml in names else None,
            style_lists={style_id: style.num_id for style_id, style in styles.items() if style.num_id},
        )
    reader = _BodyReader(styles, numbering)
    reader.blocks(body)
    return reader.lines


def _main_part(archive: zipfile.ZipFile, names: set[str]) -> str:
    from lxml import etree

    if "_rels/.rels" in names:
        for rel in etree.fromstring(archive.read("_rels/.rels")):
            if rel.get("Type") == _OFFICE_DOCUMENT:
                return str(rel.get("Target", "")).lstrip("/")
    return "word/document.xml"


def _styles(root: Any | None) -> dict[str, _Style]:
    styles: dict[str, _Style] = {}
    if root is None:
        return styles
    for style in root.findall(f"{W}style"):
        ppr = style.find(f"{W}pPr")
        num_pr = ppr.find(f"{W}numPr") if ppr is not None else None
        outline = wval(ppr, "outlineLvl")
        ilvl = wval(num_pr, "ilvl")
        styles[style.get(f"{W}styleId", "")] = _Style(
            name=wval(style, "name") or "",
            based_on=wval(style, "basedOn"),
            outline=int(outline) if outline is not None else None,
            num_id=wval(num_pr, "numId"),
            ilvl=int(ilvl) if ilvl is not None else None,
        )
    return styles


def _text(element: Any) -> str:
    """Return the visible text of a paragraph or cell: insertions kept, deletions and field codes left out."""
    parts: list[str] = []
    for node in element.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen"):
        if any(ancestor.tag in _REMOVED for ancestor in node.iterancestors()):
            continue
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}noBreakHyphen":
            parts.append("-")
        elif node.tag == f"{W}tab":
            parts.append("\t")
        else:
            parts.append(" ")
    return "".join(parts).strip()


class _BodyReader:
    """Walks the body in order, numbering paragraphs as Word would show them."""

    def __init__(self, styles: dict[str, _Style], numbering: Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.lines: list[str] = []

    def blocks(self, parent: Any) -> None:
        for child in parent:
            if child.tag == f"{W}p":
                self.paragraph(child)
            elif child.tag == f"{W}tbl":
                self.table(child)
            elif child.tag in (f"{W}sdt", f"{W}customXml", f"{W}ins"):
                content = child.find(f"{W}sdtContent")
                self.blocks(content if content is not None else child)

    def _chain(self, style_id: str | None) -> list[_Style]:
        chain: list[_Style] = []
        while style_id and style_id in self.styles and len(chain) < 20:
            chain.append(self.styles[style_id])
            style_id = chain[-1].based_on
        return chain

    def _heading_level(self, style_id: str | None, ppr: Any) -> int | None:
        chain = self._chain(style_id)
        for style in chain:
            match = _HEADING_NAME.fullmatch(style.name.strip())
            if match:
                return int(match.group(1))
            if style.name.strip().lower() == "title":
                return 1
        outline = wval(ppr, "outlineLvl")
        if outline is None:
            outline_level = next((style.outline for style in chain if style.outline is not None), None)
        else:
            outline_level = int(outline)
        return outline_level + 1 if outline_level is not None and outline_level < 6 else None

    def _label(self, style_id: str | None, ppr: Any) -> str | None:
        """Return the paragraph's automatic number, from its own numPr or its style's."""
        num_pr = ppr.find(f"{W}numPr") if ppr is not None else None
        num_id, ilvl = wval(num_pr, "numId"), wval(num_pr, "ilvl")
        level = int(ilvl) if ilvl is not None else None
        for style in self._chain(style_id):
            if num_id is None and style.num_id is not None:
                num_id = style.num_id
            if level is None and style.ilvl is not None:
                level = style.ilvl
        if num_id is None:
            return None
        if level is None:
            level = self.numbering.level_for_style(num_id, style_id or "")
        return self.numbering.next_label(num_id, level)

    def paragraph(self, element: Any) -> None:
        ppr = element.find(f"{W}pPr")
        style_id = wval(ppr, "pStyle")
        text = _text(element)
        label = self._label(style_id, ppr)
        if not text:
            return
        heading = self._heading_level(style_id, ppr)
        if label == "-":
            text = f"- {text}"
        elif label:
            text = f"{label} {text}"
        elif label is None and any(style.name.startswith("List Bullet") for style in self._chain(style_id)):
            text = f"- {text}"
        if heading is not None:
            self.lines.extend(["", f"{'#' * heading} {text}", ""])
        else:
            # A Word paragraph is never hard-wrapped, so its end is a paragraph break the parser must not guess.
            self.lines.extend([text, ""])

    def table(self, element: Any) -> None:
        """Add each row as one line, cells joined by " | ", merged cells once."""
        self.lines.append("")
        for row in element.findall(f"{W}tr"):
            cells: list[str] = []
            for cell in row.findall(f"{W}tc"):
                text = " ".join(" ".join(_text(para).split()) for para in cell.iter(f"{W}p"))
                text = " ".join(text.split())
                if text and (not cells or cells[-1] != text):
                    cells.append(text)
            if cells:
                self.lines.append(" | ".join(cells))
        self.lines.append("")
