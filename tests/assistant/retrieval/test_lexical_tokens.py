"""The lexical tokenizer and its light stemmer."""

from __future__ import annotations

import pytest

from assistant.retrieval.text import stem, tokenize


@pytest.mark.parametrize(
    ("words", "common"),
    [
        (["post", "posts", "posted", "posting"], "post"),
        (["friend", "friends"], "friend"),
        (["policy", "policies"], "policy"),
        (["phone", "phones"], "phon"),
        (["use", "used", "uses", "using"], "us"),
        (["copy", "copied", "copies"], "copy"),
        (["drop", "dropped"], "drop"),
    ],
)
def test_inflections_meet(words: list[str], common: str) -> None:
    assert {stem(word) for word in words} == {common}


def test_keeps_words_that_only_look_inflected() -> None:
    assert stem("virus") == "virus"
    assert stem("access") == "access"
    assert stem("install") == "install"


def test_tokenize_lowercases_drops_stopwords_and_joins_email() -> None:
    assert tokenize("Can I send E-mails to the Parents?") == ["send", "email", "parent"]
    assert tokenize("") == []
