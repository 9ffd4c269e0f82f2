"""What the CLI prints for confident, unsure and not-covered answers."""

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
