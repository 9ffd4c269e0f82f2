"""PNG plots for the report (matplotlib, Agg backend): recall curves, latency histogram, guard confusion matrix."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from eval.report import SYSTEM_LABELS


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")  # headless: CI and servers have no display
    import matplotlib.pyplot as plt

    return plt


def write_plots(
    metrics: Mapping[str, Any], out_dir: Path, *, latencies: Mapping[str, Sequence[float]]
) -> dict[str, Path]:
    """Write every plot the metrics allow; return {name: path}."""
    paths: dict[str, Path] = {}
    if "qa" in metrics and metrics["qa"]["covered_n"]:
        paths["recall"] = recall_curves(metrics, out_dir / "recall_at_k.png")
    bins = metrics["qa"].get("confidence", {}).get("reliability", []) if "qa" in metrics else []
    if any(b["n"] for b in bins):
        paths["reliability"] = reliability_diagram(bins, out_dir / "reliability.png")
    if any(latencies.values()):
        paths["latency"] = latency_histogram(latencies, out_dir / "latency.png")
    if "guard" in metrics and metrics["guard"]["n"]:
        paths["guard"] = guard_confusion(metrics["guard"]["confusion"], out_dir / "guard_confusion.png")
    return paths


def recall_curves(metrics: Mapping[str, Any], path: Path) -> Path:
    """Clause recall@k (ours, BM25) and evidence recall against the context budget (all three systems)."""
    plt = _pyplot()
    base = metrics.get("baselines")
    fig, axes = plt.subplots(1, 2 if base else 1, figsize=(11 if base else 6, 4), squeeze=False)
    left = axes[0][0]
    curves = {"ours": metrics["qa"]["recall_curve"]}
    if base:
        curves.update({n: s["recall_curve"] for n, s in base["systems"].items() if n != "ours" and "recall_curve" in s})
    for name, curve in curves.items():
        left.plot(range(1, len(curve) + 1), curve, marker="o", markersize=3, label=SYSTEM_LABELS.get(name, name))
    left.set(xlabel="k (clauses)", ylabel="recall@k", title="Clause recall@k", ylim=(0, 1.02))
    left.xaxis.get_major_locator().set_params(integer=True)
    left.grid(alpha=0.3)
    left.legend(loc="lower right")
    if base:
        right = axes[0][1]
        for name, system in base["systems"].items():
            caps = [int(c) for c in system["evidence_curve"]]
            right.plot(caps, list(system["evidence_curve"].values()), marker="o", label=SYSTEM_LABELS.get(name, name))
        right.axvline(base["cap_chars"], color="grey", linestyle=":", linewidth=1)
        right.set(
            xlabel="context budget (characters)", ylabel="evidence recall", title="Evidence recall", ylim=(0, 1.02)
        )
        right.grid(alpha=0.3)
        right.legend(loc="lower right")
    return _save(plt, fig, path)


def reliability_points(bins: Sequence[Mapping[str, Any]]) -> list[tuple[float, float, int]]:
    """Return (mean confidence, observed accuracy, count) for every non-empty bin."""
    return [(float(b["predicted"]), float(b["observed"]), int(b["n"])) for b in bins if b["n"]]


def reliability_diagram(bins: Sequence[Mapping[str, Any]], path: Path) -> Path:
    """Predicted confidence against observed direction accuracy, with each bin's count; the diagonal is perfect."""
    plt = _pyplot()
    points = reliability_points(bins)
    fig, ax = plt.subplots(figsize=(5, 4.5))
    ax.plot([0, 1], [0, 1], color="grey", linestyle=":", linewidth=1, label="perfectly calibrated")
    ax.plot([p for p, _, _ in points], [o for _, o, _ in points], marker="o", label="answers")
    for predicted, observed, n in points:
        ax.annotate(f"n={n}", (predicted, observed), textcoords="offset points", xytext=(4, -10), fontsize=8)
    ax.set(xlabel="predicted confidence", ylabel="observed accuracy", title="Reliability", xlim=(0, 1), ylim=(0, 1.02))
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left")
    return _save(plt, fig, path)


def latency_histogram(latencies: Mapping[str, Sequence[float]], path: Path) -> Path:
    """Histogram of per-item latencies, one panel per component (their scales differ)."""
    plt = _pyplot()
    series = {name: list(values) for name, values in latencies.items() if values}
    fig, axes = plt.subplots(1, len(series), figsize=(5.5 * len(series), 4), squeeze=False)
    for ax, (name, values) in zip(axes[0], series.items(), strict=True):
        ax.hist(values, bins=30, color="tab:blue", alpha=0.8)
        for q, style in ((50, "-"), (95, "--")):
            value = float(np.percentile(values, q))
            ax.axvline(value, color="black", linestyle=style, linewidth=1, label=f"p{q} {value:.1f} ms")
        ax.set(xlabel="latency (ms)", ylabel="items", title=f"{name} (n={len(values)})")
        ax.legend()
    return _save(plt, fig, path)


def guard_confusion(confusion: Mapping[str, int], path: Path) -> Path:
    """2x2 confusion matrix: expected refuse/allow against what the guard did."""
    plt = _pyplot()
    cells = [[confusion["tp"], confusion["fn"]], [confusion["fp"], confusion["tn"]]]
    fig, ax = plt.subplots(figsize=(4.5, 4))
    ax.imshow(cells, cmap="Blues")
    for row in range(2):
        for col in range(2):
            dark = cells[row][col] > max(max(cells)) / 2
            ax.text(
                col,
                row,
                str(cells[row][col]),
                ha="center",
                va="center",
                fontsize=14,
                color="white" if dark else "black",
            )
    ax.set_xticks([0, 1], labels=["refused", "allowed"])
    ax.set_yticks([0, 1], labels=["should refuse", "should allow"])
    ax.set(xlabel="guard verdict", ylabel="expected", title="Guard confusion matrix")
    return _save(plt, fig, path)


def _save(plt: Any, fig: Any, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
