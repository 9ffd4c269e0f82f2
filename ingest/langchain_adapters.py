"""LangChain adapters: an Embeddings around any Embedder, and Clause <-> Document conversions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from ingest.chroma_records import clause_to_metadata, metadata_to_clause
from ingest.clause import Clause

if TYPE_CHECKING:
    from assistant.protocols import Embedder


class EmbedderEmbeddings(Embeddings):
    """Expose an Embedder (e.g. SentenceTransformerEmbedder) as LangChain Embeddings."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Return one vector per text."""
        return [[float(value) for value in row] for row in self.embedder.embed(texts)]

    def embed_query(self, text: str) -> list[float]:
        """Return the vector of one query."""
        return self.embed_documents([text])[0]


def clause_to_document(clause: Clause) -> Document:
    """Return a clause as a LangChain Document: verbatim text, the index's metadata, its uid as id."""
    return Document(page_content=clause.text, metadata=dict(clause_to_metadata(clause)), id=clause.uid)


def document_to_clause(document: Document) -> Clause:
    """Rebuild the clause of a Document made by clause_to_document or returned by the index's vector store."""
    return metadata_to_clause(document.page_content, document.metadata)
