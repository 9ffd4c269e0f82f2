"""Fit the answer-confidence models on the Q&A set, with cross-validation grouped by batch.

Run: ``python -m eval.confidence fit [--qa eval/data/qa.jsonl] [--out data/models/confidence.json]`` (``make
calibrate``). Refit after any change to retrieval or the answer composer: the features are what the composer
computes. Builds the retriever in memory (``assistant.answer.calibrate.build_corpus``), drafts every answer once,
then fits two logistic models (scikit-learn; only here, never at run time):

- ``right``: P(the best-guess verdict's direction is right), "not covered" counting as its own direction, so a
  verdict on a not-covered question is wrong;
- ``covered``: P(some clause in scope answers the question).

Each may get an isotonic calibration map, fitted on out-of-fold predictions, kept when it lowers the CV Brier score.
Every figure reported is out-of-fold with batches as the groups (leave one batch out): the batches were written
blind one after another, so this measures how the model carries over to new wording.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from assistant.answer.confidence import FEATURES
from assistant.answer.confidence_model import DEFAULT_MODEL_PATH, MODEL_VERSION, vector
from eval.confidence_metrics import reliability_bins
from eval.confidence_outcomes import Outcome, Row, brier, figures, outcomes
from eval.datasets import batch_of

# Inverse L2 strength of the logistic models (sklearn's C); 0.1 had the best grouped-CV Brier of (0.03, 0.1, 0.3, 1).
C = 0.1
# Verdict thresholds scanned; the recommended one is the lowest whose pooled out-of-fold confident accuracy
# reaches TARGET_ACCURACY, the share of confident verdicts that must point the right way.
THRESHOLDS = tuple(round(0.50 + 0.01 * i, 2) for i in range(50))
TARGET_ACCURACY = 0.92
COVER_THRESHOLDS = tuple(round(0.20 + 0.05 * i, 2) for i in range(13))
# The bar for covered questions wrongly called not covered (README "Measured").
MAX_FALSE_NOT_COVERED = 0.05


def collect(corpus: Any, items: Sequence[Any]) -> list[Row]:
    """Draft every item's answer the way the orchestrator does and keep its features and best guess."""
    from assistant.answer.calibrate import retrieve
    from assistant.answer.draft import draft_answer
    from assistant.answer.followup import resolve_followup

    rows = []
    for item in items:
        query = resolve_followup(item.question, item.history)
        hits = retrieve(corpus, query, item.documents)
        draft = draft_answer(
            query,
            hits,
            documents=corpus.documents,
            scope=item.documents,
            all_clauses=corpus.clauses,
            expansion=corpus.retriever.vocabulary.additions(query),
        )
        rows.append(Row(item.id, batch_of(item.id), draft.features, draft.stance, item.stance))
    return rows


def _matrix(rows: Sequence[Row]) -> np.ndarray:
    return np.vstack([vector(row.features) for row in rows]) if rows else np.zeros((0, len(FEATURES)))


def _fit_logistic(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Return (mean, scale, coef, intercept) of a standardised L2 logistic regression."""
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    if len(set(y.tolist())) < 2:  # a fold with one class: a constant model
        p = float(np.clip(y.mean(), 1e-3, 1 - 1e-3))
        return mean, scale, np.zeros(x.shape[1]), float(np.log(p / (1 - p)))
    model = LogisticRegression(C=C, max_iter=5000)
    model.fit((x - mean) / scale, y)
    return mean, scale, model.coef_[0].copy(), float(model.intercept_[0])


def _predict(params: tuple[np.ndarray, np.ndarray, np.ndarray, float], x: np.ndarray) -> np.ndarray:
    mean, scale, coef, intercept = params
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(((x - mean) / scale) @ coef + intercept, -30, 30))))


def _isotonic(raw: np.ndarray, y: np.ndarray) -> tuple[list[float], list[float]]:
    """Return an isotonic map raw -> calibrated as interpolation knots."""
    from sklearn.isotonic import IsotonicRegression

    iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(raw, y)
    return [float(v) for v in iso.X_thresholds_], [float(v) for v in iso.y_thresholds_]


def _oof(x: np.ndarray, y: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Return leave-one-group-out predictions of the logistic model."""
    out = np.zeros(len(y))
    for group in sorted(set(groups.tolist())):
        test = groups == group
        out[test] = _predict(_fit_logistic(x[~test], y[~test]), x[test])
    return out


def _oof_calibrated(x: np.ndarray, y: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Return leave-one-group-out predictions with the isotonic map fitted inside each training fold (nested)."""
    out = np.zeros(len(y))
    for group in sorted(set(groups.tolist())):
        test = groups == group
        inner = _oof(x[~test], y[~test], groups[~test])
        knots_x, knots_y = _isotonic(inner, y[~test])
        out[test] = np.interp(_predict(_fit_logistic(x[~test], y[~test]), x[test]), knots_x, knots_y)
    return out


def _choose(rows: Sequence[Row], p_right: np.ndarray, p_cov: np.ndarray) -> tuple[float, float]:
    """Return (cover threshold, verdict threshold) chosen on pooled out-of-fold predictions.

    The cover threshold gives the best direction accuracy among those that call at most MAX_FALSE_NOT_COVERED of
    covered questions "not covered" (telling staff a policy is silent when it is not is the costlier mistake).
    """

    def scored(cover: float) -> tuple[bool, float, float]:
        found = figures(outcomes(rows, p_right, p_cov, cover=cover), threshold=1.1)
        within = (found["false_not_covered"] or 0.0) <= MAX_FALSE_NOT_COVERED
        return within, found["direction_accuracy"] or 0.0, -cover

    cover = max(COVER_THRESHOLDS, key=scored)
    results = outcomes(rows, p_right, p_cov, cover=cover)
    for threshold in THRESHOLDS:
        if (figures(results, threshold=threshold)["confident_accuracy"] or 0.0) >= TARGET_ACCURACY:
            return cover, threshold
    return cover, THRESHOLDS[-1]


def fit(rows: Sequence[Row], *, threshold: float | None = None) -> dict[str, Any]:
    """Fit both models on all rows, cross-validate by batch, and return the model JSON (with the CV figures)."""
    x = _matrix(rows)
    groups = np.array([row.batch for row in rows])
    targets = {
        "right": np.array([1.0 if r.right else 0.0 for r in rows]),
        "covered": np.array([1.0 if r.covered else 0.0 for r in rows]),
    }
    models: dict[str, Any] = {}
    oof: dict[str, np.ndarray] = {}
    for name, y in targets.items():
        raw, nested = _oof(x, y, groups), _oof_calibrated(x, y, groups)
        calibrate = brier(nested, y) < brier(raw, y)
        oof[name] = nested if calibrate else raw
        _, _, coef, intercept = _fit_logistic(x, y)  # the scaler is the shared one written below
        knots = _isotonic(raw, y) if calibrate else ([], [])
        models[name] = {
            "coef": _round(coef),
            "intercept": round(intercept, 6),
            "calibration": {"x": _round(knots[0]), "y": _round(knots[1])} if calibrate else None,
            "cv_brier": {"logistic": round(brier(raw, y), 4), "isotonic": round(brier(nested, y), 4)},
        }
    cover, chosen = _choose(rows, oof["right"], oof["covered"])
    chosen = chosen if threshold is None else threshold
    results = outcomes(rows, oof["right"], oof["covered"], cover=cover)
    return {
        "version": MODEL_VERSION,
        "features": list(FEATURES),
        "mean": _round(x.mean(axis=0)),
        "scale": _round(np.where(x.std(axis=0) == 0, 1.0, x.std(axis=0))),
        "models": models,
        "threshold": chosen,
        "cover_threshold": cover,
        "fitted": {"items": len(rows), "C": C, "target_accuracy": TARGET_ACCURACY},
        "cv": cv_report(results, threshold=chosen),
    }


def cv_report(results: Sequence[Outcome], *, threshold: float) -> dict[str, Any]:
    """Return the out-of-fold figures: pooled, per batch, a threshold sweep and the reliability bins."""
    batches = sorted({o.batch for o in results})
    sweep = {f"{t:.2f}": figures(results, threshold=t) for t in (*THRESHOLDS[::5], threshold)}
    return {
        "pooled": figures(results, threshold=threshold),
        "per_batch": {b: figures([o for o in results if o.batch == b], threshold=threshold) for b in batches},
        "sweep": dict(sorted(sweep.items())),
        "reliability": reliability_bins([o.confidence for o in results], [o.right for o in results]),
    }


def _round(values: Any) -> list[float]:
    return [round(float(v), 6) for v in values]


def print_report(model: dict[str, Any], *, echo: Callable[[str], None] = print) -> None:
    """Print the CV figures per batch at the chosen threshold."""
    cv = model["cv"]
    echo(f"verdict threshold {model['threshold']:.2f}, cover threshold {model['cover_threshold']:.2f}")
    echo(f"{'batch':<10} {'n':>4} {'conf_acc':>8} {'conf_cov':>8} {'conf_nc':>8} {'brier':>6} {'nc_rec':>6}")
    for name, row in [*cv["per_batch"].items(), ("pooled", cv["pooled"])]:
        echo(
            f"{name:<10} {row['n']:>4} {_fmt(row['confident_accuracy']):>8} {_fmt(row['confident_covered']):>8} "
            f"{_fmt(row['confident_not_covered']):>8} {_fmt(row['brier']):>6} {_fmt(row['not_covered_recognised']):>6}"
        )


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def main(argv: Sequence[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["fit"])
    parser.add_argument("--qa", type=Path, default=Path("eval/data/qa.jsonl"))
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL_PATH)
    parser.add_argument("--threshold", type=float, default=None, help="record this verdict threshold instead")
    args = parser.parse_args(argv)
    from assistant.answer.calibrate import build_corpus
    from assistant.settings import get_settings
    from eval.datasets import load_qa

    started = time.perf_counter()
    items = load_qa(args.qa)
    rows = collect(build_corpus(get_settings().policies_dir), items)
    model = fit(rows, threshold=args.threshold)
    model["fitted"] |= {
        "at": datetime.now(UTC).date().isoformat(),
        "qa_file": args.qa.as_posix(),
        "command": "python -m eval.confidence fit",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print_report(model)
    print(f"wrote {args.out} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
