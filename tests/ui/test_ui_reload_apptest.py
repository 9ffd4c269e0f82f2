"""The chat app under AppTest picks up a newly ingested index generation without a restart."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from assistant.settings import Settings, get_settings

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"
PHONES = "# Phone Policy\n\n1. Phones\n\n1.1. Keep phones on silent in lessons.\n1.2. Never photograph pupils.\n"
VISITORS = "# Visitor Policy\n\n1. Visitors\n\n1.1. Visitors must sign in at reception and wear a badge.\n"

pytestmark = pytest.mark.integration


@pytest.fixture
def reload_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, real_embedder) -> Iterator[Settings]:
    """Point the UI at a fresh one-policy index that reloads every half second; yield its settings."""
    from ingest.pipeline import ingest_paths

    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "phones.md").write_text(PHONES, encoding="utf-8")
    settings = Settings(index_dir=tmp_path / "index", policies_dir=tmp_path / "policies", chroma_host=None)
    assert ingest_paths([], settings=settings, embedder=real_embedder).ok
    monkeypatch.delenv("POLICY_UI_ASSISTANT_FACTORY", raising=False)
    for name, value in {
        "POLICY_INDEX_DIR": tmp_path / "index",
        "POLICY_POLICIES_DIR": tmp_path / "policies",
        "POLICY_FEEDBACK_DB": tmp_path / "feedback.sqlite3",
        "POLICY_RELOAD_INTERVAL_S": "0.5",
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


def _scope_options(at: AppTest) -> list[str]:
    at.run(timeout=120)
    assert not at.exception, at.exception
    return list(at.sidebar.multiselect[0].options)


def test_the_chat_page_offers_a_newly_ingested_policy_without_a_restart(reload_env: Settings, real_embedder) -> None:
    from ingest.pipeline import ingest_paths

    at = AppTest.from_file(APP, default_timeout=120)
    assert _scope_options(at) == ["Phone Policy"]
    (reload_env.policies_dir / "visitors.md").write_text(VISITORS, encoding="utf-8")
    assert ingest_paths([], settings=reload_env, embedder=real_embedder).ok
    deadline = time.monotonic() + 30
    while _scope_options(at) != ["Phone Policy", "Visitor Policy"] and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _scope_options(at) == ["Phone Policy", "Visitor Policy"]
    at.chat_input[0].set_value("Do visitors need to sign in?").run(timeout=120)
    assert not at.exception, at.exception
    answer = at.session_state["pa_turns"][0].answer
    assert "visitors" in {citation.document for citation in answer.citations}
