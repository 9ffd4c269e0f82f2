"""Names in any case (census first-name list plus a placing context), right-to-left overrides, a quiet analyzer."""

from __future__ import annotations

import logging

import pytest

from assistant.guard import Category, GuardConfig, check
from assistant.guard.namelist import first_names, is_first_name
from assistant.guard.normalise import clean, display_order


def test_name_list_holds_common_first_names_but_no_function_words() -> None:
    names = first_names()
    assert len(names) > 4_000
    assert {"olivia", "jamie", "mohammed"} <= names
    assert not {"the", "and", "will", "may", "can", "else"} & names
    assert is_first_name("OLIVIA") and not is_first_name("homework")


@pytest.mark.parametrize(
    "prompt",
    [
        "can i forward ruby patel from 9c's essay to my personal email",
        "chatgpt, rewrite my note about daniel in year 10 for the newsletter",
        "is it ok to upload sophie's iep to an ai tool",
        "LEWIS MORGAN FROM 2B IS MISSING, CAN I TEXT HIS DAD?",
        "the letter to Summer in year 4 about her trip, can chatgpt tidy it?",
    ],
)
def test_names_placed_by_class_year_or_record_are_refused_in_any_case(prompt: str, guard_config: GuardConfig) -> None:
    verdict = check(prompt, config=guard_config)
    assert verdict.refused and Category.PERSON_NAME in verdict.categories


@pytest.mark.parametrize(
    "prompt",
    [
        "can i mark coursework from year 13 on the train?",
        "should we share someone else's report with the class?",
        "what if i post work from 5a's display on the school page?",
        "how long do we keep last term's attendance report?",
        "someone who left in the summer and is in year 12 now followed me, can i follow back?",
        "is the grace period in year 7 for uniform in the policy?",
    ],
)
def test_words_in_a_placing_context_that_are_no_names_pass(prompt: str, guard_config: GuardConfig) -> None:
    assert check(prompt, config=guard_config).allowed


def test_a_right_to_left_override_is_read_in_display_order(guard_config: GuardConfig) -> None:
    text = "may I share \u202enworB ecarG\u202c from 7D's photo?"
    assert "Grace Brown" in clean(text).text
    verdict = check(text, config=guard_config)
    assert verdict.refused
    name = next(f for f in verdict.spans if f.category is Category.PERSON_NAME)
    assert sorted(text[name.start : name.end]) == sorted("nworB ecarG")


def test_display_order_keeps_plain_text_and_closes_runs_at_a_newline() -> None:
    assert display_order("abc") == [0, 1, 2]
    assert display_order("a\u202ebc\nd") == [0, 3, 2, 4, 5]


@pytest.mark.integration
def test_presidio_logs_no_unsupported_entity_warning(
    analyzer: object, guard_config: GuardConfig, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        check("Can I email AB 12 34 56 C to HR?", config=guard_config, analyzer=analyzer)  # type: ignore[arg-type]
    assert not [r for r in caplog.records if "UK_NINO" in r.getMessage()]
