"""Pure scoring: clause matching, ranked-retrieval metrics, answer and guard metrics.

``clause_matches`` is the one citation-matching rule; every metric here (retrieval too) goes through it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from assistant.answer.confidence import POLARITY
from assistant.models import Answer, Stance
from eval.confidence_metrics import confidence_metrics
from eval.datasets import ExpectedClause, QAItem

POLARITIES = ("no", "yes", "must", "info")
KS = (1, 3, 5, 10)
Ref = tuple[str, str]  # (document id, clause id)


def clause_matches(cited: str, expected: str) -> bool:
    """Return True when the cited clause id equals the expected one or is nested inside it."""
    cited, expected = cited.strip(), expected.strip()
    return cited == expected or cited.startswith(expected + ".")


def ref_matches(ref: Ref, expected: ExpectedClause) -> bool:
    """Return True when a (document, clause) reference matches an expected clause."""
    return ref[0] == expected.document and clause_matches(ref[1], expected.clause)


def polarity(stance: Stance | str) -> str:
    """Map a stance to its polarity: no, yes, must, info or not_covered."""
    return POLARITY[Stance(stance)]


def first_ranks(ranked: Sequence[Ref], expected: Sequence[ExpectedClause]) -> list[int | None]:
    """Return, for each expected clause, the 1-based rank of the first retrieved item matching it."""
    ranks: list[int | None] = []
    for exp in expected:
        ranks.append(next((pos for pos, ref in enumerate(ranked, start=1) if ref_matches(ref, exp)), None))
    return ranks


def gain_positions(ranked: Sequence[Ref], expected: Sequence[ExpectedClause]) -> list[int]:
    """Return the ranks that earn a gain: each expected clause is credited once, to the first item matching it."""
    open_clauses = list(expected)
    positions: list[int] = []
    for pos, ref in enumerate(ranked, start=1):
        match = next((exp for exp in open_clauses if ref_matches(ref, exp)), None)
        if match is not None:
            open_clauses.remove(match)
            positions.append(pos)
    return positions


def recall_at_k(ranks: Sequence[int | None], k: int) -> float:
    """Share of expected clauses matched within the top k."""
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks) if ranks else 0.0


def hit_at_k(ranks: Sequence[int | None], k: int) -> float:
    """1.0 when any expected clause is matched within the top k."""
    return 1.0 if any(r is not None and r <= k for r in ranks) else 0.0


def reciprocal_rank(ranks: Sequence[int | None]) -> float:
    """1 / rank of the first relevant item, 0 when none is relevant."""
    found = [r for r in ranks if r is not None]
    return 1.0 / min(found) if found else 0.0


def ndcg_at_k(positions: Sequence[int], n_expected: int, k: int = 10) -> float:
    """Binary-relevance nDCG@k from the credited positions (see ``gain_positions``)."""
    if n_expected == 0:
        return 0.0
    dcg = sum(1.0 / math.log2(pos + 1) for pos in positions if pos <= k)
    ideal = sum(1.0 / math.log2(pos + 1) for pos in range(1, min(n_expected, k) + 1))
    return dcg / ideal


def f_beta(precision: float, recall: float, beta: float = 2.0) -> float:
    """F-beta score (F2 weighs recall four times as much as precision)."""
    b2 = beta * beta
    denominator = b2 * precision + recall
    return (1 + b2) * precision * recall / denominator if denominator else 0.0


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile, None for no values."""
    return float(np.percentile(np.asarray(values, dtype=float), q)) if values else None


def mean(values: Iterable[float]) -> float | None:
    """Arithmetic mean, None for no values."""
    data = list(values)
    return sum(data) / len(data) if data else None


@dataclass(frozen=True, slots=True)
class QAScore:
    """Everything the QA metrics need about one answered item."""

    id: str
    expected_stance: Stance
    got_stance: Stance
    refused: bool
    follow_up: bool
    n_expected: int
    ranks: tuple[int | None, ...]
    positions: tuple[int, ...]
    citations: tuple[Ref, ...]
    correct_citations: int
    missing_terms: tuple[str, ...]
    n_terms: int
    latency_ms: float
    wall_ms: float
    expected: tuple[ExpectedClause, ...] = field(default=())
    confidence: float = 0.0
    confident: bool = False

    @property
    def covered(self) -> bool:
        """Return True when the item expects an answer from the policies."""
        return self.expected_stance is not Stance.NOT_COVERED


def score_answer(item: QAItem, answer: Answer, *, wall_ms: float) -> QAScore:
    """Score one answer against its item."""
    ranked = [(hit.document, hit.clause) for hit in answer.retrieved]
    cited = tuple((c.document, c.clause) for c in answer.citations)
    correct = sum(1 for ref in cited if any(ref_matches(ref, exp) for exp in item.expected))
    text = " ".join([answer.answer, *(c.quote for c in answer.citations)]).lower()
    missing = tuple(term for term in item.must_mention if term.lower() not in text)
    return QAScore(
        id=item.id,
        expected_stance=item.stance,
        got_stance=answer.stance,
        refused=answer.refused,
        follow_up=item.follow_up,
        n_expected=len(item.expected),
        ranks=tuple(first_ranks(ranked, item.expected)),
        positions=tuple(gain_positions(ranked, item.expected)),
        citations=cited,
        correct_citations=correct,
        missing_terms=missing,
        n_terms=len(item.must_mention),
        latency_ms=answer.latency_ms,
        wall_ms=wall_ms,
        expected=item.expected,
        confidence=answer.confidence,
        confident=answer.confident,
    )


def retrieval_metrics(rank_lists: Sequence[Sequence[int | None]], *, ks: Sequence[int] = KS) -> dict[str, float | None]:
    """Average recall@k and hit@k over items (each a list of first ranks of its expected clauses), plus MRR."""
    out: dict[str, float | None] = {}
    for k in ks:
        out[f"recall@{k}"] = mean(recall_at_k(ranks, k) for ranks in rank_lists)
        out[f"hit@{k}"] = mean(hit_at_k(ranks, k) for ranks in rank_lists)
    out["mrr"] = mean(reciprocal_rank(ranks) for ranks in rank_lists)
    return out


def recall_curve(rank_lists: Sequence[Sequence[int | None]], *, max_k: int) -> list[float]:
    """Mean recall@k for k = 1..max_k."""
    return [mean(recall_at_k(ranks, k) for ranks in rank_lists) or 0.0 for k in range(1, max_k + 1)]


def qa_metrics(scores: Sequence[QAScore]) -> dict[str, object]:
    """Aggregate answer metrics over a set of scored items."""
    covered = [s for s in scores if s.covered]
    not_covered = [s for s in scores if not s.covered]
    retrieval = retrieval_metrics([s.ranks for s in covered])
    retrieval["ndcg@10"] = mean(ndcg_at_k(s.positions, s.n_expected, 10) for s in covered)
    terms = sum(s.n_terms for s in scores)
    return {
        "n": len(scores),
        "covered_n": len(covered),
        "not_covered_n": len(not_covered),
        "follow_up_n": sum(1 for s in scores if s.follow_up),
        "refused_n": sum(1 for s in scores if s.refused),
        "retrieval": retrieval,
        "citation": citation_metrics(covered),
        "stance": _stance_metrics(covered),
        "not_covered": {
            "accuracy": mean(1.0 if s.got_stance is Stance.NOT_COVERED else 0.0 for s in not_covered),
            "false_rate": mean(1.0 if s.got_stance is Stance.NOT_COVERED else 0.0 for s in covered),
        },
        "must_mention": {
            "coverage": (terms - sum(len(s.missing_terms) for s in scores)) / terms if terms else None,
            "items_complete": mean(0.0 if s.missing_terms else 1.0 for s in scores if s.n_terms),
            "n_terms": terms,
        },
        "confidence": confidence_metrics(scores),
        "latency": latency_summary([s.latency_ms for s in scores], [s.wall_ms for s in scores]),
    }


def citation_metrics(covered: Sequence[QAScore]) -> dict[str, float | int | None]:
    """Share of covered items with a correct citation, and the share of citations that are correct."""
    n_citations = sum(len(s.citations) for s in covered)
    return {
        "hit_rate": mean(1.0 if s.correct_citations else 0.0 for s in covered),
        "precision": sum(s.correct_citations for s in covered) / n_citations if n_citations else None,
        "n_citations": n_citations,
    }


def latency_summary(reported_ms: Sequence[float], wall_ms: Sequence[float]) -> dict[str, float | None]:
    """p50/p95 of the latency the component reported and of the wall time the harness measured."""
    return {
        "p50_ms": percentile(reported_ms, 50),
        "p95_ms": percentile(reported_ms, 95),
        "wall_p50_ms": percentile(wall_ms, 50),
        "wall_p95_ms": percentile(wall_ms, 95),
    }


def _stance_metrics(covered: Sequence[QAScore]) -> dict[str, object]:
    by_polarity: dict[str, dict[str, float | int | None]] = {}
    for pol in POLARITIES:
        group = [s for s in covered if polarity(s.expected_stance) == pol]
        by_polarity[pol] = {
            "n": len(group),
            "exact": mean(1.0 if s.got_stance is s.expected_stance else 0.0 for s in group),
            "polarity": mean(1.0 if polarity(s.got_stance) == pol else 0.0 for s in group),
        }
    return {
        "accuracy": mean(1.0 if s.got_stance is s.expected_stance else 0.0 for s in covered),
        "polarity_accuracy": mean(
            1.0 if polarity(s.got_stance) == polarity(s.expected_stance) else 0.0 for s in covered
        ),
        "by_polarity": by_polarity,
    }
