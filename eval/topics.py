"""Fit and check the policy health topic threshold against hand-made tables.

Run: ``python -m eval.topics fit`` (the five bundled policies; writes ``data/models/topics.json``),
``python -m eval.topics heldout`` (the fixture policies in tests/fixtures/policies, scored with the fitted
threshold; reported, never fitted on), ``python -m eval.topics blind`` (tests/fixtures/policies_blind, written by
another author who never ran the system; reported once) and ``python -m eval.topics measure`` (every candidate
score on both).
Each builds a real index in a temporary folder (parser, embedding model, Chroma) and scores through
``Assistant.search`` exactly as the product does. Truth: ``eval/data/topics_truth.yaml``, written by reading the
policies before anything was measured.
"""

from __future__ import annotations

import argparse
import itertools
import json
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from assistant.owners.topics import DEFAULT_MODEL_PATH, QueryScore, Topic, load_topics, query_scores, topic_score
from assistant.settings import REPO_ROOT

TRUTH_PATH = REPO_ROOT / "eval" / "data" / "topics_truth.yaml"
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "policies"
# Five policies and their table written by a separate author who never ran the system: scored once, never tuned on.
BLIND_TRUTH_PATH = REPO_ROOT / "eval" / "data" / "topics_truth_blind.yaml"
BLIND = REPO_ROOT / "tests" / "fixtures" / "policies_blind"
# The score the product uses; the other candidates are measured beside it (``measure``).
PRODUCT_SCORE = "second_dense"


@dataclass(frozen=True, slots=True)
class Cell:
    """One (document, topic) of a truth table with its measured query scores."""

    document: str
    topic: str
    covered: bool
    clauses: tuple[str, ...]
    scores: tuple[QueryScore, ...]
    p_covered: tuple[float, ...] = ()


def load_truth(path: Path = TRUTH_PATH) -> tuple[dict[str, list[str]], dict[str, dict[str, dict[str, Any]]]]:
    """Return (sets: name -> document ids, documents: document -> topic -> {covered, clauses})."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return raw["sets"], raw["documents"]


def build_assistant_over(policies: Path, root: Path) -> Any:
    """Ingest the policies into a fresh index under root and return the real assistant over it."""
    from assistant.settings import Settings
    from assistant.wiring import build_assistant
    from ingest.embedder import load_embedder
    from ingest.pipeline import ingest_paths

    settings = Settings(
        index_dir=root / "index",
        feedback_db=root / "feedback.sqlite3",
        policies_dir=policies,
        versions_dir=root / "versions",
        audit_log=None,
        llm=None,
        chroma_host=None,
    )
    embedder = load_embedder(settings)
    report = ingest_paths([policies], settings=settings, embedder=embedder)
    if not report.ok:
        raise SystemExit(f"ingest failed: {report.errors}")
    return build_assistant(settings, embedder=embedder)


def measure(
    assistant: Any,
    documents: Sequence[str],
    truth: Mapping[str, Mapping[str, Mapping[str, Any]]],
    topics: Sequence[Topic],
    *,
    with_p_covered: bool = False,
) -> list[Cell]:
    """Score every (document, topic) of the table through the assistant's retrieval."""
    cells = []
    for document in documents:
        for topic in topics:
            row = truth[document][topic.id]
            scores = query_scores(assistant, document, topic)
            p = tuple(_p_covered(assistant, document, q) for q in topic.queries) if with_p_covered else ()
            cells.append(Cell(document, topic.id, bool(row["covered"]), tuple(row.get("clauses") or ()), scores, p))
    return cells


def _p_covered(assistant: Any, document: str, query: str) -> float:
    """Return the fitted P(covered) of the answer to one query scoped to one document (the composer's model)."""
    from assistant.answer.confidence_model import default_model
    from assistant.answer.draft import draft_answer

    hits = assistant.search(query, documents=[document], k=10)
    meta = {m.document_id: m for m in assistant.documents()}
    vocabulary = assistant._vocabulary  # the composer reads the same expansions
    draft = draft_answer(
        query,
        hits,
        documents=meta,
        scope=[document],
        all_clauses={document: assistant.clauses(document)},
        expansion=vocabulary.additions(query),
    )
    return default_model().judge(draft.features).p_covered if draft.parts else 0.0


CANDIDATES: dict[str, Callable[[Cell], float]] = {
    "max_dense": lambda c: max(s.score for s in c.scores),
    "mean_dense": lambda c: float(np.mean([s.score for s in c.scores])),
    "second_dense": lambda c: topic_score(c.scores).score,
    "max_p_covered": lambda c: max(c.p_covered) if c.p_covered else float("nan"),
    "mean_p_covered": lambda c: float(np.mean(c.p_covered)) if c.p_covered else float("nan"),
}


def fit_threshold(labels: Sequence[bool], scores: Sequence[float]) -> float:
    """Return the cut with the best balanced accuracy (midway between neighbouring scores; ties: the widest gap)."""
    ordered = sorted(set(scores))
    cuts = [(a + b) / 2 for a, b in itertools.pairwise(ordered)] or ordered
    best: tuple[float, float, float] | None = None
    for cut in cuts:
        gap = min(abs(s - cut) for s in scores)
        key = (balanced_accuracy(labels, [s >= cut for s in scores]), gap, -cut)
        if best is None or key > best:
            best = key
    return round(-best[2], 4) if best else 0.5


def balanced_accuracy(labels: Sequence[bool], predicted: Sequence[bool]) -> float:
    """Return the mean of the recall on covered cells and the recall on not-covered cells."""
    pos = [p for t, p in zip(labels, predicted, strict=True) if t]
    neg = [not p for t, p in zip(labels, predicted, strict=True) if not t]
    parts = [sum(x) / len(x) for x in (pos, neg) if x]
    return sum(parts) / len(parts) if parts else 0.0


def figures(labels: Sequence[bool], predicted: Sequence[bool]) -> dict[str, float | int]:
    """Return precision and recall of "covered", the not-covered recall, agreement and the counts."""
    pairs = list(zip(labels, predicted, strict=True))
    tp = sum(t and p for t, p in pairs)
    fp = sum(p and not t for t, p in pairs)
    fn = sum(t and not p for t, p in pairs)
    tn = sum(not t and not p for t, p in pairs)
    return {
        "cells": len(pairs),
        "agreement": round((tp + tn) / max(1, len(pairs)), 3),
        "precision": round(tp / max(1, tp + fp), 3),
        "recall": round(tp / max(1, tp + fn), 3),
        "not_covered_recall": round(tn / max(1, tn + fp), 3),
        "balanced_accuracy": round(balanced_accuracy([t for t, _ in pairs], [p for _, p in pairs]), 3),
        "true_positive": tp,
        "false_positive": fp,
        "false_negative": fn,
        "true_negative": tn,
    }


def disagreements(cells: Sequence[Cell], threshold: float) -> list[dict[str, Any]]:
    """Return the cells where the measured matrix and the hand-made table disagree."""
    out = []
    for cell in cells:
        scored = topic_score(cell.scores)
        if (scored.score >= threshold) != cell.covered:
            clause = scored.best.clause.clause_id if scored.best.clause else None
            out.append(
                {
                    "document": cell.document,
                    "topic": cell.topic,
                    "truth": cell.covered,
                    "score": round(scored.score, 4),
                    "clause": clause,
                }
            )
    return out


def clause_hits(cells: Sequence[Cell], threshold: float) -> float:
    """Return the share of agreed covered cells whose best clause is one the table names."""
    agreed = [c for c in cells if c.covered and topic_score(c.scores).score >= threshold]
    right = sum(_named(c) for c in agreed)
    return round(right / max(1, len(agreed)), 3)


def _named(cell: Cell) -> bool:
    best = topic_score(cell.scores).best.clause
    return best is not None and any(
        best.clause_id == clause or best.clause_id.startswith(f"{clause}.") for clause in cell.clauses
    )


def leave_one_document_out(cells: Sequence[Cell], score: Callable[[Cell], float]) -> dict[str, float | int]:
    """Fit on all documents but one, predict that one; pool the predictions."""
    labels, predicted = [], []
    for held in dict.fromkeys(c.document for c in cells):
        train = [c for c in cells if c.document != held]
        cut = fit_threshold([c.covered for c in train], [score(c) for c in train])
        for cell in (c for c in cells if c.document == held):
            labels.append(cell.covered)
            predicted.append(score(cell) >= cut)
    return figures(labels, predicted)


def _measure_set(name: str, *, with_p_covered: bool = False) -> tuple[list[Cell], tuple[Topic, ...]]:
    from assistant.settings import get_settings

    sets, truth = load_truth(BLIND_TRUTH_PATH if name == "blind" else TRUTH_PATH)
    topics = load_topics(get_settings().topics_path)
    policies = {"bundled": get_settings().policies_dir, "blind": BLIND}.get(name, FIXTURES)
    with tempfile.TemporaryDirectory() as tmp:
        assistant = build_assistant_over(policies, Path(tmp))
        cells = measure(assistant, sets[name], truth, topics, with_p_covered=with_p_covered)
    return cells, topics


def fit(out: Path) -> dict[str, Any]:
    """Fit the threshold on the bundled table and write it with its in-sample and leave-one-out figures."""
    cells, _ = _measure_set("bundled")
    score = CANDIDATES[PRODUCT_SCORE]
    labels, values = [c.covered for c in cells], [score(c) for c in cells]
    threshold = fit_threshold(labels, values)
    result = {
        "version": 1,
        "score": PRODUCT_SCORE,
        "threshold": threshold,
        "fitted_on": "eval/data/topics_truth.yaml sets.bundled (the five bundled policies x the topics)",
        "fitted_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "bundled_in_sample": figures(labels, [v >= threshold for v in values]),
        "bundled_leave_one_document_out": leave_one_document_out(cells, score),
        "best_clause_named_in_table": clause_hits(cells, threshold),
        "disagreements": disagreements(cells, threshold),
    }
    previous = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    for kept in ("held_out", "blind"):  # kept with the threshold they were measured at, so a refit never hides them
        if kept in previous:
            result[kept] = previous[kept]
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return result


def held_out(model: Path, *, name: str = "held_out") -> dict[str, Any]:
    """Score a held-out table ("held_out" fixtures or "blind") with the fitted threshold and record the figures."""
    data = json.loads(model.read_text(encoding="utf-8"))
    cells, _ = _measure_set(name)
    threshold = float(data["threshold"])
    score = CANDIDATES[data.get("score", PRODUCT_SCORE)]
    result = {
        "threshold": threshold,
        "measured_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "figures": figures([c.covered for c in cells], [score(c) >= threshold for c in cells]),
        "best_clause_named_in_table": clause_hits(cells, threshold),
        "disagreements": disagreements(cells, threshold),
    }
    data[name] = result
    model.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return result


def compare_candidates() -> None:
    """Print every candidate score's in-sample and leave-one-document-out figures on the bundled table."""
    cells, _ = _measure_set("bundled", with_p_covered=True)
    for name, score in CANDIDATES.items():
        labels, values = [c.covered for c in cells], [score(c) for c in cells]
        cut = fit_threshold(labels, values)
        inside = figures(labels, [v >= cut for v in values])
        loo = leave_one_document_out(cells, score)
        print(f"{name:>15} cut {cut:.3f} in-sample {inside} | leave-one-document-out {loo}")
    for cell in cells:
        dense = " ".join(f"{s.score:.3f}" for s in cell.scores)
        p = " ".join(f"{x:.2f}" for x in cell.p_covered)
        best = topic_score(cell.scores).best.clause
        print(
            f"{cell.document[:24]:<24} {cell.topic:<28} {cell.covered!s:<5} {dense:<20} p {p:<16} "
            f"{best.clause_id if best else '-'}"
        )


def main(argv: Sequence[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("fit", "heldout", "blind", "measure"))
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL_PATH)
    args = parser.parse_args(argv)
    if args.command == "fit":
        print(json.dumps(fit(args.model), indent=1))
    elif args.command in ("heldout", "blind"):
        name = "held_out" if args.command == "heldout" else "blind"
        print(json.dumps(held_out(args.model, name=name), indent=1))
    else:
        compare_candidates()


if __name__ == "__main__":
    main()
