"""The sidebar's organisation choice (remembered in the URL, or fixed by POLICY_ORGANISATION) and compare toggle."""

from __future__ import annotations

import streamlit as st

from assistant.facade import AssistantAPI
from assistant.settings import get_settings

ORGANISATION_PARAM = "organisation"
ORGANISATION_KEY = "pa_organisation"
COMPARE_KEY = "pa_compare"


def choose_organisation(assistant: AssistantAPI) -> str | None:
    """Return the organisation to answer for: the fixed one, the one chosen (kept in the URL), or None for all."""
    fixed = get_settings().organisation
    if fixed:
        return fixed
    listing = getattr(assistant, "organisations", None)
    organisations = listing() if callable(listing) else []
    if len(organisations) <= 1:
        return None  # one organisation: nothing to choose
    names = {org.id: org.name for org in organisations}
    remembered = st.query_params.get(ORGANISATION_PARAM)
    if ORGANISATION_KEY not in st.session_state and remembered in names:
        st.session_state[ORGANISATION_KEY] = remembered
    chosen = st.sidebar.selectbox(
        "Your organisation",
        options=list(names),
        format_func=lambda org_id: names[org_id],
        index=None,
        key=ORGANISATION_KEY,
        placeholder="All organisations",
        help="Answers come from your organisation's policies only. The choice is kept in the page address.",
    )
    if chosen:
        st.query_params[ORGANISATION_PARAM] = chosen
    elif ORGANISATION_PARAM in st.query_params:
        del st.query_params[ORGANISATION_PARAM]
    return chosen


def compare_toggle() -> bool:
    """Render the compare-policies toggle; return whether it is on."""
    return bool(
        st.sidebar.toggle(
            "Compare policies",
            key=COMPARE_KEY,
            help="Answer from each policy separately, one row per policy: verdict, clause, quote.",
        )
    )
