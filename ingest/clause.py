"""The one record that flows from ingest through the index to a cited answer."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Clause:
    """A numbered clause (or an unnumbered paragraph or bullet) of one policy document.

    ``text`` is verbatim from the source (whitespace normalised only) and is what
    quotes are taken from. ``lead_in`` is the rule a bullet or sub-clause continues
    ("You must not:-"), kept so a retrieved bullet still reads as a rule.
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
        prefix, _, local = self.clause_id.rpartition("/")
        top = local.split(".")[0]
        return f"{prefix}/{top}" if prefix else top


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
