"""The Manage page over the real assistant and library (real Chroma, real model): remove a policy, then restore it;
the chat's assistant follows each change without a restart."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.settings import Settings
from tests.ui.live_env import PHONES, VISITORS, live_ui_env

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"
SECRET = "owner-password-for-real-tests"

pytestmark = pytest.mark.integration


@pytest.fixture
def owner_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, real_embedder) -> Iterator[Settings]:
    """Two ingested policies in tmp folders, the real assistant, and an admin password; yield the settings."""
    env = {"POLICY_ADMIN_PASSWORD": SECRET, "POLICY_RELOAD_INTERVAL_S": "0"}  # only the page's own refresh swaps
    policies = {"phones.md": PHONES, "visitors.md": VISITORS}
    with live_ui_env(tmp_path, monkeypatch, real_embedder, policies=policies, env=env) as settings:
        yield settings


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
