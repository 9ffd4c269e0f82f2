"""Fusion (reciprocal rank and normalised score) and the per-clause cap: pure unit tests."""

from __future__ import annotations

import pytest

from assistant.protocols import ScoredClause
from assistant.retrieval.fusion import cap_per_clause, max_rrf_score, reciprocal_rank_fusion, score_fusion
from ingest.clause import Clause


def _clause(clause_id: str, document_id: str = "doc") -> Clause:
    return Clause(document_id, clause_id, ("S",), "S", f"text of {clause_id}", "src", (0, 1))


A, B, C, D = (_clause(x) for x in ("1", "2", "3", "4"))


def _ranking(*clauses: Clause) -> list[ScoredClause]:
    return [ScoredClause(clause, 1.0 / rank) for rank, clause in enumerate(clauses, start=1)]


def test_scores_are_sum_of_reciprocal_ranks() -> None:
    fused = reciprocal_rank_fusion([_ranking(A, B), _ranking(B, C)], k=10)
    scores = {hit.clause.clause_id: hit.score for hit in fused}
    assert scores == pytest.approx({"2": 1 / 12 + 1 / 11, "1": 1 / 11, "3": 1 / 12})
    assert [hit.clause.clause_id for hit in fused] == ["2", "1", "3"]


def test_weights_favour_one_ranking() -> None:
    fused = reciprocal_rank_fusion([_ranking(A, B), _ranking(B, A)], k=60, weights=[1.0, 3.0])
    assert [hit.clause.clause_id for hit in fused] == ["2", "1"]


def test_ties_keep_first_seen_order() -> None:
    fused = reciprocal_rank_fusion([_ranking(A, B), _ranking(C, D)], k=60)
    assert [hit.clause.clause_id for hit in fused] == ["1", "3", "2", "4"]


def test_keys_by_uid_not_clause_id() -> None:
    same_id_other_text = Clause("doc", "1", ("S",), "S", "another bullet of 1", "src", (2, 3))
    fused = reciprocal_rank_fusion([_ranking(A, same_id_other_text)], k=60)
    assert len(fused) == 2


def test_duplicate_within_one_ranking_counts_once_at_best_rank() -> None:
    fused = reciprocal_rank_fusion([_ranking(A, B, A)], k=0)
    assert {hit.clause.clause_id: hit.score for hit in fused} == pytest.approx({"1": 1.0, "2": 0.5})


def test_empty_inputs() -> None:
    assert reciprocal_rank_fusion([]) == []
    assert reciprocal_rank_fusion([[], []]) == []


def test_rejects_mismatched_weights_and_negative_k() -> None:
    with pytest.raises(ValueError, match="weights"):
        reciprocal_rank_fusion([_ranking(A)], weights=[1.0, 2.0])
    with pytest.raises(ValueError, match="k must be"):
        reciprocal_rank_fusion([_ranking(A)], k=-1)


def test_max_score_is_first_everywhere() -> None:
    fused = reciprocal_rank_fusion([_ranking(A), _ranking(A)], k=5, weights=[1.0, 0.5])
    assert fused[0].score == pytest.approx(max_rrf_score(k=5, weights=[1.0, 0.5]))


def _scored(*pairs: tuple[Clause, float]) -> list[ScoredClause]:
    return [ScoredClause(clause, score) for clause, score in pairs]


def test_score_fusion_is_weighted_min_max() -> None:
    dense = _scored((A, 0.8), (B, 0.6), (C, 0.4))
    lexical = _scored((C, 10.0), (A, 5.0), (D, 0.0))
    fused = {hit.clause.clause_id: hit.score for hit in score_fusion(dense, lexical, dense_weight=0.6)}
    # dense norm: A 1, B 0.5, C 0, D missing 0; lexical norm: C 1, A 0.5, D 0, B missing 0
    assert fused == pytest.approx({"1": 0.6 + 0.2, "2": 0.3, "3": 0.4, "4": 0.0})


def test_score_fusion_extremes_follow_one_list() -> None:
    dense = _scored((A, 0.9), (B, 0.1))
    lexical = _scored((B, 3.0), (A, 1.0))
    assert [h.clause.clause_id for h in score_fusion(dense, lexical, dense_weight=1.0)] == ["1", "2"]
    assert [h.clause.clause_id for h in score_fusion(dense, lexical, dense_weight=0.0)] == ["2", "1"]


def test_score_fusion_single_score_and_empty() -> None:
    fused = score_fusion(_scored((A, 0.5)), [], dense_weight=0.5)
    assert [(h.clause.clause_id, h.score) for h in fused] == [("1", 0.5)]
    assert score_fusion([], []) == []
    with pytest.raises(ValueError, match="dense_weight"):
        score_fusion([], [], dense_weight=1.5)


def test_cap_per_clause_keeps_best_records_per_clause_id() -> None:
    bullet_a = Clause("doc", "9", ("S",), "S", "first bullet", "src", (0, 1))
    bullet_b = Clause("doc", "9", ("S",), "S", "second bullet", "src", (2, 3))
    other = Clause("doc", "10", ("S",), "S", "other", "src", (4, 5))
    hits = _scored((bullet_a, 0.9), (bullet_b, 0.8), (other, 0.7))
    assert [h.clause.text for h in cap_per_clause(hits, k=2, per_clause=1)] == ["first bullet", "other"]
    # Records held back by the cap still fill k when nothing else is left (few clause ids in scope).
    assert [h.clause.text for h in cap_per_clause(hits, k=3, per_clause=1)] == [
        "first bullet",
        "other",
        "second bullet",
    ]
    assert len(cap_per_clause(hits, k=3, per_clause=2)) == 3
    assert len(cap_per_clause(hits, k=2, per_clause=None)) == 2
