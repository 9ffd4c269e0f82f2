"""Calibrated confidence: how likely the verdict's direction is right, and how likely the policies cover the question.

The features are structural and carry over to new wording: retrieval evidence (dense cosine, BM25, fused score,
top-1 vs top-2 gaps), how strongly the deciding sentence binds (its ``SentenceStance``), agreement between the
retrieved sentences and policies on direction, question-clause term overlap, question kind and the number of
policies in scope. No phrase lists. Two logistic models are fitted by ``python -m eval.confidence fit`` (sklearn)
and stored as plain numbers in ``data/models/confidence.json``; ``confidence_model`` applies them with numpy.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answer.coverage import Coverage
from assistant.answer.stance import QuestionKind, SentenceStance, answer_stances
from assistant.answer.text import content_terms, overlap
from assistant.models import Stance
from assistant.protocols import Hit, ScoredClause

# The direction of a stance (the eval's ``polarity``): a verdict is right when its direction matches.
POLARITY: dict[Stance, str] = {
    Stance.PROHIBITED: "no",
    Stance.DISCOURAGED: "no",
    Stance.PERMITTED: "yes",
    Stance.PERMITTED_WITH_CONDITIONS: "yes",
    Stance.REQUIRED: "must",
    Stance.INFORMATIONAL: "info",
    Stance.NOT_COVERED: "not_covered",
}
_SENTENCE_STANCES = tuple(s for s in Stance if s is not Stance.NOT_COVERED)
_KINDS = tuple(QuestionKind)
# How many top hits the retrieval features read.
TOP = 5

FEATURES: tuple[str, ...] = (
    "dense_top",
    "dense_gap",
    "dense_missing",
    "lexical_top",
    "lexical_gap",
    "fused_gap",
    "best_overlap",
    "rule_covered",
    "amount_unstated",
    "documents_in_top",
    "policies_in_scope",
    "parts",
    "parts_agree",
    "decided",
    "weight",
    "weight_margin",
    "direction_agreement",
    "answers_kind",
    "decider_rank",
    "decider_overlap",
    "adjusted",
    "clause_directions",
    "sentence_words",
    *(f"rival_{d}" for d in ("no", "yes", "must", "info")),
    *(f"sentence_{s.value}" for s in _SENTENCE_STANCES),
    *(f"kind_{k.value}" for k in _KINDS),
)


def polarity(stance: Stance) -> str:
    """Return the direction of a stance: no, yes, must, info or not_covered."""
    return POLARITY[stance]


@dataclass(frozen=True, slots=True)
class DecisionSignals:
    """How one policy's deciding sentence was chosen: its strength, its rivals and its support."""

    sentence_stance: Stance  # the deciding sentence's own stance, before it is read against the question
    weight: float  # the deciding sentence's weight (rank-relative relevance x question overlap x kind bonus)
    rival_weight: float  # the best weight among sentences pointing the other way
    agreement: float  # share of all sentence weight that points the deciding sentence's way
    answers_kind: bool  # the sentence answers this kind of question directly (a yes/no for "can I", a duty ...)
    rank: int  # the deciding clause's position among the hits
    overlap: float  # share of the question's terms in the deciding clause
    rival_direction: str = ""  # the direction of the best rival sentence ("" when none)
    clause_directions: int = 1  # distinct directions among the rule sentences of the deciding clause
    words: int = 0  # length of the deciding sentence


def decision_signals(
    question: str,
    hits: Sequence[ScoredClause],
    chosen: SentenceStance | None,
    *,
    analysed: Sequence[SentenceStance],
    kind: QuestionKind,
) -> DecisionSignals | None:
    """Measure how clearly ``chosen`` won among the analysed sentences of the hits (None when nothing was chosen)."""
    if chosen is None or not hits:
        return None
    direction = polarity(chosen.stance)
    total = sum(s.weight for s in analysed) or 1.0
    rival = max((s.weight for s in analysed if polarity(s.stance) != direction), default=0.0)
    same = sum(s.weight for s in analysed if polarity(s.stance) == direction)
    clause = hits[min(chosen.hit, len(hits) - 1)].clause
    terms = content_terms(question, drop_generic=True) or content_terms(question)
    rivals = [s for s in analysed if polarity(s.stance) != direction]
    best_rival = max(rivals, key=lambda s: s.weight, default=None)
    same_clause = {
        polarity(s.stance)
        for s in analysed
        if s.stance is not Stance.INFORMATIONAL and hits[s.hit].clause.clause_id == clause.clause_id
    }
    return DecisionSignals(
        sentence_stance=chosen.stance,
        weight=chosen.weight,
        rival_weight=rival,
        agreement=same / total,
        answers_kind=chosen.stance in answer_stances(question, kind),
        rank=chosen.hit,
        overlap=overlap(terms, f"{clause.title} {clause.lead_in} {clause.text}"),
        rival_direction=polarity(best_rival.stance) if best_rival else "",
        clause_directions=max(1, len(same_clause)),
        words=len(chosen.text.split()),
    )


def _values(hits: Sequence[Hit], name: str) -> list[float]:
    return [float(v) for v in (getattr(h, name, None) for h in hits) if v is not None]


def _top_two(values: Sequence[float]) -> tuple[float, float]:
    ordered = [*sorted(values, reverse=True), 0.0, 0.0]
    return ordered[0], ordered[0] - ordered[1]


def features(
    *,
    ranked: Sequence[Hit],
    coverage: Coverage,
    amount_stated: bool,
    kind: QuestionKind,
    policies_in_scope: int,
    stances: Sequence[Stance],
    signals: DecisionSignals | None,
) -> dict[str, float]:
    """Return the named feature values of one answer (``stances``: each answering policy's, best first)."""
    top = list(ranked[:TOP])
    dense = _values(top, "dense")
    dense_top, dense_gap = _top_two(dense)
    lexical_top, lexical_gap = _top_two([math.log1p(max(v, 0.0)) for v in _values(top, "lexical")])
    fused = [float(h.score) for h in top]
    first = polarity(stances[0]) if stances else ""
    out = {
        "dense_top": dense_top,
        "dense_gap": dense_gap,
        "dense_missing": float(not dense),
        "lexical_top": lexical_top,
        "lexical_gap": lexical_gap,
        "fused_gap": fused[0] - fused[1] if len(fused) > 1 else (fused[0] if fused else 0.0),
        "best_overlap": coverage.best_overlap,
        "rule_covered": float(coverage.covered),
        "amount_unstated": float(not amount_stated),
        "documents_in_top": float(len({h.clause.document_id for h in top})),
        "policies_in_scope": float(policies_in_scope),
        "parts": float(len(stances)),
        "parts_agree": sum(polarity(s) == first for s in stances) / len(stances) if stances else 0.0,
        "decided": float(signals is not None),
        "weight": signals.weight if signals else 0.0,
        "weight_margin": (signals.weight - signals.rival_weight) / (signals.weight + 1e-6) if signals else 0.0,
        "direction_agreement": signals.agreement if signals else 0.0,
        "answers_kind": float(signals.answers_kind) if signals else 0.0,
        "decider_rank": math.log1p(signals.rank) if signals else 0.0,
        "decider_overlap": signals.overlap if signals else 0.0,
        "adjusted": float(bool(signals and stances and signals.sentence_stance is not stances[0])),
    }
    out["clause_directions"] = float(signals.clause_directions) if signals else 0.0
    out["sentence_words"] = math.log1p(signals.words) if signals else 0.0
    for direction in ("no", "yes", "must", "info"):
        out[f"rival_{direction}"] = float(bool(signals and signals.rival_direction == direction))
    for stance in _SENTENCE_STANCES:
        out[f"sentence_{stance.value}"] = float(bool(signals and signals.sentence_stance is stance))
    for each in _KINDS:
        out[f"kind_{each.value}"] = float(kind is each)
    return out
