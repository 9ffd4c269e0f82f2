"""Property and fuzz tests: any unicode input yields a well-formed Verdict, never an exception."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.guard import Category, GuardConfig, check
from assistant.guard.normalise import clean, compact, deobfuscate

FRAGMENTS = [
    "Oakwood Academy", "0akw00d", "Mrs ", "Year 9", "JS", "A123456789012", "07700 900123", "@", ".sch.uk",
    "password is ", "told me", "his dad", "EHCP", "suspended", "arrears", "£", "LS6 2AB", "URN 123456",
    "the only ", " in ", "St Mary's", "\u200b", "\u0301", "ＡＢＣ", "а", "\n", " ", ".", "'", "-", "1", "l",
]  # fmt: skip


def _assert_well_formed(text: str, config: GuardConfig) -> None:
    verdict = check(text, config=config)
    assert verdict.allowed == (not verdict.categories) == (not verdict.spans)
    assert all(isinstance(c, Category) for c in verdict.categories)
    for finding in verdict.spans:
        assert 0 <= finding.start <= finding.end <= len(text)
        assert finding.category in verdict.categories
    assert bool(verdict.message) == verdict.refused


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=400))
def test_any_unicode_text_gives_a_well_formed_verdict(guard_config: GuardConfig, text: str) -> None:
    _assert_well_formed(text, guard_config)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=5), max_size=40).map("".join))
def test_mixtures_of_tricky_fragments_give_well_formed_verdicts(guard_config: GuardConfig, text: str) -> None:
    _assert_well_formed(text, guard_config)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_normalised_views_map_every_character_back_into_the_original(text: str) -> None:
    for view in (clean(text), deobfuscate(clean(text)), compact(text)):
        assert len(view.origin) == len(view.text)
        assert all(0 <= o < len(text) for o in view.origin)
        assert list(view.origin) == sorted(view.origin)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["Oakwood Academy", "Mrs Patel", "07700 900123"]), st.text(max_size=60))
def test_an_identifier_is_refused_whatever_surrounds_it(guard_config: GuardConfig, needle: str, noise: str) -> None:
    assert check(f"{noise} {needle} {noise}", config=guard_config).refused


def test_check_is_deterministic(guard_config: GuardConfig) -> None:
    text = "Mrs Patel at Oakwood Academy told me JS in Y9 has bruises"
    assert check(text, config=guard_config) == check(text, config=guard_config)


def test_100kb_inputs_complete_rules_only(guard_config: GuardConfig) -> None:
    rng = random.Random(8)
    for size in (100_000,):
        noisy = "".join(rng.choice(FRAGMENTS) for _ in range(size // 6))[:size]
        _assert_well_formed(noisy, guard_config)
        for pathological in ("A" * size, "a " * (size // 2), "1" * size, "Aa " * (size // 3), "\u200b" * size):
            _assert_well_formed(pathological, guard_config)


def test_100kb_input_completes_with_presidio(guard_config: GuardConfig, analyzer) -> None:
    text = ("Can I use ChatGPT for lesson plans? " * 3000)[:100_000] + " Mrs Patel"
    verdict = check(text, config=guard_config, analyzer=analyzer)
    assert Category.PERSON_NAME in verdict.categories  # regexes still scan past the NER cut-off


def test_short_random_fuzz_run(guard_config: GuardConfig) -> None:
    rng = random.Random(2024)
    alphabet = [chr(c) for c in (*range(0x20, 0x7F), 0x0430, 0x0415, 0x200B, 0xFF21, 0x0301, 0xD7FF, 0x1F600)]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet + FRAGMENTS) for _ in range(rng.randint(0, 60)))
        _assert_well_formed(text, guard_config)
