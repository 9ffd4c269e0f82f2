"""Clause-aware parsing: a policy's text becomes numbered ``Clause`` records, never character chunks.

Two passes. ``_scan`` reads lines into units (part headers, headings, sub-headings, numbered clauses,
paragraphs and bullets), joining wrapped lines. ``_resolve`` gives each unit its clause id, section path
and lead-in, trusting clause numbers over heading numbers.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.errors import DocumentError
from ingest.clause import Clause, DocumentMeta
from ingest.frontmatter import TITLE_WORDS, parse_front_matter

BULLET = re.compile(r"(?:[-•*\u2022\u25aa\u25cf])(?:\s+|$)")
NUMBER = re.compile(r"(\d{1,2}(?:\.\d{1,2})*)\.?(?=\s|$)\s*")
PART = re.compile(r"(\d{1,2}\.\d{1,2})\s+[–—-]\s+(.+)")
TOC_LINE = re.compile(r"\d{1,2}\.?\s+.+?(?:\t|\s{2,}|\.{3,})\s*\d{1,3}\s*$")
WHITESPACE = re.compile(r"\s+")
OPEN_END = re.compile(r"[A-Za-z0-9,]$")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
LIST_JOINER = re.compile(r"[;,]\s*(?:and|or)$")


def normalise(text: str) -> str:
    """Collapse runs of whitespace to one space (the only normalisation clause text gets)."""
    return WHITESPACE.sub(" ", text).strip()


@dataclass(slots=True)
class _Unit:
    kind: str  # part | heading | sub | clause | para
    start: int
    end: int
    number: tuple[int, ...] = ()
    bullet: bool = False
    title: str = ""
    text: str = ""


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """A parsed policy: its metadata and its clauses in source order."""

    meta: DocumentMeta
    clauses: tuple[Clause, ...]


def _clean_title(text: str) -> str:
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


def _lines(text: str) -> list[tuple[int, str]]:
    offset, lines = 0, []
    for line in text.splitlines(keepends=True):
        lines.append((offset, line.rstrip("\r\n")))
        offset += len(line)
    return lines


def _body_start(lines: Sequence[tuple[int, str]]) -> int:
    """Return the index of the first line of the body (a part header, or section/clause 1)."""
    for index, (_, line) in enumerate(lines):
        stripped = line.strip()
        marker = BULLET.match(stripped)
        stripped = stripped[marker.end() :] if marker else stripped
        if TOC_LINE.fullmatch(stripped):
            continue
        part = PART.fullmatch(stripped)
        if part and TITLE_WORDS.search(part.group(2)):
            return index
        match = NUMBER.match(stripped)
        if match and match.group(1) in ("1", "1.1") and len(stripped) > match.end():
            return index
    raise DocumentError("<text>", "no numbered sections or clauses found")


class _Scanner:
    """Turns body lines into units, joining wrapped lines onto the unit they continue."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.units: list[_Unit] = []
        self.last_number: tuple[int, ...] | None = None
        self.pending_bullet = False

    def _open_unit(self) -> _Unit | None:
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
        if TOC_LINE.fullmatch(stripped):
            return
        part = PART.fullmatch(stripped)
        if part and TITLE_WORDS.search(part.group(2)):
            number = tuple(int(p) for p in part.group(1).split("."))
            self.units.append(_Unit("part", start, start + len(stripped), number, title=_clean_title(part.group(2))))
            self.last_number = None
            return
        if self._numbered(start, stripped, bullet=bullet):
            return
        self._unnumbered(start, stripped, bullet=bullet)

    def _numbered(self, start: int, stripped: str, *, bullet: bool) -> bool:
        match = NUMBER.match(stripped)
        if not match or match.end() >= len(stripped):
            return False
        number = tuple(int(p) for p in match.group(1).split("."))
        rest = stripped[match.end() :]
        if len(number) == 1 and not bullet and _is_heading_text(rest):
            self.units.append(_Unit("heading", start, start + len(stripped), number, title=_clean_title(rest)))
            return True
        if not _plausible(number, self.last_number):
            return False
        self.last_number = number
        self.units.append(_Unit("clause", start + match.end(), start + len(stripped), number, bullet=bullet))
        return True

    def _unnumbered(self, start: int, stripped: str, *, bullet: bool) -> None:
        open_unit = self._open_unit()
        current = normalise(self.text[open_unit.start : open_unit.end]) if open_unit else ""
        # A wrapped line continues the unit before it; a new bullet or paragraph after a
        # punctuation-less list item ("Pay Policy") does not, unless it starts in lower case.
        lower = stripped[0].islower()
        joins = open_unit is not None and (
            (not bullet and OPEN_END.search(current) is not None and (lower or open_unit.kind == "clause"))
            or (bullet and lower and re.search(r"[A-Za-z0-9]$", current) is not None and not LIST_JOINER.search(current))
        )
        if open_unit is not None and joins:
            open_unit.end = start + len(stripped)
            return
        if not bullet and _is_heading_text(stripped, max_words=8):
            self.units.append(_Unit("sub", start, start + len(stripped), title=_clean_title(stripped)))
            return
        self.units.append(_Unit("para", start, start + len(stripped), bullet=bullet))


def _lead_in_text(text: str) -> str:
    """Return the introducing sentence(s) of a lead-in clause ("You must not:-")."""
    sentences = SENTENCE_END.split(text)
    lead = sentences[-1]
    if len(lead) < 40 and len(sentences) > 1:
        lead = f"{sentences[-2]} {lead}"
    return lead


def _is_lead_in(text: str, *, numbered: bool) -> bool:
    return text.endswith((":", ":-", ":–")) or (not numbered and text.endswith(";"))


def _effective_sections(units: Sequence[_Unit]) -> dict[int, int]:
    """Map each heading's index to its section number, trusting the clause numbers beneath it."""
    sections: dict[int, int] = {}
    for index, unit in enumerate(units):
        if unit.kind != "heading":
            continue
        sections[index] = unit.number[0]
        for later in units[index + 1 :]:
            if later.kind in ("heading", "part"):
                break
            if later.kind == "clause":
                sections[index] = later.number[0]
                break
    return sections


@dataclass(slots=True)
class _State:
    prefix: str = ""
    part_title: str = ""
    heading_title: str = ""
    section: int | None = None
    sub: str = ""
    anchor: str = ""
    number_lead: tuple[tuple[int, ...], str] | None = None
    bullet_lead: str = ""
    path: list[str] = field(default_factory=list)

    def qualify(self, local: str) -> str:
        return f"{self.prefix}/{local}" if self.prefix else local


def _resolve(units: Sequence[_Unit], *, document_id: str, source: str, page_starts: Sequence[int]) -> list[Clause]:
    state, clauses = _State(), []
    sections = _effective_sections(units)
    for index, unit in enumerate(units):
        if unit.kind == "part":
            state = _State(prefix=".".join(map(str, unit.number)), part_title=unit.title)
            continue
        if unit.kind in ("heading", "sub"):
            if unit.kind == "heading":
                state.heading_title, state.section, state.sub = unit.title, sections[index], ""
            else:
                state.sub = unit.title
            state.anchor, state.number_lead, state.bullet_lead = "", None, ""
            continue
        text = normalise(unit.text or "") or None
        clause_text = text or ""
        clause_id, lead_in, title = _place(unit, state)
        clauses.append(
            Clause(
                document_id=document_id,
                clause_id=clause_id,
                section_path=tuple(part for part in (state.part_title, title, state.sub) if part),
                title=title or state.part_title,
                text=clause_text,
                source=source,
                span=(unit.start, unit.end),
                lead_in=lead_in,
                page=bisect.bisect_right(page_starts, unit.start) if page_starts else None,
                ordinal=len(clauses),
            )
        )
    return clauses


def _place(unit: _Unit, state: _State) -> tuple[str, str, str]:
    """Return (clause id, lead-in, title) for a clause or paragraph unit, updating the state."""
    text = unit.text
    if unit.kind == "clause":
        number, lead_in = unit.number, ""
        if state.number_lead and number[: len(state.number_lead[0])] == state.number_lead[0]:
            lead_in = state.number_lead[1]
        else:
            state.number_lead = None
        state.anchor = ".".join(map(str, number))
        state.bullet_lead = ""
        if _is_lead_in(text, numbered=True):
            state.number_lead = (number, _lead_in_text(text))
            state.bullet_lead = _lead_in_text(text)
        title = state.heading_title if number[0] == state.section else ""
        return state.qualify(state.anchor), lead_in, title
    local = state.anchor or (str(state.section) if state.section is not None else "0")
    lead_in = state.bullet_lead if unit.bullet else ""
    if not unit.bullet and _is_lead_in(text, numbered=False):
        state.bullet_lead = _lead_in_text(text)
        state.number_lead = (tuple(int(p) for p in local.split(".")), _lead_in_text(text))
    elif not unit.bullet:
        state.bullet_lead = ""
    return state.qualify(local), lead_in, state.heading_title


def parse_document(
    text: str, *, document_id: str, source: str, content_hash: str = "", page_starts: Sequence[int] = ()
) -> ParsedDocument:
    """Parse one policy's text into document metadata and clauses; raise DocumentError if none."""
    lines = _lines(text)
    try:
        body = _body_start(lines)
    except DocumentError as error:
        raise DocumentError(source, error.reason) from None
    scanner = _Scanner(text)
    for offset, line in lines[body:]:
        scanner.feed(offset, line)
    for unit in scanner.units:
        unit.text = normalise(text[unit.start : unit.end])
    clauses = _resolve(scanner.units, document_id=document_id, source=source, page_starts=page_starts)
    if not clauses:
        raise DocumentError(source, "no clauses found")
    front = parse_front_matter([line for _, line in lines[:body]])
    parts = [unit for unit in scanner.units if unit.kind == "part"]
    title = front.title or " and ".join(f"{p.title} ({'.'.join(map(str, p.number))})" for p in parts)
    meta = DocumentMeta(
        document_id=document_id,
        title=title or document_id.replace("-", " ").capitalize(),
        source=source,
        content_hash=content_hash,
        organisation=front.organisation,
        policy_date=front.policy_date,
        review_date=front.review_date,
        version=front.version,
        author=front.author,
        people=tuple(front.people),
        contacts=tuple(front.contacts),
        related=tuple(front.related),
        extra=tuple(front.extra),
        clause_count=len(clauses),
    )
    return ParsedDocument(meta=meta, clauses=tuple(clauses))
