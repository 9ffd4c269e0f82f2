"""Pure clean-up of extracted PDF lines: running headers/footers, page numbers, hyphenation, headings."""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

_ZONE = 3  # lines at the top and bottom of a page where running headers and footers live
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"(?:page\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:of|/)\s*\d{1,4})?", re.IGNORECASE)
_BROKEN = re.compile(r"([A-Za-z]+)[-\u00ad]$")
_NEXT_WORD = re.compile(r"([a-z]+)(\S*)\s*(.*)$")
_HEADING_SCALE = 1.15  # a line this much larger than body text is a heading
_WORDS = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_LIST_MARKER = re.compile(r"(?:[-•*\u25aa\u25cf]\s|\(?[0-9a-zA-Z]{1,3}[.)]\s|\d{1,2}(?:\.\d{1,2})+\.?\s)")
_SENTENCE_END = re.compile(r"[.:;!?]['\"”’)]?$")
_PARAGRAPH_GAP = 1.3  # a gap this many line pitches wide separates paragraphs
_LINE_GAP = 1.15


@dataclass(slots=True)
class Line:
    """One extracted line, the (0-based) page it is on, and where known its baseline, font size and weight."""

    text: str
    page: int
    y: float | None = None
    size: float | None = None
    bold: bool = False

    def but(self, text: str) -> Line:
        """Return this line with other text."""
        return Line(text, self.page, self.y, self.size, self.bold)


def squash(text: str) -> str:
    """Return text without whitespace, for matching lines extracted in two ways."""
    return "".join(text.split())


def _zones(page: Sequence[Line]) -> tuple[list[Line], list[Line]]:
    """Return the top and bottom lines of a page, where running headers and footers live."""
    filled = [line for line in page if line.text.strip()]
    return filled[:_ZONE], filled[-_ZONE:]


def _key(line: Line) -> str:
    return _DIGITS.sub("#", " ".join(line.text.split()).lower())


def drop_furniture(pages: Sequence[Sequence[Line]]) -> list[Line]:
    """Return the lines of all pages without running headers/footers and page numbers.

    A header repeats at the top of most pages, a footer at the bottom (digits ignored: "Page 2 of 3").
    """
    counts: Counter[tuple[str, str]] = Counter()
    for page in pages:
        top, bottom = _zones(page)
        counts.update({("top", _key(line)) for line in top} | {("bottom", _key(line)) for line in bottom})
    needed = max(2, math.ceil(len(pages) / 2))
    repeated = {key for key, count in counts.items() if count >= needed} if len(pages) > 1 else set()
    kept: list[Line] = []
    for page in pages:
        top, bottom = _zones(page)
        zone = {id(line): "top" for line in top} | {id(line): "bottom" for line in bottom}
        for line in page:
            text = " ".join(line.text.split())
            where = zone.get(id(line))
            if where and ((where, _key(line)) in repeated or _PAGE_NUMBER.fullmatch(text)):
                continue
            kept.append(line)
    return kept


def dehyphenate(lines: Sequence[Line], *, known: Callable[[str], bool] = lambda word: False) -> list[Line]:
    """Rejoin words broken at line ends ("organ-" + "isation"), keeping real hyphens ("e-safety")."""
    words = Counter(word.lower() for line in lines for word in _WORDS.findall(line.text))
    words.update(part for word in list(words) if "-" in word for part in word.split("-"))
    words.subtract(_fragments(lines))  # the halves of broken words are not evidence of themselves
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
        joiner = "-" if _real_hyphen(left, right, words, known) else ""
        head = line.text.rstrip()[: broken.end(1)]
        out.append(line.but(f"{head}{joiner}{right}{follow.group(2)}"))
        rest = follow.group(3)
        lines[nxt] = lines[nxt].but(rest)
        index = nxt if rest else nxt + 1
    return out


def _fragments(lines: Sequence[Line]) -> Counter[str]:
    """Count the word halves at line-end hyphens: the part before the hyphen and the part after."""
    halves: Counter[str] = Counter()
    for line, following in itertools.pairwise(lines):
        broken = _BROKEN.search(line.text.rstrip())
        follow = _NEXT_WORD.match(following.text.strip()) if broken else None
        if broken and follow:
            halves.update([broken.group(1).lower(), follow.group(1).lower()])
    return halves


def _real_hyphen(left: str, right: str, words: Counter[str], known: Callable[[str], bool]) -> bool:
    """Decide from the document's own words, then a vocabulary, whether a line-end hyphen belongs to the word."""
    joined, hyphenated = f"{left}{right}".lower(), f"{left}-{right}".lower()
    if words[hyphenated] > 0 and words[joined] <= 0:
        return True
    if words[joined] > 0:
        return False
    if len(left) <= 2:
        return True  # "e-safety", "co-operate": typesetters keep at least three letters before a break
    if known(joined):
        return False
    # Two words ("Anti-harassment", "follow-up") keep their hyphen.
    return all(words[part.lower()] > 0 or known(part.lower()) for part in (left, right))


def heading_levels(lines: Sequence[Line]) -> dict[int, int]:
    """Map id(line) to a heading level for lines set larger than body text, or bold short lines."""
    sizes: Counter[float] = Counter()
    for line in lines:
        if line.size:
            sizes[round(line.size, 1)] += len(line.text)
    if not sizes:
        return {}
    body = sizes.most_common(1)[0][0]
    larger = sorted({size for size in sizes if size >= body * _HEADING_SCALE}, reverse=True)
    levels: dict[int, int] = {}
    for line in lines:
        if not line.size or not line.text.strip():
            continue
        size = round(line.size, 1)
        if size in larger:
            levels[id(line)] = min(larger.index(size) + 1, 6)
        elif line.bold and size >= body and len(line.text) <= 100 and not line.text.rstrip().endswith((".", ";", ",")):
            levels[id(line)] = min(len(larger) + 1, 6)
    return levels


def join_paragraphs(lines: Sequence[Line]) -> list[Line]:
    """Join wrapped lines into paragraphs where the layout shows paragraph spacing (gaps between blocks).

    Within a page a line continues the one above when it follows at the usual line pitch in the same font;
    across a page break, when the line above does not end a sentence. List items never join.
    """
    gaps = Counter(
        round(above.y - below.y)
        for above, below in itertools.pairwise(lines)
        if above.page == below.page and above.y is not None and below.y is not None and above.y > below.y
    )
    if not gaps:
        return list(lines)
    # The line pitch is the smallest gap that recurs; paragraph gaps are wider (and may be as frequent).
    common = [gap for gap, count in gaps.items() if gap > 0 and count >= max(2, 0.1 * gaps.total())]
    pitch = min(common or gaps)
    if not any(gap >= pitch * _PARAGRAPH_GAP for gap in gaps):
        return list(lines)  # no paragraph spacing: the layout cannot tell a wrap from a new paragraph
    out: list[Line] = []
    for line in lines:
        previous = out[-1] if out else None
        if previous is not None and line.text.strip() and _continues(previous, line, pitch):
            out[-1] = Line(
                f"{previous.text.rstrip()} {line.text.strip()}", previous.page, line.y, previous.size, previous.bold
            )
        else:
            out.append(line)
    return out


def _continues(above: Line, below: Line, pitch: float) -> bool:
    if not above.text.strip() or _LIST_MARKER.match(below.text.strip()):
        return False
    if above.size != below.size or above.bold != below.bold or above.y is None or below.y is None:
        return False
    if below.page == above.page:
        return 0 < above.y - below.y <= pitch * _LINE_GAP
    return below.page == above.page + 1 and not _SENTENCE_END.search(above.text.rstrip())
