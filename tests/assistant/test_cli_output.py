"""What the CLI prints: the verdict or neutral label, and the policies an answer was read from."""

from __future__ import annotations

from assistant.cli_output import NEUTRAL_LABEL, format_answer
from assistant.models import Answer, Stance


def test_confident_answer_is_labelled_with_its_stance() -> None:
    text = format_answer(Answer(stance=Stance.PROHIBITED, answer="No. It is not allowed.", confident=True))
    assert text.splitlines()[0] == "[PROHIBITED]"


def test_unsure_answer_is_labelled_read_the_clauses() -> None:
    answer = Answer(stance=Stance.PROHIBITED, answer="Here is what the policy says about this:", confidence=0.5)
    lines = format_answer(answer).splitlines()
    assert lines[0] == f"[{NEUTRAL_LABEL}]" == "[READ THE CLAUSES]"
    assert "PROHIBITED" not in format_answer(answer)


def test_not_covered_keeps_its_label() -> None:
    answer = Answer(stance=Stance.NOT_COVERED, answer="The policy does not cover this.", confident=False)
    assert format_answer(answer).splitlines()[0] == "[NOT COVERED]"


def test_the_policy_read_is_one_line_when_the_question_or_request_chose_it() -> None:
    named = Answer(stance=Stance.PROHIBITED, answer="No.", scope=["policy-2025"], scope_source="question")
    assert "Policy read (named in the question): policy-2025" in format_answer(named).splitlines()
    chosen = Answer(stance=Stance.PROHIBITED, answer="No.", scope=["a", "b"], scope_source="request")
    assert "Policy read (chosen): a, b" in format_answer(chosen).splitlines()
    assert "Policy read" not in format_answer(Answer(stance=Stance.PROHIBITED, answer="No."))
