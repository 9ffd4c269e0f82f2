"""When a policy is due for review: parse the date it states and compare it with a given day (pure; no clock).

Accepted: ``2026-09``, ``2024-12-17``, ``September 2026``, ``Sept 2026``, ``17 December 2024``, ``12/03/2027``
(day first, as UK policies write it), ``01.09.25`` and a bare year. A date without a day means the **first** day of
that month (a year alone: 1 January): the review is then reported due from the earliest day the author can have
meant, so a policy is never shown as current when its review month has begun.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

ReviewState = Literal["overdue", "due_soon", "current", "none_stated"]

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")
_NUMERIC = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})")
_WORDS = re.compile(r"(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([a-z]+)\.?,?\s+(\d{4})")
_YEAR = re.compile(r"(\d{4})")


def parse_review_date(text: str) -> date | None:
    """Return the day a stated review date means (first of the month when no day is given), or None if unreadable."""
    cleaned = " ".join(text.strip().lower().split())
    for parse in (_iso, _numeric, _words, _year):
        try:
            found = parse(cleaned)
        except ValueError:  # 31/02/2027, month 13: not a date
            return None
        if found is not None:
            return found
    return None


def _iso(text: str) -> date | None:
    match = _ISO.fullmatch(text)
    if not match:
        return None
    year, month, day = match.groups()
    return date(int(year), int(month), int(day or 1))


def _numeric(text: str) -> date | None:
    match = _NUMERIC.fullmatch(text)
    if not match:
        return None
    day, month, year = match.groups()
    return date(int(year) + (2000 if len(year) == 2 else 0), int(month), int(day))


def _words(text: str) -> date | None:
    match = _WORDS.fullmatch(text)
    if not match or match.group(2) not in _MONTHS:
        return None
    day, month, year = match.groups()
    return date(int(year), _MONTHS[month], int(day or 1))


def _year(text: str) -> date | None:
    match = _YEAR.fullmatch(text)
    return date(int(match.group(1)), 1, 1) if match else None


def review_state(review_date: str | None, *, today: date, due_days: int) -> tuple[ReviewState, int | None]:
    """Return (state, days until the review date; negative when overdue; None when no readable date).

    Overdue once the day has passed; due soon from ``due_days`` before it up to and including the day itself.
    An unreadable date counts as none stated (the report still shows the text the policy gives).
    """
    due = parse_review_date(review_date) if review_date else None
    if due is None:
        return "none_stated", None
    days = (due - today).days
    if days < 0:
        return "overdue", days
    return ("due_soon" if days <= due_days else "current"), days
