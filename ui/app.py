"""Streamlit entry point: `policy-assistant ui` (or `streamlit run ui/app.py`).

Pages: Chat, Policies, Feedback, and Manage policies when POLICY_ADMIN_PASSWORD is set.
"""

from __future__ import annotations

import streamlit as st

from assistant.settings import get_settings
from ui.admin import admin_enabled
from ui.components.style import CSS

st.set_page_config(page_title="Policy Assistant", page_icon=":material/policy:", layout="centered")
st.markdown(CSS, unsafe_allow_html=True)
pages = [
    st.Page("views/chat.py", title="Ask", icon=":material/chat:", default=True),
    st.Page("views/policies.py", title="Policies", icon=":material/menu_book:"),
    st.Page("views/feedback.py", title="Feedback", icon=":material/thumbs_up_down:"),
]
if admin_enabled(get_settings()):  # unset: the page does not exist, not even by its URL
    pages.append(st.Page("views/manage.py", title="Manage policies", icon=":material/admin_panel_settings:"))
page = st.navigation(pages)
page.run()
