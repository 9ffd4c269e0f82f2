"""What changed between two versions of a policy: clause cards with a word-level highlight (escaped HTML)."""

from __future__ import annotations

import html
from collections.abc import Sequence

import streamlit as st

from assistant.owners.diff import ClauseChange, DocumentChanges, WordSpan

KIND_LABELS = {"added": "Added", "removed": "Removed", "changed": "Changed", "renumbered": "Renumbered"}
KIND_ORDER = ("added", "removed", "changed", "renumbered")


def words_html(words: Sequence[WordSpan]) -> str:
    """Return a word-level diff as HTML: removed words in <del>, added ones in <ins>, every text escaped."""
    out: list[str] = []
    previous = ""
    for span in words:
        if previous and not previous[-1].isspace() and span.text[:1] and not span.text[0].isspace():
            out.append(" ")  # spans of bare words: put the space between them back
        text = html.escape(span.text)
        if span.kind in ("added", "removed"):
            tag = "ins" if span.kind == "added" else "del"
            text = f"<{tag}>{text}</{tag}>"
        out.append(text)
        previous = span.text or previous
    return "".join(out)


def change_where(change: ClauseChange) -> str:
    """Return the clause id as the owner reads it: "§2.4", or "§2.3 → §2.4" when it moved."""
    if change.old_clause_id and change.old_clause_id != change.clause_id:
        return f"§{change.old_clause_id} → §{change.clause_id}"
    return f"§{change.clause_id}"


def change_html(change: ClauseChange) -> str:
    """Return one change as a card: kind, clause id(s), title, and its text with the highlight."""
    if change.kind == "changed" and change.words:
        body = words_html(change.words)
    elif change.kind == "added":
        body = f"<ins>{html.escape(change.new_text)}</ins>"
    elif change.kind == "removed":
        body = f"<del>{html.escape(change.old_text)}</del>"
    elif change.kind == "changed":  # no word spans: show the old text struck out, then the new
        body = f"<del>{html.escape(change.old_text)}</del> <ins>{html.escape(change.new_text)}</ins>"
    else:
        body = html.escape(change.new_text)
    title = f'<span class="pa-ctitle">{html.escape(change.title)}</span>' if change.title else ""
    return (
        f'<div class="pa-change pa-change-{html.escape(change.kind)}">'
        f'<div class="pa-change-head"><span class="pa-kind">{KIND_LABELS.get(change.kind, change.kind)}</span>'
        f'<span class="pa-cid">{html.escape(change_where(change))}</span>{title}</div>'
        f'<div class="pa-diff">{body}</div></div>'
    )


def change_counts(changes: DocumentChanges) -> dict[str, int]:
    """Return how many clauses were added, removed, changed, renumbered and left unchanged."""
    counts = {kind: 0 for kind in KIND_ORDER}
    for change in changes.changes:
        counts[change.kind] = counts.get(change.kind, 0) + 1
    return {**counts, "unchanged": changes.unchanged}


def versions_caption(changes: DocumentChanges, *, upload: bool = False) -> str:
    """Return "Version 1 → version 2" ("→ this file" for an upload), or say there is nothing to compare with."""
    new = "this file" if upload else f"version {changes.new_version}"
    if changes.old_version is None:
        return f"The published version → {new}" if upload else "There is no earlier version to compare with."
    return f"Version {changes.old_version} → {new}"


def render_changes(changes: DocumentChanges, *, upload: bool = False) -> None:
    """Show the counts and every added, removed, changed and renumbered clause (upload: against an uploaded file)."""
    st.caption(versions_caption(changes, upload=upload))
    counts = change_counts(changes)
    columns = st.columns(len(counts))
    for column, (kind, count) in zip(columns, counts.items(), strict=True):
        column.metric(KIND_LABELS.get(kind, kind.capitalize()), count)
    if not changes.changes:
        st.info("No clause changed.", icon=":material/check_circle:")
        return
    st.markdown("".join(change_html(change) for change in changes.changes), unsafe_allow_html=True)
