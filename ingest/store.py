"""The read side of the clause index: search, clauses and documents of the live generation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.errors import IndexNotReadyError, UnknownDocumentError
from assistant.protocols import ScoredClause
from ingest.chroma_generations import GenerationHandle, generations_for
from ingest.chroma_records import metadata_to_clause, record_to_meta
from ingest.clause import Clause, DocumentMeta

if TYPE_CHECKING:
    from langchain_chroma import Chroma
    from langchain_core.embeddings import Embeddings

    from assistant.settings import Settings

_READ_PAGE = 5_000


class ClauseIndex:
    """One generation of the index, with every clause and document cached in memory."""

    def __init__(self, handle: GenerationHandle) -> None:
        self._handle = handle
        self._by_id: dict[str, Clause] = {}
        for ids, texts, metadatas in _pages(handle.clauses, include=["documents", "metadatas"]):
            for record_id, text, metadata in zip(ids, texts, metadatas, strict=True):
                self._by_id[record_id] = metadata_to_clause(text, metadata)
        if not self._by_id:
            raise IndexNotReadyError("the clause index is empty; run `policy-assistant ingest`")
        self._ordered = sorted(self._by_id.values(), key=lambda clause: (clause.document_id, clause.ordinal))
        documents = [
            record_to_meta(text) for _, texts, _ in _pages(handle.documents, include=["documents"]) for text in texts
        ]
        self._documents = {meta.document_id: meta for meta in sorted(documents, key=lambda meta: meta.document_id)}

    @property
    def generation(self) -> str:
        """Return the name of the generation this index serves."""
        return self._handle.name

    def close(self) -> None:
        """Release the generation's Chroma client (only once nothing searches this index any more)."""
        self._handle.close()

    def count(self) -> int:
        """Return the number of clauses."""
        return len(self._ordered)

    def documents(self) -> list[DocumentMeta]:
        """Return every document's metadata, ordered by document id."""
        return list(self._documents.values())

    def clauses(self, document_id: str | None = None) -> list[Clause]:
        """Return all clauses (or one document's) in document, then source order."""
        if document_id is None:
            return list(self._ordered)
        self._check_documents([document_id])
        return [clause for clause in self._ordered if clause.document_id == document_id]

    def search(
        self, vector: np.ndarray, *, k: int, documents: Sequence[str] = (), organisation: str | None = None
    ) -> list[ScoredClause]:
        """Return the k clauses most similar to a normalised vector (cosine, higher is better)."""
        self._check_documents(documents)
        if k <= 0:
            return []
        where = chroma_where(documents=documents, organisation=organisation)
        query = np.asarray(vector, dtype=np.float32).reshape(1, -1)
        result = self._handle.clauses.query(
            query_embeddings=query, n_results=min(k, self.count()), where=where, include=["distances"]
        )
        ids = result["ids"][0]
        distances = (result["distances"] or [[]])[0]
        return [
            ScoredClause(clause=self._by_id[record_id], score=1.0 - float(distance))
            for record_id, distance in zip(ids, distances, strict=True)
        ]

    def is_live(self, settings: Settings) -> bool:
        """Return whether this is still the generation being served (False after a newer ingest)."""
        return generations_for(settings).live() == self.generation

    def as_langchain(self, embeddings: Embeddings) -> Chroma:
        """Return a LangChain vector store over this generation (its Documents map back via document_to_clause)."""
        from langchain_chroma import Chroma

        return Chroma(
            client=self._handle.client,
            collection_name=self._handle.clauses.name,
            embedding_function=embeddings,
            create_collection_if_not_exists=False,
        )

    def _check_documents(self, document_ids: Sequence[str]) -> None:
        unknown = [document_id for document_id in document_ids if document_id not in self._documents]
        if unknown:
            raise UnknownDocumentError(unknown)


def chroma_where(*, documents: Sequence[str] = (), organisation: str | None = None) -> Any:
    """Return the Chroma metadata filter for a search within some documents and/or one organisation."""
    terms: list[dict[str, Any]] = []
    if documents:
        terms.append({"document_id": {"$in": list(documents)}})
    if organisation:
        terms.append({"organisation": organisation})
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else {"$and": terms}


def _pages(collection: Any, *, include: list[str]) -> Any:
    """Yield (ids, documents, metadatas) of every record, a page at a time."""
    offset = 0
    while True:
        page = collection.get(limit=_READ_PAGE, offset=offset, include=include)
        if not page["ids"]:
            return
        yield page["ids"], page.get("documents") or [], page.get("metadatas") or []
        offset += len(page["ids"])


def open_index(settings: Settings) -> ClauseIndex:
    """Open the live generation; raise IndexNotReadyError if there is none or it is empty."""
    generations = generations_for(settings)
    live = generations.live()
    if live is None:
        where = f"{settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host else str(settings.index_dir)
        raise IndexNotReadyError(f"no clause index at {where}; run `policy-assistant ingest`")
    return ClauseIndex(generations.open(live))


def open_generation(settings: Settings, name: str) -> ClauseIndex:
    """Open one named generation (the one a reload saw published), whether or not it is still live."""
    return ClauseIndex(generations_for(settings).open(name))
