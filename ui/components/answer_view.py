"""One assistant answer: verdict badge, short answer, notices, and the cited clauses as cards."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from assistant.answer.render import RELATED_HEADING
from assistant.models import Answer, Citation, Stance
from ingest.clause import DocumentMeta
from ui.components.badge import badge_html
from ui.components.clause_text import clause_html

POLICIES_PAGE = "views/policies.py"

CATEGORY_LABELS = {
    "school_identity": "the name or identifying details of a school",
    "person_name": "a person's name",
    "pupil_data": "information about pupils",
    "contact_details": "contact details (email, phone or address)",
    "safeguarding": "safeguarding details",
    "health_sen": "health, medical or SEN information",
    "staff_hr": "staff HR or personnel matters",
    "credentials": "passwords or log-in details",
    "financial": "financial or bank details",
}


def category_phrases(categories: list[str]) -> list[str]:
    """Return plain-English phrases for guard categories, in the order given."""
    return [CATEGORY_LABELS.get(category, category.replace("_", " ")) for category in categories]


def _title_case(title: str) -> str:
    """Return a mid-sentence title ("the Social Media Policy (2.14)") as a heading ("Social Media Policy (2.14)")."""
    bare = title[4:] if title.lower().startswith("the ") else title
    return bare[:1].upper() + bare[1:]


def card_title(citation: Citation, documents: Mapping[str, DocumentMeta]) -> str:
    """Return the expander title "<document title> · §<clause>" (or "· under 'Email', paragraph 2")."""
    meta = documents.get(citation.document)
    title = _title_case(citation.document_title) if citation.document_title else None
    return f"{title or (meta.title if meta else citation.document)} · {citation.where}"


def answer_markdown(text: str) -> str:
    """Return the answer text for Markdown: line breaks kept, the "Cited clauses:" lists left to the cards."""
    kept: list[str] = []
    in_citations = False
    for line in text.splitlines():
        if line.strip() in ("Cited clauses:", RELATED_HEADING):
            in_citations = True
            continue
        if in_citations and line.startswith("- "):
            continue
        in_citations = False
        kept.append(line)
    blocks = "\n".join(kept).strip().split("\n\n")
    return "\n\n".join("  \n".join(line for line in block.splitlines() if line.strip()) for block in blocks)


def sources_heading(citations: list[Citation]) -> str:
    """Return "From the policy · 1 clause" / "From 2 policies · 5 clauses"."""
    documents = len({citation.document for citation in citations})
    clauses = f"{len(citations)} clause{'s' if len(citations) != 1 else ''}"
    return f"From the policy · {clauses}" if documents == 1 else f"From {documents} policies · {clauses}"


def render_citation(citation: Citation, *, documents: Mapping[str, DocumentMeta]) -> None:
    """Show one cited clause as an expandable card with the quoted words highlighted."""
    with st.expander(card_title(citation, documents), icon=":material/description:"):
        if citation.title:
            st.caption(citation.title)
        text = citation.text or citation.quote
        st.markdown(
            clause_html(clause_id=citation.clause, text=text, quote=citation.quote, label=citation.where),
            unsafe_allow_html=True,
        )
        st.page_link(
            POLICIES_PAGE,
            label="Read this clause in the full policy",
            icon=":material/menu_book:",
            query_params={"document": citation.document, "clause": citation.clause},
        )


def render_mode(answer: Answer) -> None:
    """Say how the answer was written, and when the language model fell back."""
    if answer.fallback:
        st.caption(
            ":material/info: The AI writer was unavailable, so this answer is quoted straight from the policy "
            f"(reason: {answer.fallback})."
        )
    elif answer.mode == "llm":
        st.caption(":material/auto_awesome: Worded by the AI writer from the clauses below; check the quotes.")


def scope_caption(answer: Answer, documents: Mapping[str, DocumentMeta]) -> str:
    """Say which policies the answer was read from and why (one line)."""
    titles = [documents[doc].title if doc in documents else doc for doc in answer.scope]
    why = "named in your question" if answer.scope_source == "question" else "chosen in the sidebar"
    return f":material/filter_alt: Read from {', '.join(titles)} ({why})."


def render_answer(answer: Answer, *, documents: Mapping[str, DocumentMeta]) -> None:
    """Show the badge, the short answer, notices, how it was written, then the cited clauses."""
    neutral = answer.stance is not Stance.NOT_COVERED and not answer.shows_verdict()
    st.markdown(badge_html(answer.stance, verdict=not neutral), unsafe_allow_html=True)
    if answer.answer:
        st.markdown(answer_markdown(answer.answer))
    for notice in answer.notices:
        st.warning(notice, icon=":material/event_busy:")
    if answer.scope_source != "all":
        st.caption(scope_caption(answer, documents))
    render_mode(answer)
    if answer.citations:
        st.markdown(f"**{sources_heading(answer.citations)}**")
        for citation in answer.citations:
            render_citation(citation, documents=documents)
    if answer.related:
        st.markdown(f"**{RELATED_HEADING}**")
        for citation in answer.related:
            render_citation(citation, documents=documents)


def render_refusal(*, categories: list[str], message: str) -> None:
    """Warn that a question was not sent, why, the section 8 rule, and how to rephrase."""
    phrases = category_phrases(categories)
    found = "; ".join(phrases) if phrases else "confidential or identifying information"
    advice = message or (
        "Section 8 of the policy forbids putting identifying or confidential information into AI. "
        "Nothing was searched or saved. Please ask again in general terms, without names or details."
    )
    st.warning(f"**Your question was not sent.** It appears to contain {found}.\n\n{advice}", icon=":material/shield:")
