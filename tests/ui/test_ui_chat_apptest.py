"""The chat page under Streamlit's AppTest with a fake assistant: asking, citations, scope, refusals, feedback."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"
SOCIAL = "school-social-media-electronic-comms-2025"
TRUST = "academy-trust-it-comms-social-media"
QUESTION = "Can I friend an ex-pupil on Facebook?"
REFUSED = "Can staff at Oakwood Primary friend ex-pupils?"


def _app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=30).run()


def _ask(at: AppTest, text: str) -> AppTest:
    at.chat_input[0].set_value(text).run()
    assert not at.exception, at.exception
    return at


def _asks(tmp: Path) -> list[dict[str, object]]:
    log = tmp / "calls.jsonl"
    events = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return [event for event in events if event["call"] == "ask"]


def _markdown(at: AppTest) -> str:
    return "\n".join(element.value for element in at.markdown)


def test_empty_chat_offers_examples_and_a_scope_of_titled_policies(fake_env: Path) -> None:
    at = _app()
    assert not at.exception
    labels = [button.label for button in at.button]
    assert "New conversation" in labels
    assert "Can I accept a friend request from a former pupil?" in labels
    scope = at.sidebar.multiselect[0]
    assert scope.value == []
    assert scope.options == [
        "IT, Communications and Social Media Policies — Example Academy Trust (2024-03)",
        "Social Media and Electronic Communications Policy — Example School (2025-09)",
    ]


def test_asking_shows_the_verdict_answer_notice_and_cited_clause_cards(fake_env: Path) -> None:
    at = _ask(_app(), QUESTION)
    text = _markdown(at)
    assert 'aria-label="Verdict: Prohibited"' in text
    assert "No. Do not accept pupils or ex-pupils as friends" in text
    assert [expander.label for expander in at.expander] == [
        "Social Media and Electronic Communications Policy · §7.4.2",
        "IT, Communications and Social Media Policies · §2.14/2.12",
    ]
    assert "<mark>accept pupils or parents as friends</mark>" in text
    assert any("due for review" in warning.value for warning in at.warning)
    assert [message.name for message in at.chat_message] == ["user", "assistant"]
    assert not [button for button in at.button if button.label.startswith("Can I accept")]  # examples gone


def test_follow_ups_send_the_earlier_questions_as_history(fake_env: Path) -> None:
    at = _ask(_app(), QUESTION)
    _ask(at, "What about friend requests from parents?")
    asks = _asks(fake_env)
    assert [event["history"] for event in asks] == [[], [QUESTION]]
    assert "(follow-up #1)" in _markdown(at)
    assert len(at.session_state["pa_turns"]) == 2


def test_scope_selector_limits_the_documents_searched(fake_env: Path) -> None:
    at = _app()
    at.sidebar.multiselect[0].set_value([TRUST]).run()
    _ask(at, QUESTION)
    assert _asks(fake_env)[0]["documents"] == [TRUST]
    assert [expander.label for expander in at.expander] == ["IT, Communications and Social Media Policies · §2.14/2.12"]
    assert "Searching 1 of 2 policies." in [caption.value for caption in at.sidebar.caption]


def test_a_refused_question_is_warned_about_and_leaves_no_trace(fake_env: Path) -> None:
    at = _ask(_app(), QUESTION)
    _ask(at, REFUSED)
    warning = next(w.value for w in at.warning if "not sent" in w.value)
    assert "name or identifying details of a school" in warning
    assert "Section 8" in warning and "Rephrase" in warning
    assert len(at.session_state["pa_turns"]) == 1
    assert "Oakwood" not in _markdown(at)
    at.run()  # a later rerun must not bring it back either
    for key in at.session_state:
        assert "Oakwood" not in repr(at.session_state[key]), key
    _ask(at, "And friends of friends?")
    assert _asks(fake_env)[-1]["history"] == [QUESTION]
    assert all("Oakwood" not in str(event) for event in _asks(fake_env))
    assert not [w for w in at.warning if "not sent" in w.value]  # the next good question clears the warning


def test_new_conversation_forgets_the_turns(fake_env: Path) -> None:
    at = _ask(_app(), QUESTION)
    next(button for button in at.button if button.label == "New conversation").click().run()
    assert at.session_state["pa_turns"] == [] if "pa_turns" in at.session_state else True
    assert not at.chat_message
    _ask(at, QUESTION)
    assert _asks(fake_env)[-1]["history"] == []


def test_an_example_question_is_asked_when_clicked(fake_env: Path) -> None:
    at = _app()
    next(button for button in at.button if button.label.startswith("Can I accept")).click().run()
    assert not at.exception
    assert _asks(fake_env)[0]["question"] == "Can I accept a friend request from a former pupil?"
    assert at.expander


def test_a_fallback_from_the_language_model_is_shown(fake_env: Path) -> None:
    at = _ask(_app(), "Can I friend a pupil? (fallback)")
    assert any(
        "AI writer was unavailable" in caption.value and "LLM timed out" in caption.value for caption in at.caption
    )


def _send_feedback(at: AppTest, *, thumbs: int, comment: str) -> AppTest:
    at.feedback[0].set_value(thumbs)
    at.text_input[0].set_value(comment)
    next(button for button in at.button if button.label == "Send feedback").click().run()
    assert not at.exception, at.exception
    return at


def test_feedback_is_written_to_sqlite_without_the_question(fake_env: Path) -> None:
    at = _send_feedback(_ask(_app(), QUESTION), thumbs=0, comment="Quote was cut short")
    answer_id = at.session_state["pa_turns"][0].answer.id
    with sqlite3.connect(fake_env / "feedback.sqlite3") as conn:
        rows = conn.execute("SELECT answer_id, rating, comment FROM feedback").fetchall()
        clauses = conn.execute("SELECT document, clause FROM feedback_clause ORDER BY document").fetchall()
    assert rows == [(answer_id, -1, "Quote was cut short")]
    assert clauses == [(TRUST, "2.14/2.12"), (SOCIAL, "7.4.2")]
    assert QUESTION.encode() not in (fake_env / "feedback.sqlite3").read_bytes()
    assert any("feedback was saved" in caption.value for caption in at.caption)
    assert not at.feedback  # the form is replaced by the thank-you


def test_a_refused_feedback_comment_is_not_stored(fake_env: Path) -> None:
    at = _send_feedback(_ask(_app(), QUESTION), thumbs=1, comment="Oakwood staff do this all the time")
    assert any("comment was not saved" in warning.value for warning in at.warning)
    db = fake_env / "feedback.sqlite3"
    if db.exists():
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT COUNT(*) FROM feedback").fetchone() == (0,)
    for key in at.session_state:
        assert "Oakwood" not in repr(at.session_state[key]), key
    _send_feedback(at, thumbs=1, comment="")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT rating, comment FROM feedback").fetchall() == [(1, None)]


def test_feedback_without_a_thumb_asks_for_one(fake_env: Path) -> None:
    at = _ask(_app(), QUESTION)
    next(button for button in at.button if button.label == "Send feedback").click().run()
    assert any("thumbs up or thumbs down" in info.value for info in at.info)
    assert not (fake_env / "feedback.sqlite3").exists()


def test_an_assistant_error_is_shown_and_the_question_is_not_kept(fake_env: Path) -> None:
    at = _ask(_app(), "Please explode")
    assert any("could not be answered" in error.value for error in at.error)
    assert at.session_state["pa_turns"] == []
    _ask(at, QUESTION)
    assert not at.error
    assert _asks(fake_env)[-1]["history"] == []


def test_an_unsure_answer_shows_the_neutral_read_the_clauses_state(fake_env: Path) -> None:
    at = _ask(_app(), "Maybe I can friend an ex-pupil on Facebook?")
    text = _markdown(at)
    assert 'aria-label="Verdict: Read the clauses"' in text
    assert "Verdict: Prohibited" not in text
    assert len(at.expander) == 2  # the clauses are still shown
