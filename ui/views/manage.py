"""Manage policies (policy owners only): upload and publish, replace, remove, roll back, what changed, health.

Offered only when POLICY_ADMIN_PASSWORD is set (ui/app.py) and usable only after the password is entered; the
sign-in is kept in this browser session. The gate and its lock-out are shared by every session of the process.
"""

from __future__ import annotations

from datetime import date
from typing import cast

import streamlit as st

from assistant.errors import PolicyAssistantError
from assistant.facade import AssistantAPI
from assistant.owners.health import HealthReport, HealthSource, build_health
from assistant.owners.library import PolicyLibrary
from assistant.owners.topics import load_topics
from assistant.settings import get_settings
from ingest.clause import DocumentMeta
from ingest.versions import VersionArchive
from ui.admin import AdminGate, LoginResult
from ui.components.change_view import render_changes
from ui.components.health_view import render_health
from ui.components.owner_actions import render_policies, render_result, upload_flow
from ui.services import (
    document_label,
    documents_by_id,
    get_admin_gate,
    get_assistant,
    get_feedback_store,
    get_library,
    get_live,
)
from ui.views.feedback import feedback_rows

SIGNED_IN_KEY = "pa_admin"
SECTION_KEY = "pa_manage_section"
HEALTH_KEY = "pa_manage_health"
PASSWORD_KEY = "pa-admin-password"
LOGIN_KEY = "pa_admin_result"  # the last failed attempt's outcome (never the text typed)
SECTIONS = ("Policies", "Upload", "What changed", "Health", "Feedback")


def locked_message(seconds: float) -> str:
    """Return the lock-out notice with the wait rounded up to whole minutes (or seconds under one)."""
    wait = f"{int(seconds) + 1} seconds" if seconds < 60 else f"{int(seconds // 60) + (seconds % 60 > 0)} minutes"
    return f"Too many wrong passwords: sign-in is locked for everyone for {wait}."


def _attempt(gate: AdminGate) -> None:
    """Check the typed password before the rerun, then empty the field so it stays nowhere in the session."""
    typed = str(st.session_state.get(PASSWORD_KEY) or "")
    st.session_state[PASSWORD_KEY] = ""
    result = gate.attempt(typed)
    if result.ok:
        st.session_state[SIGNED_IN_KEY] = True
    else:
        st.session_state[LOGIN_KEY] = result


def render_login(gate: AdminGate) -> None:
    """Ask for the admin password; sign this session in when it is right."""
    st.caption("For the people who keep the policies. Enter the admin password to continue.")
    with st.form("pa-admin-login"):
        st.text_input("Admin password", type="password", key=PASSWORD_KEY)
        st.form_submit_button("Sign in", type="primary", icon=":material/login:", on_click=_attempt, args=(gate,))
    result: LoginResult | None = st.session_state.pop(LOGIN_KEY, None)
    locked = gate.locked_for()
    if locked > 0:
        st.error(locked_message(locked), icon=":material/lock:")
    elif result is not None:
        left = f" {result.attempts_left} more before sign-in locks." if result.attempts_left else ""
        st.error(f"Wrong password.{left}", icon=":material/error:")


def sign_out() -> None:
    """Forget this session's sign-in and everything the page kept."""
    for key in [key for key in st.session_state if str(key).startswith(("pa_manage", "pa-manage", "pa_admin"))]:
        del st.session_state[key]


def render_what_changed(library: PolicyLibrary, documents: dict[str, DocumentMeta]) -> None:
    """Choose a policy and two of its versions; show the clause-level diff."""
    if not documents:
        st.info("No policy is published yet.")
        return
    doc_id = st.selectbox(
        "Policy", options=list(documents), format_func=lambda d: document_label(documents[d]), key="pa-manage-diff-doc"
    )
    numbers = [version.number for version in library.history(doc_id) if not version.removed]
    old: int | None = None
    new: int | None = None
    if len(numbers) >= 2:
        left, right = st.columns(2)
        old = left.selectbox("From version", numbers[:-1], index=len(numbers) - 2, key=f"pa-manage-from-{doc_id}")
        new = right.selectbox("To version", numbers[1:], index=len(numbers) - 2, key=f"pa-manage-to-{doc_id}")
    try:
        changes = library.changes(doc_id, old=old, new=new)
    except PolicyAssistantError as error:
        st.error(str(error))
        return
    render_changes(changes)


def health_report(assistant: AssistantAPI) -> HealthReport | None:
    """Return the health report of the live generation, computed once per generation and day in this session."""
    if not callable(getattr(assistant, "search", None)):  # a stand-in assistant that cannot search one policy
        st.info("The health report needs the full assistant (retrieval within one policy).")
        return None
    settings = get_settings()
    today = date.today()
    key = (get_live().generation, today.isoformat())
    cached = st.session_state.get(HEALTH_KEY)
    if cached is not None and cached[0] == key:
        return cast(HealthReport, cached[1])
    try:
        with st.spinner("Checking each policy against the topics staff ask about…"):
            topics = load_topics(settings.topics_path)
            source = cast(HealthSource, assistant)
            report = build_health(source, topics=topics, today=today, due_days=settings.review_due_days)
    except PolicyAssistantError as error:
        st.error(f"The health report could not be built: {error}")
        return None
    st.session_state[HEALTH_KEY] = (key, report)
    return report


def render_feedback_section(documents: dict[str, DocumentMeta]) -> None:
    """List the clauses staff marked "not helpful", most first (counts only, never a question)."""
    counts = [row for row in get_feedback_store().counts_by_clause() if row.down]
    if not counts:
        st.info("No answer citing a clause has been marked “not helpful” yet.", icon=":material/inbox:")
        return
    st.caption(
        "Clauses cited by answers staff marked “not helpful”: they may need clearer wording. No questions are kept."
    )
    counts.sort(key=lambda row: (-row.down, row.document, row.clause))
    st.dataframe(feedback_rows(counts, documents), hide_index=True, width="stretch")


def render_section(section: str, assistant: AssistantAPI) -> None:
    """Render one section of the signed-in page."""
    documents = documents_by_id(assistant)
    library = get_library()
    if section == "Policies":
        render_policies(library, documents, archived=VersionArchive(get_settings().versions_dir).documents())
    elif section == "Upload":
        upload_flow(library)
    elif section == "What changed":
        render_what_changed(library, documents)
    elif section == "Health":
        report = health_report(assistant)
        if report is not None:
            render_health(report)
    elif section == "Feedback":
        render_feedback_section(documents)


def render() -> None:
    """Render the page: sign-in first, then the owner's sections."""
    st.set_page_config(page_title="Manage policies · Policy Assistant", layout="wide")
    st.title("Manage policies")
    gate = get_admin_gate()
    if not gate.enabled:
        st.error("The Manage policies page is switched off: set POLICY_ADMIN_PASSWORD to use it.")
        st.stop()
    if not st.session_state.get(SIGNED_IN_KEY):
        render_login(gate)
        return
    st.sidebar.button("Sign out", icon=":material/logout:", on_click=sign_out, width="stretch")
    try:
        with st.spinner("Loading the policies…"):
            assistant = get_assistant()
    except PolicyAssistantError as error:
        st.error(f"The policies are not loaded: {error}.")
        assistant = None
    render_result()
    section = st.segmented_control(
        "Section", SECTIONS, default=SECTIONS[0], key=SECTION_KEY, label_visibility="collapsed"
    )
    if assistant is not None:
        render_section(section or SECTIONS[0], assistant)
    elif section == "Upload":
        upload_flow(get_library())  # the first policy can be published before any index exists


if __name__ == "__main__":
    render()
