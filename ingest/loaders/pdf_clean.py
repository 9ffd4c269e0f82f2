"""Pure clean-up of extracted PDF lines: running headers/footers, page numbers, hyphenation, headings."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

_ZONE = 3  # lines at the top and bottom of a page where running headers and footers live
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"(?:page\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:of|/)\s*\d{1,4})?", re.IGNORECASE)
_BROKEN = re.compile(r"([A-Za-z]+)[-\u00ad]$")
_NEXT_WORD = re.compile(r"([a-z]+)(\S*)\s*(.*)$")
_HEADING_SCALE = 1.15  # a line this much larger than body text is a heading
_WORDS = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


@dataclass(slots=True)
class Line:
    """One extracted line and the (0-based) page it is on."""

    text: str
    page: int


def squash(text: str) -> str:
    """Return text without whitespace, for matching lines extracted in two ways."""
    return "".join(text.split())


def _zone(page: Sequence[Line]) -> list[Line]:
    filled = [line for line in page if line.text.strip()]
    return filled[:_ZONE] + filled[-_ZONE:] if len(filled) > 2 * _ZONE else filled


def _key(line: Line) -> str:
    return _DIGITS.sub("#", " ".join(line.text.split()).lower())


def drop_furniture(pages: Sequence[Sequence[Line]]) -> list[Line]:
    """Return the lines of all pages without running headers/footers and page numbers."""
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_key(line) for line in _zone(page)})
    needed = max(2, math.ceil(len(pages) / 2))
    repeated = {key for key, count in counts.items() if count >= needed} if len(pages) > 1 else set()
    kept: list[Line] = []
    for page in pages:
        zone = {id(line) for line in _zone(page)}
        for line in page:
            text = " ".join(line.text.split())
            if id(line) in zone and (_key(line) in repeated or _PAGE_NUMBER.fullmatch(text)):
                continue
            kept.append(line)
    return kept


def dehyphenate(lines: list[Line]) -> list[Line]:
    """Rejoin words broken at line ends ("organ-" + "isation"), keeping real hyphens ("e-safety")."""
    words = Counter(word.lower() for line in lines for word in _WORDS.findall(line.text))
    lines, out = list(lines), list[Line]()
    index = 0
    while index < len(lines):
        line = lines[index]
        nxt = next((j for j in range(index + 1, len(lines)) if lines[j].text.strip()), None)
        broken = _BROKEN.search(line.text.rstrip())
        follow = _NEXT_WORD.match(lines[nxt].text.strip()) if broken and nxt is not None else None
        if broken is None or follow is None or nxt is None:
            out.append(line)
            index += 1
            continue
        left, right = broken.group(1), follow.group(1)
        joiner = "-" if _real_hyphen(left, right, words) else ""
        head = line.text.rstrip()[: broken.end(1)]
        out.append(Line(text=f"{head}{joiner}{right}{follow.group(2)}", page=line.page))
        rest = follow.group(3)
        lines[nxt] = Line(text=rest, page=lines[nxt].page)
        index = nxt if rest else nxt + 1
    return out


def _real_hyphen(left: str, right: str, words: Counter[str]) -> bool:
    """Decide from the document's own words whether a line-end hyphen belongs to the word."""
    joined, hyphenated = f"{left}{right}".lower(), f"{left}-{right}".lower()
    if words[hyphenated] and not words[joined]:
        return True
    if words[joined]:
        return False
    # Short prefixes ("e-safety", "x-ray") are real hyphens; typesetters never break there.
    return len(left) <= 2


def heading_levels(lines: Sequence[Line], fonts: dict[str, tuple[float, bool]]) -> dict[int, int]:
    """Map id(line) to a heading level for lines set larger than body text, or bold short lines."""
    sizes: Counter[float] = Counter()
    for line in lines:
        found = fonts.get(squash(line.text))
        if found:
            sizes[round(found[0], 1)] += len(line.text)
    if not sizes:
        return {}
    body = sizes.most_common(1)[0][0]
    larger = sorted({size for size in sizes if size >= body * _HEADING_SCALE}, reverse=True)
    levels: dict[int, int] = {}
    for line in lines:
        found = fonts.get(squash(line.text))
        if not found or not line.text.strip():
            continue
        size, bold = round(found[0], 1), found[1]
        if size in larger:
            levels[id(line)] = min(larger.index(size) + 1, 6)
        elif bold and size >= body and len(line.text) <= 100 and not line.text.rstrip().endswith((".", ";", ",")):
            levels[id(line)] = min(len(larger) + 1, 6)
    return levels
