"""Retrieval benchmark on eval/data/qa.jsonl: recall@k, hit@k and MRR per retrieval mode, and latency.

Run: ``HF_HUB_OFFLINE=1 .venv/bin/python -m eval.bench.retrieval_bench [--no-chroma] [--threads 1] [--out r.json]``.

Modes: dense only, BM25 only, hybrid without query expansion, hybrid with expansion (the product), dense/BM25
each with expansion, and fusion variants. Questions scoped to documents are searched within them; follow-ups
are resolved as the product resolves them (assistant.answer.followup.resolve_followup). A retrieved clause
matches an expected one when the document is the same and the clause id is equal or nested inside it.
recall@k averages, over questions with expected clauses, the share of expected clauses found in the top k;
hit@k is the share of those questions with at least one found. Every mode keeps one record per clause id.
Latency is per question (every third) after warm-up, in memory and (unless ``--no-chroma``) through a real Chroma index
ingested into a temporary directory, which is the production path.

Tuning (160 scored questions, 2026-11-21; parameters chosen on the whole set, checked on odd/even halves):
- fusion: min-max score fusion 0.6 * dense + 0.4 * BM25 beat RRF at equal recall@10 (0.969 vs 0.967) with
  higher MRR (0.846 vs 0.821) on both halves; RRF best region k=5..10, lexical weight 0.5..0.75
  (k=60 equal weights: recall@10 0.963, MRR 0.814). Candidates 30 per searcher (20..50 all within 0.005).
- one record per clause id: +0.03 recall@10 (bullets sharing an id no longer crowd the top 10).
- document titles in the BM25 text: -0.02 recall@10, so they are left out; BM25 k1=1.2, b=0.75.
- query expansion on both searchers: hybrid recall@10 0.908 -> 0.969, MRR 0.803 -> 0.846 (part of the gain is
  from vocabulary entries written after reading misses on this set; the first, unseen-set vocabulary gave
  0.854 -> 0.899 recall@10 and 0.768 -> 0.800 MRR under the then RRF k=60 fusion).
- rerank by query-term coverage over the top 30: <= +0.01 MRR, +0.002 recall@10 (one or two questions), so
  no reranker.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from assistant.protocols import Embedder, Hit, ScoredClause
from assistant.retrieval.dense import DenseSearch, MatrixDenseSearch
from assistant.retrieval.expansion import Vocabulary
from assistant.retrieval.fusion import cap_per_clause
from assistant.retrieval.hybrid import DEFAULT_CANDIDATES, DEFAULT_PER_CLAUSE, HybridRetriever
from assistant.retrieval.lexical import LexicalIndex
from assistant.settings import REPO_ROOT, Settings
from eval.metrics import clause_matches
from ingest.clause import Clause

QA_PATH = REPO_ROOT / "eval" / "data" / "qa.jsonl"
KS = (1, 3, 5, 10)
# Latency is timed on every third question (about 150): enough for p95, a third of the model time.
LATENCY_STRIDE = 3
Search = Callable[[str, Sequence[str], int], Sequence[Hit]]


@dataclass(frozen=True, slots=True)
class QAItem:
    """One benchmark question and the clauses that answer it."""

    id: str
    question: str
    documents: tuple[str, ...]
    history: tuple[str, ...]
    expected: tuple[tuple[str, str], ...]

    @property
    def query(self) -> str:
        """Return the text retrieval runs on (a follow-up carries the topic of an earlier turn)."""
        from assistant.answer.followup import resolve_followup

        return resolve_followup(self.question, self.history)


def load_qa(path: Path = QA_PATH) -> list[QAItem]:
    """Read the QA set (JSON lines)."""
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            expected = tuple(dict.fromkeys((e["document"], e["clause"]) for e in row.get("expected", [])))
            items.append(
                QAItem(
                    row["id"],
                    row["question"],
                    tuple(row.get("documents") or ()),
                    tuple(row.get("history") or ()),
                    expected,
                )
            )
    return items


def _found(hits: Sequence[Hit], expected: tuple[str, str]) -> int | None:
    for rank, hit in enumerate(hits, start=1):
        if hit.clause.document_id == expected[0] and clause_matches(hit.clause.clause_id, expected[1]):
            return rank
    return None


def score_rankings(items: Sequence[QAItem], rankings: Sequence[Sequence[Hit]]) -> dict[str, float]:
    """Return recall@k, hit@k and MRR over the items that have expected clauses."""
    totals: dict[str, float] = {f"recall@{k}": 0.0 for k in KS} | {f"hit@{k}": 0.0 for k in KS} | {"mrr": 0.0}
    scored = 0
    for item, hits in zip(items, rankings, strict=True):
        if not item.expected:
            continue
        scored += 1
        ranks = [_found(hits, expected) for expected in item.expected]
        for k in KS:
            found = [rank is not None and rank <= k for rank in ranks]
            totals[f"recall@{k}"] += sum(found) / len(found)
            totals[f"hit@{k}"] += float(any(found))
        first = min((rank for rank in ranks if rank is not None), default=None)
        totals["mrr"] += 1.0 / first if first else 0.0
    return {name: round(value / max(scored, 1), 4) for name, value in totals.items()} | {"questions": scored}


def evaluate(items: Sequence[QAItem], search: Search, *, k: int = 10) -> dict[str, float]:
    """Run a search function over the QA set and score it."""
    return score_rankings(items, [search(item.query, item.documents, k) for item in items])


class CachedEmbedder:
    """Memoises query embeddings so parameter sweeps embed each query once."""

    def __init__(self, inner: Embedder) -> None:
        self._inner = inner
        self._cache: dict[str, Any] = {}

    def embed(self, texts: Sequence[str]) -> Any:
        missing = [text for text in texts if text not in self._cache]
        if missing:
            for text, vector in zip(missing, self._inner.embed(missing), strict=True):
                self._cache[text] = vector
        import numpy as np

        return np.stack([self._cache[text] for text in texts])


@dataclass(slots=True)
class Components:
    """Everything the modes are built from."""

    clauses: list[Clause]
    titles: dict[str, str]
    embedder: Embedder
    dense: MatrixDenseSearch
    lexical: LexicalIndex
    vocabulary: Vocabulary
    clause_vectors: CachedEmbedder  # the clause embeddings already computed, so the Chroma ingest reuses them


def build_components(settings: Settings) -> Components:
    """Parse the policies, load the real model, embed every clause in memory and build BM25."""
    from ingest.embedder import embedding_text, load_embedder
    from ingest.parser import parse_document

    clauses: list[Clause] = []
    titles: dict[str, str] = {}
    for path in sorted(settings.policies_dir.glob("*.txt")):
        parsed = parse_document(path.read_text(encoding="utf-8"), document_id=path.stem, source=str(path))
        clauses.extend(parsed.clauses)
        titles[path.stem] = parsed.meta.title
    embedder = load_embedder(settings)
    clause_vectors = CachedEmbedder(embedder)
    dense = MatrixDenseSearch.build(clauses, embedder=clause_vectors, titles=titles, text=embedding_text)
    lexical = LexicalIndex.build(clauses)  # as build_retriever does: document titles are not indexed
    vocabulary = Vocabulary.load(settings.vocabulary_path)
    return Components(clauses, titles, embedder, dense, lexical, vocabulary, clause_vectors)


def modes(parts: Components, embedder: Embedder) -> dict[str, Search]:
    """Return the benchmarked retrieval modes keyed by name (all keep one record per clause id)."""
    vocab, empty = parts.vocabulary, Vocabulary.empty()

    def dense(expand: bool) -> Search:
        def run(query: str, documents: Sequence[str], k: int) -> list[ScoredClause]:
            vector = embedder.embed([vocab.expand(query) if expand else query])[0]
            hits = parts.dense.search(vector, k=DEFAULT_CANDIDATES, documents=documents)
            return cap_per_clause(hits, k=k, per_clause=DEFAULT_PER_CLAUSE)

        return run

    def bm25(expand: bool) -> Search:
        def run(query: str, documents: Sequence[str], k: int) -> list[ScoredClause]:
            hits = parts.lexical.search(
                vocab.expand(query) if expand else query, k=DEFAULT_CANDIDATES, documents=documents
            )
            return cap_per_clause(hits, k=k, per_clause=DEFAULT_PER_CLAUSE)

        return run

    def hybrid(vocabulary: Vocabulary, **options: Any) -> Search:
        retriever = HybridRetriever(parts.dense, embedder, parts.lexical, vocabulary, **options)
        return lambda q, d, k: retriever.retrieve(q, documents=d, k=k)

    return {
        "dense": dense(False),
        "bm25": bm25(False),
        "hybrid_no_expansion": hybrid(empty),
        "hybrid": hybrid(vocab),
        "dense_expanded": dense(True),
        "bm25_expanded": bm25(True),
        "hybrid_rrf": hybrid(vocab, fusion="rrf"),
        "hybrid_rrf_k60_equal_weights": hybrid(vocab, fusion="rrf", rrf_k=60, weights=(1.0, 1.0)),
        "hybrid_no_clause_cap": hybrid(vocab, per_clause=None),
    }


def latency(items: Sequence[QAItem], retriever: HybridRetriever, embedder: Embedder) -> dict[str, float]:
    """Return p50/p95 ms of retrieve(), of the query embedding alone (the floor) and of retrieve() minus it.

    The last is timed with the query vectors already computed, so it isolates expansion, search and fusion
    from CPU contention on the embedding model.
    """
    cached = CachedEmbedder(embedder)
    warm = retriever.with_embedder(cached)
    for item in items[:10]:
        retriever.retrieve(item.query, documents=item.documents)
    total, embed, rest = [], [], []
    for item in items:
        total.append(_timed(partial(retriever.retrieve, item.query, documents=item.documents)))
        embed.append(_timed(partial(embedder.embed, [item.query])))
        warm.retrieve(item.query, documents=item.documents)  # fills the cache with the expanded query's vector
        rest.append(_timed(partial(warm.retrieve, item.query, documents=item.documents)))
    return {
        "retrieve_p50_ms": _ms(statistics.median(total)),
        "retrieve_p95_ms": _ms(_p95(total)),
        "embed_p50_ms": _ms(statistics.median(embed)),
        "embed_p95_ms": _ms(_p95(embed)),
        "retrieve_without_embedding_p50_ms": _ms(statistics.median(rest)),
        "retrieve_without_embedding_p95_ms": _ms(_p95(rest)),
    }


def _timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def _ms(value: float) -> float:
    return round(value, 2)


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def chroma_latency(items: Sequence[QAItem], parts: Components, settings: Settings) -> dict[str, float]:
    """Ingest into a temporary Chroma index and time the production retriever over it."""
    from ingest.pipeline import ingest_paths
    from ingest.store import open_index

    with tempfile.TemporaryDirectory() as tmp:
        local = settings.model_copy(update={"index_dir": Path(tmp), "chroma_host": None})
        # The clauses were embedded once already; embedding them again would only time the model twice.
        ingest_paths(sorted(settings.policies_dir.glob("*.txt")), settings=local, embedder=parts.clause_vectors)
        index: DenseSearch = open_index(local)
        retriever = HybridRetriever(index, parts.embedder, parts.lexical, parts.vocabulary)
        return latency(items[::LATENCY_STRIDE], retriever, parts.embedder) | score_rankings(
            items, [retriever.retrieve(item.query, documents=item.documents) for item in items]
        )


def main(argv: Sequence[str] = ()) -> dict[str, Any]:
    """Run every mode on the QA set, measure latency, print and return the report (argv: CLI options)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, help="also write the report as JSON here")
    parser.add_argument(
        "--chroma", action=argparse.BooleanOptionalAction, default=True, help="also measure through a real Chroma index"
    )
    parser.add_argument("--threads", type=int, help="torch intra-op threads for the embedding model")
    args = parser.parse_args(list(argv))
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    settings = Settings()
    items = load_qa()
    parts = build_components(settings)
    cached = CachedEmbedder(parts.embedder)
    report: dict[str, Any] = {"questions": len(items), "clauses": len(parts.clauses), "threads": args.threads}
    report["modes"] = {name: evaluate(items, search) for name, search in modes(parts, cached).items()}
    product = HybridRetriever(parts.dense, parts.embedder, parts.lexical, parts.vocabulary)
    report["latency_in_memory"] = latency(items[::LATENCY_STRIDE], product, parts.embedder)
    if args.chroma:
        report["chroma"] = chroma_latency(items, parts, settings)
    print(json.dumps(report, indent=2))
    if args.out:
        args.out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return report


if __name__ == "__main__":
    main(sys.argv[1:])
