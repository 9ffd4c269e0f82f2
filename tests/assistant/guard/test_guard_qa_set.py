"""The Q&A test set measures answers, so the real guard must let every question and earlier turn through."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.guard import GuardConfig
from assistant.guard.check import check

QA = Path(__file__).resolve().parents[3] / "eval" / "data" / "qa.jsonl"


def test_guard_lets_every_qa_turn_through(guard_config: GuardConfig, analyzer) -> None:
    items = [json.loads(line) for line in QA.read_text(encoding="utf-8").splitlines()]
    refused = [
        (item["id"], [str(c) for c in verdict.categories])
        for item in items
        for turn in (item["question"], *item.get("history", []))
        if (verdict := check(turn, config=guard_config, analyzer=analyzer)).refused
    ]
    assert refused == []
