"""Streamlit entry point: `policy-assistant ui` (or `streamlit run ui/app.py`). Pages: Chat, Policies, Feedback."""

from __future__ import annotations

import streamlit as st

from ui.components.style import CSS

st.set_page_config(page_title="Policy Assistant", page_icon=":material/policy:", layout="centered")
st.markdown(CSS, unsafe_allow_html=True)
page = st.navigation(
    [
        st.Page("views/chat.py", title="Ask", icon=":material/chat:", default=True),
        st.Page("views/policies.py", title="Policies", icon=":material/menu_book:"),
        st.Page("views/feedback.py", title="Feedback", icon=":material/thumbs_up_down:"),
    ]
)
page.run()
