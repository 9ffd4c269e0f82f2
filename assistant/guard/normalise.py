"""Undo obfuscation (look-alikes, leetspeak, spaced-out letters), keeping offsets into the original text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Look-alike letters that NFKC leaves alone (Cyrillic, Greek) mapped to the Latin letter they imitate.
_CONFUSABLES = str.maketrans(
    {
        "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
        "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I",
        "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ι": "i",
        "κ": "k", "ν": "v", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ß": "ss", "‘": "'", "’": "'", "ʼ": "'",
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-", "\u00a0": " ",
    }
)  # fmt: skip
_RTL_OPEN = frozenset("\u202e\u202b\u2067")  # right-to-left override, embedding, isolate
_RTL_CLOSE = frozenset("\u202c\u2069\u202a\u202d\u2066\u2068")  # pop, pop isolate, or a left-to-right opener
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s"})
_LEET_CHARS = frozenset("0134578@$")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)|[A-Za-z]?\d+[A-Za-z]?|[A-Za-z]{1,2}\d+", re.IGNORECASE)
_TOKEN = re.compile(r"[^\s.,;:!?()\[\]{}\"'/\\]+")
# Three or more single letters split by single separators: "O a k w o o d", "O.A.K.W.O.O.D".
_SPACED = re.compile(r"(?<![^\W_])(?:[^\W_][ ._\-*]){2,}[^\W_](?![^\W_])")


@dataclass(frozen=True, slots=True)
class View:
    """A rewritten text and, for every character of it, the index of the original character it came from."""

    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of this view back to the original text."""
        if not self.origin or start >= end:
            return (0, 0)
        first, last = self.origin[start], self.origin[min(end, len(self.origin)) - 1]
        if first <= last:
            return (first, last + 1)
        covered = self.origin[start:end]  # a right-to-left run was reversed: offsets go backwards here
        return (min(covered), max(covered) + 1)


def clean(text: str) -> View:
    """Apply NFKC, drop invisible and combining marks and fold look-alike letters; keep case and digits."""
    out: list[str] = []
    origin: list[int] = []
    for index in display_order(text):
        char = text[index]
        if char.isascii() and char != "\x00":
            out.append(char)
            origin.append(index)
            continue
        folded = unicodedata.normalize("NFKC", char).translate(_CONFUSABLES)
        for piece in unicodedata.normalize("NFKD", folded):
            category = unicodedata.category(piece)
            if category in ("Mn", "Me", "Cf", "Cc", "Cs", "Co", "Cn") and piece not in "\n\t":
                continue
            out.append(piece.translate(_CONFUSABLES))
            origin.append(index)
    return View("".join(out), tuple(origin))


def display_order(text: str) -> list[int]:
    """Return character indices in the order a reader sees them: runs after a right-to-left override are reversed.

    "\u202enworB aivilO\u202c" shows as "Olivia Brown"; the guard must read what the reader reads.
    """
    order: list[int] = []
    run: list[int] | None = None
    for index, char in enumerate(text):
        if char in _RTL_OPEN:
            if run is not None:
                order.extend(reversed(run))
            run = []
        elif run is not None and (char in _RTL_CLOSE or char == "\n"):
            order.extend(reversed(run))
            run = None
            order.append(index)
        elif run is not None:
            run.append(index)
        else:
            order.append(index)
    if run is not None:
        order.extend(reversed(run))
    return order


def deobfuscate(view: View) -> View:
    """Collapse spaced-out letters, then read leetspeak digits inside words as letters."""
    keep = [True] * len(view.text)
    for match in _SPACED.finditer(view.text):
        for pos in range(match.start() + 1, match.end(), 2):
            keep[pos] = False
    text = "".join(c for c, k in zip(view.text, keep, strict=True) if k)
    origin = tuple(o for o, k in zip(view.origin, keep, strict=True) if k)
    chars = list(text)
    for match in _TOKEN.finditer(text):
        if _looks_leet(match.group()):
            for pos in range(match.start(), match.end()):
                chars[pos] = chars[pos].translate(_LEET)
    return View("".join(chars), origin)


def _looks_leet(token: str) -> bool:
    """Return True for words that mix letters with look-alike digits ("0akw00d", "Ac4demy"), not "Y7" or "10th"."""
    letters = sum(c.isalpha() for c in token)
    if letters < 2 or not any(c in _LEET_CHARS for c in token) or _ORDINAL.fullmatch(token):
        return False
    return not token.isupper() or letters >= 3


def compact(text: str) -> View:
    """Keep only lower-cased letters and digits (with 1/l folded to i), for spacing-proof name matching."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char.isalnum():
            chars.append(key_char(char))
            origin.append(index)
    return View("".join(chars), tuple(origin))


def key_char(char: str) -> str:
    """Fold one character to its matching key: lower case, leet digits read as letters, l/1/i merged."""
    lowered = char.lower().translate(_LEET)
    return "i" if lowered == "l" else lowered


def key(text: str) -> str:
    """Return the compact matching key of a configured name ("St Mary's C of E" -> "stmarysciofe")."""
    return "".join(key_char(c) for c in clean(text).text if c.isalnum())


def word_set(words: str) -> frozenset[str]:
    """Return the whitespace-separated words of a block as a set (keeps long word lists readable)."""
    return frozenset(words.split())
