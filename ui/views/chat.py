"""Chat page: ask about the policies, see the verdict and the cited clauses, follow up, give feedback."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import streamlit as st

from assistant.compare import compare_policies
from assistant.errors import PolicyAssistantError
from assistant.facade import AssistantAPI
from assistant.models import Answer
from assistant.settings import get_settings
from ingest.clause import DocumentMeta
from ui.components.answer_view import render_answer, render_refusal
from ui.components.feedback_form import HINT_KEY, STATUS_KEY, render_feedback
from ui.components.organisation_choice import choose_organisation, compare_toggle
from ui.services import document_label, documents_by_id, get_assistant, get_feedback_store

TURNS_KEY = "pa_turns"
REFUSAL_KEY = "pa_refusal"
PENDING_KEY = "pa_pending"
SCOPE_KEY = "pa_scope"
ERROR_KEY = "pa_error"

EXAMPLES = (
    "Can I accept a friend request from a former pupil?",
    "Can I use my personal email for school work?",
    "Can I use WhatsApp with colleagues?",
    "Can I post photos of pupils on social media?",
)


@dataclass(frozen=True, slots=True)
class Turn:
    """One answered question of the conversation (refused questions never become turns)."""

    question: str
    answer: Answer


def turns() -> list[Turn]:
    """Return this session's conversation, oldest first."""
    conversation: list[Turn] = st.session_state.setdefault(TURNS_KEY, [])
    return conversation


def history() -> list[str]:
    """Return the earlier user questions, oldest first, for follow-up resolution."""
    return [turn.question for turn in turns()]


def new_conversation() -> None:
    """Forget the conversation, any refusal notice and feedback state."""
    for key in (TURNS_KEY, REFUSAL_KEY, ERROR_KEY, PENDING_KEY, STATUS_KEY, HINT_KEY):
        st.session_state.pop(key, None)


def sidebar(documents: dict[str, DocumentMeta]) -> list[str]:
    """Render the scope selector and the New conversation button; return the chosen document ids."""
    with st.sidebar:
        st.button("New conversation", icon=":material/add_comment:", on_click=new_conversation, width="stretch")
        st.subheader("Which policies?")
        chosen = st.multiselect(
            "Search these policies",
            options=list(documents),
            format_func=lambda doc_id: document_label(documents[doc_id]),
            key=SCOPE_KEY,
            placeholder="All policies",
            help="Leave empty to search every policy.",
        )
        st.caption(f"Searching {len(chosen)} of {len(documents)} policies." if chosen else "Searching all policies.")
        st.divider()
        st.caption(
            "Answers quote your organisation's policies and name the clauses they rely on. "
            "Never type names, pupil details or other confidential information (policy section 8)."
        )
    return list(chosen)


def render_examples() -> None:
    """Offer a few generic example questions for an empty chat."""
    st.info(
        "Pick your organisation's policy under **Which policies?** in the sidebar for a shorter, focused answer.",
        icon=":material/lightbulb:",
    )
    st.markdown("#### Try asking")
    columns = st.columns(2)
    for index, example in enumerate(EXAMPLES):
        if columns[index % 2].button(example, key=f"pa-example-{index}", width="stretch"):
            st.session_state[PENDING_KEY] = example


def render_turn(turn: Turn, *, documents: dict[str, DocumentMeta], assistant: AssistantAPI) -> None:
    """Show one question and its answer with the feedback form."""
    with st.chat_message("user", avatar=":material/person:"):
        st.markdown(turn.question)
    with st.chat_message("assistant", avatar=":material/policy:"):
        render_answer(turn.answer, documents=documents)
        render_feedback(turn.answer, assistant=assistant, store=get_feedback_store())


def ask(
    question: str, *, scope: list[str], assistant: AssistantAPI, organisation: str | None = None, compare: bool = False
) -> None:
    """Guard-check, then answer; a refused question is shown as a warning and kept nowhere."""
    st.session_state.pop(REFUSAL_KEY, None)
    st.session_state.pop(ERROR_KEY, None)
    verdict = assistant.check(question)
    if verdict.refused:
        categories = [str(category) for category in verdict.categories]
        st.session_state[REFUSAL_KEY] = {"categories": categories, "message": verdict.message}
        return
    with st.chat_message("user", avatar=":material/person:"):
        st.markdown(question)
    try:
        with st.chat_message("assistant", avatar=":material/policy:"), st.spinner("Searching the policies…"):
            within = {"organisation": organisation} if organisation is not None else {}
            run = partial(compare_policies, assistant) if compare else assistant.ask
            answer = run(question, documents=scope, history=history(), **within)
    except PolicyAssistantError as error:
        st.session_state[ERROR_KEY] = f"Sorry, that question could not be answered: {error}"
        return
    if answer.refused:
        st.session_state[REFUSAL_KEY] = {"categories": list(answer.categories), "message": answer.answer}
        return
    turns().append(Turn(question=question, answer=answer))


def load_assistant() -> AssistantAPI:
    """Build (once per process) or fetch the assistant, with a spinner; stop the page on failure."""
    try:
        with st.spinner("Loading the policies… the first start takes a few seconds."):
            assistant = get_assistant()
    except PolicyAssistantError as error:
        st.error(f"The assistant could not start: {error}. Run `policy-assistant ingest`, then reload this page.")
        st.stop()
    return assistant


def render() -> None:
    """Render the chat page."""
    st.title("Ask about your policies")
    st.caption("IT, email, social media and AI use: what your policy says, with the clauses to back it up.")
    assistant = load_assistant()
    organisation = choose_organisation(assistant)
    documents = documents_by_id(assistant, organisation)
    scope = [doc for doc in sidebar(documents) if doc in documents]
    compare = compare_toggle()
    for turn in turns():
        render_turn(turn, documents=documents, assistant=assistant)
    if not turns():
        render_examples()
    prompt = st.chat_input(
        "Ask about IT, email, social media or AI use at work…",
        max_chars=get_settings().max_question_chars,
    )
    question = (prompt or st.session_state.pop(PENDING_KEY, None) or "").strip()
    if question:
        ask(question, scope=scope, assistant=assistant, organisation=organisation, compare=compare)
        st.rerun()
    refusal = st.session_state.get(REFUSAL_KEY)
    if refusal:
        render_refusal(categories=refusal["categories"], message=refusal["message"])
    if st.session_state.get(ERROR_KEY):
        st.error(st.session_state[ERROR_KEY], icon=":material/error:")


if __name__ == "__main__":
    render()
