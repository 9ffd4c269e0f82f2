"""Which clauses to cite: the one that answers, plus at most one that adds a condition or an exception.

Every clause a policy's hits offer is a candidate, scored by a logistic model over structural signals: whether it
holds the composer's answering sentence, its retrieval score against the best hit overall and within its policy,
how much of the question it shares, whether it states a condition or exception, whether it sits in the answering
clause's section, and how far down the policies its own policy ranks. The weights were fitted on eval/data/qa.jsonl
and checked by cross-validation grouped by the set's batches (``python -m assistant.answer.citation_fit``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answer.rules import RULES
from assistant.answer.text import content_terms, overlap
from assistant.protocols import ScoredClause
from ingest.clause import Clause

FEATURES = (
    "answers",
    "score_vs_best",
    "score_vs_policy_best",
    "question_overlap",
    "condition",
    "same_section",
    "policy_rank",
)
# Logistic weights, in FEATURES order, and intercept, fitted by citation_fit on the 568 covered items of the 728
# (5,412 candidates; grouped-CV ROC AUC 0.853).
WEIGHTS = (0.66, 2.61, 1.40, 1.60, 0.15, 0.55, -0.24)
INTERCEPT = -4.85
# A candidate other than the first policy's best is cited only at this probability of answering the question
# (lower for the best-ranked policy, which usually holds the answer) and at this share of its policy's best
# candidate. Grouped cross-validation traced the trade-off between precision and "at least one correct citation"
# (citation_fit prints it); see the README's Measured section.
MIN_PROBABILITY_FIRST = 0.1
MIN_PROBABILITY = 0.35
MIN_SHARE_OF_BEST = 0.3
# The answering clause plus at most one clause that adds a condition or an exception.
PER_POLICY = 2


@dataclass(frozen=True, slots=True)
class Candidate:
    """A clause that could be cited for one policy's part of the answer, with its signals and probability."""

    clause: Clause
    policy: int
    features: tuple[float, ...]
    probability: float


def candidates(
    question: str, analysed: Sequence[ScoredClause], *, key: Clause, policy: int, best_score: float
) -> list[Candidate]:
    """Score each clause id among a policy's hits (with siblings) once; the answering record stands for its id."""
    terms = content_terms(question, drop_generic=True) or content_terms(question)
    policy_best = max((hit.score for hit in analysed), default=0.0)
    seen: set[str] = set()
    out: list[Candidate] = []
    for hit in analysed:
        clause = key if hit.clause.clause_id == key.clause_id else hit.clause
        if clause.clause_id in seen:
            continue
        seen.add(clause.clause_id)
        features = (
            float(clause.clause_id == key.clause_id),
            _share(hit.score, best_score),
            _share(hit.score, policy_best),
            overlap(terms, f"{clause.title} {clause.lead_in} {clause.text}"),
            float(_states_condition(clause.text)),
            float(_section(clause.clause_id) == _section(key.clause_id)),
            math.log1p(policy),
        )
        out.append(Candidate(clause, policy, features, probability(features)))
    return out


def probability(features: Sequence[float]) -> float:
    """Return the fitted probability that a candidate answers the question."""
    z = INTERCEPT + sum(w * x for w, x in zip(WEIGHTS, features, strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def choose(
    scored: Sequence[Candidate],
    *,
    limit: int = PER_POLICY,
    always_one: bool = False,
    min_probability: float | None = None,
    min_share: float = MIN_SHARE_OF_BEST,
) -> list[Candidate]:
    """Return the candidates worth citing for one policy, most probable first.

    ``always_one`` (the best-ranked policy) keeps its most probable candidate whatever its probability, so a
    covered answer always cites something, and cites a second one from the lower MIN_PROBABILITY_FIRST.
    """
    ranked = sorted(scored, key=lambda c: -c.probability)
    if not ranked:
        return []
    if min_probability is None:
        min_probability = MIN_PROBABILITY_FIRST if always_one else MIN_PROBABILITY
    floor = max(min_probability, min_share * ranked[0].probability)
    chosen = [c for i, c in enumerate(ranked) if (always_one and i == 0) or c.probability >= floor]
    return chosen[: max(1, limit)]


def _share(score: float, best: float) -> float:
    return score / best if best > 0 else 0.0


def _states_condition(text: str) -> bool:
    return bool(RULES.exception.search(text) or RULES.condition.search(text))


def _section(clause_id: str) -> str:
    """Return the section a clause id sits in ("2.14/2.12" -> "2.14/2", "4.5" -> "4", "8" -> "8")."""
    prefix, _, local = clause_id.rpartition("/")
    return f"{prefix}/{local.rsplit('.', 1)[0]}" if prefix else local.rsplit(".", 1)[0]
