"""LangChain adapter: any Retriever as a ``BaseRetriever`` returning clause ``Document``s."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from assistant.protocols import ScoredClause


def clause_document(hit: ScoredClause) -> Document:
    """Return a LangChain Document for a scored clause (page_content is the verbatim clause text)."""
    clause = hit.clause
    metadata: dict[str, Any] = {
        "document_id": clause.document_id,
        "clause_id": clause.clause_id,
        "title": clause.title,
        "section_path": list(clause.section_path),
        "lead_in": clause.lead_in,
        "score": float(hit.score),
        "uid": clause.uid,
    }
    return Document(page_content=clause.text, metadata=metadata, id=clause.uid)


class PolicyRetriever(BaseRetriever):
    """Wraps a ``assistant.protocols.Retriever``; ``documents`` scopes the search (empty = all)."""

    retriever: Any
    """Anything with ``retrieve(query, *, documents, k) -> list[ScoredClause]`` (e.g. HybridRetriever)."""
    k: int = 10
    documents: tuple[str, ...] = ()

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        hits = self.retriever.retrieve(query, documents=self.documents, k=self.k)
        return [clause_document(hit) for hit in hits]
