"""The one record that flows from ingest through the index to a cited answer."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

# An unnumbered clause id: "<heading slug>-p<paragraph>[.<point>]", or "p<paragraph>[.<point>]" before any heading.
UNNUMBERED_ID = re.compile(r"(?:(?P<slug>.+)-)?p(?P<paragraph>\d+)(?:\.(?P<point>\d+))?")


@dataclass(frozen=True, slots=True)
class Clause:
    """A numbered clause (or an unnumbered paragraph or bullet) of one policy document.

    ``text`` is verbatim from the source (whitespace normalised only) and is what
    quotes are taken from. ``lead_in`` is the rule a bullet or sub-clause continues
    ("You must not:-"), kept so a retrieved bullet still reads as a rule.
    ``numbered`` is False when the document does not number the clause and the id
    was made from its heading and position ("email-p2"), not taken from the author.
    """

    document_id: str
    clause_id: str
    section_path: tuple[str, ...]
    title: str
    text: str
    source: str
    span: tuple[int, int]
    lead_in: str = ""
    page: int | None = None
    ordinal: int = 0
    numbered: bool = True
    organisation_id: str = ""  # set at ingest (assistant.organisations); not part of the uid

    @property
    def uid(self) -> str:
        """Return a content-derived id, stable across re-ingests of the same text."""
        key = "\x1f".join((self.document_id, self.clause_id, self.lead_in, self.text))
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]

    @property
    def full_text(self) -> str:
        """Return the clause as it reads to a person: lead-in, then the clause text."""
        return f"{self.lead_in} {self.text}" if self.lead_in else self.text

    @property
    def section(self) -> str:
        """Return the top-level section id ("2.14/2.12" -> "2.14/2")."""
        if not self.numbered:
            match = UNNUMBERED_ID.fullmatch(self.clause_id)
            return (match.group("slug") or "") if match else self.clause_id
        prefix, _, local = self.clause_id.rpartition("/")
        top = local.split(".")[0]
        return f"{prefix}/{top}" if prefix else top

    @property
    def label(self) -> str:
        """Return how a person finds the clause: "§2.14/2.12", or "under 'Email', paragraph 2, p. 3"."""
        return clause_label(self.clause_id, numbered=self.numbered, title=self.title, page=self.page)


def clause_label(clause_id: str, *, numbered: bool, title: str = "", page: int | None = None) -> str:
    """Return "§<id>[, p. P]" for a numbered clause; "under '<heading>', paragraph N[, point M][, p. P]" otherwise."""
    match = None if numbered else UNNUMBERED_ID.fullmatch(clause_id)
    if numbered:
        label = f"§{clause_id}"
    elif match is None:
        label = clause_id
    else:
        where = f"paragraph {match.group('paragraph')}"
        if match.group("point"):
            where += f", point {match.group('point')}"
        label = f"under '{title}', {where}" if title else where
    return f"{label}, p. {page}" if page is not None else label


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """Front matter and facts about one policy document (not clauses)."""

    document_id: str
    title: str
    source: str
    content_hash: str
    organisation: str | None = None
    policy_date: str | None = None
    review_date: str | None = None
    version: str | None = None
    author: str | None = None
    people: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    extra: tuple[tuple[str, str], ...] = field(default=())
    clause_count: int = 0
    organisation_id: str = ""  # the organisation the document belongs to (assistant.organisations)
