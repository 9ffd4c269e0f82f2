"""The chat app's organisation choice and compare toggle under AppTest, with the real assistant (two policies)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.settings import get_settings

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"
SOCIAL = "school-social-media-electronic-comms-2025"
TRUST = "academy-trust-it-comms-social-media"
QUESTION = "can I friend an ex-pupil on Facebook?"

pytestmark = pytest.mark.integration


def _run(at: AppTest) -> AppTest:
    at.run(timeout=120)
    assert not at.exception, at.exception
    return at


def _ask(at: AppTest) -> AppTest:
    at.chat_input[0].set_value(QUESTION)
    return _run(at)


def test_choosing_an_organisation_scopes_answers_and_is_kept_in_the_url(real_env: Path) -> None:
    at = _run(AppTest.from_file(APP, default_timeout=120))
    choice = at.sidebar.selectbox(key="pa_organisation")
    assert set(choice.options) >= {"The Academy Trust", "The School"}
    choice.set_value("academy-trust")
    _run(at)
    assert at.query_params["organisation"] in ("academy-trust", ["academy-trust"])
    assert at.sidebar.multiselect[0].options == [
        "IT and Communications Systems Policy (2.13) and Social Media Policy (2.14)"
    ]
    answer = _ask(at).session_state["pa_turns"][0].answer
    assert answer.organisation == "academy-trust"
    assert {r.document for r in answer.retrieved} == {TRUST}


def test_the_url_restores_the_organisation(real_env: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["organisation"] = "school-2025"
    _run(at)
    assert at.sidebar.selectbox(key="pa_organisation").value == "school-2025"
    answer = _ask(at).session_state["pa_turns"][0].answer
    assert {r.document for r in answer.retrieved} == {SOCIAL}


def test_policy_organisation_fixes_it_without_a_choice(real_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICY_ORGANISATION", "academy-trust")
    get_settings.cache_clear()
    at = _run(AppTest.from_file(APP, default_timeout=120))
    assert not [box for box in at.sidebar.selectbox if box.key == "pa_organisation"]
    answer = _ask(at).session_state["pa_turns"][0].answer
    assert answer.organisation == "academy-trust"


def test_compare_toggle_gives_one_row_per_policy(real_env: Path) -> None:
    at = _run(AppTest.from_file(APP, default_timeout=120))
    at.sidebar.toggle(key="pa_compare").set_value(True)
    answer = _ask(_run(at)).session_state["pa_turns"][0].answer
    assert sorted(row.document for row in answer.comparison) == sorted([SOCIAL, TRUST])
    assert all(row.verdict for row in answer.comparison)
