"""A fresh tmp index of tiny policies behind the real UI, for the tests that watch the UI follow changes."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest
import streamlit as st

from assistant.settings import Settings, get_settings

# Two tiny policies for the tests that ingest into a fresh index and watch the UI follow changes.
PHONES = "# Phone Policy\n\n1. Phones\n\n1.1. Keep phones on silent in lessons.\n1.2. Never photograph pupils.\n"
VISITORS = "# Visitor Policy\n\n1. Visitors\n\n1.1. Visitors must sign in at reception and wear a badge.\n"


@contextmanager
def live_ui_env(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    embedder: object,
    *,
    policies: Mapping[str, str],
    env: Mapping[str, str],
) -> Iterator[Settings]:
    """Ingest the policies into a fresh tmp index with the real embedder, point the UI at it (plus env); yield settings."""
    from ingest.pipeline import ingest_paths

    (tmp_path / "policies").mkdir()
    for name, text in policies.items():
        (tmp_path / "policies" / name).write_text(text, encoding="utf-8")
    folders = {
        "index_dir": tmp_path / "index",
        "policies_dir": tmp_path / "policies",
        "versions_dir": tmp_path / "versions",
    }
    settings = Settings(**folders)
    assert ingest_paths([], settings=settings, embedder=embedder).ok
    monkeypatch.delenv("POLICY_UI_ASSISTANT_FACTORY", raising=False)
    for name, value in {
        **{f"POLICY_{key.upper()}": str(path) for key, path in folders.items()},
        "POLICY_FEEDBACK_DB": str(tmp_path / "feedback.sqlite3"),
        "HF_HUB_OFFLINE": "1",
        **env,
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    st.cache_resource.clear()
    try:
        yield settings
    finally:
        from ui.services import get_live_assistant

        get_live_assistant("").stop()
        get_settings.cache_clear()
        st.cache_resource.clear()
