"""The write side of the clause index: changes applied to an unpublished generation, then verified."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from assistant.errors import PolicyAssistantError
from ingest.chroma_generations import GenerationHandle, copy_records
from ingest.chroma_records import clause_to_metadata, meta_to_record, record_ids, record_to_meta
from ingest.clause import Clause, DocumentMeta


class IndexIntegrityError(PolicyAssistantError):
    """A freshly written generation failed verification, so it was not published."""


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """What the index knows about one ingested file."""

    meta: DocumentMeta
    path: str


def read_manifest(handle: GenerationHandle) -> dict[str, StoredDocument]:
    """Return every document of a generation by document id."""
    stored: dict[str, StoredDocument] = {}
    offset = 0
    while True:
        page = handle.documents.get(limit=5_000, offset=offset, include=["documents", "metadatas"])
        if not page["ids"]:
            return stored
        for text, metadata in zip(page["documents"] or [], page["metadatas"] or [], strict=True):
            meta = record_to_meta(text)
            stored[meta.document_id] = StoredDocument(meta=meta, path=str(metadata.get("path", "")))
        offset += len(page["ids"])


class StagingWriter:
    """Apply document removals and additions to one unpublished generation in large batches."""

    def __init__(self, handle: GenerationHandle) -> None:
        self.handle = handle
        self.batch_size = max(1, handle.client.get_max_batch_size())

    def remove(self, document_ids: Sequence[str]) -> None:
        """Delete the clauses and records of some documents."""
        if document_ids:
            where: Any = {"document_id": {"$in": list(document_ids)}}
            self.handle.clauses.delete(where=where)
            self.handle.documents.delete(ids=list(document_ids))

    def add(self, documents: Sequence[tuple[DocumentMeta, Sequence[Clause], str]], vectors: np.ndarray) -> None:
        """Write several documents' clauses (rows of ``vectors`` in order), then their records."""
        clauses = [clause for _, document_clauses, _ in documents for clause in document_clauses]
        self.add_clauses(clauses, vectors)
        records = [meta_to_record(replace(meta, clause_count=len(items)), path=path) for meta, items, path in documents]
        self.handle.documents.upsert(
            ids=[meta.document_id for meta, _, _ in documents],
            documents=[document for document, _ in records],
            metadatas=[metadata for _, metadata in records],
            embeddings=np.ones((len(documents), 1), dtype=np.float32),
        )

    def add_clauses(self, clauses: Sequence[Clause], vectors: np.ndarray) -> None:
        """Write clauses and their vectors, as few round trips as Chroma allows."""
        ids = record_ids(list(clauses))
        for start in range(0, len(clauses), self.batch_size):
            stop = start + self.batch_size
            self.handle.clauses.add(
                ids=ids[start:stop],
                embeddings=vectors[start:stop],
                documents=[clause.text for clause in clauses[start:stop]],
                metadatas=[clause_to_metadata(clause) for clause in clauses[start:stop]],
            )

    def copy_documents(self, source: GenerationHandle, document_ids: Sequence[str]) -> None:
        """Carry some documents over unchanged from another generation."""
        if document_ids:
            where: Any = {"document_id": {"$in": list(document_ids)}}
            copy_records(source.clauses, self.handle.clauses, where=where)
            copy_records(source.documents, self.handle.documents, where=where)

    def verify(self) -> tuple[int, int]:
        """Check that every document's clauses are present and searchable; return (documents, clauses)."""
        manifest = read_manifest(self.handle)
        expected = sum(stored.meta.clause_count for stored in manifest.values())
        actual = self.handle.clauses.count()
        if actual != expected:
            raise IndexIntegrityError(f"generation {self.handle.name} holds {actual} clauses, expected {expected}")
        if actual:
            probe = self.handle.clauses.get(limit=1, include=["embeddings"])
            vector = np.asarray(probe["embeddings"], dtype=np.float32)[:1]
            hits = self.handle.clauses.query(query_embeddings=vector, n_results=1, include=[])
            if not hits["ids"][0]:
                raise IndexIntegrityError(f"generation {self.handle.name} answers no query")
        return len(manifest), actual
