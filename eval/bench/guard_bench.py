"""Guard benchmark: recall on refuse, false-refusal rate on allow (overall and per category), and latency.

Run: ``HF_HUB_OFFLINE=1 .venv/bin/python -m eval.bench.guard_bench [--data eval/data/guard.jsonl] [--no-ner]``.

Items are JSON lines ``{"id", "prompt", "expected": "refuse" | "allow", "categories": [...]}``. The guard is
built as in production (YAML in data/guard/, public contacts harvested from data/policies/, Presidio + spaCy),
warmed up, then every prompt is checked ``--repeat`` times; latency is per prompt per check.
Category recall counts a refuse item as caught for a category when the guard refused it and named that category.
The printed table and returned dict never contain prompt text, only ids.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from assistant.guard import Category, Guard, GuardConfig
from assistant.guard.presidio import build_analyzer
from assistant.settings import REPO_ROOT, Settings

GUARD_PATH = REPO_ROOT / "eval" / "data" / "guard.jsonl"
DEV_PATH = REPO_ROOT / "tests" / "assistant" / "guard" / "guard_cases.jsonl"


def load_items(path: Path) -> list[dict[str, Any]]:
    """Read guard items (JSON lines), accepting "prompt" or "text" and "expected" or a boolean "refuse"."""
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        raw = json.loads(line)
        refuse = raw["expected"] == "refuse" if "expected" in raw else bool(raw["refuse"])
        items.append(
            {
                "id": str(raw.get("id", number)),
                "prompt": raw.get("prompt", raw.get("text", "")),
                "refuse": refuse,
                "categories": [Category(c) for c in raw.get("categories", ())],
            }
        )
    return items


def build_bench_guard(*, use_ner: bool = True, settings: Settings | None = None) -> Guard:
    """Build the guard as production does, harvesting public contacts from the policy texts."""
    settings = settings or Settings()
    texts = [p.read_text(encoding="utf-8") for p in sorted(settings.policies_dir.glob("*.txt"))]
    config = GuardConfig.load(settings.guard_dir, public_texts=texts)
    return Guard(config, analyzer=build_analyzer() if use_ner else None)


def run(path: Path, *, guard: Guard, repeat: int = 3) -> dict[str, Any]:
    """Score the guard on one labelled file and time it; return the metrics dict."""
    items = load_items(path)
    guard.warm_up()
    latencies: list[float] = []
    missed: list[str] = []
    false_refusals: list[str] = []
    per_cat: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for item in items:
        verdict = guard.check(item["prompt"])
        for _ in range(repeat):
            start = time.perf_counter()
            guard.check(item["prompt"])
            latencies.append((time.perf_counter() - start) * 1000)
        if item["refuse"] and verdict.allowed:
            missed.append(item["id"])
        if not item["refuse"] and verdict.refused:
            false_refusals.append(item["id"])
        for category in item["categories"]:
            per_cat[category.value][1] += 1
            per_cat[category.value][0] += int(verdict.refused and category in verdict.categories)
    refuse = sum(i["refuse"] for i in items)
    allow = len(items) - refuse
    ordered = sorted(latencies)
    return {
        "dataset": str(path),
        "items": len(items),
        "refuse_items": refuse,
        "allow_items": allow,
        "recall": round(1 - len(missed) / refuse, 4) if refuse else None,
        "false_refusal_rate": round(len(false_refusals) / allow, 4) if allow else None,
        "category_recall": {c: round(hit / n, 4) for c, (hit, n) in sorted(per_cat.items())},
        "p50_ms": round(statistics.median(ordered), 2) if ordered else None,
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 2) if ordered else None,
        "missed_ids": missed,
        "false_refusal_ids": false_refusals,
    }


def print_table(result: dict[str, Any]) -> None:
    """Print the metrics as a small plain-text table (ids only, never prompts)."""
    print(f"guard bench: {result['dataset']} ({result['refuse_items']} refuse / {result['allow_items']} allow)")
    for name in ("recall", "false_refusal_rate", "p50_ms", "p95_ms"):
        print(f"  {name:<22}{result[name]}")
    for category, value in result["category_recall"].items():
        print(f"  recall[{category}]".ljust(24) + str(value))
    print(f"  missed:          {', '.join(result['missed_ids']) or '-'}")
    print(f"  false refusals:  {', '.join(result['false_refusal_ids']) or '-'}")


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Benchmark the guard on the labelled set (eval/data/guard.jsonl, else the unit-test cases)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=GUARD_PATH if GUARD_PATH.exists() else DEV_PATH)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-ner", action="store_true", help="rule-based recognizers only (no Presidio/spaCy)")
    parser.add_argument("--out", type=Path, default=None, help="also write the result as JSON")
    args = parser.parse_args(argv)
    result = run(args.data, guard=build_bench_guard(use_ner=not args.no_ner), repeat=args.repeat)
    result["ner"] = not args.no_ner
    print_table(result)
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
