"""Thumbs up/down and an optional comment under each answer; the comment is guard-checked before storing."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from assistant.facade import AssistantAPI
from assistant.feedback import FeedbackStore
from assistant.models import Answer
from ui.components.answer_view import category_phrases

STATUS_KEY = "pa_feedback_status"
HINT_KEY = "pa_feedback_hint"


@dataclass(frozen=True, slots=True)
class FeedbackStatus:
    """What happened to one answer's feedback: sent, or its comment refused (categories only, never the text)."""

    sent: bool
    rating: int = 0
    categories: tuple[str, ...] = ()
    message: str = ""


def rating_from_thumbs(value: int | None) -> int | None:
    """Map st.feedback thumbs (0 = down, 1 = up) to -1 / +1."""
    if value is None:
        return None
    return 1 if value == 1 else -1


def submit_feedback(
    answer: Answer, *, rating: int, comment: str, assistant: AssistantAPI, store: FeedbackStore
) -> FeedbackStatus:
    """Guard-check the comment, then store the rating with the cited clause ids; a refused comment is not stored."""
    comment = comment.strip()
    if comment:
        verdict = assistant.check(comment)
        if verdict.refused:
            categories = tuple(str(category) for category in verdict.categories)
            return FeedbackStatus(sent=False, rating=rating, categories=categories, message=verdict.message)
    clauses = [(citation.document, citation.clause) for citation in answer.citations]
    store.record(answer_id=answer.id, rating=rating, comment=comment or None, clauses=clauses)
    return FeedbackStatus(sent=True, rating=rating)


def _statuses() -> dict[str, FeedbackStatus]:
    statuses: dict[str, FeedbackStatus] = st.session_state.setdefault(STATUS_KEY, {})
    return statuses


def _on_submit(answer: Answer, assistant: AssistantAPI, store: FeedbackStore) -> None:
    """Handle a submitted form before the rerun; the comment is cleared from state whatever happens."""
    rating_key, comment_key = f"pa-fb-rating-{answer.id}", f"pa-fb-comment-{answer.id}"
    rating = rating_from_thumbs(st.session_state.get(rating_key))
    comment = str(st.session_state.get(comment_key) or "")
    st.session_state[comment_key] = ""
    if rating is None:
        st.session_state[HINT_KEY] = answer.id
        return
    st.session_state.pop(HINT_KEY, None)
    _statuses()[answer.id] = submit_feedback(answer, rating=rating, comment=comment, assistant=assistant, store=store)


def render_feedback(answer: Answer, *, assistant: AssistantAPI, store: FeedbackStore) -> None:
    """Show the feedback form for one answer, or a thank-you once it has been sent."""
    status = _statuses().get(answer.id)
    if status is not None and status.sent:
        thumb = ":material/thumb_up:" if status.rating > 0 else ":material/thumb_down:"
        st.caption(f"{thumb} Thanks, your feedback was saved for the policy owner.")
        return
    if status is not None:
        found = "; ".join(category_phrases(list(status.categories))) or "confidential information"
        st.warning(
            f"**Your comment was not saved.** It appears to contain {found}.\n\n{status.message}",
            icon=":material/shield:",
        )
    if st.session_state.get(HINT_KEY) == answer.id:
        st.info("Choose thumbs up or thumbs down first, then send.", icon=":material/thumbs_up_down:")
    with st.form(key=f"pa-fb-{answer.id}", border=False):
        rate, note, send = st.columns([1.3, 4, 1.6], vertical_alignment="center")
        with rate:
            st.feedback("thumbs", key=f"pa-fb-rating-{answer.id}")
        note.text_input(
            "Comment (optional)",
            key=f"pa-fb-comment-{answer.id}",
            max_chars=500,
            placeholder="Helpful? Optional comment, no names or pupil details",
            label_visibility="collapsed",
        )
        send.form_submit_button("Send feedback", on_click=_on_submit, args=(answer, assistant, store), width="stretch")
