"""Clause-aware parsing: a policy's text becomes ``Clause`` records, never character chunks.

A ladder, never a rejection: the document's own clause numbers when it has them, else its headings, else
its paragraphs (``ingest.structure``). The typed path takes two passes: ``Scanner`` reads lines into units
(part headers, headings, sub-headings, numbered clauses, paragraphs and bullets), joining wrapped lines;
``_resolve`` gives each unit its clause id, section path and lead-in, trusting clause numbers over heading
numbers. Markdown heading markers are stripped there ("## 2. Email" reads as the heading "2. Email").
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.errors import DocumentError
from ingest.clause import Clause, DocumentMeta
from ingest.frontmatter import TITLE_WORDS, FrontMatter, parse_front_matter
from ingest.lines import MARKER, prose_lines
from ingest.scanner import NUMBER, Scanner, Unit, body_start, clean_title, lead_in_text, normalise, split_lines
from ingest.structure import Ladder, ladder

__all__ = ["ParsedDocument", "normalise", "parse_document"]

# Prose lines above the first "1." that make restarting numbers read as lists, not the document's clauses.
MAX_PROSE_BEFORE = 3


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """A parsed policy: its metadata, its clauses in source order, the structure found and fall-back warnings."""

    meta: DocumentMeta
    clauses: tuple[Clause, ...]
    structure: tuple[tuple[str, int], ...] = ()
    warnings: tuple[str, ...] = ()


def _is_lead_in(text: str, *, numbered: bool) -> bool:
    return text.endswith((":", ":-", ":–")) or (not numbered and text.endswith(";"))


def _effective_sections(units: Sequence[Unit]) -> dict[int, int]:
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


def _resolve(units: Sequence[Unit], *, document_id: str, source: str, page_starts: Sequence[int]) -> list[Clause]:
    state, clauses = _State(), list[Clause]()
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


def _place(unit: Unit, state: _State) -> tuple[str, str, str]:
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
            state.number_lead = (number, lead_in_text(text))
            state.bullet_lead = lead_in_text(text)
        title = state.heading_title if number[0] == state.section else ""
        return state.qualify(state.anchor), lead_in, title
    local = state.anchor or (str(state.section) if state.section is not None else "0")
    lead_in = state.bullet_lead if unit.bullet else ""
    if not unit.bullet and _is_lead_in(text, numbered=False):
        state.bullet_lead = lead_in_text(text)
        state.number_lead = (tuple(int(p) for p in local.split(".")), lead_in_text(text))
    elif not unit.bullet:
        state.bullet_lead = ""
    return state.qualify(local), lead_in, state.heading_title


def _without_markers(lines: Sequence[tuple[int, str]]) -> tuple[list[tuple[int, str]], bool, bool]:
    """Return lines with Markdown heading markers stripped, whether any had one, and whether one was numbered."""
    out, marked, numbered = [], False, False
    for offset, line in lines:
        marker = MARKER.match(line)
        if marker:
            marked = True
            rest = line[marker.end() :]
            numbered = numbered or bool(NUMBER.match(rest.strip()))
            out.append((offset + marker.end(), rest))
        else:
            out.append((offset, line))
    return out, marked, numbered


@dataclass(frozen=True, slots=True)
class _Typed:
    clauses: list[Clause]
    front: list[str]  # the lines above the first clause, heading markers stripped
    parts: list[Unit]
    reason: str = ""  # why typed numbering was not used, when it was not


def _typed(
    text: str, lines: Sequence[tuple[int, str]], *, document_id: str, source: str, page_starts: Sequence[int]
) -> _Typed:
    """Parse by the document's own clause numbers; ``reason`` says why not when they are not its structure."""
    stripped, marked, numbered_heading = _without_markers(lines)
    try:
        body = body_start(stripped)
    except DocumentError:
        return _Typed([], [], [], "no numbered clauses")
    scanner = Scanner(text)
    for offset, line in stripped[body:]:
        scanner.feed(offset, line)
    for unit in scanner.units:
        unit.text = normalise(text[unit.start : unit.end])
    clauses = _resolve(scanner.units, document_id=document_id, source=source, page_starts=page_starts)
    # Numbers are lists inside unnumbered sections, not the document's clauses, when they restart ("1." after
    # the numbering passed 1) beside text they cannot place (id "0") or prose they would drop as front matter;
    # under Markdown headings none of which is numbered, any of these is enough.
    unplaced = any(clause.clause_id.rpartition("/")[2] == "0" for clause in clauses)
    prose_before = prose_lines(stripped[:body])
    if marked and not numbered_heading and (scanner.restarts or unplaced or prose_before):
        return _Typed([], [], [], "numbers are list numbers under unnumbered headings")
    if scanner.restarts > 1 or (scanner.restarts and (unplaced or prose_before >= MAX_PROSE_BEFORE)):
        return _Typed([], [], [], "numbered lists restart")
    parts = [unit for unit in scanner.units if unit.kind == "part"]
    front = [line for _, line in stripped[:body]]
    return _Typed(clauses, front, parts, "" if clauses else "no numbered clauses")


def _meta(
    front: FrontMatter, *, title: str, document_id: str, source: str, content_hash: str, count: int
) -> DocumentMeta:
    return DocumentMeta(
        document_id=document_id,
        title=front.title or title or document_id.replace("-", " ").capitalize(),
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
        clause_count=count,
    )


def parse_document(
    text: str, *, document_id: str, source: str, content_hash: str = "", page_starts: Sequence[int] = ()
) -> ParsedDocument:
    """Parse one policy's text into metadata and clauses: by number, else headings, else paragraphs."""
    lines = split_lines(text)
    typed = _typed(text, lines, document_id=document_id, source=source, page_starts=page_starts)
    if typed.clauses:
        front = parse_front_matter(typed.front)
        title = " and ".join(f"{p.title} ({'.'.join(map(str, p.number))})" for p in typed.parts)
        meta = _meta(
            front,
            title=title,
            document_id=document_id,
            source=source,
            content_hash=content_hash,
            count=len(typed.clauses),
        )
        return ParsedDocument(meta=meta, clauses=tuple(typed.clauses), structure=(("numbered", len(typed.clauses)),))
    found = ladder(lines, document_id=document_id, source=source, page_starts=page_starts)
    if not found.clauses:
        raise DocumentError(source, "no clauses found (only front matter: titles, dates, tables)")
    front = parse_front_matter(found.front)
    front.title = clean_title(front.title) if front.title else ""  # "STAFF EMAIL POLICY" reads mid-sentence too
    # A title heading naming the policy outranks a line above it that does too: on a one-page PDF the running
    # header cannot be told apart by repetition.
    if TITLE_WORDS.search(found.title):
        front.title = clean_title(found.title)
    meta = _meta(
        front,
        title=found.title,
        document_id=document_id,
        source=source,
        content_hash=content_hash,
        count=len(found.clauses),
    )
    return ParsedDocument(
        meta=meta, clauses=found.clauses, structure=_structure(found), warnings=(_warning(typed.reason, found),)
    )


def _structure(found: Ladder) -> tuple[tuple[str, int], ...]:
    paragraphs = ("paragraphs", len(found.clauses))
    return (("headings", found.headings), paragraphs) if found.headings else (paragraphs,)


def _warning(reason: str, found: Ladder) -> str:
    """Return the fall-back warning ("no numbered clauses; fell back to headings")."""
    return f"{reason}; fell back to {'headings' if found.headings else 'paragraphs'}"
