"""Score a measured topic matrix against a hand-made table: the threshold fit, agreement and disagreements."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.owners.topics import QueryScore, topic_score


@dataclass(frozen=True, slots=True)
class Cell:
    """One (document, topic) of a truth table with its measured query scores."""

    document: str
    topic: str
    covered: bool
    clauses: tuple[str, ...]
    scores: tuple[QueryScore, ...]
    p_covered: tuple[float, ...] = ()


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
