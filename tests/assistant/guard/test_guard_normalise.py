"""Obfuscation is undone before matching, and every rewritten character still points into the original text."""

from __future__ import annotations

import pytest

from assistant.guard.normalise import clean, compact, deobfuscate, key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0akw00d Ac4demy", "oakwood academy"),
        ("O a k w o o d", "oakwood"),
        ("O.A.K.W.O.O.D", "oakwood"),
        ("Оаkwood", "oakwood"),  # Cyrillic O and a
        ("ＯＡＫＷＯＯＤ", "oakwood"),
        ("Oak\u200bwood", "oakwood"),
        ("Óakwóod", "oakwood"),
    ],
)
def test_deobfuscate_reads_the_intended_word(text: str, expected: str) -> None:
    assert deobfuscate(clean(text)).text.lower() == expected


@pytest.mark.parametrize("text", ["Year 7", "Y9", "7th", "0344 3814772", "10X", "A123456789012"])
def test_digits_that_are_not_leetspeak_are_kept(text: str) -> None:
    assert deobfuscate(clean(text)).text == text


def test_span_maps_back_to_original_offsets() -> None:
    text = "at 0 a k w 0 0 d!"
    view = deobfuscate(clean(text))
    start = view.text.index("oakwood")
    begin, end = view.span(start, start + len("oakwood"))
    assert text[begin:end] == "0 a k w 0 0 d"


def test_compact_key_ignores_case_spacing_punctuation_and_l_1_i() -> None:
    assert key("St Mary's C of E") == key("st marys c-of-e") == key("ST. MARY'S C OF E")
    assert key("Hill") == key("H1ll") == key("HiII")
    assert compact("A b-C").text == "abc"
