"""Parse benchmark: the five policies, and long runs of lines without full stops (linear, not quadratic)."""

from __future__ import annotations

import argparse
import time
from typing import Any

from assistant.settings import REPO_ROOT

POLICIES = REPO_ROOT / "data" / "policies"
LINE = "staff should keep the shared drive tidy and label every folder clearly\n"
SIZES_MB = (0.25, 0.5, 1.0)


def _seconds(text: str) -> float:
    from ingest.parser import parse_document

    started = time.perf_counter()
    parse_document(text, document_id="bench", source="bench.txt")
    return time.perf_counter() - started


def run_without_full_stops(megabytes: float, *, numbered: bool) -> str:
    """Return about ``megabytes`` MB of lines with no full stop, under a numbered clause or a heading."""
    head = "1. Storage\n1.1 Files\n" if numbered else "Storage\n\n"
    return head + LINE * int(megabytes * 1_000_000 / len(LINE))


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Time parsing the real policies and 0.25/0.5/1 MB unpunctuated runs; print and return the figures."""
    argparse.ArgumentParser(description=__doc__).parse_args(argv)
    policies = sum(_seconds(path.read_text(encoding="utf-8")) for path in sorted(POLICIES.glob("*.txt")))
    result: dict[str, Any] = {"five_policies_seconds": round(policies, 3)}
    for numbered in (True, False):
        shape = "numbered" if numbered else "headings"
        for size in SIZES_MB:
            seconds = _seconds(run_without_full_stops(size, numbered=numbered))
            result[f"{shape}_{size}mb_seconds"] = round(seconds, 3)
    for name, value in result.items():
        print(f"{name:>28}: {value}")
    return result


if __name__ == "__main__":
    main()
