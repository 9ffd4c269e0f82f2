"""Hybrid retrieval: expand the query, search dense and BM25, fuse, keep the top k diverse clauses."""

from __future__ import annotations

import copy
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

from assistant.errors import IndexNotReadyError
from assistant.protocols import Embedder, ScoredClause
from assistant.retrieval.dense import DenseSearch
from assistant.retrieval.expansion import Vocabulary
from assistant.retrieval.fusion import cap_per_clause, max_rrf_score, reciprocal_rank_fusion, score_fusion
from assistant.retrieval.lexical import LexicalIndex
from ingest.clause import Clause, DocumentMeta

log = logging.getLogger(__name__)

# Tuned on eval/data/qa.jsonl with eval/bench/retrieval_bench.py; the sweep and numbers are in its docstring.
DEFAULT_FUSION: Literal["score", "rrf"] = "score"
DEFAULT_DENSE_WEIGHT = 0.6  # score fusion: 0.6 * dense + 0.4 * BM25, each min-max normalised over the candidates
DEFAULT_RRF_K = 10  # RRF fusion (fusion="rrf")
DEFAULT_WEIGHTS = (1.0, 0.75)  # RRF (dense, lexical)
DEFAULT_CANDIDATES = 30
# Several records can share one clause id (the bullets of a section); one per id keeps the top k diverse.
DEFAULT_PER_CLAUSE: int | None = 1


@dataclass(frozen=True, slots=True)
class RetrievalHit:
    """One fused hit with the evidence behind it.

    ``score`` is the fused score in [0, 1] (score fusion: weighted normalised scores; RRF: divided by the
    best possible). It ranks within one query and is not calibrated across queries: for "is this covered?"
    use ``dense``, the raw cosine similarity of the query to the clause (None when the clause was not among
    the dense candidates), and ``lexical``, the raw BM25 score (0.0 when no query term occurs).
    Ranks are 1-based positions in each searcher's candidate list, None when absent.
    """

    clause: Clause
    score: float
    dense: float | None
    lexical: float
    dense_rank: int | None
    lexical_rank: int | None

    def scored(self) -> ScoredClause:
        """Return the hit as the protocol's ScoredClause (fused score)."""
        return ScoredClause(self.clause, self.score)


class ClauseSource(DenseSearch, Protocol):
    """What build_retriever needs of the index (``ingest.store.ClauseIndex`` satisfies it)."""

    def clauses(self, document_id: str | None = None) -> list[Clause]: ...

    def documents(self) -> list[DocumentMeta]: ...


class HybridRetriever:
    """The Retriever: vocabulary-expanded query, dense + BM25 candidates, fused, one record per clause id."""

    def __init__(
        self,
        dense: DenseSearch,
        embedder: Embedder,
        lexical: LexicalIndex,
        vocabulary: Vocabulary,
        *,
        rrf_k: int = DEFAULT_RRF_K,
        weights: Sequence[float] = DEFAULT_WEIGHTS,
        candidates: int = DEFAULT_CANDIDATES,
        fusion: Literal["score", "rrf"] = DEFAULT_FUSION,
        dense_weight: float = DEFAULT_DENSE_WEIGHT,
        expand_dense: bool = True,
        per_clause: int | None = DEFAULT_PER_CLAUSE,
    ) -> None:
        if len(weights) != 2:
            raise ValueError("weights must be (dense, lexical)")
        if fusion not in ("score", "rrf"):
            raise ValueError(f"unknown fusion {fusion!r}")
        self._dense = dense
        self._embedder = embedder
        self._lexical = lexical
        self._vocabulary = vocabulary
        self._rrf_k = rrf_k
        self._weights = (float(weights[0]), float(weights[1]))
        self._candidates = candidates
        self._fusion = fusion
        self._dense_weight = dense_weight
        self._expand_dense = expand_dense
        self._per_clause = per_clause

    def with_embedder(self, embedder: Embedder) -> HybridRetriever:
        """Return a copy of this retriever that embeds queries with another embedder (e.g. a caching one)."""
        twin = copy.copy(self)
        twin._embedder = embedder
        return twin

    @property
    def vocabulary(self) -> Vocabulary:
        """Return the vocabulary that expands queries (the answer composer reads the same expansions)."""
        return self._vocabulary

    @property
    def document_ids(self) -> tuple[str, ...]:
        """Return the ids of the documents this retriever can search."""
        return self._lexical.document_ids

    def retrieve(
        self, query: str, *, documents: Sequence[str] = (), k: int = 10, organisation: str | None = None
    ) -> list[RetrievalHit]:
        """Return the top k hits (within ``organisation`` when given, filtered inside each search); raise on bad ids."""
        documents = tuple(documents)
        self._lexical.rows_for(documents)  # validates ids before any work is done
        if not query.strip() or k <= 0:
            return []
        expanded = self._vocabulary.expand(query)
        vector = self._embedder.embed([expanded if self._expand_dense else query])[0]
        pool = max(self._candidates, k)
        # Only pass the filter when asked, so dense searches written before organisations keep working.
        within = {"organisation": organisation} if organisation else {}
        dense_hits = self._dense.search(vector, k=pool, documents=documents, **within)
        lexical_scores = self._lexical.scores(expanded)
        lexical_hits = self._lexical.top(lexical_scores, k=pool, documents=documents, organisation=organisation)
        fused = self._fuse(dense_hits, lexical_hits, lexical_scores)
        kept = cap_per_clause(fused, k=k, per_clause=self._per_clause)
        return self._explain(kept, dense_hits, lexical_hits, lexical_scores)

    def _fuse(
        self, dense_hits: list[ScoredClause], lexical_hits: list[ScoredClause], lexical_scores: np.ndarray
    ) -> list[ScoredClause]:
        if self._fusion == "rrf":
            fused = reciprocal_rank_fusion([dense_hits, lexical_hits], k=self._rrf_k, weights=self._weights)
            best = max_rrf_score(k=self._rrf_k, weights=self._weights) or 1.0
            return [ScoredClause(hit.clause, hit.score / best) for hit in fused]
        # Dense candidates outside the BM25 top n still have a BM25 score; use it rather than "missing".
        in_lexical = {hit.clause.uid for hit in lexical_hits}
        extra = [
            ScoredClause(hit.clause, self._lexical_score(hit.clause, lexical_scores))
            for hit in dense_hits
            if hit.clause.uid not in in_lexical
        ]
        return score_fusion(dense_hits, [*lexical_hits, *extra], dense_weight=self._dense_weight)

    def _lexical_score(self, clause: Clause, lexical_scores: np.ndarray) -> float:
        row = self._lexical.row_of(clause)
        return float(lexical_scores[row]) if row is not None else 0.0

    def _explain(
        self,
        kept: list[ScoredClause],
        dense_hits: list[ScoredClause],
        lexical_hits: list[ScoredClause],
        lexical_scores: np.ndarray,
    ) -> list[RetrievalHit]:
        dense_at = {hit.clause.uid: (rank, hit.score) for rank, hit in enumerate(dense_hits, start=1)}
        lexical_rank = {hit.clause.uid: rank for rank, hit in enumerate(lexical_hits, start=1)}
        hits = []
        for item in kept:
            uid = item.clause.uid
            dense_rank, dense_score = dense_at.get(uid, (None, None))
            lexical = self._lexical_score(item.clause, lexical_scores)
            hits.append(RetrievalHit(item.clause, item.score, dense_score, lexical, dense_rank, lexical_rank.get(uid)))
        return hits


def build_retriever(*, index: ClauseSource, embedder: Embedder, settings: Any) -> HybridRetriever:
    """Build the hybrid retriever over an opened clause index (ClauseIndex is both the index and DenseSearch)."""
    clauses = index.clauses()
    if not clauses:
        raise IndexNotReadyError("the clause index is empty; run `policy-assistant ingest`")
    # Document titles are not indexed lexically: on the QA set they cost ~2 points of recall@10.
    lexical = LexicalIndex.build(clauses)
    vocabulary = load_vocabulary(settings.vocabulary_path)
    return HybridRetriever(index, embedder, lexical, vocabulary, rrf_k=settings.rrf_k)


def load_vocabulary(path: Path) -> Vocabulary:
    """Load the expansion vocabulary; a missing file means no expansion (logged), a malformed one raises."""
    if not Path(path).exists():
        log.warning("vocabulary file %s not found; query expansion is off", path)
        return Vocabulary.empty()
    return Vocabulary.load(path)
