"""Ingest each format variant into its own index and evaluate it against the .txt original."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from eval.formats import POLICIES, VARIANTS, build

# (label, path into metrics.json) of the figures a format must keep within tolerance of the original.
FIGURES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("recall@10", ("qa", "retrieval", "recall@10")),
    ("citation hit", ("qa", "citation", "hit_rate")),
    ("stance", ("qa", "stance", "accuracy")),
)


def measure(
    out_dir: Path,
    *,
    variants: Sequence[str] = VARIANTS,
    limit: int | None = None,
    ids: Sequence[str] | None = None,
    say: Callable[[str], None] = print,
    embedder: Any = None,
) -> dict[str, dict[str, float | None]]:
    """Return {variant: {figure: value}} for the original ("txt") and each variant."""
    from assistant.settings import Settings
    from assistant.wiring import build_assistant
    from eval.cli_entry import DEFAULT_QA
    from eval.harness import run_eval
    from eval.report import lookup
    from ingest.embedder import load_embedder
    from ingest.pipeline import ingest_paths

    build(out_dir / "corpus", variants=tuple(variants))
    original = out_dir / "corpus" / "txt"
    original.mkdir(parents=True, exist_ok=True)
    for source in POLICIES.glob("*.txt"):
        shutil.copy(source, original / source.name)
    results: dict[str, dict[str, float | None]] = {}
    for variant in ["txt", *variants]:
        folder = out_dir / "corpus" / variant
        policies = folder
        settings = Settings(index_dir=out_dir / "index" / variant, policies_dir=policies, chroma_host=None)
        embedder = embedder or load_embedder(settings)
        report = ingest_paths([], settings=settings, embedder=embedder, rebuild=True)
        if not report.ok:
            raise RuntimeError(f"{variant}: ingest failed: {report}")
        result = run_eval(
            build_assistant(settings, embedder=embedder),
            qa_path=DEFAULT_QA,
            guard_path=None,
            out_dir=out_dir / "reports" / variant,
            baselines=False,
            settings=settings,
            limit=limit,
            ids=ids,
        )
        metrics: dict[str, Any] = result.metrics
        results[variant] = {label: lookup(metrics, path) for label, path in FIGURES}
        say(f"{variant}: " + ", ".join(f"{k} {v:.3f}" for k, v in results[variant].items() if v is not None))
    return results


def table(results: dict[str, dict[str, float | None]]) -> str:
    """Return a Markdown table of each variant's figures and their difference from the original."""
    base = results["txt"]
    lines = ["| variant | " + " | ".join(label for label, _ in FIGURES) + " | max abs diff |", "|---" * 5 + "|"]
    for variant, figures in results.items():
        diffs = [abs((figures[k] or 0) - (base[k] or 0)) for k, _ in FIGURES]
        cells = [f"{figures[k]:.3f}" if figures[k] is not None else "-" for k, _ in FIGURES]
        lines.append(f"| {variant} | " + " | ".join(cells) + f" | {max(diffs):.3f} |")
    return "\n".join(lines)
