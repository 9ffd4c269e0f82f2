"""The `policy-assistant eval` command: run the harness with the real assistant and print the headline."""

from __future__ import annotations

from pathlib import Path

from assistant.settings import Settings

DATA = Path(__file__).resolve().parent / "data"
DEFAULT_QA = DATA / "qa.jsonl"
DEFAULT_GUARD = DATA / "guard.jsonl"


def run_from_cli(
    *,
    qa: Path | None,
    guard: Path | None,
    out: Path,
    baselines: bool,
    limit: int | None,
    settings: Settings,
    organisation: str | None = None,
) -> int:
    """Evaluate (defaults: the bundled sets), write the report to ``out`` and print the headline table."""
    from assistant.wiring import build_assistant
    from eval.harness import run_eval
    from eval.report import headline_table

    if qa is None and guard is None:
        qa, guard = DEFAULT_QA, DEFAULT_GUARD
    result = run_eval(
        build_assistant(settings),
        qa_path=qa,
        guard_path=guard,
        out_dir=out,
        baselines=baselines,
        settings=settings,
        limit=limit,
        organisation=organisation,
    )
    print(headline_table(result.metrics))
    print(f"\nreport: {result.report_path}")
    return 0
