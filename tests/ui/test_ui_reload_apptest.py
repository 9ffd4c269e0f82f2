"""The chat app under AppTest picks up a newly ingested index generation without a restart."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.settings import Settings
from tests.ui.live_env import PHONES, VISITORS, live_ui_env

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"

pytestmark = pytest.mark.integration


@pytest.fixture
def reload_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, real_embedder) -> Iterator[Settings]:
    """Point the UI at a fresh one-policy index that reloads every half second; yield its settings."""
    env = {"POLICY_RELOAD_INTERVAL_S": "0.5"}
    with live_ui_env(tmp_path, monkeypatch, real_embedder, policies={"phones.md": PHONES}, env=env) as settings:
        yield settings


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
