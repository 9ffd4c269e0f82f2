"""PDF (pypdf): page text without running headers, footers and page numbers; headings from font size."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import DocumentError
from ingest.loaders.pdf_clean import Line, dehyphenate, drop_furniture, heading_levels, squash


@dataclass(slots=True)
class _Fonts:
    """Font size and weight of each visual line of a page, keyed by its text without spaces."""

    runs: dict[float, list[tuple[str, float, bool]]] = field(default_factory=dict)

    def visit(self, text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if not text.strip():
            return
        y = round(float(tm[4]) * float(cm[1]) + float(tm[5]) * float(cm[3]) + float(cm[5]))
        scale = abs(float(tm[3]) * float(cm[3])) or 1.0
        name = str(font.get("/BaseFont", "")) if font else ""
        bold = any(weight in name for weight in ("Bold", "Black", "Heavy", "Semibold"))
        self.runs.setdefault(y, []).append((text, float(size) * scale, bold))

    def lines(self) -> dict[str, tuple[float, bool]]:
        out: dict[str, tuple[float, bool]] = {}
        for runs in self.runs.values():
            key = squash("".join(text for text, _, _ in runs))
            out[key] = (max(size for _, size, _ in runs), all(bold for _, _, bold in runs))
        return out


def read_pdf(path: Path, data: bytes) -> tuple[str, tuple[int, ...]]:
    """Return a PDF's text with the offsets where its pages start."""
    pages, fonts = _extract(path, data)
    if not any(line.text.strip() for page in pages for line in page):
        raise DocumentError(str(path), "the PDF has no extractable text (a scanned image? run OCR first)")
    lines = dehyphenate(drop_furniture(pages))
    levels = heading_levels(lines, fonts)
    out: list[str] = []
    starts: list[int] = []
    offset = 0
    for line in lines:
        while len(starts) < line.page + 1:
            starts.append(offset)
        text = line.text.strip()
        level = levels.get(id(line))
        if level and text:
            text = f"{'#' * level} {text}"
        out.append(text)
        offset += len(text) + 1
    while len(starts) < len(pages):
        starts.append(offset)
    return "\n".join(out), tuple(starts)


def _extract(path: Path, data: bytes) -> tuple[list[list[Line]], dict[str, tuple[float, bool]]]:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(str(path), "the PDF is password-protected; save an unprotected copy")
        pages: list[list[Line]] = []
        fonts: dict[str, tuple[float, bool]] = {}
        for number, page in enumerate(reader.pages):
            visitor = _Fonts()
            text = page.extract_text(visitor_text=visitor.visit) or ""
            pages.append([Line(text=line, page=number) for line in text.splitlines()])
            fonts.update(visitor.lines())
    except DocumentError:
        raise
    except Exception as exc:  # pypdf raises many types for damaged files
        raise DocumentError(str(path), f"not a readable PDF (corrupt or truncated: {type(exc).__name__})") from exc
    return pages, fonts

