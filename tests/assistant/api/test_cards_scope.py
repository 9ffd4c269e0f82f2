"""The Teams card says when the answer was read from a policy the question named."""

from __future__ import annotations

from typing import Any

from assistant.api.cards import answer_card
from assistant.models import Answer, Stance


def _texts(card: dict[str, Any]) -> list[str]:
    return [block.get("text", "") for block in card["body"]]


def test_a_named_policy_gets_one_line_and_an_unscoped_answer_none() -> None:
    named = Answer(stance=Stance.PROHIBITED, answer="No.", scope=["policy-2025"], scope_source="question")
    assert "Policy named in your question: policy-2025" in _texts(answer_card(named))
    unscoped = Answer(stance=Stance.PROHIBITED, answer="No.")
    assert not any("named in your question" in text for text in _texts(answer_card(unscoped)))
