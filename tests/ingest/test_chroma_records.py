"""Clause and DocumentMeta <-> Chroma record conversions, and the LangChain adapters built on them."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ingest.chroma_records import (
    clause_to_metadata,
    meta_to_record,
    metadata_to_clause,
    record_ids,
    record_to_meta,
)
from ingest.clause import Clause, DocumentMeta
from ingest.langchain_adapters import EmbedderEmbeddings, clause_to_document, document_to_clause
from ingest.parser import parse_document

REPO = Path(__file__).resolve().parents[2]
ACADEMY = REPO / "data" / "policies" / "academy-trust-it-comms-social-media.txt"


def _academy():
    return parse_document(ACADEMY.read_text(encoding="utf-8"), document_id=ACADEMY.stem, source=str(ACADEMY))


def test_every_real_clause_survives_the_metadata_round_trip():
    clauses = _academy().clauses
    for clause in clauses:
        metadata = clause_to_metadata(clause)
        assert all(isinstance(value, str | int | float | bool) for value in metadata.values())
        assert metadata_to_clause(clause.text, metadata) == clause
    lead_in = next(clause for clause in clauses if clause.clause_id == "2.14/2.12")
    assert clause_to_metadata(lead_in)["section"] == "2.14/2"


def test_page_none_and_page_numbers_round_trip():
    clause = Clause("doc", "1.1", ("Email", "Use"), "Use", "Text.", "doc.pdf", (3, 8), lead_in="Staff:", page=2)
    assert metadata_to_clause("Text.", clause_to_metadata(clause)) == clause
    unpaged = Clause("doc", "1.1", (), "", "Text.", "doc.txt", (0, 5))
    assert clause_to_metadata(unpaged)["page"] == -1
    assert metadata_to_clause("Text.", clause_to_metadata(unpaged)).page is None


def test_document_meta_round_trips_through_its_record():
    meta = _academy().meta
    document, metadata = meta_to_record(meta, path="/policies/a.txt")
    assert record_to_meta(document) == meta
    assert metadata == {"document_id": meta.document_id, "content_hash": meta.content_hash, "path": "/policies/a.txt"}
    rich = DocumentMeta("d", "T", "s", "h", people=("A B",), contacts=("x@y.z",), extra=(("Policy No.", "E1"),))
    assert record_to_meta(meta_to_record(rich, path="p")[0]) == rich


def test_record_ids_are_uids_made_unique_for_verbatim_repeats():
    clause = Clause("doc", "9", ("Misc",), "Misc", "Same bullet.", "doc.txt", (0, 12))
    other = Clause("doc", "9", ("Misc",), "Misc", "Another bullet.", "doc.txt", (13, 28), ordinal=1)
    repeat = Clause("doc", "9", ("Misc",), "Misc", "Same bullet.", "doc.txt", (29, 41), ordinal=2)
    assert record_ids([clause, other, repeat]) == [clause.uid, other.uid, f"{clause.uid}-1"]


def test_langchain_documents_round_trip_clauses():
    for clause in _academy().clauses[:20]:
        document = clause_to_document(clause)
        assert document.page_content == clause.text
        assert document.id == clause.uid
        assert document_to_clause(document) == clause


class _UnitEmbedder:
    """Embeds a text as a normalised (length, vowels) pair; enough to check the adapter's plumbing."""

    def embed(self, texts):
        rows = np.array([[len(text), sum(ch in "aeiou" for ch in text) + 1] for text in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_embedder_embeddings_adapts_any_embedder_to_langchain():
    embeddings = EmbedderEmbeddings(_UnitEmbedder())
    vectors = embeddings.embed_documents(["email", "social media"])
    assert len(vectors) == 2 and all(isinstance(value, float) for value in vectors[0])
    assert embeddings.embed_query("email") == vectors[0]
    assert abs(sum(value * value for value in vectors[1]) - 1.0) < 1e-6


def test_unnumbered_clauses_round_trip_and_old_records_read_as_numbered():
    fixture = REPO / "tests" / "fixtures" / "policies" / "staff-mobile-phones.md"
    doc = parse_document(fixture.read_text(encoding="utf-8"), document_id=fixture.stem, source=str(fixture))
    for clause in doc.clauses:
        metadata = clause_to_metadata(clause)
        assert metadata["numbered"] is False
        assert metadata_to_clause(clause.text, metadata) == clause
    before_the_field = clause_to_metadata(_academy().clauses[0])
    del before_the_field["numbered"]
    assert metadata_to_clause("Text.", before_the_field).numbered is True
