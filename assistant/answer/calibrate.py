"""Measure the answer composer on the eval set over a grid of coverage thresholds.

Run: ``HF_HUB_OFFLINE=1 python -m assistant.answer.calibrate [--qa eval/data/qa.jsonl] [--ids q229-q268]
[--ask "question"]``.
Builds the real hybrid retriever in memory from data/policies (parser, embedding model, BM25,
vocabulary), retrieves once per question, then composes under each threshold and prints stance
accuracy, citation hit rate ("cite": at least one correct citation) and precision ("c_prec"), not-covered recall
and the false-not-covered rate.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from assistant.answer.compose import compose_answer
from assistant.answer.coverage import DEFAULT_THRESHOLDS, CoverageThresholds
from assistant.answer.followup import resolve_followup
from assistant.models import Answer, Stance
from ingest.clause import Clause, DocumentMeta

# (min_dense, min_lexical) pairs tried; the defaults in coverage.CoverageThresholds were picked from this grid.
GRID = tuple((dense, lexical) for dense in (0.34, 0.36, 0.38, 0.40, 0.42) for lexical in (4.0, 6.0, 8.0))


@dataclass(frozen=True, slots=True)
class Corpus:
    """The parsed policies and a retriever over them."""

    documents: dict[str, DocumentMeta]
    clauses: dict[str, list[Clause]]
    retriever: Any


def build_corpus(policies_dir: Path) -> Corpus:
    """Parse every policy and build the hybrid retriever in memory (loads the embedding model)."""
    from assistant.retrieval.dense import MatrixDenseSearch
    from assistant.retrieval.hybrid import HybridRetriever, load_vocabulary
    from assistant.retrieval.lexical import LexicalIndex
    from assistant.settings import get_settings
    from ingest.embedder import embedding_text, load_embedder
    from ingest.loaders import load_document
    from ingest.parser import parse_document

    settings = get_settings()
    documents: dict[str, DocumentMeta] = {}
    clauses: dict[str, list[Clause]] = {}
    for path in sorted(policies_dir.iterdir()):
        if path.name.startswith("."):
            continue
        loaded = load_document(path)
        parsed = parse_document(loaded.text, document_id=path.stem, source=str(path), page_starts=loaded.page_starts)
        documents[path.stem] = parsed.meta
        clauses[path.stem] = list(parsed.clauses)
    every = [c for doc in clauses.values() for c in doc]
    titles = {doc: meta.title for doc, meta in documents.items()}
    embedder = load_embedder(settings)
    dense = MatrixDenseSearch.build(every, embedder=embedder, titles=titles, text=embedding_text)
    lexical = LexicalIndex.build(every, titles=titles)
    retriever = HybridRetriever(dense, embedder, lexical, load_vocabulary(settings.vocabulary_path))
    return Corpus(documents, clauses, retriever)


def answer(
    corpus: Corpus,
    question: str,
    *,
    documents: Sequence[str] = (),
    history: Sequence[str] = (),
    thresholds: CoverageThresholds = DEFAULT_THRESHOLDS,
    today: date | None = None,
) -> Answer:
    """Answer one question the way the orchestrator does (follow-up, retrieval, compose)."""
    query = resolve_followup(question, history)
    hits = retrieve(corpus, query, documents)
    return _compose(corpus, query, hits, scope=documents, thresholds=thresholds, today=today)


def _compose(
    corpus: Corpus,
    query: str,
    hits: Sequence[Any],
    *,
    scope: Sequence[str],
    thresholds: CoverageThresholds,
    today: date | None = None,
) -> Answer:
    """Compose the answer the way the orchestrator does, with the retriever's vocabulary expansion."""
    return compose_answer(
        query,
        hits,
        documents=corpus.documents,
        scope=scope,
        today=today or date.today(),
        all_clauses=corpus.clauses,
        thresholds=thresholds,
        expansion=corpus.retriever.vocabulary.additions(query),
    )


def retrieve(corpus: Corpus, query: str, documents: Sequence[str]) -> list[Any]:
    """Retrieve with the dense and lexical evidence the coverage test uses, when the retriever offers it."""
    detailed = corpus.retriever.retrieve
    return list(detailed(query, documents=documents, k=10))


def _correct_citations(ans: Answer, expected: Sequence[Any]) -> int:
    """Return how many of the answer's citations match an expected clause (the harness's precision count)."""
    from eval.metrics import clause_matches

    return sum(
        any(c.document == e.document and clause_matches(c.clause, e.clause) for e in expected) for c in ans.citations
    )


def evaluate(
    corpus: Corpus,
    items: Sequence[Any],
    thresholds: CoverageThresholds,
    hits: dict[str, list[Any]],
    *,
    verbose: bool = False,
) -> dict[str, float]:
    """Return the answer metrics for one threshold setting."""
    stance_ok = cited = covered_n = nc_n = nc_ok = false_nc = n_citations = correct = 0
    for item in items:
        query = resolve_followup(item.question, item.history)
        ans = _compose(corpus, query, hits[item.id], scope=item.documents, thresholds=thresholds)
        stance_ok += ans.stance is item.stance
        if item.stance is Stance.NOT_COVERED:
            nc_n += 1
            nc_ok += ans.stance is Stance.NOT_COVERED
        else:
            covered_n += 1
            false_nc += ans.stance is Stance.NOT_COVERED
            right = _correct_citations(ans, item.expected)
            cited += right > 0
            correct += right
            n_citations += len(ans.citations)
        if verbose and ans.stance is not item.stance:
            print(f"  {item.id}: expected {item.stance.value}, got {ans.stance.value}: {item.question[:70]}")
    return {
        "stance_acc": stance_ok / max(1, len(items)),
        "citation_hit": cited / max(1, covered_n),
        "citation_precision": correct / max(1, n_citations),
        "nc_recall": nc_ok / max(1, nc_n),
        "false_nc": false_nc / max(1, covered_n),
    }


def parse_id_ranges(spec: str) -> list[tuple[int, int]]:
    """Parse "q001-q178,q229-q268" into inclusive numeric ranges; raise ValueError on a malformed part."""
    ranges = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        low, _, high = part.partition("-")
        numbers = [int(x.strip().lstrip("qQ")) for x in (low, high or low)]
        ranges.append((numbers[0], numbers[1]))
    return ranges


def in_ranges(item_id: str, ranges: Sequence[tuple[int, int]]) -> bool:
    """Return True when an id like "q042" falls in any range (always True for no ranges)."""
    if not ranges:
        return True
    digits = item_id.lstrip("qQ")
    return digits.isdigit() and any(low <= int(digits) <= high for low, high in ranges)


def calibrate(corpus: Corpus, qa_path: Path, *, ranges: Sequence[tuple[int, int]] = (), verbose: bool = False) -> None:
    """Print the metrics for each (min_dense, min_lexical) in GRID, retrieving once per question."""
    from eval.datasets import load_qa

    items = [item for item in load_qa(qa_path) if in_ranges(item.id, ranges)]
    started = time.perf_counter()
    hits = {item.id: retrieve(corpus, resolve_followup(item.question, item.history), item.documents) for item in items}
    print(
        f"{len(items)} questions; retrieval {1000 * (time.perf_counter() - started) / max(1, len(items)):.1f} ms each"
    )
    print(f"{'min_dense':>9} {'min_lex':>7} {'stance':>7} {'cite':>6} {'c_prec':>6} {'nc_rec':>7} {'false_nc':>8}")
    for dense, lexical in GRID:
        m = evaluate(corpus, items, replace(DEFAULT_THRESHOLDS, min_dense=dense, min_lexical=lexical), hits)
        print(
            f"{dense:>9.2f} {lexical:>7.1f} {m['stance_acc']:>7.3f} {m['citation_hit']:>6.3f} "
            f"{m['citation_precision']:>6.3f} {m['nc_recall']:>7.3f} "
            f"{m['false_nc']:>8.3f}"
        )
    if verbose:
        print("mismatches at the default thresholds:")
        evaluate(corpus, items, DEFAULT_THRESHOLDS, hits, verbose=True)


def main(argv: Sequence[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--qa", type=Path, default=Path("eval/data/qa.jsonl"))
    parser.add_argument("--policies", type=Path, default=None)
    parser.add_argument("--ask", default=None, help="answer one question instead of calibrating")
    parser.add_argument("--doc", action="append", default=[], help="scope --ask to a document id")
    parser.add_argument("--ids", default="", help='score only these id ranges, e.g. "q269-q318" (held-out slice)')
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args(argv)
    try:  # before the embedding model loads, so a typo fails fast
        ranges = parse_id_ranges(args.ids)
    except ValueError:
        raise SystemExit(f"--ids: expected ranges like q001-q178,q229-q268, got {args.ids!r}") from None
    from assistant.settings import get_settings

    corpus = build_corpus(args.policies or get_settings().policies_dir)
    if args.ask:
        ans = answer(corpus, args.ask, documents=args.doc)
        print(f"[{ans.stance.value}]\n{ans.answer}\n" + "\n".join(ans.notices))
        return
    if not args.qa.exists():
        raise SystemExit(f"{args.qa} not found; nothing to calibrate")
    calibrate(corpus, args.qa, ranges=ranges, verbose=args.verbose)


if __name__ == "__main__":
    main()
