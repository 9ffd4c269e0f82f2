"""The dense-search seam, and an in-memory implementation over a matrix of clause vectors."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

import numpy as np

from assistant.errors import UnknownDocumentError
from assistant.protocols import Embedder, ScoredClause
from ingest.clause import Clause


class DenseSearch(Protocol):
    """Nearest clauses to a query vector by cosine similarity; ``ingest.store.ClauseIndex`` satisfies it."""

    def search(
        self, vector: np.ndarray, *, k: int, documents: Sequence[str] = (), organisation: str | None = None
    ) -> list[ScoredClause]: ...


def default_embedding_text(clause: Clause, *, document_title: str = "") -> str:
    """Return the text embedded for a clause when no ingest-side function is supplied."""
    parts = [document_title, clause.title, clause.full_text]
    return ". ".join(part for part in parts if part)


class MatrixDenseSearch:
    """Exact cosine search over L2-normalised clause vectors held in memory (tests, benchmarks, small corpora)."""

    def __init__(self, clauses: Sequence[Clause], vectors: np.ndarray) -> None:
        if len(clauses) != len(vectors):
            raise ValueError(f"{len(clauses)} clauses but {len(vectors)} vectors")
        self._clauses = tuple(clauses)
        self._vectors = np.asarray(vectors, dtype=np.float32).reshape(len(clauses), -1)
        doc_ids = np.array([clause.document_id for clause in self._clauses], dtype=object)
        self._rows = {doc: np.flatnonzero(doc_ids == doc) for doc in dict.fromkeys(doc_ids.tolist())}
        self._organisations = np.array([clause.organisation_id for clause in self._clauses], dtype=object)

    @classmethod
    def build(
        cls,
        clauses: Sequence[Clause],
        *,
        embedder: Embedder,
        titles: Mapping[str, str] | None = None,
        text: Callable[..., str] = default_embedding_text,
    ) -> MatrixDenseSearch:
        """Embed every clause once with ``text(clause, document_title=...)`` and keep the matrix."""
        titles = titles or {}
        texts = [text(clause, document_title=titles.get(clause.document_id, "")) for clause in clauses]
        vectors = embedder.embed(texts) if texts else np.zeros((0, 1), dtype=np.float32)
        return cls(clauses, vectors)

    def similarities(self, vector: np.ndarray) -> np.ndarray:
        """Return the cosine similarity of the query vector to every clause, in index order."""
        if not self._clauses:
            return np.zeros(0, dtype=np.float32)
        return self._vectors @ np.asarray(vector, dtype=np.float32).reshape(-1)

    def search(
        self, vector: np.ndarray, *, k: int, documents: Sequence[str] = (), organisation: str | None = None
    ) -> list[ScoredClause]:
        """Return the k most similar clauses within ``documents`` (all if empty) and ``organisation``, best first."""
        unknown = [doc for doc in documents if doc not in self._rows]
        if unknown:
            raise UnknownDocumentError(unknown)
        sims = self.similarities(vector)
        rows = np.concatenate([self._rows[d] for d in dict.fromkeys(documents)]) if documents else np.arange(len(sims))
        if organisation:
            rows = rows[self._organisations[rows] == organisation]
        best = rows[np.argsort(-sims[rows], kind="stable")[:k]]
        return [ScoredClause(self._clauses[i], float(sims[i])) for i in best]
