"""Rank fusion: combine several ranked clause lists into one (pure)."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.protocols import ScoredClause
from ingest.clause import Clause


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[ScoredClause]], *, k: int = 60, weights: Sequence[float] | None = None
) -> list[ScoredClause]:
    """Fuse rankings by weighted reciprocal rank: score(c) = sum_i w_i / (k + rank_i(c)), rank from 1.

    Clauses are keyed by ``Clause.uid``; a clause repeated inside one ranking counts at its best rank.
    Ties keep first-seen order (earlier ranking, then earlier rank), so the result is deterministic.
    """
    if k < 0:
        raise ValueError("k must be >= 0")
    if weights is None:
        weights = [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError(f"got {len(weights)} weights for {len(rankings)} rankings")
    scores: dict[str, float] = {}
    clauses: dict[str, Clause] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        seen: set[str] = set()
        for rank, hit in enumerate(ranking, start=1):
            uid = hit.clause.uid
            if uid in seen:
                continue
            seen.add(uid)
            clauses.setdefault(uid, hit.clause)
            scores[uid] = scores.get(uid, 0.0) + weight / (k + rank)
    order = sorted(scores, key=lambda uid: -scores[uid])  # sorted() is stable: ties keep first-seen order
    return [ScoredClause(clauses[uid], scores[uid]) for uid in order]


def max_rrf_score(*, k: int, weights: Sequence[float]) -> float:
    """Return the fused score of a clause ranked first everywhere (to normalise scores into (0, 1])."""
    return sum(weights) / (k + 1)


def score_fusion(
    dense: Sequence[ScoredClause], lexical: Sequence[ScoredClause], *, dense_weight: float = 0.6
) -> list[ScoredClause]:
    """Fuse two candidate lists by a convex combination of their min-max normalised scores.

    score(c) = w * norm_dense(c) + (1 - w) * norm_lexical(c), in [0, 1], each list normalised over its own
    scores. A clause missing from a list normalises to 0, the lowest seen (a clause missing from the dense top-n
    has a similarity at most the n-th). Ties keep first-seen order (dense first).
    """
    if not 0.0 <= dense_weight <= 1.0:
        raise ValueError("dense_weight must be in [0, 1]")
    dense_of = _best_scores(dense)
    lexical_of = _best_scores(lexical)
    clauses = {hit.clause.uid: hit.clause for hit in [*dense, *lexical]}
    dense_norm = _min_max(dense_of, clauses)
    lexical_norm = _min_max(lexical_of, clauses)
    fused = {uid: dense_weight * dense_norm[uid] + (1.0 - dense_weight) * lexical_norm[uid] for uid in clauses}
    order = sorted(fused, key=lambda uid: -fused[uid])
    return [ScoredClause(clauses[uid], fused[uid]) for uid in order]


def _best_scores(hits: Sequence[ScoredClause]) -> dict[str, float]:
    best: dict[str, float] = {}
    for hit in hits:
        best[hit.clause.uid] = max(hit.score, best.get(hit.clause.uid, hit.score))
    return best


def _min_max(scores: dict[str, float], universe: dict[str, Clause]) -> dict[str, float]:
    if not scores:
        return dict.fromkeys(universe, 0.0)
    low, high = min(scores.values()), max(scores.values())
    span = high - low
    # A single distinct score carries no ordering information, so it normalises to 1 for every scored clause.
    return {uid: ((scores[uid] - low) / span if span else 1.0) if uid in scores else 0.0 for uid in universe}


def cap_per_clause(hits: Sequence[ScoredClause], *, k: int, per_clause: int | None) -> list[ScoredClause]:
    """Return k hits, at most ``per_clause`` records per (document, clause id) while others remain.

    A document with few clause ids (a section-numbered policy) still fills k: the records held back
    by the cap are appended in rank order, so the answer always sees k hits when k records exist.
    """
    if per_clause is None:
        return list(hits[:k])
    kept: list[ScoredClause] = []
    held_back: list[ScoredClause] = []
    seen: dict[tuple[str, str], int] = {}
    for hit in hits:
        key = (hit.clause.document_id, hit.clause.clause_id)
        if seen.get(key, 0) < per_clause:
            seen[key] = seen.get(key, 0) + 1
            kept.append(hit)
            if len(kept) == k:
                return kept
        else:
            held_back.append(hit)
    return kept + held_back[: k - len(kept)]
