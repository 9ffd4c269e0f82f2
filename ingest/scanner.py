"""Line scanning: policy text becomes units (parts, headings, clauses, paragraphs), wrapped lines joined."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.errors import DocumentError
from ingest.frontmatter import TITLE_WORDS, history_cells

BULLET = re.compile(r"(?:[-•*\u2022\u25aa\u25cf])(?:\s+|$)")
# A lettered or roman sub-item ("(a) ", "b) ", "(iv) ") is a point of the list its lead-in opens; the letter stays.
LETTERED = re.compile(r"\(?(?:[a-z]|[ivx]{1,4})\)\s+\S")
NUMBER = re.compile(r"(\d{1,2}(?:\.\d{1,2})*)\.?(?=\s|$)\s*")
PART = re.compile(r"(\d{1,2}\.\d{1,2})\s+[–—-]\s+(.+)")
TOC_LINE = re.compile(r"\d{1,2}\.?\s+.+?(?:\t|\s{2,}|\.{3,})\s*\d{1,3}\s*$")
WHITESPACE = re.compile(r"\s+")
OPEN_END = re.compile(r"[A-Za-z0-9,]$")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# A list item that ends in punctuation or "; and" / "; or" is complete.
CLOSED_ITEM = re.compile(r"(?:[^A-Za-z0-9]|[;,]\s*(?:and|or))$")
# A table row as loaders write it ("1.1 | 01/09/2024 | First issue"): cells, never a clause number.
TABLE_ROW = re.compile(r"^\|.*\||[^|]*\S\s+\|\s+\S.*")
# Enough of a unit's end to see how it ends (OPEN_END, CLOSED_ITEM) without re-reading the whole unit.
_TAIL_CHARS = 64


def normalise(text: str) -> str:
    """Collapse runs of whitespace to one space (the only normalisation clause text gets)."""
    return WHITESPACE.sub(" ", text).strip()


@dataclass(slots=True)
class Unit:
    kind: str  # part | heading | sub | clause | para
    start: int
    end: int
    number: tuple[int, ...] = ()
    bullet: bool = False
    title: str = ""
    text: str = ""


def lead_in_text(text: str) -> str:
    """Return the introducing sentence(s) of a lead-in clause ("You must not:-")."""
    sentences = SENTENCE_END.split(text)
    lead = sentences[-1]
    if len(lead) < 40 and len(sentences) > 1:
        lead = f"{sentences[-2]} {lead}"
    return lead


def clean_title(text: str) -> str:
    """Return a heading as a title: emphasis markers dropped, ALL-CAPS put in sentence case."""
    title = normalise(text.replace("**", ""))
    letters = [char for char in title if char.isalpha()]
    if letters and all(char.isupper() for char in letters):
        title = title.capitalize()
    return title


def _is_heading_text(text: str, *, max_words: int = 12) -> bool:
    title = text.replace("**", "").strip()
    return (
        0 < len(title) <= 80
        and title[0].isalpha()
        and title[0].isupper()
        and not title.endswith((".", ";", ":", ",", ":-"))
        and len(title.split()) <= max_words
    )


def _plausible(number: tuple[int, ...], last: tuple[int, ...] | None) -> bool:
    """Accept a clause number only where it can follow the previous one (a wrapped "2016" is text)."""
    if last is None:
        return all(part <= 20 for part in number)
    if number == (*last, 1):
        return True
    for level in range(len(last)):
        for step in (1, 2, 3):
            base = (*last[:level], last[level] + step)
            if any(number == (*base, *([1] * depth)) for depth in range(3)):
                return True
    return False


def is_table_row(line: str) -> bool:
    """Return True for a table row ("| a | b |" or "1.1 | 01/09/2024 | First issue")."""
    return TABLE_ROW.fullmatch(line.strip()) is not None


def split_lines(text: str) -> list[tuple[int, str]]:
    offset, lines = 0, []
    for line in text.splitlines(keepends=True):
        lines.append((offset, line.rstrip("\r\n")))
        offset += len(line)
    return lines


def body_start(lines: Sequence[tuple[int, str]]) -> int:
    """Return the index of the first line of the body (a part header, or section/clause 1)."""
    for index, (_, line) in enumerate(lines):
        stripped = line.strip()
        marker = BULLET.match(stripped)
        stripped = stripped[marker.end() :] if marker else stripped
        if TOC_LINE.fullmatch(stripped) or is_table_row(stripped):
            continue
        part = PART.fullmatch(stripped)
        if part and TITLE_WORDS.search(part.group(2)):
            return index
        match = NUMBER.match(stripped)
        if match and match.group(1) in ("1", "1.1") and len(stripped) > match.end():
            return index
    extract = _extract_start(lines)
    if extract is not None:
        return extract
    raise DocumentError("<text>", "no numbered sections or clauses found")


def _extract_start(lines: Sequence[tuple[int, str]]) -> int | None:
    """Return where an extract's numbering starts: a section "N." whose first clause "N.1" follows it."""
    numbered = [
        (index, match.group(1))
        for index, (_, line) in enumerate(lines)
        if (match := NUMBER.match(line.strip())) and len(line.strip()) > match.end()
    ]
    for (index, number), (_, following) in itertools.pairwise(numbered):
        if "." not in number and following == f"{number}.1":
            return index
    return None


class Scanner:
    """Turns body lines into units, joining wrapped lines onto the unit they continue."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.units: list[Unit] = []
        self.last_number: tuple[int, ...] | None = None
        self.pending_bullet = False
        self.restarts = 0  # "1." lines refused because numbering had already passed 1: lists, not clauses

    def _open_unit(self) -> Unit | None:
        last = self.units[-1] if self.units else None
        return last if last is not None and last.kind in ("clause", "para") else None

    def feed(self, offset: int, line: str) -> None:
        stripped = line.strip()
        if not stripped:
            return
        start = offset + len(line) - len(line.lstrip())
        bullet = self.pending_bullet
        self.pending_bullet = False
        marker = BULLET.match(stripped)
        if marker:
            if marker.end() >= len(stripped):
                self.pending_bullet = True  # a lone "-" whose item is on the next line
                return
            bullet, start, stripped = True, start + marker.end(), stripped[marker.end() :]
        elif LETTERED.match(stripped):
            bullet = True
        if TOC_LINE.fullmatch(stripped) or history_cells(stripped):
            return  # contents lines and version-history rows are about the document, not clauses
        part = PART.fullmatch(stripped)
        if part and TITLE_WORDS.search(part.group(2)):
            number = tuple(int(p) for p in part.group(1).split("."))
            self.units.append(Unit("part", start, start + len(stripped), number, title=clean_title(part.group(2))))
            self.last_number = None
            return
        if not is_table_row(stripped) and self._numbered(start, stripped, bullet=bullet):
            return
        self._unnumbered(start, stripped, bullet=bullet)

    def _numbered(self, start: int, stripped: str, *, bullet: bool) -> bool:
        match = NUMBER.match(stripped)
        if not match or match.end() >= len(stripped):
            return False
        number = tuple(int(p) for p in match.group(1).split("."))
        rest = stripped[match.end() :]
        if len(number) == 1 and not bullet and _is_heading_text(rest):
            self.units.append(Unit("heading", start, start + len(stripped), number, title=clean_title(rest)))
            return True
        if not _plausible(number, self.last_number):
            self.restarts += number == (1,)
            return False
        self.last_number = number
        self.units.append(Unit("clause", start + match.end(), start + len(stripped), number, bullet=bullet))
        return True

    def _unnumbered(self, start: int, stripped: str, *, bullet: bool) -> None:
        open_unit = self._open_unit()
        # Only the unit's tail decides how it ends: normalising the whole unit per line is quadratic.
        current = (
            normalise(self.text[max(open_unit.start, open_unit.end - _TAIL_CHARS) : open_unit.end]) if open_unit else ""
        )
        # A wrapped line continues the unit before it; a new bullet or paragraph after a
        # punctuation-less list item ("Pay Policy") does not, unless it starts in lower case.
        lower = stripped[0].islower()
        joins = open_unit is not None and (
            (not bullet and OPEN_END.search(current) is not None and (lower or open_unit.kind == "clause"))
            or (bullet and lower and CLOSED_ITEM.search(current) is None)
        )
        if open_unit is not None and joins:
            open_unit.end = start + len(stripped)
            return
        if not bullet and _is_heading_text(stripped, max_words=8):
            self.units.append(Unit("sub", start, start + len(stripped), title=clean_title(stripped)))
            return
        self.units.append(Unit("para", start, start + len(stripped), bullet=bullet))
