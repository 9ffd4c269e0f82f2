"""The extractive answer: decide from the draft and its confidence, render it, verify the citations verbatim."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from assistant.answer.citation_choice import Candidate
from assistant.answer.citations import index_clauses, keep_verified
from assistant.answer.confidence_model import ConfidenceModel, default_model
from assistant.answer.coverage import (
    DEFAULT_THRESHOLDS,
    CoverageThresholds,
)
from assistant.answer.draft import Draft, draft_answer
from assistant.answer.render import render_answer, render_not_covered, render_unsure
from assistant.answer.review import review_notice
from assistant.answer.stance import question_kind
from assistant.models import Answer, Citation, Stance
from assistant.protocols import Hit, ScoredClause
from ingest.clause import Clause, DocumentMeta


def compose_answer(
    question: str,
    ranked: Sequence[Hit],
    *,
    documents: Mapping[str, DocumentMeta],
    scope: Sequence[str] = (),
    today: date,
    all_clauses: Mapping[str, Sequence[Clause]] | None = None,
    thresholds: CoverageThresholds = DEFAULT_THRESHOLDS,
    max_citations: int = 3,
    expansion: str = "",
    model: ConfidenceModel | None = None,
    verdict_threshold: float | None = None,
    candidate_sink: list[Candidate] | None = None,
) -> Answer:
    """Compose the grounded extractive answer to a (resolved) question from its ranked hits.

    Pass the retriever's detailed hits (``HybridRetriever.retrieve``) when available: their dense and
    lexical scores carry most of the confidence evidence. ``expansion`` is the vocabulary's policy wording for the
    question (``Vocabulary.additions``); it helps pick the answering sentence. ``model`` is the fitted confidence
    model (default: the committed one); a verdict is given only when its confidence reaches ``verdict_threshold``
    (default: the model's own).
    """
    draft = draft_answer(
        question,
        ranked,
        documents=documents,
        scope=scope,
        all_clauses=all_clauses,
        thresholds=thresholds,
        max_citations=max_citations,
        expansion=expansion,
        candidate_sink=candidate_sink,
    )
    fitted = model or default_model()
    threshold = fitted.threshold if verdict_threshold is None else verdict_threshold
    judged = fitted.judge(draft.features)
    if not draft.parts or judged.p_covered < fitted.cover_threshold:
        confidence = 1.0 - judged.p_covered if draft.parts else 1.0
        return _not_covered(draft, confidence=confidence, confident=confidence >= threshold)
    parts = draft.parts
    citations = _verified([c for part in parts for c in part.citations], draft.considered)
    notices = [
        n for n in (review_notice(documents[p.document], today=today) for p in parts if p.document in documents) if n
    ]
    confident = judged.p_right >= threshold
    kind = question_kind(question)
    return Answer(
        stance=draft.stance,
        answer=render_answer(parts, kind) if confident else render_unsure(parts),
        citations=citations,
        retrieved=draft.retrieved,
        notices=notices,
        mode="extractive",
        confidence=round(judged.p_right, 4),
        confident=confident,
    )


def _verified(citations: Sequence[Citation], hits: Sequence[ScoredClause]) -> list[Citation]:
    """Check every quote against its clause and drop any that is not verbatim (never expected)."""
    return keep_verified(citations, index_clauses([h.clause for h in hits]))


def _not_covered(draft: Draft, *, confidence: float, confident: bool) -> Answer:
    """Say first that nothing clearly answers the question, list the nearest clauses as related, name who to ask."""
    related = _verified([c for part in draft.parts for c in part.citations[:1]], draft.considered)
    return Answer(
        stance=Stance.NOT_COVERED,
        answer=render_not_covered(draft.scope_titles, draft.contacts, related=related),
        citations=[],
        retrieved=draft.retrieved,
        mode="extractive",
        confidence=round(confidence, 4),
        confident=confident,
        related=related,
    )
