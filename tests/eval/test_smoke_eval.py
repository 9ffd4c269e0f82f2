"""Smoke evaluation (a regression guard, not a timed test): a fixed slice of the sets must stay above its floors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eval.harness import DEFAULT_GUARD_PATH, DEFAULT_QA_PATH, run_eval
from eval.report import lookup

FLOORS = Path(__file__).resolve().parents[2] / "eval" / "floors.json"


def test_smoke_eval_stays_above_floors(real_assistant: Any, tmp_path: Path) -> None:
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    result = run_eval(
        real_assistant,
        qa_path=DEFAULT_QA_PATH,
        guard_path=DEFAULT_GUARD_PATH,
        out_dir=tmp_path / "smoke",
        baselines=False,
        ids=[*floors["qa_ids"], *floors["guard_ids"]],
    )
    metrics = result.metrics
    assert (metrics["run"]["qa_items"], metrics["run"]["guard_items"]) == (
        len(floors["qa_ids"]),
        len(floors["guard_ids"]),
    )
    below = {k: lookup(metrics, k.split(".")) for k, floor in floors["min"].items()}
    below = {k: v for k, v in below.items() if v is None or v < floors["min"][k]}
    above = {k: lookup(metrics, k.split(".")) for k, ceiling in floors["max"].items()}
    above = {k: v for k, v in above.items() if v is None or v > floors["max"][k]}
    failing = [f["id"] for f in metrics["failures"]]
    assert not below and not above, f"below floor: {below}; above ceiling: {above}; failing items: {failing}"
