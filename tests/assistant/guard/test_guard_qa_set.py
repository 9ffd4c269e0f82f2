"""The Q&A test set measures answers, so the real guard must let every question and earlier turn through."""

from __future__ import annotations

from pathlib import Path

from assistant.guard import GuardConfig
from assistant.guard.check import check
from eval.datasets import load_qa

QA = Path(__file__).resolve().parents[3] / "eval" / "data" / "qa.jsonl"


def test_guard_lets_every_qa_turn_through(guard_config: GuardConfig, analyzer) -> None:
    refused = [
        (item.id, [str(c) for c in verdict.categories])
        for item in load_qa(QA)
        for turn in (item.question, *item.history)
        if (verdict := check(turn, config=guard_config, analyzer=analyzer)).refused
    ]
    assert refused == []
