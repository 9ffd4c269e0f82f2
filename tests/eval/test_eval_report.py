"""Bars, the headline table, report.md and the plots, from a hand-made metrics dict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eval import plots
from eval.report import evaluate_bars, headline_table, render, suggest_floors


def _metrics() -> dict[str, Any]:
    return {
        "qa": {
            "retrieval": {"recall@10": 0.95},
            "citation": {"hit_rate": 0.85},
            "stance": {"accuracy": 0.8},
            "not_covered": {"accuracy": None, "false_rate": 0.06},
            "latency": {"p50_ms": 12.5},
            "covered_n": 2,
            "recall_curve": [0.5, 0.75, 1.0],
        },
        "baselines": {
            "cap_chars": 4000,
            "covered_n": 2,
            "systems": {
                "ours": {"evidence_recall": 0.9, "evidence_curve": {"500": 0.5, "4000": 0.9}, "mean_context_chars": 3000.0,
                         "recall_curve": [0.5, 0.75, 1.0]},
                "bm25": {"evidence_recall": 0.6, "evidence_curve": {"500": 0.3, "4000": 0.6}, "mean_context_chars": 3900.0,
                         "recall_curve": [0.25, 0.5, 0.5]},
                "langchain": {"evidence_recall": 0.45, "evidence_curve": {"500": 0.2, "4000": 0.45},
                              "mean_context_chars": 3500.0},
            },
            "ratios": {"ours/bm25": 1.5, "ours/langchain": 2.0},
        },
    }  # fmt: skip


def test_bars_mark_pass_fail_and_skip_sections_not_run() -> None:
    bars = {b["name"]: b for b in evaluate_bars(_metrics())}
    assert bars["retrieval recall@10"]["pass"] is True
    assert bars["citation hit rate"]["pass"] is False
    assert bars["stance accuracy"]["pass"] is True  # the bar is inclusive
    assert bars["not-covered accuracy"]["pass"] is None  # no not-covered items
    assert bars["false not-covered rate"]["pass"] is False
    assert bars["answer latency p50 (ms)"]["pass"] is True
    assert "guard recall" not in bars


def test_headline_table_lists_bars_and_ratios() -> None:
    lines = headline_table(_metrics()).splitlines()
    assert lines[0].split() == ["metric", "value", "bar", "result"]
    assert any(line.startswith("citation hit rate") and line.endswith("FAIL") for line in lines)
    assert any(line.startswith("not-covered accuracy") and line.endswith("n/a") for line in lines)
    assert lines[-1] == "ours / baseline: ours/bm25 x1.50 | ours/langchain x2.00"
    assert "LangChain tutorial 0.450" in lines[-2]


def test_render_includes_baseline_table_and_plots() -> None:
    metrics = {"baselines": _metrics()["baselines"], "bars": evaluate_bars(_metrics()), "failures": []}
    text = render(metrics, plots={"recall": "recall_at_k.png"})
    assert "| LangChain tutorial | 0.450 | n/a | 3500.0 | 2.000 |" in text
    assert "| BM25 alone | 0.600 | n/a | 3900.0 | 1.500 |" in text  # fewer than 10 points on the curve
    assert "![recall](recall_at_k.png)" in text
    assert "## Failing items (0)" in text


def test_plots_are_pngs(tmp_path: Path) -> None:
    metrics = {**_metrics(), "guard": {"n": 4, "confusion": {"tp": 2, "fn": 0, "fp": 1, "tn": 1}}}
    paths = plots.write_plots(metrics, tmp_path, latencies={"answer": [3.0, 5.0, 40.0], "guard": [1.0, 2.0]})
    assert set(paths) == {"recall", "latency", "guard"}
    for path in paths.values():
        assert path.stat().st_size > 5_000 and path.read_bytes()[:4] == b"\x89PNG"
    assert plots.write_plots({"qa": {"covered_n": 0}}, tmp_path / "none", latencies={"answer": []}) == {}


def test_suggest_floors_sits_a_little_under_the_measured_numbers() -> None:
    floors = {"qa_ids": ["q1"], "min": {"qa.retrieval.recall@10": 0.5, "qa.stance.accuracy": 0.5},
              "max": {"qa.not_covered.false_rate": 0.5}}  # fmt: skip
    suggested = suggest_floors(_metrics(), floors)
    assert suggested["qa_ids"] == ["q1"]
    assert suggested["min"] == {"qa.retrieval.recall@10": 0.85, "qa.stance.accuracy": 0.7}  # 0.95-0.08, 0.8-0.08
    assert suggested["max"] == {"qa.not_covered.false_rate": 0.15}  # 0.06+0.08
    assert suggested["measured"]["qa.stance.accuracy"] == 0.8
    with pytest.raises(ValueError, match=r"no value for qa\.not_covered\.accuracy"):
        suggest_floors(_metrics(), {"min": {"qa.not_covered.accuracy": 0.5}, "max": {}})
