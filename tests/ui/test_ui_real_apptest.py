"""The chat app under AppTest with the real assistant over a real index of two policies."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"
SOCIAL = "school-social-media-electronic-comms-2025"
TRUST = "academy-trust-it-comms-social-media"
QUESTION = "can I friend an ex-pupil on Facebook?"

pytestmark = pytest.mark.integration


def _ask(at: AppTest, text: str) -> AppTest:
    at.chat_input[0].set_value(text).run(timeout=120)
    assert not at.exception, at.exception
    return at


def _app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception, at.exception
    return at


def _markdown(at: AppTest) -> str:
    return "\n".join(element.value for element in at.markdown)


def test_real_answer_shows_a_verdict_and_cited_clauses(real_env: Path) -> None:
    at = _ask(_app(), QUESTION)
    assert 'aria-label="Verdict: Prohibited"' in _markdown(at)
    labels = [expander.label for expander in at.expander]
    assert any(label.endswith("§2.14/2.12") for label in labels), labels
    assert "<mark>" in _markdown(at)


def test_real_scope_limits_citations_to_the_chosen_policy(real_env: Path) -> None:
    at = _app()
    options = at.sidebar.multiselect[0].options
    assert "Social Media and Electronic Communications Policy (2025-09)" in options
    at.sidebar.multiselect[0].set_value([SOCIAL]).run(timeout=120)
    _ask(at, QUESTION)
    turn = at.session_state["pa_turns"][0]
    assert turn.answer.citations
    assert {citation.document for citation in turn.answer.citations} == {SOCIAL}


def test_real_guard_refusal_leaves_no_trace(real_env: Path) -> None:
    refused = "Can staff at Oakwood Primary School friend ex-pupils?"
    at = _ask(_ask(_app(), QUESTION), refused)
    warning = next(w.value for w in at.warning if "not sent" in w.value)
    assert "section 8" in warning and "rephrase" in warning.lower()
    assert len(at.session_state["pa_turns"]) == 1
    at.run()
    for key in at.session_state:
        assert "Oakwood" not in repr(at.session_state[key]), key


def test_real_feedback_is_stored_with_cited_clause_ids(real_env: Path) -> None:
    at = _ask(_app(), QUESTION)
    at.feedback[0].set_value(1)
    at.text_input[0].set_value("Clear and quick")
    next(button for button in at.button if button.label == "Send feedback").click().run(timeout=120)
    assert not at.exception
    with sqlite3.connect(real_env / "feedback.sqlite3") as conn:
        assert conn.execute("SELECT rating, comment FROM feedback").fetchall() == [(1, "Clear and quick")]
        clauses = {row[0] for row in conn.execute("SELECT clause FROM feedback_clause")}
    assert "2.14/2.12" in clauses
