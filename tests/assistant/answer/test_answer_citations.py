"""Quotes are verbatim substrings of the real clause text, chosen for the question, never cut mid-word."""

from __future__ import annotations

import re
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.answer.citations import best_quote, index_clauses, is_verbatim, keep_verified, verify_citations
from assistant.models import Citation
from ingest.clause import Clause

ACADEMY = "academy-trust-it-comms-social-media"
SCHOOL_2025 = "school-social-media-electronic-comms-2025"
QUESTION_WORDS = ["pupil", "friend", "email", "photograph", "software", "AI", "password", "Headteacher", "weekend"]


def test_quote_is_the_sentence_that_answers(clause: Callable[..., Clause]) -> None:
    found = clause(SCHOOL_2025, "7.4.2")
    quote = best_quote(found, "Should I befriend ex-pupils on social media?")
    assert quote in found.text
    assert "ex-pupils" in quote


def test_quote_of_bullet_excludes_lead_in(clause: Callable[..., Clause]) -> None:
    found = clause(ACADEMY, "2.14/2.5")
    quote = best_quote(found, "Can I post a photo of a pupil?")
    assert quote == found.text
    assert "You must not" not in quote


def test_long_sentence_is_trimmed_on_word_boundaries(clause: Callable[..., Clause]) -> None:
    found = clause(ACADEMY, "2.13/5.2")
    quote = best_quote(found, "What if a legitimate website is hacked?", max_chars=80)
    assert len(quote) <= 80
    assert quote in found.text
    start = found.text.index(quote)
    end = start + len(quote)
    assert start == 0 or not found.text[start - 1].isalnum()
    assert end == len(found.text) or not (found.text[end - 1].isalnum() and found.text[end].isalnum())


def test_every_real_clause_yields_a_verbatim_quote(all_clauses: dict[str, list[Clause]]) -> None:
    for clauses in all_clauses.values():
        for item in clauses:
            quote = best_quote(item, "can I use social media with pupils", max_chars=120)
            assert quote and quote in item.text, (item.document_id, item.clause_id)


@settings(max_examples=60, deadline=None)
@given(
    index=st.integers(min_value=0, max_value=10_000),
    words=st.lists(st.sampled_from(QUESTION_WORDS), max_size=4),
    limit=st.integers(min_value=20, max_value=400),
)
def test_quotes_are_verbatim_for_any_question(
    all_clauses: dict[str, list[Clause]], index: int, words: list[str], limit: int
) -> None:
    every = [c for doc in sorted(all_clauses) for c in all_clauses[doc]]
    item = every[index % len(every)]
    quote = best_quote(item, " ".join(words), max_chars=limit)
    assert quote in item.text
    assert len(quote) <= max(limit, len(re.split(r"\s", item.text)[0]))


def test_verify_flags_unknown_clause_and_non_verbatim_quote(clause: Callable[..., Clause]) -> None:
    found = clause(ACADEMY, "2.14/2.12")
    index = index_clauses([found])
    good = Citation(
        document=ACADEMY, clause="2.14/2.12", title="Prohibited use", quote="offer or accept current pupils"
    )
    paraphrase = good.model_copy(update={"quote": "staff may not befriend pupils"})
    unknown = good.model_copy(update={"clause": "2.14/9.9"})
    problems = verify_citations([good, paraphrase, unknown], index)
    assert problems == [
        f"{ACADEMY} §2.14/2.12: quote is not verbatim",
        f"{ACADEMY} §2.14/9.9: no such retrieved clause",
    ]
    assert keep_verified([good, paraphrase, unknown], index) == [good]


def test_whitespace_and_typographic_quotes_are_normalised() -> None:
    assert is_verbatim("the  Company’s\npremises", "removing hardware from the Company's premises")
    assert not is_verbatim("", "anything")
