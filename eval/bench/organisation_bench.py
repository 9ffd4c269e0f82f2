"""Latency of scoped vs unscoped answers on the real index: every bundled organisation against all documents.

Run: ``HF_HUB_OFFLINE=1 .venv/bin/python -m eval.bench.organisation_bench [--rounds 3]`` (needs `policy-assistant
ingest`). Questions from eval/data/qa.jsonl are asked in interleaved order (unscoped, then as each organisation), so
the load of a shared machine falls on both alike; prints p50/p95 of Assistant.ask in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from assistant.settings import REPO_ROOT, get_settings
from assistant.wiring import build_assistant
from eval.metrics import percentile


def _percentiles(samples: list[float]) -> dict[str, float | None]:
    p50, p95 = percentile(samples, 50), percentile(samples, 95)
    return {"p50_ms": round(p50, 2) if p50 is not None else None, "p95_ms": round(p95, 2) if p95 is not None else None}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Time unscoped and organisation-scoped answers over the same questions; print and return the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--stride", type=int, default=6, help="use every n-th question of the QA set")
    args = parser.parse_args(argv)
    assistant = build_assistant(get_settings())
    organisations = [org.id for org in assistant.organisations()]
    lines = (REPO_ROOT / "eval" / "data" / "qa.jsonl").read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line)["question"] for line in lines[:: args.stride] if line.strip()]
    unscoped: list[float] = []
    scoped: list[float] = []
    for _ in range(args.rounds):
        for index, question in enumerate(questions):
            organisation = organisations[index % len(organisations)]
            for target, kwargs in ((unscoped, {}), (scoped, {"organisation": organisation})):
                started = time.perf_counter()
                assistant.ask_extractive(question, **kwargs)
                target.append((time.perf_counter() - started) * 1000)
    report: dict[str, Any] = {"organisations": len(organisations), "questions": len(unscoped)}
    report |= {"unscoped": _percentiles(unscoped), "scoped": _percentiles(scoped)}
    print(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    main()
