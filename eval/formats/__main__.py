"""``python -m eval.formats build OUT_DIR`` writes the format corpus; ``eval OUT_DIR [LIMIT]`` measures it."""

from __future__ import annotations

import sys
from pathlib import Path

from eval.formats import build

USAGE = "usage: python -m eval.formats build OUT_DIR | eval OUT_DIR [LIMIT]"


def main(argv: list[str]) -> int:
    """Build the corpus into OUT_DIR, or build, ingest and evaluate every variant there."""
    if len(argv) == 2 and argv[0] == "build":
        for item in build(Path(argv[1])):
            numbers = (
                f" ({item.automatic} automatic numbers, {item.typed} typed)" if item.variant == "docx-auto" else ""
            )
            print(f"{item.path}{numbers}")
        return 0
    if len(argv) in (2, 3) and argv[0] == "eval":
        from eval.formats.measure import measure, table

        limit = int(argv[2]) if len(argv) == 3 else None
        results = measure(Path(argv[1]), limit=limit)
        print(table(results))
        (Path(argv[1]) / "formats.md").write_text(table(results) + "\n", encoding="utf-8")
        return 0
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
