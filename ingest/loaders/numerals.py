"""List numbers in the styles Word and HTML use: decimal, letters, roman numerals."""

from __future__ import annotations

_ROMAN: tuple[tuple[int, str], ...] = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
    (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def _roman(value: int) -> str:
    out = []
    for size, numeral in _ROMAN:
        count, value = divmod(value, size)
        out.append(numeral * count)
    return "".join(out)


def _letters(value: int) -> str:
    # Word and browsers repeat the letter past z: aa, bb, ...
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)


def format_number(value: int, style: str) -> str:
    """Return ``value`` written in a Word numFmt / HTML list style; unknown styles fall back to decimal."""
    if value < 1 and style != "decimal":
        return str(value)
    if style == "lowerLetter":
        return _letters(value)
    if style == "upperLetter":
        return _letters(value).upper()
    if style == "lowerRoman":
        return _roman(value)
    if style == "upperRoman":
        return _roman(value).upper()
    if style == "decimalZero":
        return f"{value:02d}"
    return str(value)
