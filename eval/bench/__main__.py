"""Run every benchmark (eval/bench/*_bench.py, each with main() -> dict); write eval/reports/bench/latest.json."""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPORT = BENCH_DIR.parent / "reports" / "bench" / "latest.json"


def bench_modules() -> list[str]:
    """Return the benchmark module names, in alphabetical order."""
    return [f"eval.bench.{path.stem}" for path in sorted(BENCH_DIR.glob("*_bench.py"))]


def run_all(modules: list[str]) -> dict[str, Any]:
    """Run each benchmark's main() with no arguments; a failing one is recorded and the rest still run."""
    results: dict[str, Any] = {}
    for name in modules:
        short = name.rsplit(".", 1)[-1].removesuffix("_bench")
        print(f"\n=== {short} ===", flush=True)
        started = time.perf_counter()
        try:
            result = importlib.import_module(name).main([])
            results[short] = {"ok": True, "seconds": round(time.perf_counter() - started, 1), "result": result}
        except (Exception, SystemExit) as exc:  # one broken benchmark must not hide the others' figures
            traceback.print_exc()
            results[short] = {"ok": False, "seconds": round(time.perf_counter() - started, 1), "error": repr(exc)}
    return results


def main() -> int:
    """Run all benchmarks, print their output, write the JSON report; exit non-zero if any failed."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    results = run_all(bench_modules())
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    report = {"finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "benchmarks": results}
    REPORT.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"\nwrote {REPORT}")
    return 0 if all(item["ok"] for item in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
