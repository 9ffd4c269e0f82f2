"""The retrieval benchmark's pure parts: QA loading, clause matching and scoring."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.protocols import ScoredClause
from eval.bench.retrieval_bench import QAItem, load_qa, score_rankings
from eval.metrics import clause_matches
from ingest.clause import Clause


def _hit(document: str, clause_id: str) -> ScoredClause:
    return ScoredClause(Clause(document, clause_id, (), "", f"{document} {clause_id}", "s", (0, 1)), 1.0)


@pytest.mark.parametrize(
    ("retrieved", "expected", "match"),
    [("7.4.2", "7.4", True), ("2.14/2.12", "2.14/2", True), ("10", "10", True), ("8", "8.3", False),
     ("2.14/2.12", "2.14/2.1", False), ("7.40", "7.4", False)],
)  # fmt: skip
def test_clause_matching_is_nested(retrieved: str, expected: str, match: bool) -> None:
    assert clause_matches(retrieved, expected) is match


def test_scores_recall_hit_and_mrr() -> None:
    items = [
        QAItem("a", "q", (), (), (("d", "1"), ("d", "2"))),
        QAItem("b", "q", (), (), (("d", "3"),)),
        QAItem("c", "not covered", (), (), ()),
    ]
    rankings = [
        [_hit("d", "9"), _hit("d", "1.1"), _hit("e", "2")],  # finds 1 (via 1.1) at rank 2; 2 is in another doc
        [_hit("d", "4")] * 10 + [_hit("d", "3")],  # 3 only at rank 11
        [],
    ]
    scores = score_rankings(items, rankings)
    assert scores["questions"] == 2
    assert scores["recall@1"] == 0.0
    assert scores["recall@3"] == pytest.approx(0.25)
    assert scores["hit@3"] == pytest.approx(0.5)
    assert scores["recall@10"] == pytest.approx(0.25)
    assert scores["mrr"] == pytest.approx((0.5 + 1 / 11) / 2, abs=1e-4)


def test_load_qa_reads_scope_history_and_deduplicates_expected(tmp_path: Path) -> None:
    row = {"id": "q1", "question": "what if they DM me first?", "documents": ["d"], "history": ["ex-pupil on insta?"],
           "expected": [{"document": "d", "clause": "8"}, {"document": "d", "clause": "8"}], "stance": "required"}  # fmt: skip
    path = tmp_path / "qa.jsonl"
    path.write_text(json.dumps(row) + "\n\n", encoding="utf-8")
    [item] = load_qa(path)
    assert item.expected == (("d", "8"),)
    assert item.documents == ("d",)
    assert item.history == ("ex-pupil on insta?",)
    assert "insta" in item.query and item.query.startswith("what if they DM me first?")
