"""Fitting the confidence models: batch grouping, determinism, CV figures; the confidence metrics and diagram."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.answer.confidence import FEATURES
from assistant.answer.confidence_model import ConfidenceModel
from assistant.models import Answer, Stance
from eval.confidence import fit
from eval.confidence_metrics import confidence_metrics, reliability_bins
from eval.confidence_outcomes import Outcome, Row, figures, outcomes
from eval.datasets import ExpectedClause, QAItem, batch_of
from eval.metrics import QAScore, score_answer
from eval.plots import reliability_diagram, reliability_points
from eval.report import render

GUESSES = (Stance.PROHIBITED, Stance.PERMITTED, Stance.REQUIRED, Stance.INFORMATIONAL)


def _rows(n: int = 90, seed: int = 7) -> list[Row]:
    """Synthetic drafts whose 'dense_top' and 'weight' carry the label, in three batches."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        covered = rng.random() < 0.75
        guess = GUESSES[i % len(GUESSES)]
        right = covered and rng.random() < 0.8
        expected = guess if right else (Stance.NOT_COVERED if not covered else Stance.PERMITTED_WITH_CONDITIONS)
        if expected is Stance.PERMITTED_WITH_CONDITIONS and guess is Stance.PERMITTED:
            expected = Stance.PROHIBITED
        named = {name: float(rng.normal()) for name in FEATURES}
        named["dense_top"] = float(covered) + rng.normal(scale=0.5)
        named["weight"] = float(right) + rng.normal(scale=0.5)
        rows.append(Row(f"q{i + 1:03d}", f"b{i % 3}", named, guess, expected))
    return rows


@pytest.mark.parametrize(
    ("item_id", "batch"),
    [
        ("q001", "q001-q178"),
        ("q178", "q001-q178"),
        ("q179", "q179-q228"),
        ("q568", "q519-q568"),
        ("q569", "q569-q628"),
        ("q640", "q629-q678"),
        ("q679", "q679-q728"),
    ],
)
def test_batches_follow_the_data_readme(item_id: str, batch: str) -> None:
    assert batch_of(item_id) == batch


def test_fit_is_deterministic_and_loads_as_a_model() -> None:
    rows = _rows()
    first, second = fit(rows), fit(rows)
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    model = ConfidenceModel.from_json(first)
    assert model.features == FEATURES
    assert set(first["cv"]["per_batch"]) == {"b0", "b1", "b2"}
    assert sum(b["n"] for b in first["cv"]["per_batch"].values()) == len(rows)
    # The label-carrying features get positive weight in the models that read them.
    assert first["models"]["right"]["coef"][FEATURES.index("weight")] > 0
    assert first["models"]["covered"]["coef"][FEATURES.index("dense_top")] > 0


def test_fit_records_a_given_threshold() -> None:
    assert fit(_rows(), threshold=0.8)["threshold"] == 0.8


def test_outcomes_turn_probabilities_into_the_products_decision() -> None:
    rows = _rows(8)
    right = np.array([0.9] * 8)
    results = outcomes(rows, right, np.array([0.2, 0.8] * 4), cover=0.5)
    for row, result, p_cov in zip(rows, results, [0.2, 0.8] * 4, strict=True):
        if p_cov < 0.5:
            assert not result.verdict and result.right is (not row.covered)
            assert result.confidence == pytest.approx(0.8)
        else:
            assert result.verdict and result.right is row.right and result.confidence == pytest.approx(0.9)


def test_figures_count_only_confident_verdicts() -> None:
    results = [
        Outcome("b", covered=True, verdict=True, right=True, confidence=0.95),
        Outcome("b", covered=True, verdict=True, right=False, confidence=0.90),
        Outcome("b", covered=True, verdict=True, right=False, confidence=0.50),
        Outcome("b", covered=False, verdict=True, right=False, confidence=0.95),
        Outcome("b", covered=False, verdict=False, right=True, confidence=0.70),
    ]
    got = figures(results, threshold=0.9)
    assert got["confident_n"] == 3
    assert got["confident_accuracy"] == pytest.approx(1 / 3)
    assert got["confident_covered"] == pytest.approx(2 / 3)
    assert got["confident_not_covered"] == pytest.approx(1 / 2)
    expected_brier = np.mean([(0.95 - 1) ** 2, 0.9**2, 0.5**2, 0.95**2, (0.7 - 1) ** 2])
    assert got["brier"] == pytest.approx(expected_brier)


def test_reliability_bins_count_and_average() -> None:
    bins = reliability_bins([0.05, 0.95, 0.91, 1.0, 0.55], [False, True, False, True, True], bins=10)
    assert [b["n"] for b in bins] == [1, 0, 0, 0, 0, 1, 0, 0, 0, 3]
    top = bins[-1]
    assert top["predicted"] == pytest.approx((0.95 + 0.91 + 1.0) / 3)
    assert top["observed"] == pytest.approx(2 / 3)
    assert bins[1]["predicted"] is None
    assert reliability_points(bins) == [(0.05, 0.0, 1), (0.55, 1.0, 1), (top["predicted"], top["observed"], 3)]


def _scored(expected: Stance, got: Stance, *, confidence: float, confident: bool) -> QAScore:
    item = QAItem(
        id="q1",
        question="q?",
        documents=(),
        history=(),
        expected=(ExpectedClause("d", "1"),) if expected is not Stance.NOT_COVERED else (),
        stance=expected,
        must_mention=(),
        notes="",
    )
    answer = Answer(stance=got, confidence=confidence, confident=confident)
    return score_answer(item, answer, wall_ms=1.0)


def test_confidence_metrics_from_answers() -> None:
    scores = [
        _scored(Stance.PROHIBITED, Stance.DISCOURAGED, confidence=0.9, confident=True),  # right direction
        _scored(Stance.PERMITTED, Stance.PROHIBITED, confidence=0.95, confident=True),  # confidently wrong
        _scored(Stance.REQUIRED, Stance.REQUIRED, confidence=0.6, confident=False),  # right, unsure
        _scored(Stance.NOT_COVERED, Stance.NOT_COVERED, confidence=0.8, confident=False),
        _scored(Stance.NOT_COVERED, Stance.PERMITTED, confidence=0.3, confident=False),
    ]
    got = confidence_metrics(scores)
    assert got["confident_n"] == 2
    assert got["confident_accuracy"] == pytest.approx(0.5)
    assert got["confident_covered"] == pytest.approx(2 / 3)
    assert got["confident_not_covered"] == pytest.approx(0.0)
    assert got["brier"] == pytest.approx(np.mean([0.1**2, 0.95**2, 0.4**2, 0.2**2, 0.3**2]))
    assert sum(b["n"] for b in got["reliability"]) == 5


def test_reliability_diagram_is_written_and_reported(tmp_path: Path) -> None:
    bins = reliability_bins([0.2, 0.8, 0.85, 0.95], [False, True, True, True])
    path = reliability_diagram(bins, tmp_path / "reliability.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    scores = [_scored(Stance.PROHIBITED, Stance.PROHIBITED, confidence=0.9, confident=True)]
    from eval.metrics import qa_metrics

    qa = qa_metrics(scores)
    report = render({"qa": qa, "follow_up": qa, "bars": []})
    assert "Reliability:" in report and "confident verdicts right (1 verdicts)" in report
