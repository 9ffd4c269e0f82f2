"""Clause text as safe HTML, with a cited quote highlighted."""

from __future__ import annotations

import html
import re


def _loose_pattern(quote: str) -> re.Pattern[str] | None:
    """Return a pattern matching the quote with any run of whitespace between words."""
    words = quote.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)


def highlight_html(text: str, quote: str) -> str:
    """Return the clause text HTML-escaped, with the first occurrence of the quote wrapped in <mark>."""
    pattern = _loose_pattern(quote)
    match = pattern.search(text) if pattern else None
    if match is None:
        return html.escape(text)
    before, hit, after = text[: match.start()], text[match.start() : match.end()], text[match.end() :]
    return f"{html.escape(before)}<mark>{html.escape(hit)}</mark>{html.escape(after)}"


def clause_html(
    *, clause_id: str, text: str, lead_in: str = "", quote: str = "", target: bool = False, label: str = ""
) -> str:
    """Return one clause as a block: its label ("§<id>" by default), an optional lead-in, and the (highlighted) text."""
    lead = f'<span class="pa-lead">{html.escape(lead_in)}</span> ' if lead_in else ""
    body = highlight_html(text, quote) if quote else html.escape(text)
    css = "pa-clause pa-target" if target else "pa-clause"
    return (
        f'<div class="{css}"><span class="pa-cid">{html.escape(label or "§" + clause_id)}</span>'
        f'<span class="pa-ctext">{lead}{body}</span></div>'
    )
