"""Clause-aware parsing: a policy's text becomes numbered ``Clause`` records, never character chunks.

Two passes. ``_scan`` reads lines into units (part headers, headings, sub-headings, numbered clauses,
paragraphs and bullets), joining wrapped lines. ``_resolve`` gives each unit its clause id, section path
and lead-in, trusting clause numbers over heading numbers.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.errors import DocumentError
from ingest.clause import Clause, DocumentMeta
from ingest.frontmatter import parse_front_matter
from ingest.scanner import SENTENCE_END, Scanner, Unit, body_start, normalise, split_lines


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """A parsed policy: its metadata and its clauses in source order."""

    meta: DocumentMeta
    clauses: tuple[Clause, ...]


def _lead_in_text(text: str) -> str:
    """Return the introducing sentence(s) of a lead-in clause ("You must not:-")."""
    sentences = SENTENCE_END.split(text)
    lead = sentences[-1]
    if len(lead) < 40 and len(sentences) > 1:
        lead = f"{sentences[-2]} {lead}"
    return lead


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
    lines = split_lines(text)
    try:
        body = body_start(lines)
    except DocumentError as error:
        raise DocumentError(source, error.reason) from None
    scanner = Scanner(text)
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
