"""Naming a policy to the guard: by title, year, file name or "the trust" is allowed; by the school's name it is not.

Section 8 forbids putting anything that identifies the school into AI, and the guard set keeps "the Southover
Partnership School policy" a refusal (g001), so an organisation's name stays refused even as a policy reference.
"""

from __future__ import annotations

import pytest

from assistant.guard import Category, GuardConfig, check

ALLOWED = (
    "under the 2025 e-comms policy can I paste a pupil's report comments into ChatGPT at home?",
    "the academy trust policy on passwords",
    "under the trust's social media policy can I friend a parent?",
    "what does the agency policy say about personal phones?",
    "staff advice on e-comms: can I email parents from my phone?",
    "is there anything in policy ETCS1 about garden leave?",
)
REFUSED = ("what does the Southover policy say about USB sticks?", "Teachers Together policy: can I blog?")


@pytest.mark.parametrize("question", ALLOWED)
def test_a_policy_named_by_title_year_or_short_name_is_allowed(guard_config: GuardConfig, question: str) -> None:
    assert not check(question, config=guard_config).refused


@pytest.mark.parametrize("question", REFUSED)
def test_a_policy_named_by_its_organisation_is_refused_and_told_how_to_name_it(
    guard_config: GuardConfig, question: str
) -> None:
    verdict = check(question, config=guard_config)
    assert verdict.categories == (Category.SCHOOL_IDENTITY,)
    assert "by its title" in verdict.message
