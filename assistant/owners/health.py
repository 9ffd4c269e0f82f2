"""The policy health report: per organisation and policy, its review state and which topics it addresses.

Pure apart from the retrieval it is handed: ``today`` comes from the caller (the CLI and API pass the real date),
the threshold from ``data/models/topics.json`` unless given. Coverage is scored by ``assistant.owners.topics``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from assistant.owners.review import ReviewState, review_state
from assistant.owners.topics import Topic, TopicSearch, load_threshold, query_scores, topic_score
from ingest.clause import Clause, DocumentMeta

__all__ = ["HealthReport", "PolicyHealth", "Topic", "TopicCoverage", "build_health"]

# Longest quote shown for the clause that addresses a topic (cut at a word boundary).
QUOTE_CHARS = 160
REVIEW_COLUMNS = ("organisation", "document", "title", "review_date", "review_state", "days_until_review")


@dataclass(frozen=True, slots=True)
class TopicCoverage:
    """Whether one policy addresses one topic, and the clause that does (the best hit) when it does."""

    topic_id: str
    covered: bool
    clause_id: str | None
    label: str | None
    quote: str | None
    score: float

    def to_dict(self) -> dict[str, object]:
        """Return the cell as JSON."""
        return {
            "topic": self.topic_id,
            "covered": self.covered,
            "clause": self.clause_id,
            "label": self.label,
            "quote": self.quote,
            "score": round(self.score, 4),
        }

    def cell(self) -> str:
        """Return the CSV cell: "yes: <where>" or "no"."""
        return f"yes: {self.label or self.clause_id}" if self.covered else "no"


@dataclass(frozen=True, slots=True)
class PolicyHealth:
    """One policy's review date and state and its row of the topic matrix."""

    document_id: str
    title: str
    organisation_id: str
    review_date: str | None
    review_state: ReviewState
    days_until_review: int | None
    topics: tuple[TopicCoverage, ...]

    def to_dict(self) -> dict[str, object]:
        """Return the policy as JSON (without its organisation: the report groups by it)."""
        return {
            "document": self.document_id,
            "title": self.title,
            "review_date": self.review_date,
            "review_state": self.review_state,
            "days_until_review": self.days_until_review,
            "topics": [t.to_dict() for t in self.topics],
        }


@dataclass(frozen=True, slots=True)
class HealthReport:
    """The whole report: one row per policy, grouped per organisation by ``to_dict`` and ``to_csv``."""

    generated_on: str
    threshold: float
    topics: tuple[Topic, ...]
    policies: tuple[PolicyHealth, ...]

    def organisations(self) -> dict[str, list[PolicyHealth]]:
        """Return the policies per organisation id, in report order."""
        grouped: dict[str, list[PolicyHealth]] = {}
        for policy in self.policies:
            grouped.setdefault(policy.organisation_id, []).append(policy)
        return grouped

    def to_dict(self) -> dict[str, object]:
        """Return the JSON of `health --json` and the API."""
        return {
            "generated_on": self.generated_on,
            "threshold": self.threshold,
            "topics": [t.to_dict() for t in self.topics],
            "organisations": [
                {"id": organisation, "policies": [p.to_dict() for p in policies]}
                for organisation, policies in self.organisations().items()
            ],
        }

    def to_csv(self) -> str:
        """Return one row per (organisation, policy): the review columns, then one "yes: <where>"/"no" per topic."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([*REVIEW_COLUMNS, *(t.id for t in self.topics)])
        for organisation, policies in self.organisations().items():
            for p in policies:
                days = "" if p.days_until_review is None else str(p.days_until_review)
                text = [_cell(v) for v in (organisation, p.document_id, p.title, p.review_date or "")]
                review = [*text, p.review_state, days]
                writer.writerow([*review, *(c.cell() for c in p.topics)])
        return out.getvalue()


def _cell(text: str) -> str:
    """Return text from a policy made safe for a spreadsheet: a leading =, +, -, @ would start a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class HealthSource(TopicSearch, Protocol):
    """What the report reads: the documents (one organisation's) and retrieval within a document."""

    def documents(self, organisation: str | None = None) -> list[DocumentMeta]: ...


def build_health(
    assistant: HealthSource,
    *,
    topics: Sequence[Topic],
    today: date,
    due_days: int,
    organisation: str | None = None,
    threshold: float | None = None,
) -> HealthReport:
    """Build the report for every policy (one organisation's when given; raises UnknownOrganisationError)."""
    cut = load_threshold() if threshold is None else threshold
    metas = assistant.documents(organisation) if organisation is not None else assistant.documents()
    policies = [
        _policy(assistant, meta, topics=topics, today=today, due_days=due_days, threshold=cut)
        for meta in sorted(metas, key=lambda m: (m.organisation_id, m.document_id))
    ]
    return HealthReport(today.isoformat(), cut, tuple(topics), tuple(policies))


def _policy(
    assistant: TopicSearch, meta: DocumentMeta, *, topics: Sequence[Topic], today: date, due_days: int, threshold: float
) -> PolicyHealth:
    state, days = review_state(meta.review_date, today=today, due_days=due_days)
    return PolicyHealth(
        document_id=meta.document_id,
        title=meta.title or meta.document_id,
        organisation_id=meta.organisation_id,
        review_date=meta.review_date,
        review_state=state,
        days_until_review=days,
        topics=tuple(_coverage(assistant, meta.document_id, topic, threshold=threshold) for topic in topics),
    )


def _coverage(assistant: TopicSearch, document_id: str, topic: Topic, *, threshold: float) -> TopicCoverage:
    scored = topic_score(query_scores(assistant, document_id, topic))
    clause = scored.best.clause if scored.score >= threshold else None
    return TopicCoverage(
        topic_id=topic.id,
        covered=clause is not None,
        clause_id=clause.clause_id if clause else None,
        label=clause.label if clause else None,
        quote=snippet(clause) if clause else None,
        score=scored.score,
    )


def snippet(clause: Clause, *, limit: int = QUOTE_CHARS) -> str:
    """Return the clause's first sentence, verbatim, cut at a word boundary to at most ``limit`` characters."""
    text = clause.text.strip()
    end = next((i + 1 for i, ch in enumerate(text) if ch in ".!?" and (i + 1 == len(text) or text[i + 1] == " ")), None)
    first = text[:end] if end else text
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0]
    return cut or first[:limit]
