"""Round trip of the five real policies through the real embedded Chroma index and the real model."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from assistant.errors import IndexNotReadyError, UnknownDocumentError
from assistant.settings import Settings
from ingest.langchain_adapters import EmbedderEmbeddings, document_to_clause
from ingest.parser import parse_document
from ingest.store import open_index

REPO = Path(__file__).resolve().parents[2]
POLICIES = sorted((REPO / "data" / "policies").glob("*.txt"))
ACADEMY = "academy-trust-it-comms-social-media"


@pytest.fixture(scope="module")
def index(indexed_settings):
    return open_index(indexed_settings)


def test_a_question_about_friending_ex_pupils_finds_the_academy_rule(index, real_embedder):
    vector = real_embedder.embed(["Can I accept a friend request from an ex-pupil on social media?"])[0]
    hits = index.search(vector, k=5)
    top = [(hit.clause.document_id, hit.clause.clause_id) for hit in hits[:3]]
    assert (ACADEMY, "2.14/2.12") in top
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(-1.0 <= score <= 1.0 for score in scores)
    assert scores[0] == pytest.approx(
        float(vector @ real_embedder.embed([_embedded(index, hits[0].clause)])[0]), abs=1e-3
    )


def _embedded(index, clause):
    from ingest.embedder import embedding_text

    title = next(meta.title for meta in index.documents() if meta.document_id == clause.document_id)
    return embedding_text(clause, document_title=title)


def test_a_document_filter_restricts_hits_to_those_documents(index, real_embedder):
    vector = real_embedder.embed(["Can I use my personal email address for work?"])[0]
    chosen = ["southover-computer-internet-email-social-media", "school-staff-advice-electronic-comms"]
    hits = index.search(vector, k=8, documents=chosen)
    assert len(hits) == 8
    assert {hit.clause.document_id for hit in hits} <= set(chosen)
    with pytest.raises(UnknownDocumentError, match="no-such-policy"):
        index.search(vector, k=3, documents=["no-such-policy"])


def test_k_larger_than_a_filtered_document_returns_all_of_it(index):
    clauses = index.clauses("school-staff-advice-electronic-comms")
    hits = index.search(np.ones(384, dtype=np.float32) / np.sqrt(384), k=500, documents=[clauses[0].document_id])
    assert len(hits) == len(clauses)


def test_clauses_come_back_exactly_as_parsed_in_document_then_source_order(index):
    expected = []
    for path in POLICIES:
        parsed = parse_document(path.read_text(encoding="utf-8"), document_id=path.stem, source="x")
        expected.extend(parsed.clauses)
    got = index.clauses()
    assert [(c.document_id, c.clause_id, c.lead_in, c.text, c.span) for c in got] == [
        (c.document_id, c.clause_id, c.lead_in, c.text, c.span) for c in expected
    ]
    assert index.count() == len(expected)
    assert got[0].source == f"data/policies/{got[0].document_id}.txt"
    assert [c.ordinal for c in index.clauses(ACADEMY)] == list(range(len(index.clauses(ACADEMY))))
    with pytest.raises(UnknownDocumentError):
        index.clauses("no-such-policy")


def test_documents_carry_titles_hashes_and_clause_counts(index):
    metas = index.documents()
    assert [meta.document_id for meta in metas] == [path.stem for path in POLICIES]
    for meta, path in zip(metas, POLICIES, strict=True):
        assert meta.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()
        assert meta.clause_count == len(index.clauses(meta.document_id)) > 0
        assert meta.title
    southover = next(meta for meta in metas if meta.document_id.startswith("southover"))
    assert southover.organisation == "The Southover Partnership School"


def test_a_langchain_vector_store_over_the_index_returns_documents_that_map_back_to_clauses(index, real_embedder):
    store = index.as_langchain(EmbedderEmbeddings(real_embedder))
    documents = store.similarity_search("offer or accept ex-pupils as friends on social media", k=3)
    assert len(documents) == 3
    known = set(index.clauses())
    assert all(document_to_clause(document) in known for document in documents)


def test_a_missing_or_empty_index_is_not_ready(tmp_path):
    with pytest.raises(IndexNotReadyError, match="run `policy-assistant ingest`"):
        open_index(Settings(index_dir=tmp_path / "nothing-here", chroma_host=None))
    (tmp_path / "index").mkdir()
    (tmp_path / "index" / "CURRENT").write_text("gen-000009\n")
    with pytest.raises(IndexNotReadyError):
        open_index(Settings(index_dir=tmp_path / "index", chroma_host=None))
