"""BM25 search over clauses (bm25s), with document scoping."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import bm25s
import numpy as np

from assistant.errors import UnknownDocumentError
from assistant.protocols import ScoredClause
from assistant.retrieval.text import tokenize
from ingest.clause import Clause


def clause_search_text(clause: Clause, *, document_title: str = "") -> str:
    """Return what lexical search sees of a clause: document and section titles, lead-in, text."""
    section_titles = [part for part in clause.section_path if any(ch.isalpha() for ch in part)]
    parts = [document_title, *section_titles, clause.title, clause.lead_in, clause.text]
    return " ".join(_unique(part for part in parts if part))


class LexicalIndex:
    """An immutable BM25 index over a fixed list of clauses."""

    def __init__(self, clauses: Sequence[Clause], bm25: bm25s.BM25) -> None:
        self._clauses = tuple(clauses)
        self._bm25 = bm25
        doc_ids = np.array([clause.document_id for clause in self._clauses], dtype=object)
        self._rows = {doc: np.flatnonzero(doc_ids == doc) for doc in dict.fromkeys(doc_ids.tolist())}
        self._row_of = {clause.uid: row for row, clause in enumerate(self._clauses)}
        self._organisations = np.array([clause.organisation_id for clause in self._clauses], dtype=object)

    @classmethod
    def build(
        cls,
        clauses: Sequence[Clause],
        *,
        titles: Mapping[str, str] | None = None,
        k1: float = 1.2,
        b: float = 0.75,
    ) -> LexicalIndex:
        """Index clause lead-in, text and section titles (and the document title when given)."""
        titles = titles or {}
        corpus = [tokenize(clause_search_text(c, document_title=titles.get(c.document_id, ""))) for c in clauses]
        # bm25s needs at least one token per document to build its vocabulary.
        corpus = [tokens or [""] for tokens in corpus]
        bm25 = bm25s.BM25(k1=k1, b=b, method="lucene")
        if corpus:
            bm25.index(corpus, show_progress=False)
        return cls(clauses, bm25)

    @property
    def document_ids(self) -> tuple[str, ...]:
        """Return the ids of the documents indexed, in first-seen order."""
        return tuple(self._rows)

    @property
    def clauses(self) -> tuple[Clause, ...]:
        """Return the indexed clauses in index order."""
        return self._clauses

    def __len__(self) -> int:
        return len(self._clauses)

    def scores(self, query: str) -> np.ndarray:
        """Return the BM25 score of every indexed clause for the query (0 where no term matches)."""
        tokens = [token for token in tokenize(query) if token in self._bm25.vocab_dict] if self._clauses else []
        if not tokens:
            return np.zeros(len(self._clauses), dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)

    def search(self, query: str, *, k: int, documents: Sequence[str] = ()) -> list[ScoredClause]:
        """Return up to k clauses with a positive BM25 score, best first, within ``documents`` (all if empty)."""
        return self.top(self.scores(query), k=k, documents=documents)

    def top(
        self, scores: np.ndarray, *, k: int, documents: Sequence[str] = (), organisation: str | None = None
    ) -> list[ScoredClause]:
        """Return the k best positive-scoring clauses of ``scores`` within ``documents`` and ``organisation``."""
        rows = self.rows_for(documents)
        candidates = rows if rows is not None else np.arange(len(self._clauses))
        if organisation:
            candidates = candidates[self._organisations[candidates] == organisation]
        candidates = candidates[scores[candidates] > 0]
        # Stable sort on -score keeps index order among equal scores, so results are deterministic.
        best = candidates[np.argsort(-scores[candidates], kind="stable")[:k]]
        return [ScoredClause(self._clauses[i], float(scores[i])) for i in best]

    def row_of(self, clause: Clause) -> int | None:
        """Return the index row of a clause (by uid), or None when it is not indexed."""
        return self._row_of.get(clause.uid)

    def rows_for(self, documents: Sequence[str]) -> np.ndarray | None:
        """Return the row numbers of the given documents' clauses (None means all); raise on unknown ids."""
        if not documents:
            return None
        unknown = [doc for doc in documents if doc not in self._rows]
        if unknown:
            raise UnknownDocumentError(unknown)
        return np.concatenate([self._rows[doc] for doc in dict.fromkeys(documents)])


def _unique(parts: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(parts))
