"""The follow-up query text."""

from __future__ import annotations

from assistant.retrieval.query import contextual_query


def test_question_alone_without_history() -> None:
    assert contextual_query("  can I use gmail? ") == "can I use gmail?"


def test_follow_up_carries_previous_question() -> None:
    history = ["can I use a usb stick?", "can I accept a friend request from an ex-pupil?"]
    assert contextual_query("what if they DM me?", history) == (
        "can I accept a friend request from an ex-pupil? what if they DM me?"
    )
    assert (
        contextual_query("and?", history, turns=2)
        == "can I use a usb stick? can I accept a friend request from an ex-pupil? and?"
    )
    assert contextual_query("and?", history, turns=0) == "and?"
