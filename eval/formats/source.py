"""A bundled .txt policy read as blocks (numbered headings, numbered clauses, paragraphs, bullets, tables)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.scanner import BULLET, NUMBER, PART

_TABLE_RULE = re.compile(r"\|?\s*:?-{3,}")


@dataclass(frozen=True, slots=True)
class Block:
    """One source line: its kind, typed number, text after the number, and whether it was a bullet."""

    kind: str  # heading | clause | para | table | part
    text: str
    raw: str
    number: tuple[int, ...] = ()
    bullet: bool = False
    cells: tuple[str, ...] = ()


def _is_heading(text: str) -> bool:
    """Mirror the parser's test for a numbered heading's words (short, capitalised, no end punctuation)."""
    return (
        0 < len(text) <= 80
        and text[0].isalpha()
        and text[0].isupper()
        and not text.endswith((".", ";", ":", ",", ":-"))
        and len(text.split()) <= 12
    )


def read_blocks(text: str) -> list[Block]:
    """Return the non-blank lines of a policy as blocks, in order."""
    blocks: list[Block] = []
    pending = False  # a lone "-" whose item is on the next line
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if BULLET.fullmatch(stripped):
            pending = True
            continue
        if pending:
            stripped, line, pending = f"- {stripped}", f"- {stripped}", False
        if stripped.startswith("|"):
            if not _TABLE_RULE.match(stripped):
                cells = tuple(cell.strip() for cell in stripped.strip("|").split("|"))
                blocks.append(Block("table", stripped, line, cells=cells))
            continue
        marker = BULLET.match(stripped)
        body = stripped[marker.end() :] if marker else stripped
        if PART.fullmatch(body):
            blocks.append(Block("part", body, line))
            continue
        match = NUMBER.match(body)
        if match and match.end() < len(body):
            number = tuple(int(part) for part in match.group(1).split("."))
            rest = body[match.end() :]
            kind = "heading" if len(number) == 1 and not marker and _is_heading(rest) else "clause"
            blocks.append(Block(kind, rest, line, number=number, bullet=bool(marker)))
            continue
        blocks.append(Block("para", body, line, bullet=bool(marker)))
    return blocks
