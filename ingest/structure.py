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
from ingest.lines import (
    KEY_VALUE,
    SENTENCE_CLOSE,
    Line,
    classify,
    heading_shape,
    is_prose,
    mark_headings,
    without_page_furniture,
)
from ingest.scanner import clean_title, lead_in_text, normalise

# Lines at least this long were not hard-wrapped: each is a paragraph of its own.
UNWRAPPED_CHARS = 150
# A line this much shorter than the wrap width, ending a sentence, ends its paragraph.
SHORT_LINE_SHARE = 0.8
# Below this width the lines were not wrapped at a margin: any line ending a sentence ends its paragraph.
MIN_WRAP_CHARS = 50


@dataclass(slots=True)
class Block:
    """A heading, paragraph or list item: the span of its lines in the source, and those lines' text."""

    kind: str  # para | item | heading
    start: int
    end: int
    last: str
    title: str = ""
    level: int = 0
    # The text is its lines', not its span's: a running footer dropped between two lines is not part of it.
    parts: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Ladder:
    """What the ladder found: clauses, front-matter lines, how many section headings, and the title heading."""

    clauses: tuple[Clause, ...]
    front: tuple[str, ...]
    headings: int
    title: str = ""


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
    if not headings or any(is_prose(line) for line in lines[: headings[0]]):
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
            open_block.parts.append(line.text)
        else:
            kind = "item" if line.kind == "item" else "para"
            open_block = Block(kind, line.start, line.end, line.text, parts=[line.text])
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
    return "-".join(words)[:32].strip("-") or "section"  # ids stay under the API's 50-character clause refs


@dataclass(slots=True)
class _Place:
    path: list[tuple[int, str]] = field(default_factory=list)
    prefix: str = ""
    paragraph: int = 0
    point: int = 0
    lead: str = ""
    last_kind: str = ""


def _assign(found: list[Block], *, document_id: str, source: str, page_starts: Sequence[int]) -> list[Clause]:
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
        body = normalise(" ".join(block.parts))
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
    lines: Sequence[tuple[int, str]], *, document_id: str, source: str, page_starts: Sequence[int] = ()
) -> Ladder:
    """Parse a document without typed numbering into clauses under its headings, or plain paragraphs."""
    classified = without_page_furniture(classify(lines), pages=len(page_starts))
    mark_headings(classified)
    title_at = _title_index(classified)
    sections = [i for i, line in enumerate(classified) if _heading_level(line) and i != title_at]
    prose = [i for i, line in enumerate(classified) if is_prose(line)]
    body = min([*sections[:1], *[_paragraph_start(classified, index) for index in prose[:1]]], default=len(classified))
    front = [line.text for line in classified[:body] if line.kind != "blank"]
    found, history = blocks(classified, first=body)
    if not any(block.kind != "heading" for block in found):  # only titles and short lines: each is a paragraph
        for line in classified:
            line.kind, line.level = ("text" if line.kind == "marker" else line.kind), 0
        title_at, sections, front = None, [], []
        found, history = blocks(classified, first=0)
    clauses = _assign(found, document_id=document_id, source=source, page_starts=page_starts)
    titled = [line.text for line in classified[:body] if line.kind in ("text", "marker") and heading_shape(line.text)]
    title = classified[title_at].text if title_at is not None else (titled[0] if titled else "")
    return Ladder(clauses=tuple(clauses), front=(*front, *history), headings=len(sections), title=title)
