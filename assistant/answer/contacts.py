"""Who to ask: the escalation contact a policy itself names, with the clause that names it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from assistant.answer.text import content_terms
from ingest.clause import Clause


@dataclass(frozen=True, slots=True)
class Role:
    """A contact role and the wording policies use for it."""

    name: str
    pattern: re.Pattern[str]


def _role(name: str, *phrases: str) -> Role:
    return Role(name, re.compile(r"\b(?:" + "|".join(phrases) + r")\b", re.IGNORECASE))


# Most specific first: "designated person in school (or the head teacher)" names the designated person.
ROLES: tuple[Role, ...] = (
    _role("designated safeguarding lead", r"designated safeguarding lead", r"designated person"),
    _role("Data Protection Officer", r"data protection officer", r"DPO"),
    _role("Company Director", r"company director", r"company's director", r"company’s director"),
    _role("Line Manager", r"line manager", r"your manager", r"the manager"),
    _role("Headteacher", r"headteacher", r"head teacher", r"the head"),
)
# Phrases that make a mention an instruction to ask or tell someone, strongest first.
ADVICE_CUES: tuple[tuple[re.Pattern[str], float], ...] = (
    (re.compile(r"if in doubt|seek advice|advice (?:can be|should be) sought|discussed it with", re.I), 3.0),
    (re.compile(r"raise (?:this|it|the matter)|speak to|check with|ask your|refer(?:ral)?", re.I), 2.0),
    (re.compile(r"report(?:ed)? (?:it )?(?:immediately )?to|inform|contact|should be reported to", re.I), 1.5),
    (re.compile(r"(?:consent|permission|authori[sz]ation|approval) (?:from|of)", re.I), 1.0),
)
# Topics that route a question to a specialist rather than the general contact.
TOPIC_ROLES: dict[str, frozenset[str]] = {
    "designated safeguarding lead": frozenset({"safeguard", "abuse", "grooming", "welfare", "concern", "interaction"}),
    "Data Protection Officer": frozenset({"data", "gdpr", "breach", "privacy", "personal"}),
}


@dataclass(frozen=True, slots=True)
class Contact:
    """A person a policy says to ask, and where it says so."""

    role: str
    document_id: str
    clause_id: str
    score: float
    label: str = ""  # how a person finds the clause ("§4.8", "under 'Email', paragraph 2"); "" means §clause_id

    @property
    def where(self) -> str:
        """Return where the policy names the contact, as a person would find it."""
        return self.label or f"§{self.clause_id}"


# Pure and asked of every clause of a policy per answer, so memoised (bounded).
@lru_cache(maxsize=4096)
def mentions(clause: Clause) -> tuple[Contact, ...]:
    """Return each role a clause names, scored by how clearly it sends the reader to them."""
    text = clause.text
    found: list[Contact] = []
    taken: list[tuple[int, int]] = []
    for role in ROLES:
        for match in role.pattern.finditer(text):
            if any(s <= match.start() < e for s, e in taken):
                continue
            taken.append(match.span())
            found.append(
                Contact(role.name, clause.document_id, clause.clause_id, _cue_score(text, match.start()), clause.label)
            )
            break
    return tuple(found)


def _cue_score(text: str, at: int) -> float:
    """Score a mention by the strongest advice cue in the 120 characters before it."""
    window = text[max(0, at - 120) : at + 20]
    return max((weight for cue, weight in ADVICE_CUES if cue.search(window)), default=0.25)


def who_to_ask(clauses: Iterable[Clause], *, question: str = "") -> Contact | None:
    """Return the contact a document names for advice or escalation, preferring topic specialists."""
    topic = content_terms(question)
    best: Contact | None = None
    best_key = (-1.0, 0)
    for order, clause in enumerate(clauses):
        for contact in mentions(clause):
            bonus = 2.0 if topic & TOPIC_ROLES.get(contact.role, frozenset()) else 0.0
            key = (contact.score + bonus, -order)
            if key > best_key:
                best, best_key = contact, key
    return best


def contacts_by_document(
    clauses_by_doc: dict[str, Sequence[Clause]], *, question: str = "", documents: Sequence[str] = ()
) -> dict[str, Contact]:
    """Return who to ask for each document (all documents when none are given)."""
    wanted = documents or sorted(clauses_by_doc)
    out: dict[str, Contact] = {}
    for doc in wanted:
        contact = who_to_ask(clauses_by_doc.get(doc, ()), question=question)
        if contact is not None:
            out[doc] = contact
    return out
