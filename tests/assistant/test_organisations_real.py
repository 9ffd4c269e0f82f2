"""Organisation scoping against the real index of the five bundled policies (five organisations)."""

from __future__ import annotations

import pytest

from assistant.errors import OutsideOrganisationError, UnknownOrganisationError
from assistant.settings import REPO_ROOT
from ingest.store import open_index

pytestmark = pytest.mark.integration

QUESTIONS = (
    "can I friend an ex-pupil on Facebook?",
    "may I use my personal phone to photograph pupils?",
    "can I use ChatGPT to draft a letter to parents?",
    "is personal use of school email allowed?",
)


def test_the_bundled_corpus_has_five_organisations_one_per_policy(real_assistant) -> None:
    organisations = real_assistant.organisations()
    assert len(organisations) == 5
    policies = sorted(p.stem for p in (REPO_ROOT / "data" / "policies").glob("*.txt"))
    assert sorted(doc for org in organisations for doc in org.documents) == policies
    assert all(len(org.documents) == 1 for org in organisations)


def test_chroma_filters_by_organisation_inside_the_query(indexed_settings, real_embedder, real_assistant) -> None:
    index = open_index(indexed_settings)
    vector = real_embedder.embed(["social media friends with pupils"])[0]
    for org in real_assistant.organisations():
        hits = index.search(vector, k=index.count(), organisation=org.id)
        assert hits, org.id
        assert {hit.clause.document_id for hit in hits} == set(org.documents)
        assert {hit.clause.organisation_id for hit in hits} == {org.id}


def test_an_organisations_answers_never_read_another_organisations_policies(real_assistant) -> None:
    for org in real_assistant.organisations():
        for question in QUESTIONS:
            answer = real_assistant.ask(question, organisation=org.id)
            read = {c.document for c in (*answer.citations, *answer.related)} | {r.document for r in answer.retrieved}
            assert read and read <= set(org.documents), (org.id, question)
            assert answer.organisation == org.id
            assert "Where they differ" not in answer.answer


def test_a_question_naming_another_organisations_policy_stays_in_its_own(real_assistant) -> None:
    answer = real_assistant.ask("under the 2025 e-comms policy can I use ChatGPT?", organisation="academy-trust")
    assert {r.document for r in answer.retrieved} == {"academy-trust-it-comms-social-media"}
    assert answer.scope_source == "all"


def test_unscoped_questions_still_search_every_document(real_assistant) -> None:
    answer = real_assistant.ask("can I friend an ex-pupil on Facebook?")
    assert answer.organisation is None
    assert len({r.document for r in answer.retrieved}) > 1


def test_other_organisations_documents_and_unknown_organisations_are_refused(real_assistant) -> None:
    with pytest.raises(OutsideOrganisationError):
        real_assistant.ask(
            "can I use email?", organisation="southover", documents=["academy-trust-it-comms-social-media"]
        )
    with pytest.raises(OutsideOrganisationError):
        real_assistant.clauses("academy-trust-it-comms-social-media", organisation="southover")
    with pytest.raises(UnknownOrganisationError):
        real_assistant.ask("can I use email?", organisation="no-such-organisation")
    assert [m.document_id for m in real_assistant.documents("southover")] == [
        "southover-computer-internet-email-social-media"
    ]
