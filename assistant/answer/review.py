"""Policies age: say so when a cited policy is past its review date."""

from __future__ import annotations

import calendar
import re
from datetime import date

from ingest.clause import DocumentMeta

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")


def parse_review_date(value: str | None) -> tuple[date, bool] | None:
    """Return (due date, day_known) for "YYYY-MM" or "YYYY-MM-DD"; a bare month is due at its end."""
    match = _ISO.match(value or "")
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        return None
    if match.group(3):
        return date(year, month, int(match.group(3))), True
    return date(year, month, calendar.monthrange(year, month)[1]), False


def review_notice(meta: DocumentMeta, *, today: date) -> str | None:
    """Return the out-of-date warning for a document, or None while it is current or undated."""
    parsed = parse_review_date(meta.review_date)
    if parsed is None:
        return None
    due, day_known = parsed
    if today <= due:
        return None
    when = (
        f"{due.day} {calendar.month_name[due.month]} {due.year}"
        if day_known
        else (f"{calendar.month_name[due.month]} {due.year}")
    )
    title = meta.title or meta.document_id
    return f"This policy ({title}) was due for review in {when}; check it is still current."
