"""The Q&A test set measures answers, so the real guard must let every question and earlier turn through."""

from __future__ import annotations

from pathlib import Path

from assistant.guard import GuardConfig
from assistant.guard.check import check
from eval.datasets import load_qa
from ingest.parser import parse_document

REPO = Path(__file__).resolve().parents[3]
QA = REPO / "eval" / "data" / "qa.jsonl"


def test_guard_lets_every_qa_turn_through(analyzer) -> None:
    # As the service builds it: the ingested policies' metadata and text feed the guard (titles are references).
    policies = sorted((REPO / "data" / "policies").glob("*.txt"))
    parsed = [parse_document(p.read_text(encoding="utf-8"), document_id=p.stem, source=str(p)) for p in policies]
    guard_config = GuardConfig.load(
        REPO / "data" / "guard",
        documents=[doc.meta for doc in parsed],
        public_texts=[clause.text for doc in parsed for clause in doc.clauses],
    )
    refused = [
        (item.id, [str(c) for c in verdict.categories])
        for item in load_qa(QA)
        for turn in (item.question, *item.history)
        if (verdict := check(turn, config=guard_config, analyzer=analyzer)).refused
    ]
    assert refused == []
