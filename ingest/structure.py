"""The structure ladder below typed numbering: headings (Markdown markers or heading-shaped lines), then paragraphs.

Clauses found here are not numbered by their author, so their ids are made from the heading and the position
under it: "email-p2" (paragraph 2 under "Email"), "email-p3.1" (the first point of the list after paragraph 3),
"p4" before any heading. Letters keep them from being mistaken for the author's numbers; the same text always
gives the same ids.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.clause import Clause
from ingest.frontmatter import TITLE_WORDS, history_cells
from ingest.scanner import clean_title, is_table_row, lead_in_text, normalise

MARKER = re.compile(r" {0,3}(#{1,6})[ \t]+")
LIST_ITEM = re.compile(r"(?:[-+•*\u2022\u25aa\u25cf]|\d{1,2}[.)]|[a-z][.)])\s+")
TABLE_RULE = re.compile(r"\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?")
KEY_VALUE = re.compile(r"[A-Z][A-Za-z ]{1,30}:\s+\S.*")
SENTENCE_CLOSE = (".", "!", "?", ":", ";", ":-")
# Lines at least this long were not hard-wrapped: each is a paragraph of its own.
UNWRAPPED_CHARS = 150
# A line this much shorter than the wrap width, ending a sentence, ends its paragraph.
SHORT_LINE_SHARE = 0.8
# Below this width the lines were not wrapped at a margin: any line ending a sentence ends its paragraph.
MIN_WRAP_CHARS = 50


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


@dataclass(slots=True)
class Block:
    """A paragraph or list item: the span of its lines in the source."""

    kind: str  # para | item | heading
    start: int
    end: int
    last: str
    title: str = ""
    level: int = 0


@dataclass(frozen=True, slots=True)
class Ladder:
    """What the ladder found: clauses, front-matter lines, how many section headings, and the title heading."""

    clauses: tuple[Clause, ...]
    front: tuple[str, ...]
    headings: int
    title: str = ""


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


def _is_prose(line: Line) -> bool:
    return line.kind == "item" or (
        line.kind == "text" and (line.text.endswith(SENTENCE_CLOSE) or len(line.text.split()) >= 12)
    )


def prose_lines(lines: Sequence[tuple[int, str]]) -> int:
    """Return how many of the lines read as prose (sentences, not titles, dates or table rows)."""
    return sum(1 for line in classify(lines) if line.kind == "text" and _is_prose(line))


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
    body = following.kind == "text" and (_is_prose(following) or not heading_shape(following.text))
    if following.kind == "item" or body:
        return shape < 3 or following.kind == "item" or following.text[0].isupper()
    deeper = following.kind == "text" and heading_shape(following.text) > shape
    if deeper and position + 2 < len(content):
        return _is_prose(lines[content[position + 2]])
    return False


def _paragraph_start(lines: list[Line], index: int) -> int:
    """Return where the paragraph holding line ``index`` starts: back over its wrapped, unpunctuated lines."""
    while index > 0:
        previous = lines[index - 1]
        ends = previous.text.endswith((*SENTENCE_CLOSE, ","))
        if previous.kind != "text" or ends or heading_shape(previous.text) or KEY_VALUE.fullmatch(previous.text):
            break
        index -= 1
    return index


def _heading_level(line: Line) -> int:
    return line.level if line.kind in ("marker", "text") else 0


def _title_index(lines: list[Line]) -> int | None:
    """Return the index of the document's title heading: the first heading, above all prose, over the others."""
    headings = [index for index, line in enumerate(lines) if _heading_level(line)]
    if not headings or any(_is_prose(line) for line in lines[: headings[0]]):
        return None
    first = lines[headings[0]]
    later = [lines[index].level for index in headings[1:]]
    if not later or TITLE_WORDS.search(first.text) or first.level < min(later) or first.level not in later:
        return headings[0]
    return None


def _wrap_width(lines: Sequence[Line]) -> int:
    """Return the width text lines were wrapped at (the 90th percentile line length)."""
    lengths = sorted(len(line.text) for line in lines if line.kind == "text")
    return lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0


def _ends_paragraph(previous: str, *, wrap: int) -> bool:
    if wrap >= UNWRAPPED_CHARS:
        return True
    short = wrap < MIN_WRAP_CHARS or len(previous) < SHORT_LINE_SHARE * wrap
    return short and previous.endswith((".", "!", "?", ":"))


def blocks(lines: list[Line], *, first: int) -> tuple[list[Block], list[str]]:
    """Join lines from ``first`` on into headings, paragraphs and list items; return them and front-matter rows."""
    wrap = _wrap_width(lines)
    out: list[Block] = []
    front: list[str] = []
    open_block: Block | None = None
    for line in lines[first:]:
        if line.kind == "blank":
            open_block = None
            continue
        level = _heading_level(line)
        if level:
            out.append(Block("heading", line.start, line.end, line.text, clean_title(line.text), level))
            open_block = None
        elif line.kind == "table" and history_cells(line.text):
            front.append(line.text)
        elif open_block is not None and _continues(open_block, line, wrap=wrap):
            open_block.end, open_block.last = line.end, line.text
        else:
            kind = "item" if line.kind == "item" else "para"
            open_block = Block(kind, line.start, line.end, line.text)
            out.append(open_block)
            if line.kind == "table":
                open_block = None
    return out, front


def _continues(block: Block, line: Line, *, wrap: int) -> bool:
    """Return True when a line is the wrapped continuation of the open paragraph or list item."""
    if line.kind != "text":
        return False
    if block.kind == "item":
        return line.indented or line.text[0].islower() or not block.last.endswith(SENTENCE_CLOSE)
    return line.text[0].islower() or not _ends_paragraph(block.last, wrap=wrap)


def slug(title: str) -> str:
    """Return a short id-safe slug of a heading ("Use of Personal Devices" -> "use-of-personal-devices")."""
    words = re.findall(r"[a-z0-9]+", title.lower())[:5]
    return "-".join(words)[:40].strip("-") or "section"


@dataclass(slots=True)
class _Place:
    path: list[tuple[int, str]] = field(default_factory=list)
    prefix: str = ""
    paragraph: int = 0
    point: int = 0
    lead: str = ""
    last_kind: str = ""


def _assign(
    found: list[Block], *, text: str, document_id: str, source: str, page_starts: Sequence[int]
) -> list[Clause]:
    """Give each paragraph and item its heading-and-position id, section path and lead-in."""
    place, seen, clauses = _Place(), dict[str, int](), list[Clause]()
    for block in found:
        if block.kind == "heading":
            while place.path and place.path[-1][0] >= block.level:
                place.path.pop()
            place.path.append((block.level, block.title))
            base = slug(block.title)
            seen[base] = seen.get(base, 0) + 1
            prefix = base if seen[base] == 1 else f"{base}-{seen[base]}"
            place = _Place(path=place.path, prefix=f"{prefix}-")
            continue
        body = normalise(text[block.start : block.end])
        if block.kind == "para" or place.last_kind not in ("para", "item"):
            place.paragraph, place.point = place.paragraph + 1, 0
            place.lead = lead_in_text(body) if block.kind == "para" and body.endswith((":", ":-")) else ""
        local = f"p{place.paragraph}"
        if block.kind == "item":
            place.point += 1
            local += f".{place.point}"
        place.last_kind = block.kind
        clauses.append(
            Clause(
                document_id=document_id,
                clause_id=place.prefix + local,
                section_path=tuple(title for _, title in place.path),
                title=place.path[-1][1] if place.path else "",
                text=body,
                source=source,
                span=(block.start, block.end),
                lead_in=place.lead if block.kind == "item" else "",
                page=bisect.bisect_right(page_starts, block.start) if page_starts else None,
                ordinal=len(clauses),
                numbered=False,
            )
        )
    return clauses


def ladder(
    text: str, lines: Sequence[tuple[int, str]], *, document_id: str, source: str, page_starts: Sequence[int] = ()
) -> Ladder:
    """Parse a document without typed numbering into clauses under its headings, or plain paragraphs."""
    classified = classify(lines)
    mark_headings(classified)
    title_at = _title_index(classified)
    sections = [i for i, line in enumerate(classified) if _heading_level(line) and i != title_at]
    prose = [i for i, line in enumerate(classified) if _is_prose(line)]
    body = min([*sections[:1], *[_paragraph_start(classified, index) for index in prose[:1]]], default=len(classified))
    front = [line.text for line in classified[:body] if line.kind != "blank"]
    found, history = blocks(classified, first=body)
    clauses = _assign(found, text=text, document_id=document_id, source=source, page_starts=page_starts)
    titled = [line.text for line in classified[:body] if line.kind in ("text", "marker") and heading_shape(line.text)]
    title = classified[title_at].text if title_at is not None else (titled[0] if titled else "")
    return Ladder(clauses=tuple(clauses), front=(*front, *history), headings=len(sections), title=title)
