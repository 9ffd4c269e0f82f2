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
import json
import tempfile
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from assistant.owners.topics import DEFAULT_MODEL_PATH, Topic, load_topics, query_scores, topic_score
from assistant.settings import REPO_ROOT
from eval.topics_metrics import (
    Cell,
    clause_hits,
    disagreements,
    figures,
    fit_threshold,
    leave_one_document_out,
)

TRUTH_PATH = REPO_ROOT / "eval" / "data" / "topics_truth.yaml"
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "policies"
# Five policies and their table written by a separate author who never ran the system: scored once, never tuned on.
BLIND_TRUTH_PATH = REPO_ROOT / "eval" / "data" / "topics_truth_blind.yaml"
BLIND = REPO_ROOT / "tests" / "fixtures" / "policies_blind"
# The score the product uses; the other candidates are measured beside it (``measure``).
PRODUCT_SCORE = "second_dense"


def load_truth(path: Path = TRUTH_PATH) -> tuple[dict[str, list[str]], dict[str, dict[str, dict[str, Any]]]]:
    """Return (sets: name -> document ids, documents: document -> topic -> {covered, clauses})."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return raw["sets"], raw["documents"]


def build_assistant_over(policies: Path, root: Path, *, embedder: Any = None) -> Any:
    """Ingest the policies into a fresh index under root and return the real assistant over it.

    ``embedder``: an already loaded embedding model to reuse (default: load the configured one).
    """
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
    embedder = embedder or load_embedder(settings)
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
