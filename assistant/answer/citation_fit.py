"""Fit the citation model (``citation_choice``) and cross-validate it grouped by the Q&A set's batches.

Run: ``HF_HUB_OFFLINE=1 python -m assistant.answer.citation_fit [--qa eval/data/qa.jsonl]`` (needs scikit-learn,
a dev dependency). Composes every covered question the way the orchestrator does, labels each citation candidate
by whether the item expects it, then prints: the ROC AUC and, for a grid of probability floors (first policy /
the others), citation precision
and "at least one correct citation" with each batch's candidates scored by a model fitted on the other batches;
finally the weights fitted on every item, to copy into ``citation_choice.WEIGHTS``/``INTERCEPT``.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from assistant.answer.calibrate import Corpus, build_corpus, in_ranges, parse_id_ranges, retrieve
from assistant.answer.citation_choice import FEATURES, PER_POLICY, Candidate, choose
from assistant.answer.compose import compose_answer
from assistant.answer.followup import resolve_followup
from assistant.models import Stance

# The batches the citation model was fitted and cross-validated on (each one fold).
BATCHES = (
    "q001-q178,q179-q228,q229-q268,q269-q318,q319-q368,q369-q418,q419-q468,q469-q518,q519-q568,q569-q628,q629-q678,"
    "q679-q728"
)
# (first policy's floor, other policies' floor) pairs tried; citation_choice uses (0.1, 0.35).
FLOORS = ((0.1, 0.1), (0.1, 0.25), (0.1, 0.35), (0.1, 0.5), (0.25, 0.25), (0.25, 0.35), (0.35, 0.35), (0.5, 0.5))


@dataclass(frozen=True, slots=True)
class Item:
    """One covered question's candidates, each with its label, and the batch it belongs to."""

    batch: int
    candidates: list[Candidate]
    labels: list[bool]


def collect(corpus: Corpus, items: Sequence[Any]) -> list[Item]:
    """Compose each covered item and label its citation candidates."""
    from eval.metrics import clause_matches

    batches = parse_id_ranges(BATCHES)
    out: list[Item] = []
    for item in items:
        if item.stance is Stance.NOT_COVERED:
            continue
        query = resolve_followup(item.question, item.history)
        sink: list[Candidate] = []
        compose_answer(
            query,
            retrieve(corpus, query, item.documents),
            documents=corpus.documents,
            scope=item.documents,
            today=date.today(),
            all_clauses=corpus.clauses,
            expansion=corpus.retriever.vocabulary.additions(query),
            candidate_sink=sink,
        )
        labels = [
            any(e.document == c.document_id and clause_matches(c.clause_id, e.clause) for e in item.expected)
            for c in (candidate.clause for candidate in sink)
        ]
        batch = next(i for i, r in enumerate(batches) if in_ranges(item.id, [r]))
        out.append(Item(batch, sink, labels))
    return out


def cross_validated(items: Sequence[Item]) -> list[list[Candidate]]:
    """Return each item's candidates re-scored by a model fitted on the other batches."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    rescored: list[list[Candidate]] = [[] for _ in items]
    for held in sorted({it.batch for it in items}):
        train = [it for it in items if it.batch != held]
        x = np.array([c.features for it in train for c in it.candidates])
        model = LogisticRegression(max_iter=3000).fit(x, np.array([y for it in train for y in it.labels]))
        for i, it in enumerate(items):
            if it.batch == held and it.candidates:
                probs = model.predict_proba(np.array([c.features for c in it.candidates]))[:, 1]
                rescored[i] = [replace(c, probability=float(p)) for c, p in zip(it.candidates, probs, strict=True)]
    return rescored


def selection_scores(
    items: Sequence[Item], scored: Sequence[Sequence[Candidate]], *, floors: tuple[float, float]
) -> list[tuple[int, int]]:
    """Return (citations, correct citations) per item when citing with ``choose`` at these probability floors."""
    out = []
    for it, cands in zip(items, scored, strict=True):
        label = {id(c): y for c, y in zip(cands, it.labels, strict=True)}
        cited = []
        for policy in sorted({c.policy for c in cands}):
            mine = [c for c in cands if c.policy == policy]
            floor = floors[0] if policy == 0 else floors[1]
            cited += choose(mine, limit=PER_POLICY, always_one=policy == 0, min_probability=floor)
        out.append((len(cited), sum(label[id(c)] for c in cited)))
    return out


def report(items: Sequence[Item], scored: Sequence[Sequence[Candidate]]) -> None:
    """Print precision / at-least-one-correct overall and per batch for each pair of probability floors."""
    names = BATCHES.split(",")
    print(f"{'floors':>9} {'all':>11} " + " ".join(f"{n:>11}" for n in names))
    for floors in FLOORS:
        per = selection_scores(items, scored, floors=floors)
        cells = []
        for batch in [None, *range(len(names))]:
            rows = [p for it, p in zip(items, per, strict=True) if batch is None or it.batch == batch]
            cited = sum(n for n, _ in rows)
            precision = sum(c for _, c in rows) / cited if cited else 0.0
            hit = sum(1 for _, c in rows if c) / max(1, len(rows))
            cells.append(f"{precision:.2f}/{hit:.2f}")
        print(f"{floors[0]:>4.2f}/{floors[1]:.2f} " + " ".join(f"{c:>11}" for c in cells))


def main(argv: Sequence[str] | None = None) -> None:
    """Command-line entry point."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    from eval.datasets import load_qa

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--qa", type=Path, default=Path("eval/data/qa.jsonl"))
    parser.add_argument("--policies", type=Path, default=Path("data/policies"))
    args = parser.parse_args(argv)
    items = collect(build_corpus(args.policies), load_qa(args.qa))
    scored = cross_validated(items)
    labels = [y for it in items for y in it.labels]
    auc = roc_auc_score(labels, [c.probability for cands in scored for c in cands])
    print(f"{len(items)} covered items, {len(labels)} candidates; grouped-CV ROC AUC {auc:.3f}")
    print("precision / at least one correct citation, each batch scored by a model fitted on the others:")
    report(items, scored)
    x = np.array([c.features for it in items for c in it.candidates])
    model = LogisticRegression(max_iter=3000).fit(x, np.array(labels))
    weights = ", ".join(f"{name}={w:.2f}" for name, w in zip(FEATURES, model.coef_[0], strict=True))
    print(f"fitted on all items: {weights}; intercept={model.intercept_[0]:.2f}")


if __name__ == "__main__":
    main()
