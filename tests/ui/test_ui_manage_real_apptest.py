"""The Manage page over the real assistant and library (real Chroma, real model): remove a policy, then restore it;
the chat's assistant follows each change without a restart."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from assistant.settings import Settings, get_settings

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"
SECRET = "owner-password-for-real-tests"
PHONES = "# Phone Policy\n\n1. Phones\n\n1.1. Keep phones on silent in lessons.\n1.2. Never photograph pupils.\n"
VISITORS = "# Visitor Policy\n\n1. Visitors\n\n1.1. Visitors must sign in at reception and wear a badge.\n"

pytestmark = pytest.mark.integration


@pytest.fixture
def owner_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, real_embedder) -> Iterator[Settings]:
    """Two ingested policies in tmp folders, the real assistant, and an admin password; yield the settings."""
    from ingest.pipeline import ingest_paths

    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "phones.md").write_text(PHONES, encoding="utf-8")
    (tmp_path / "policies" / "visitors.md").write_text(VISITORS, encoding="utf-8")
    settings = Settings(
        index_dir=tmp_path / "index", policies_dir=tmp_path / "policies", versions_dir=tmp_path / "versions"
    )
    assert ingest_paths([], settings=settings, embedder=real_embedder).ok
    monkeypatch.delenv("POLICY_UI_ASSISTANT_FACTORY", raising=False)
    for name, value in {
        "POLICY_INDEX_DIR": tmp_path / "index",
        "POLICY_POLICIES_DIR": tmp_path / "policies",
        "POLICY_VERSIONS_DIR": tmp_path / "versions",
        "POLICY_FEEDBACK_DB": tmp_path / "feedback.sqlite3",
        "POLICY_ADMIN_PASSWORD": SECRET,
        "POLICY_RELOAD_INTERVAL_S": "0",  # only the page's own refresh after an action may swap the assistant
        "HF_HUB_OFFLINE": "1",
    }.items():
        monkeypatch.setenv(name, str(value))
    get_settings.cache_clear()
    st.cache_resource.clear()
    yield settings
    from ui.services import get_live_assistant

    get_live_assistant("").stop()
    get_settings.cache_clear()
    st.cache_resource.clear()


def _click(at: AppTest, label: str) -> AppTest:
    next(button for button in at.button if button.label == label).click().run(timeout=180)
    assert not at.exception, at.exception
    return at


def _served(at: AppTest) -> set[str]:
    return set(at.dataframe[0].value["Id"]) if at.dataframe else set()


def test_an_owner_removes_a_policy_and_restores_it_and_the_assistant_follows(owner_env: Settings) -> None:
    from ui.services import get_assistant

    at = AppTest.from_file(APP, default_timeout=180).run()
    at.switch_page("views/manage.py").run()
    at.text_input(key="pa-admin-password").set_value(SECRET)
    _click(at, "Sign in")
    assert _served(at) == {"phones", "visitors"}
    at.selectbox(key="pa-manage-doc").set_value("visitors").run()
    _click(at, "Remove…")
    _click(at, "Yes, remove")
    assert any(s.value.startswith("Removed visitors: 1 removed") for s in at.success), [e.value for e in at.error]
    assert _served(at) == {"phones"}
    assert [meta.document_id for meta in get_assistant().documents()] == ["phones"]
    assert not (owner_env.policies_dir / "visitors.md").exists()

    assert at.expander[0].label == "Removed policies (1)"
    _click(at, "Restore")
    assert any(s.value.startswith("Restored visitors: 1 added") for s in at.success), [e.value for e in at.error]
    assert _served(at) == {"phones", "visitors"}
    answer = get_assistant().ask("Do visitors need to sign in?")
    assert "visitors" in {citation.document for citation in answer.citations}
    assert (owner_env.policies_dir / "visitors.md").read_text(encoding="utf-8") == VISITORS
