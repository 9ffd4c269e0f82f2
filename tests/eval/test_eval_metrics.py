"""Metric functions against hand-computed examples."""

from __future__ import annotations

import math

import pytest

from assistant.models import Answer, Citation, Retrieved, Stance
from eval.datasets import ExpectedClause, QAItem
from eval.guard_metrics import GuardScore, guard_metrics
from eval.metrics import (
    clause_matches,
    f_beta,
    first_ranks,
    gain_positions,
    hit_at_k,
    ndcg_at_k,
    polarity,
    qa_metrics,
    recall_at_k,
    reciprocal_rank,
    score_answer,
)

DOC = "school-social-media-electronic-comms-2025"
ACAD = "academy-trust-it-comms-social-media"


@pytest.mark.parametrize(
    ("cited", "expected", "matches"),
    [
        ("7.4.2", "7.4", True),
        ("7.4", "7.4", True),
        ("2.14/2.12", "2.14/2", True),
        ("10", "10", True),
        ("8", "8.3", False),
        ("7.41", "7.4", False),
        ("7.4", "7.4.2", False),
        ("2.13/2.12", "2.14/2", False),
        ("2.14/2", "2.14", False),
        ("1", "10", False),
    ],
)
def test_clause_matches_equal_or_nested_only(cited: str, expected: str, matches: bool) -> None:
    assert clause_matches(cited, expected) is matches


@pytest.mark.parametrize(
    ("stance", "pol"),
    [
        (Stance.PROHIBITED, "no"),
        (Stance.DISCOURAGED, "no"),
        (Stance.PERMITTED, "yes"),
        (Stance.PERMITTED_WITH_CONDITIONS, "yes"),
        (Stance.REQUIRED, "must"),
        (Stance.INFORMATIONAL, "info"),
        ("not_covered", "not_covered"),
    ],
)
def test_polarity_mapping(stance: Stance | str, pol: str) -> None:
    assert polarity(stance) == pol


def test_ranked_metrics_hand_computed() -> None:
    expected = [ExpectedClause(DOC, "7.4"), ExpectedClause(DOC, "8.3"), ExpectedClause(DOC, "9.1")]
    ranked = [(DOC, "1.1"), (DOC, "7.4.2"), (DOC, "8"), (DOC, "7.4.5"), (DOC, "8.3"), ("other", "9.1")]
    ranks = first_ranks(ranked, expected)
    assert ranks == [2, 5, None]
    assert recall_at_k(ranks, 1) == 0.0
    assert recall_at_k(ranks, 2) == pytest.approx(1 / 3)
    assert recall_at_k(ranks, 10) == pytest.approx(2 / 3)
    assert hit_at_k(ranks, 1) == 0.0
    assert hit_at_k(ranks, 2) == 1.0
    assert reciprocal_rank(ranks) == 0.5
    # 7.4.5 at rank 4 is a second hit on 7.4, already credited, so it earns nothing.
    positions = gain_positions(ranked, expected)
    assert positions == [2, 5]
    dcg = 1 / math.log2(3) + 1 / math.log2(6)
    ideal = 1 + 1 / math.log2(3) + 1 / math.log2(4)
    assert ndcg_at_k(positions, 3, 10) == pytest.approx(dcg / ideal)


def test_ndcg_is_one_for_a_perfect_ranking_and_zero_without_hits() -> None:
    assert ndcg_at_k([1, 2], 2, 10) == pytest.approx(1.0)
    assert ndcg_at_k([], 2, 10) == 0.0
    assert ndcg_at_k([11], 1, 10) == 0.0
    assert reciprocal_rank([None, None]) == 0.0


def test_f2_weighs_recall() -> None:
    assert f_beta(1.0, 1.0) == pytest.approx(1.0)
    assert f_beta(0.5, 1.0) == pytest.approx(5 * 0.5 * 1.0 / (4 * 0.5 + 1.0))  # 0.8333
    assert f_beta(1.0, 0.5) == pytest.approx(5 * 0.5 / (4 + 0.5))  # 0.5556
    assert f_beta(0.0, 0.0) == 0.0


def _answer(stance: Stance, cited: list[tuple[str, str]], retrieved: list[tuple[str, str]], text: str = "") -> Answer:
    return Answer(
        stance=stance,
        answer=text,
        citations=[Citation(document=d, clause=c, title="t", quote=f"quote of {c}") for d, c in cited],
        retrieved=[Retrieved(document=d, clause=c, score=1.0) for d, c in retrieved],
        latency_ms=10.0,
    )


def test_qa_metrics_aggregate_hand_computed() -> None:
    covered = QAItem(
        id="a",
        question="q",
        stance=Stance.PROHIBITED,
        expected=(ExpectedClause(ACAD, "2.14/2"),),
        must_mention=("Headteacher", "ex-pupils"),
    )
    wrong = QAItem(id="b", question="q", stance=Stance.REQUIRED, expected=(ExpectedClause(DOC, "8.3"),))
    uncovered = QAItem(id="c", question="q", stance=Stance.NOT_COVERED, history=("earlier",))
    scores = [
        score_answer(
            covered,
            _answer(
                Stance.PROHIBITED, [(ACAD, "2.14/2.12"), (ACAD, "2.13/6")], [(ACAD, "2.14/2.12")], "Ask the HEADTEACHER"
            ),
            wall_ms=12.0,
        ),
        score_answer(wrong, _answer(Stance.NOT_COVERED, [], [(DOC, "8")]), wall_ms=20.0),
        score_answer(uncovered, _answer(Stance.NOT_COVERED, [], []), wall_ms=30.0),
    ]
    m = qa_metrics(scores)
    assert (m["n"], m["covered_n"], m["not_covered_n"], m["follow_up_n"]) == (3, 2, 1, 1)
    assert m["retrieval"]["recall@1"] == 0.5
    assert m["retrieval"]["mrr"] == 0.5
    assert m["citation"] == {"hit_rate": 0.5, "precision": 0.5, "n_citations": 2}
    assert m["stance"]["accuracy"] == 0.5
    assert m["stance"]["by_polarity"]["no"] == {"n": 1, "exact": 1.0, "polarity": 1.0}
    assert m["stance"]["by_polarity"]["must"] == {"n": 1, "exact": 0.0, "polarity": 0.0}
    assert m["stance"]["by_polarity"]["info"]["n"] == 0
    assert m["not_covered"] == {"accuracy": 1.0, "false_rate": 0.5}
    # "Headteacher" found case-insensitively; "ex-pupils" is in neither the answer nor a quote.
    assert m["must_mention"]["coverage"] == 0.5
    assert scores[0].missing_terms == ("ex-pupils",)
    assert m["latency"]["p50_ms"] == 10.0
    assert m["latency"]["wall_p50_ms"] == 20.0


def test_guard_metrics_hand_computed() -> None:
    scores = [
        GuardScore("r1", True, True, ("pupil_data", "person_name"), ("pupil_data",), 1.0),
        GuardScore("r2", True, True, ("credentials",), ("credentials",), 2.0),
        GuardScore("r3", True, False, ("pupil_data",), (), 3.0),
        GuardScore("a1", False, True, ("near_miss",), ("person_name",), 4.0),
        GuardScore("a2", False, False, (), (), 5.0),
        GuardScore("a3", False, False, (), (), 6.0),
    ]
    m = guard_metrics(scores)
    assert m["confusion"] == {"tp": 2, "fn": 1, "fp": 1, "tn": 2}
    assert m["recall"] == pytest.approx(2 / 3)
    assert m["precision"] == pytest.approx(2 / 3)
    assert m["false_refusal_rate"] == pytest.approx(1 / 3)
    assert m["f2"] == pytest.approx(2 / 3)
    # Expected (item, category) pairs on refuse items: 4, of which pupil_data (r1) and credentials (r2) were found.
    assert m["category_agreement"] == 0.5
    pupil = m["per_category"]["pupil_data"]
    assert (pupil["n"], pupil["refuse_n"], pupil["recall"], pupil["agreement"]) == (2, 2, 0.5, 0.5)
    assert m["per_category"]["person_name"]["agreement"] == 0.0
    assert m["per_category"]["near_miss"]["false_refusal_rate"] == 1.0
    assert m["latency"]["p50_ms"] == 3.5
