"""Feedback page for the policy owner: thumbs up/down and comment counts per cited clause."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from assistant.errors import PolicyAssistantError
from assistant.feedback import ClauseFeedback
from ingest.clause import DocumentMeta
from ui.services import documents_by_id, get_assistant, get_feedback_store


def feedback_rows(counts: list[ClauseFeedback], documents: dict[str, DocumentMeta]) -> list[dict[str, object]]:
    """Return one table row per clause, with the policy's title instead of its id."""
    return [
        {
            "Policy": documents[row.document].title if row.document in documents else row.document,
            "Clause": f"§{row.clause}",
            "Helpful": row.up,
            "Not helpful": row.down,
            "Comments": row.comments,
        }
        for row in counts
    ]


def friendly_time(iso: str) -> str:
    """Return an ISO timestamp as "21 Nov 2026, 20:56 UTC" (unparseable text is returned as is)."""
    try:
        return datetime.fromisoformat(iso).strftime("%d %b %Y, %H:%M UTC")
    except ValueError:
        return iso


def _documents() -> dict[str, DocumentMeta]:
    try:
        return documents_by_id(get_assistant())
    except PolicyAssistantError:
        return {}  # the counts still make sense with bare document ids


def render() -> None:
    """Render the feedback summary."""
    st.title("Feedback on answers")
    st.caption("Ratings staff gave to answers, counted against each clause the answer cited. No questions are stored.")
    store = get_feedback_store()
    up, down = store.totals()
    left, right = st.columns(2)
    left.metric("Helpful answers", up)
    right.metric("Not helpful answers", down)
    counts = store.counts_by_clause()
    if not counts:
        st.info("No feedback on cited clauses yet.", icon=":material/inbox:")
        return
    documents = _documents()
    st.caption("Clauses with the most “not helpful” ratings come first: they may need clearer wording.")
    st.dataframe(feedback_rows(counts, documents), hide_index=True, width="stretch")
    commented = [row for row in counts if row.comments]
    if not commented:
        return
    st.subheader("Comments")
    labels = {f"{row.document}|{row.clause}": row for row in commented}
    choice = st.selectbox(
        "Clause",
        options=list(labels),
        format_func=lambda key: f"{feedback_rows([labels[key]], documents)[0]['Policy']} · §{labels[key].clause}",
    )
    row = labels[choice]
    for item in store.comments_for(document=row.document, clause=row.clause):
        icon = ":material/thumb_up:" if item.rating > 0 else ":material/thumb_down:"
        st.markdown(f"{icon} :gray[{friendly_time(item.created_at)}]")
        # Plain text: a comment is typed by anyone with a key, so markdown links and remote images must not render.
        st.text(item.comment)


if __name__ == "__main__":
    render()
