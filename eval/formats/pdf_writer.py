"""A PDF with a running header and footer, headings set large and bold, and hyphenated line ends (fpdf2)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eval.formats.source import Block
from ingest.scanner import TOC_LINE

_FONTS = Path(__import__("matplotlib").get_data_path()) / "fonts" / "ttf"
_BODY, _HEADING, _PITCH, _GAP = 10, 13, 13, 6
_WORD = re.compile(r"[A-Za-z]+")
_MARGIN = 56


def _doc(title: str, pages: int) -> Any:
    from fpdf import FPDF

    class _Policy(FPDF):
        def header(self) -> None:
            self.set_font("DejaVu", size=8)
            self.text(_MARGIN, 30, f"{title} - Uncontrolled when printed")

        def footer(self) -> None:
            self.set_font("DejaVu", size=8)
            self.text(_MARGIN, self.h - 24, f"Page {self.page_no()} of {pages}")

    pdf = _Policy(unit="pt", format="A4")
    pdf.add_font("DejaVu", "", str(_FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(_FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(False)
    return pdf


def _wrap(pdf: Any, text: str, width: float) -> list[str]:
    """Break text into lines that fit, hyphenating long words and breaking at real hyphens."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if pdf.get_string_width(candidate) <= width:
            line = candidate
            continue
        head, tail = _split(pdf, word, width - pdf.get_string_width(f"{line} " if line else ""))
        if head:
            lines.append(f"{line} {head}" if line else head)
            line = tail
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line else lines


def _split(pdf: Any, word: str, room: float) -> tuple[str, str]:
    """Return (head ending in "-", tail) for a word broken to fit ``room``, or ("", word)."""
    if "-" in word.strip("-"):
        left, right = word.split("-", 1)
        if left and right and pdf.get_string_width(f"{left}-") <= room:
            return f"{left}-", right
    if not _WORD.fullmatch(word.rstrip(".,;:)")) or len(word) < 9:
        return "", word
    for cut in range(len(word) - 4, 3, -1):
        if word[:cut].isalpha() and pdf.get_string_width(f"{word[:cut]}-") <= room:
            return f"{word[:cut]}-", word[cut:]
    return "", word


def policy_pdf(blocks: Sequence[Block], *, title: str) -> bytes:
    """Return a PDF of the policy's blocks, flowing across pages wherever the lines fall."""
    pages = _layout(blocks, title=title, pages=0).page_no()  # first pass counts the pages for "Page n of N"
    return bytes(_layout(blocks, title=title, pages=pages).output())


def _layout(blocks: Sequence[Block], *, title: str, pages: int) -> Any:
    pdf = _doc(title, pages)
    width = pdf.w - 2 * _MARGIN
    bottom = pdf.h - 60
    pdf.add_page()
    y = 70.0
    for block in blocks:
        heading = block.kind == "heading"
        pdf.set_font("DejaVu", "B" if heading else "", _HEADING if heading else _BODY)
        # A contents line's tab is drawn as a dot leader, as word processors print it; other tabs as a gap.
        text = block.raw.strip()
        text = text.replace("\t", " ........ " if TOC_LINE.fullmatch(text) else "   ")
        if block.kind == "table":
            text = " | ".join(cell for cell in block.cells if cell)
        elif block.bullet:
            text = "\u2022 " + text[1:].strip()
        y += _GAP
        for line in _wrap(pdf, text, width):
            if y + _PITCH > bottom:
                pdf.add_page()
                y = 70.0
            y += _PITCH
            pdf.text(_MARGIN, y, line)
    return pdf
