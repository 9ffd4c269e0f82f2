"""``python -m eval.formats build OUT_DIR``: write the format corpus."""

from __future__ import annotations

import sys
from pathlib import Path

from eval.formats import build


def main(argv: list[str]) -> int:
    """Build the corpus into the folder given after ``build``."""
    if len(argv) != 2 or argv[0] != "build":
        print("usage: python -m eval.formats build OUT_DIR", file=sys.stderr)
        return 2
    for item in build(Path(argv[1])):
        numbers = f" ({item.automatic} automatic numbers, {item.typed} typed)" if item.variant == "docx-auto" else ""
        print(f"{item.path}{numbers}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
