"""Vocabulary query expansion: matching rules, file loading, and the shipped vocabulary."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import ConfigurationError
from assistant.retrieval.expansion import Vocabulary


def _vocab(*entries: dict[str, object]) -> Vocabulary:
    return Vocabulary.from_mapping({"entries": list(entries)})


def test_appends_expansion_and_keeps_query() -> None:
    vocab = _vocab({"match": ["insta"], "add": "Instagram social media"})
    assert vocab.expand("add him on insta?") == "add him on insta? Instagram social media"


def test_word_boundaries_and_case() -> None:
    vocab = _vocab({"match": ["fb"], "add": "Facebook"})
    assert vocab.expand("FB page") == "FB page Facebook"
    assert vocab.expand("fbi agent") == "fbi agent"


def test_multi_word_phrase_with_hyphen_or_space_and_plural() -> None:
    vocab = _vocab({"match": ["ex-pupil", "USB stick"], "add": "ex-pupils"})
    assert vocab.expand("an ex pupil") == "an ex pupil ex-pupils"
    assert vocab.expand("two ex-pupils") == "two ex-pupils ex-pupils"
    assert vocab.expand("my usb  sticks") == "my usb  sticks ex-pupils"


def test_case_sensitive_entry_ignores_ordinary_word() -> None:
    vocab = _vocab({"match": ["MAT"], "add": "multi-academy trust", "case_sensitive": True})
    assert vocab.expand("does the MAT allow it") == "does the MAT allow it multi-academy trust"
    assert vocab.expand("a yoga mat") == "a yoga mat"


def test_each_expansion_added_once_in_file_order() -> None:
    vocab = _vocab({"match": ["insta", "ig"], "add": "Instagram"}, {"match": ["kid"], "add": "pupil"})
    assert vocab.expand("kid on ig and insta") == "kid on ig and insta Instagram pupil"


def test_additions_are_the_policy_wording_alone() -> None:
    vocab = _vocab({"match": ["etsy"], "add": "commercial business"}, {"match": ["laptop"], "add": "computer"})
    assert vocab.additions("etsy orders on my laptop") == "commercial business computer"
    assert vocab.additions("email etiquette") == ""


def test_no_match_returns_query_unchanged() -> None:
    assert _vocab({"match": ["insta"], "add": "Instagram"}).expand("email etiquette") == "email etiquette"
    assert Vocabulary.empty().expand("anything") == "anything"


@pytest.mark.parametrize(
    "data",
    [{}, {"entries": "x"}, {"entries": [{"match": [], "add": "x"}]}, {"entries": [{"match": ["a"], "add": ""}]}],
)
def test_malformed_mapping_raises(data: dict[str, object]) -> None:
    with pytest.raises(ConfigurationError):
        Vocabulary.from_mapping(data)


def test_load_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="not found"):
        Vocabulary.load(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("entries: [unclosed", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="YAML"):
        Vocabulary.load(bad)


@pytest.mark.parametrize(
    ("question", "expected_words"),
    [
        ("Can I add a kid I used to teach on insta?", ["Instagram", "ex-pupils", "friends"]),
        ("Is ChatGPT ok for report writing?", ["artificial intelligence"]),
        ("Can I do emails on my own phone?", ["personal mobile phone"]),
        ("Can I forward stuff to my gmail?", ["personal e-mail account"]),
        ("Does the MAT let us use memory sticks?", ["multi-academy trust", "USB storage device"]),
        ("Who is our SENCo?", ["special educational needs"]),
        ("Can I check emails in PPA?", ["planning preparation assessment"]),
        ("Should I tell the DSL?", ["designated safeguarding lead"]),
        ("Can I log in as my TA?", ["username password"]),
        ("is it ok to use the school laptop to email our MP about the funding cuts?", ["political lobbying"]),
        ("can staff date each other over school email", ["private and intimate relationships"]),
    ],
)
def test_shipped_vocabulary_covers_staff_wording(
    vocabulary: Vocabulary, question: str, expected_words: list[str]
) -> None:
    expanded = vocabulary.expand(question)
    assert expanded.startswith(question)
    for words in expected_words:
        assert words.lower() in expanded.lower()


def test_shipped_vocabulary_does_not_read_a_calendar_date_as_dating(vocabulary: Vocabulary) -> None:
    assert "intimate" not in vocabulary.expand("is this policy up to date? what date was it reviewed")


def test_shipped_vocabulary_reads_like_as_filler_unless_it_is_liking_a_post(vocabulary: Vocabulary) -> None:
    assert "social media" not in vocabulary.additions("my work inbox has like 20k emails in it, is that a problem")
    assert "re-posting" in vocabulary.additions("could i get in trouble just for liking someone's post?")
    assert "re-posting" in vocabulary.additions("can i like a post from the school page?")
    assert "re-posting" in vocabulary.additions("can i like a pupil's instagram post?")
