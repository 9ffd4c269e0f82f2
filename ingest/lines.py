"""Source lines as the structure ladder sees them: blank, Markdown heading, list item, table row or text.

Headings without Markdown markers are found by shape and context, not words: a short ALL-CAPS, Title Case
or (set apart) sentence-case line with no closing full stop, at the start of a paragraph, followed by its text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.scanner import is_table_row

MARKER = re.compile(r" {0,3}(#{1,6})[ \t]+")
LIST_ITEM = re.compile(r"(?:[-+•*\u2022\u25aa\u25cf]|\d{1,2}[.)]|[a-z][.)])\s+")
TABLE_RULE = re.compile(r"\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?")
KEY_VALUE = re.compile(r"[A-Z][A-Za-z ]{1,30}:\s+\S.*")
SENTENCE_CLOSE = (".", "!", "?", ":", ";", ":-")


@dataclass(slots=True)
class Line:
    """One non-structural-markup view of a source line."""

    kind: str  # blank | marker | item | table | text
    start: int
    end: int
    text: str
    indented: bool = False
    level: int = 0  # heading level, 0 when the line is not a heading
    number: int = 0  # the number of a numbered list item


def classify(lines: Sequence[tuple[int, str]]) -> list[Line]:
    """Return each line as blank, Markdown heading, list item, table row or text, offsets past its marker."""
    out: list[Line] = []
    for offset, raw in lines:
        stripped = raw.strip()
        start = offset + len(raw) - len(raw.lstrip())
        end = start + len(stripped)
        if not stripped or TABLE_RULE.fullmatch(stripped):
            out.append(Line("blank", start, start, ""))
            continue
        marker = MARKER.match(raw)
        if marker:
            title = raw[marker.end() :].strip().rstrip("#").strip()
            begin = offset + marker.end()
            out.append(Line("marker", begin, begin + len(title), title, level=len(marker.group(1))))
            continue
        indented = raw[:1].isspace()
        if is_table_row(stripped):
            out.append(Line("table", start, end, stripped, indented))
            continue
        item = LIST_ITEM.match(stripped)
        number = _list_number(item.group(0), out) if item and item.end() < len(stripped) else None
        if item and number is not None:
            out.append(Line("item", start + item.end(), end, stripped[item.end() :], indented, number=number))
            continue
        out.append(Line("text", start, end, stripped, indented))
    return out


def _list_number(marker: str, before: Sequence[Line]) -> int | None:
    """Return a numbered item's number, or None when it cannot continue a list ("under\n18. Any" is wrapped text)."""
    number = marker.rstrip().rstrip(".)")
    if not number.isdigit():
        return 0
    last = next((line.number for line in reversed(before) if line.number or line.kind == "marker"), 0)
    return int(number) if int(number) in (1, last + 1) else None


def heading_shape(text: str) -> int:
    """Return 1 for an ALL-CAPS heading line, 2 for Title Case, 3 for a short sentence-case one, 0 otherwise."""
    title = text.replace("**", "").strip()
    words = title.split()
    if not (0 < len(title) <= 80 and 0 < len(words) <= 10 and title[0].isalpha() and title[0].isupper()):
        return 0
    if title.endswith((*SENTENCE_CLOSE, ",")):
        return 0
    letters = [char for char in title if char.isalpha()]
    if len(letters) > 1 and all(char.isupper() for char in letters):
        return 1
    long_words = [word for word in words[1:] if len(word) > 4 and word[0].isalpha()]
    if long_words and all(word[0].isupper() for word in long_words):
        return 2
    return 3 if len(words) <= 6 else 0


def is_prose(line: Line) -> bool:
    return line.kind == "item" or (
        line.kind == "text" and (line.text.endswith(SENTENCE_CLOSE) or len(line.text.split()) >= 12)
    )


def prose_lines(lines: Sequence[tuple[int, str]]) -> int:
    """Return how many of the lines read as prose (sentences, not titles, dates or table rows)."""
    return sum(1 for line in classify(lines) if line.kind == "text" and is_prose(line))


def mark_headings(lines: list[Line]) -> None:
    """Set ``level`` on heading lines: Markdown markers if the text has any, else heading-shaped lines."""
    if any(line.kind == "marker" for line in lines):
        return
    content = [index for index, line in enumerate(lines) if line.kind != "blank"]
    for position, index in enumerate(content):
        line = lines[index]
        shape = heading_shape(line.text) if line.kind == "text" else 0
        if not shape or position + 1 >= len(content):
            continue
        before = lines[index - 1] if index else None
        after = lines[index + 1] if index + 1 < len(lines) else None
        opens = before is None or before.kind == "blank" or before.text.endswith((".", "!", "?", ":"))
        # A sentence-case line is a heading only when set apart: a blank line or a capital after it.
        apart = after is not None and (after.kind == "blank" or after.text[:1].isupper())
        if not opens or (shape == 3 and not apart):
            continue
        if _introduces(lines, content, position, shape=shape):
            line.level = shape


def _introduces(lines: list[Line], content: list[int], position: int, *, shape: int) -> bool:
    """Return True when what follows a heading-shaped line is its body (or a deeper heading over a body)."""
    following = lines[content[position + 1]]
    body = following.kind == "text" and (is_prose(following) or not heading_shape(following.text))
    if following.kind == "item" or body:
        return shape < 3 or following.kind == "item" or following.text[0].isupper()
    deeper = following.kind == "text" and heading_shape(following.text) > shape
    if deeper and position + 2 < len(content):
        return is_prose(lines[content[position + 2]])
    return False


# A short line on at least this share of a PDF's pages (and on three or more) is a running header or footer.
FURNITURE_PAGE_SHARE = 0.5
_DIGITS = re.compile(r"\d+")


def without_page_furniture(lines: list[Line], *, pages: int) -> list[Line]:
    """Return the lines without running headers and footers ("Staff Code · Page 3 of 9") repeated across pages."""
    if pages < 3:
        return lines
    shapes = [_DIGITS.sub("#", line.text) if line.kind == "text" and len(line.text) <= 80 else "" for line in lines]
    counts: dict[str, int] = {}
    for shape in shapes:
        counts[shape] = counts.get(shape, 0) + 1
    repeated = {shape for shape, count in counts.items() if shape and count >= max(3, FURNITURE_PAGE_SHARE * pages)}
    return [line for line, shape in zip(lines, shapes, strict=True) if shape not in repeated]
