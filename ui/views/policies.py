"""Policies page: pick a policy and read its clauses in order, with ids; ?document=&clause= opens one in context."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date

import streamlit as st

from assistant.errors import PolicyAssistantError
from ingest.clause import Clause, DocumentMeta
from ui.components.clause_text import clause_html
from ui.services import document_label, documents_by_id, get_assistant

DOC_KEY = "pa_policy_doc"


def matches_target(clause_id: str, target: str) -> bool:
    """Return True when a clause is the target or nested inside it ("7.4.2" is inside "7.4")."""
    return bool(target) and (clause_id == target or clause_id.startswith(f"{target}."))


def is_past_review(review_date: str | None, *, today: date) -> bool:
    """Return True when an ISO review date ("YYYY-MM" or "YYYY-MM-DD") is in the past."""
    if not review_date:
        return False
    return review_date[:10] < today.isoformat()[: len(review_date[:10])]


def sections(clauses: Sequence[Clause]) -> list[tuple[str, list[Clause]]]:
    """Group clauses, in source order, into runs that share a section title."""
    groups: list[tuple[str, list[Clause]]] = []
    for clause in clauses:
        if groups and groups[-1][0] == clause.title:
            groups[-1][1].append(clause)
        else:
            groups.append((clause.title, [clause]))
    return groups


def render_meta(meta: DocumentMeta) -> None:
    """Show who issued the policy, when, and whether it is due for review."""
    facts = [
        f"**Organisation:** {meta.organisation}" if meta.organisation else "",
        f"**Policy date:** {meta.policy_date}" if meta.policy_date else "",
        f"**Review date:** {meta.review_date}" if meta.review_date else "",
        f"**Version:** {meta.version}" if meta.version else "",
        f"**Clauses:** {meta.clause_count}" if meta.clause_count else "",
    ]
    st.markdown(" · ".join(fact for fact in facts if fact))
    if is_past_review(meta.review_date, today=date.today()):
        st.warning(
            f"This policy was due for review in {meta.review_date}. Check with your line manager that it is current.",
            icon=":material/event_busy:",
        )


def target_section(clauses: Sequence[Clause], *, target: str) -> tuple[str, list[Clause]] | None:
    """Return the section (title and clauses) holding the first clause that matches the target."""
    for title, group in sections(clauses):
        if any(matches_target(clause.clause_id, target) for clause in group):
            return title, group
    return None


def reading_lead_ins(group: Sequence[Clause]) -> list[str]:
    """Return each clause's lead-in, blank where the clause before already reads it (no "You must not:-" x12)."""
    leads: list[str] = []
    previous: Clause | None = None
    for clause in group:
        said = previous is not None and clause.lead_in in (previous.lead_in, previous.text)
        leads.append("" if said else clause.lead_in)
        previous = clause
    return leads


def render_group(group: Sequence[Clause], *, target: str) -> None:
    """Show a run of clauses with their ids, highlighting the target."""
    body = "".join(
        clause_html(
            clause_id=c.clause_id,
            text=c.text,
            lead_in=lead,
            target=matches_target(c.clause_id, target),
            label=c.label,
        )
        for c, lead in zip(group, reading_lead_ins(group), strict=True)
    )
    st.markdown(body, unsafe_allow_html=True)


def render_clauses(clauses: Sequence[Clause], *, target: str) -> None:
    """Show every clause in order under its section title, highlighting the target clause."""
    for title, group in sections(clauses):
        if title:
            st.markdown(f"<h4 class='pa-section'>{html.escape(title)}</h4>", unsafe_allow_html=True)
        render_group(group, target=target)


def _follow_pick() -> None:
    """Keep the URL in step with the picked policy (and drop a clause target from another policy)."""
    st.query_params.clear()
    st.query_params["document"] = st.session_state[DOC_KEY]


def pick_document(documents: dict[str, DocumentMeta]) -> str:
    """Return the chosen document id; the ?document= query parameter selects it."""
    wanted = st.query_params.get("document")
    if wanted in documents and st.session_state.get(DOC_KEY) != wanted:
        st.session_state[DOC_KEY] = wanted
    chosen: str = st.selectbox(
        "Policy",
        options=list(documents),
        format_func=lambda d: document_label(documents[d]),
        key=DOC_KEY,
        on_change=_follow_pick,
    )
    return chosen


def render() -> None:
    """Render the document browser."""
    st.title("Read a policy")
    try:
        with st.spinner("Loading the policies…"):
            assistant = get_assistant()
            documents = documents_by_id(assistant)
    except PolicyAssistantError as error:
        st.error(f"The policies are not loaded: {error}. Run `policy-assistant ingest`.")
        st.stop()
    if not documents:
        st.info("No policies have been ingested yet. Run `policy-assistant ingest`.")
        return
    document_id = pick_document(documents)
    target = str(st.query_params.get("clause", "")) if st.query_params.get("document") == document_id else ""
    clauses = assistant.clauses(document_id)
    render_meta(documents[document_id])
    context = target_section(clauses, target=target)
    if context is not None:
        title, group = context
        with st.container(border=True):
            where = f" in its section *{html.escape(title)}*" if title else ""
            st.markdown(f"**You opened §{html.escape(target)}**, shown{where}. The full policy follows below.")
            render_group(group, target=target)
    st.divider()
    render_clauses(clauses, target=target)


if __name__ == "__main__":
    render()
