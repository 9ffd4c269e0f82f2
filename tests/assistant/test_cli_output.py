"""What the CLI prints about the policies an answer was read from."""

from __future__ import annotations

from assistant.cli_output import format_answer
from assistant.models import Answer, Stance


def test_the_policy_read_is_one_line_when_the_question_or_request_chose_it() -> None:
    named = Answer(stance=Stance.PROHIBITED, answer="No.", scope=["policy-2025"], scope_source="question")
    assert "Policy read (named in the question): policy-2025" in format_answer(named).splitlines()
    chosen = Answer(stance=Stance.PROHIBITED, answer="No.", scope=["a", "b"], scope_source="request")
    assert "Policy read (chosen): a, b" in format_answer(chosen).splitlines()
    assert "Policy read" not in format_answer(Answer(stance=Stance.PROHIBITED, answer="No."))
