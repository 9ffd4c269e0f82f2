"""Who a sensitive detail is about: the speaker's own situation is allowed, a third party's is refused."""

from __future__ import annotations

import pytest

from assistant.guard import GuardConfig
from assistant.guard.check import check
from assistant.guard.subjects import about_speaker
from assistant.guard.verdict import Category


def _at(text: str, word: str) -> int:
    return text.index(word)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("can my manager read my email when I'm off sick?", "off sick"),
        ("Can I post while on my maternity leave?", "maternity"),
        ("i've been signed off, can I reply?", "signed off"),
        ("I'm going on maternity leave soon", "maternity"),
    ],
)
def test_a_first_person_subject_governs_the_detail(text: str, word: str) -> None:
    assert about_speaker(text, _at(text, word))


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("my line manager is off sick", "off sick"),
        ("can I mention my colleague's sick leave?", "sick leave"),
        ("I think she is off sick", "off sick"),
        ("I know that the caretaker is off sick", "off sick"),
        ("off sick staff: can I email them?", "off sick"),
        ("I'm worried. Is he off sick?", "off sick"),
        ("my department has staff off sick", "off sick"),
    ],
)
def test_someone_else_in_between_or_no_speaker_is_not_the_speaker(text: str, word: str) -> None:
    assert not about_speaker(text, _at(text, word))


def test_a_known_other_person_span_in_between_blocks_the_speaker() -> None:
    text = "I hear Sam is off sick"
    name = (_at(text, "Sam"), _at(text, "Sam") + 3)
    assert about_speaker(text, _at(text, "off sick"))  # a bare name is not a person word; the recognizers find it
    assert not about_speaker(text, _at(text, "off sick"), others=[name])


def test_own_situation_is_allowed_beside_a_colleague_role(guard_config: GuardConfig) -> None:
    assert check("can my line manager get into my work email when I'm off sick?", config=guard_config).allowed
    assert check("Can my head read my messages while I'm signed off with stress?", config=guard_config).allowed


@pytest.mark.parametrize(
    "text",
    [
        "My line manager is off sick, can I read her email?",
        "Can I tell parents that my TA is on maternity leave?",
        "I'm covering for a teacher in my department who has been signed off with stress",
        "My colleague in my department has cancer, can I post a fundraiser?",
    ],
)
def test_a_colleagues_situation_is_still_refused(text: str, guard_config: GuardConfig) -> None:
    verdict = check(text, config=guard_config)
    assert verdict.refused
    assert Category.STAFF_HR in verdict.categories


def test_a_my_inside_a_described_pupil_is_not_the_speaker(guard_config: GuardConfig) -> None:
    verdict = check("I have a pupil in my class with diabetes, can I email the parents?", config=guard_config)
    assert verdict.refused
    assert Category.HEALTH_SEN in verdict.categories


@pytest.mark.parametrize(
    "text",
    [
        "got a hospital appointment this afternoon, can i take my school laptop to the waiting room?",
        "having chemo next month - can I check my work email from home?",
    ],
)
def test_a_clause_that_drops_its_i_is_the_speaker_when_nobody_else_is_mentioned(text: str) -> None:
    detail = "hospital" if "hospital" in text else "chemo"
    assert about_speaker(text, _at(text, detail))


@pytest.mark.parametrize(
    "text",
    [
        "got a pupil with a hospital appointment, can i take my laptop?",
        "been told she has a hospital appointment, can I tell my team?",
        "got a hospital appointment for jamie tomorrow, can i take my laptop?",
        "got a hospital appointment tomorrow, can the school cover it?",
    ],
)
def test_a_dropped_i_is_not_assumed_when_another_person_or_no_first_person_is_there(text: str) -> None:
    assert not about_speaker(text, _at(text, "hospital"))
