"""BM25 search over the real parsed policies."""

from __future__ import annotations

import pytest

from assistant.errors import UnknownDocumentError
from assistant.retrieval.lexical import LexicalIndex, clause_search_text
from ingest.clause import Clause

ACADEMY = "academy-trust-it-comms-social-media"
SCHOOL_2025 = "school-social-media-electronic-comms-2025"


def test_friend_ex_pupil_instagram_scoped(lexical_index: LexicalIndex) -> None:
    hits = lexical_index.search("friend ex-pupil instagram", k=3, documents=[ACADEMY])
    ids = [hit.clause.clause_id for hit in hits]
    assert "2.14/2.12" in ids
    assert "2.14/1.2" in ids  # the clause that lists Instagram
    assert all(hit.clause.document_id == ACADEMY for hit in hits)


def test_chatgpt_unscoped_finds_ai_section(lexical_index: LexicalIndex) -> None:
    hits = lexical_index.search("ChatGPT school information", k=5)
    assert any(hit.clause.document_id == SCHOOL_2025 and hit.clause.section == "8" for hit in hits)


def test_scope_filter_excludes_other_documents(lexical_index: LexicalIndex) -> None:
    hits = lexical_index.search("social media friends pupils", k=20, documents=[SCHOOL_2025, ACADEMY])
    assert hits
    assert {hit.clause.document_id for hit in hits} <= {SCHOOL_2025, ACADEMY}


def test_results_sorted_positive_and_limited(lexical_index: LexicalIndex) -> None:
    hits = lexical_index.search("password username log on", k=4)
    assert 0 < len(hits) <= 4
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(score > 0 for score in scores)


def test_no_matching_terms_returns_nothing(lexical_index: LexicalIndex) -> None:
    assert lexical_index.search("zzzz qqqq", k=5) == []
    assert lexical_index.search("", k=5) == []


def test_unknown_document_raises(lexical_index: LexicalIndex) -> None:
    with pytest.raises(UnknownDocumentError) as caught:
        lexical_index.search("email", k=5, documents=[ACADEMY, "no-such-policy"])
    assert caught.value.document_ids == ["no-such-policy"]


def test_search_text_carries_lead_in_and_section_titles(policy_corpus: tuple[list[Clause], dict[str, str]]) -> None:
    clauses, _ = policy_corpus
    bullet = next(c for c in clauses if c.document_id == ACADEMY and c.clause_id == "2.14/2.12")
    text = clause_search_text(bullet, document_title="Trust policy")
    assert text.startswith("Trust policy")
    assert "You must not" in text and "Prohibited use" in text and bullet.text in text


def test_empty_index() -> None:
    index = LexicalIndex.build([])
    assert len(index) == 0
    assert index.search("anything", k=5) == []
