"""The real assistant end to end: real index, real model, real guard; golden answers from the policies."""

from __future__ import annotations

import pytest

from assistant.errors import UnknownDocumentError
from assistant.models import Stance

ACADEMY = "academy-trust-it-comms-social-media"


def test_friending_an_ex_pupil_is_prohibited_with_the_clause_cited(real_assistant):
    answer = real_assistant.ask("can I friend an ex-pupil on Insta?", documents=[ACADEMY])
    assert not answer.refused
    assert answer.stance == Stance.PROHIBITED
    assert any(c.clause == "2.14/2.12" for c in answer.citations)
    assert len(answer.retrieved) >= 10
    clauses = {c.clause_id: c.text for c in real_assistant.clauses(ACADEMY)}
    for citation in answer.citations:
        assert citation.quote in clauses[citation.clause]


def test_a_prompt_naming_the_school_is_refused_before_retrieval(real_assistant):
    answer = real_assistant.ask("I teach at Southover Partnership School, can I use WhatsApp with parents?")
    assert answer.refused
    assert "school_identity" in answer.categories
    assert answer.retrieved == [] and answer.citations == []


def test_documents_and_clauses_come_from_the_index(real_assistant):
    ids = {meta.document_id for meta in real_assistant.documents()}
    assert ACADEMY in ids and len(ids) == 5
    with pytest.raises(UnknownDocumentError):
        real_assistant.clauses("no-such-policy")
