"""Citation choice: the answering clause plus at most one more, by the fitted probability."""

from __future__ import annotations

from collections.abc import Callable

from assistant.answer.citation_choice import FEATURES, WEIGHTS, Candidate, candidates, choose, probability
from assistant.answer.compose import compose_answer
from assistant.protocols import ScoredClause
from ingest.clause import Clause, DocumentMeta

ACADEMY = "academy-trust-it-comms-social-media"
Rank = Callable[..., list[ScoredClause]]


def _candidate(clause: Clause, p: float, *, policy: int = 0) -> Candidate:
    return Candidate(clause, policy, (0.0,) * len(FEATURES), p)


def test_the_model_has_one_weight_per_feature_and_rewards_the_structural_signals() -> None:
    assert len(WEIGHTS) == len(FEATURES)
    base = (0.0, 0.5, 0.5, 0.2, 0.0, 0.0, 0.0)
    for index in (0, 1, 2, 3):  # answering clause, retrieval score, score within its policy, question overlap
        raised = tuple(x + 0.5 if i == index else x for i, x in enumerate(base))
        assert probability(raised) > probability(base)


def test_candidates_score_each_clause_id_once_and_mark_the_answering_clause(
    clause: Callable[..., Clause], rank: Rank
) -> None:
    key = clause(ACADEMY, "2.14/2.12")
    other = clause(ACADEMY, "2.14/2.5")
    hits = rank([key, other, key])
    scored = candidates("Can I friend ex-pupils on social media?", hits, key=key, policy=0, best_score=1.0)
    assert [c.clause.clause_id for c in scored] == ["2.14/2.12", "2.14/2.5"]
    answering, exception = scored
    assert answering.features[FEATURES.index("answers")] == 1.0
    assert exception.features[FEATURES.index("answers")] == 0.0
    assert exception.features[FEATURES.index("condition")] == 1.0  # "unless you have obtained prior written consent"
    assert exception.features[FEATURES.index("same_section")] == 1.0
    assert answering.probability > exception.probability


def test_choose_keeps_the_best_of_the_first_policy_and_at_most_two(clause: Callable[..., Clause]) -> None:
    a, b, c = clause(ACADEMY, "2.14/2.12"), clause(ACADEMY, "2.14/2.5"), clause(ACADEMY, "2.14/4")
    weak = [_candidate(a, 0.05), _candidate(b, 0.01)]
    assert [x.clause for x in choose(weak, always_one=True)] == [a]
    assert choose(weak) == []
    strong = [_candidate(c, 0.6), _candidate(a, 0.9), _candidate(b, 0.8)]
    assert [x.clause for x in choose(strong)] == [a, b]
    assert [x.clause for x in choose(strong, limit=1)] == [a]
    # a candidate far below its policy's best is left out even above the floor
    assert [x.clause for x in choose([_candidate(a, 0.95), _candidate(b, 0.27)], min_probability=0.1)] == [a]
    # the best-ranked policy takes a second clause from a lower floor than the others
    pair = [_candidate(a, 0.9), _candidate(b, 0.3)]
    assert [x.clause for x in choose(pair, always_one=True)] == [a, b]
    assert [x.clause for x in choose(pair)] == [a]


def test_a_composed_answer_cites_the_answering_clause_and_at_most_one_more_per_policy(
    clause: Callable[..., Clause], rank: Rank, metas: dict[str, DocumentMeta], all_clauses: dict[str, list[Clause]]
) -> None:
    from datetime import date

    hits = rank([clause(ACADEMY, "2.14/2.12"), clause(ACADEMY, "2.14/2.5"), clause(ACADEMY, "2.14/4")], step=0.05)
    sink: list[Candidate] = []
    answer = compose_answer(
        "Can I accept ex-pupils as friends on social media?",
        hits,
        documents=metas,
        today=date(2026, 1, 1),
        all_clauses=all_clauses,
        candidate_sink=sink,
    )
    assert 1 <= len(answer.citations) <= 2
    assert answer.citations[0].clause == "2.14/2.12"
    assert {c.clause.clause_id for c in sink} >= {"2.14/2.12", "2.14/2.5", "2.14/4"}
