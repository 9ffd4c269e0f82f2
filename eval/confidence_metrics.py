"""Confidence metrics: how often confident verdicts point the right way, who gets one, Brier, reliability bins."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from assistant.answer.confidence import polarity
from assistant.models import Stance

if TYPE_CHECKING:
    from eval.metrics import QAScore


def mean(values: Iterable[float]) -> float | None:
    """Arithmetic mean, None for no values."""
    data = list(values)
    return sum(data) / len(data) if data else None


RELIABILITY_BINS = 10


def direction_right(score: QAScore) -> bool:
    """Return True when the answer points the expected way ("not covered" is its own direction)."""
    return not score.refused and polarity(score.got_stance) == polarity(score.expected_stance)


def gives_verdict(score: QAScore) -> bool:
    """Return True when the answer states a verdict: confident, and not the not-covered answer."""
    return score.confident and not score.refused and score.got_stance is not Stance.NOT_COVERED


def reliability_bins(
    confidence: Sequence[float], right: Sequence[bool], *, bins: int = RELIABILITY_BINS
) -> list[dict[str, float | int | None]]:
    """Return the reliability diagram: per confidence bin, its count, mean confidence and observed accuracy."""
    out: list[dict[str, float | int | None]] = []
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = [(c, r) for c, r in zip(confidence, right, strict=True) if low <= c < high or (high == 1.0 == c)]
        out.append(
            {
                "low": low,
                "high": high,
                "n": len(inside),
                "predicted": mean(c for c, _ in inside),
                "observed": mean(1.0 if r else 0.0 for _, r in inside),
            }
        )
    return out


def confidence_metrics(scores: Sequence[QAScore]) -> dict[str, object]:
    """Confident verdicts' accuracy, how many questions get one, Brier score and the reliability bins."""
    answered = [s for s in scores if not s.refused]
    verdicts = [s for s in answered if gives_verdict(s)]
    return {
        "confident_n": len(verdicts),
        "confident_accuracy": mean(1.0 if direction_right(s) else 0.0 for s in verdicts),
        "confident_covered": mean(1.0 if gives_verdict(s) else 0.0 for s in answered if s.covered),
        "confident_not_covered": mean(1.0 if gives_verdict(s) else 0.0 for s in answered if not s.covered),
        "brier": mean((s.confidence - (1.0 if direction_right(s) else 0.0)) ** 2 for s in answered),
        "reliability": reliability_bins([s.confidence for s in answered], [direction_right(s) for s in answered]),
    }
