"""A Word document whose clause numbers come from Word's automatic numbering, not typed text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from eval.formats.docx_writer import LEVEL_TEXTS, _typed, _with_tables, package, paragraph, run, table
from eval.formats.source import Block


@dataclass(slots=True)
class _Counters:
    """Mirror of Word's counters for the clause list, so only numbers Word would show are left to it."""

    num_id: int = 1
    restarts: int = 0
    values: list[int] = field(default_factory=list)
    automatic: int = 0
    typed: int = 0

    def predict(self, depth: int) -> tuple[int, ...] | None:
        if depth > len(self.values):
            return None  # Word would show a skipped level as its start value without counting it
        current = self.values[depth] + 1 if len(self.values) > depth else 1
        return (*self.values[:depth], current)

    def take(self, number: tuple[int, ...]) -> bool:
        """Advance to ``number`` if Word would number the next paragraph so; else leave it typed."""
        depth = len(number) - 1
        if depth < len(LEVEL_TEXTS) and self.predict(depth) == number:
            self.values = list(number)
            self.automatic += 1
            return True
        if number == (1,) and self.values:  # a second policy in the file: restart the list
            self.restarts += 1
            self.num_id = 2 + self.restarts
            self.values = [1]
            self.automatic += 1
            return True
        self.typed += 1
        return False


def automatic_docx(blocks: Sequence[Block], *, title: str) -> tuple[bytes, int, int]:
    """Return the document and how many numbers are automatic and typed."""
    counters = _Counters()
    body: list[str] = []
    for block in _with_tables(blocks):
        if isinstance(block, list):
            body.append(table(block))
            continue
        numbered = block.kind in ("heading", "clause") and not (block.bullet and len(block.number) == 1)
        if numbered and counters.take(block.number):
            depth = len(block.number) - 1
            if block.kind == "heading":
                style, num = "Heading1", (counters.num_id, 0) if counters.num_id != 1 else None
            elif depth == 1 and counters.num_id == 1:
                style, num = "ListNumber", None  # the number comes from the style's link to the list
            else:
                style, num = None, (counters.num_id, depth)
            body.append(paragraph(run(block.text), style=style, num=num))
        elif block.kind == "heading":
            body.append(paragraph(run(_typed(block)), style="Heading1", num=(0, 0)))
        elif block.bullet:
            body.append(paragraph(run(_typed(block)), style="ListBullet"))
        else:
            body.append(paragraph(run(_typed(block))))
    return package(body, title=title, restarts=counters.restarts), counters.automatic, counters.typed
