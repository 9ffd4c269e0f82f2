"""The honest-answer figures per batch, so each blind batch is reported beside the older ones it joined.

A batch is the block of items one author wrote blind (``eval.datasets.batch_of``). Per batch: how often confident
verdicts point the right way, how many covered and not-covered questions get one, citation precision, the share
of covered questions with a correct citation, covered questions refused by the guard, and the answer p50.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from eval.confidence_metrics import confidence_metrics
from eval.datasets import batch_of
from eval.metrics import QAScore, citation_metrics, percentile

# The targets each batch is read against (the honest-answers issue): (metric, operator, bar).
TARGETS: tuple[tuple[str, str, float], ...] = (
    ("confident_accuracy", ">=", 0.92),
    ("confident_covered", ">=", 0.5),
    ("confident_not_covered", "<=", 0.1),
    ("citation_precision", ">=", 0.6),
    ("citation_hit", ">=", 0.9),
    ("covered_refused", "<=", 0.0),
    ("p50_ms", "<=", 50.0),
)


# The figures of eval.confidence_metrics that the targets read.
CONFIDENCE_KEYS = ("confident_n", "confident_accuracy", "confident_covered", "confident_not_covered")


def batch_figures(scores: Sequence[QAScore]) -> dict[str, Any]:
    """Return the honest-answer figures of one group of scored items."""
    covered = [s for s in scores if s.covered]
    confidence = confidence_metrics(scores)
    citation = citation_metrics(covered)
    return {
        "n": len(scores),
        "covered_n": len(covered),
        **{key: confidence[key] for key in CONFIDENCE_KEYS},
        "citation_precision": citation["precision"],
        "citation_hit": citation["hit_rate"],
        "covered_refused": float(sum(1 for s in covered if s.refused)),
        "p50_ms": percentile([s.latency_ms for s in scores], 50),
    }


def by_batch(scores: Sequence[QAScore]) -> dict[str, dict[str, Any]]:
    """Return the figures per batch (in id order) and pooled under "all"."""
    groups: dict[str, list[QAScore]] = {}
    for score in scores:
        groups.setdefault(batch_of(score.id), []).append(score)
    return {**{name: batch_figures(group) for name, group in groups.items()}, "all": batch_figures(scores)}


def meets(value: float | None, op: str, bar: float) -> bool | None:
    """Return whether a value meets its bar (None when there is no value)."""
    if value is None:
        return None
    return value >= bar if op == ">=" else value <= bar


def batch_rows(batches: Mapping[str, Mapping[str, Any]]) -> list[list[str]]:
    """Return one table row per batch; a figure that misses its target is marked with a star."""
    rows = []
    for name, figures in batches.items():
        cells = [name, str(figures["n"]), str(figures["confident_n"])]
        for metric, op, bar in TARGETS:
            value = figures[metric]
            text = (
                "n/a"
                if value is None
                else (f"{value:.0f}" if metric in {"covered_refused", "p50_ms"} else f"{value:.3f}")
            )
            cells.append(text + ("*" if meets(value, op, bar) is False else ""))
        rows.append(cells)
    return rows


def _fmt(metric: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.0f}" if metric in {"covered_refused", "p50_ms"} else f"{value:.3f}"


HEADER = ("batch", "n", "confident", *(f"{metric} {op} {bar:g}" for metric, op, bar in TARGETS))
