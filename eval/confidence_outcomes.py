"""What the product decides for each scored item, and the headline figures of those decisions (no fitting here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.answer.confidence import polarity
from assistant.models import Stance


@dataclass(frozen=True, slots=True)
class Row:
    """One drafted answer: its features, the composer's best guess and the label."""

    id: str
    batch: str
    features: dict[str, float]
    guess: Stance
    expected: Stance

    @property
    def right(self) -> bool:
        """Return True when the best-guess verdict points the expected way."""
        return polarity(self.guess) == polarity(self.expected)

    @property
    def covered(self) -> bool:
        """Return True when the question is answered by the policies."""
        return self.expected is not Stance.NOT_COVERED


def brier(p: np.ndarray, y: np.ndarray) -> float:
    """Mean squared error of probabilities against 0/1 outcomes."""
    return float(np.mean((p - y) ** 2)) if len(y) else float("nan")


@dataclass(frozen=True, slots=True)
class Outcome:
    """One item as the product would answer it: direction right or not, confidence, verdict or not covered."""

    batch: str
    covered: bool
    verdict: bool  # a verdict (not the not-covered answer)
    right: bool
    confidence: float


def outcomes(rows: Sequence[Row], p_right: np.ndarray, p_covered: np.ndarray, *, cover: float) -> list[Outcome]:
    """Turn the two probabilities into the product's decision for every row."""
    out = []
    for row, right, cov in zip(rows, p_right, p_covered, strict=True):
        not_covered = cov < cover or row.guess is Stance.NOT_COVERED
        if not_covered:
            out.append(Outcome(row.batch, row.covered, False, not row.covered, float(1.0 - cov)))
        else:
            out.append(Outcome(row.batch, row.covered, True, row.right, float(right)))
    return out


def figures(results: Sequence[Outcome], *, threshold: float) -> dict[str, Any]:
    """Return the headline figures at one verdict threshold (confident verdicts only count as verdicts)."""
    confident = [o for o in results if o.verdict and o.confidence >= threshold]
    covered = [o for o in results if o.covered]
    not_covered = [o for o in results if not o.covered]
    p = np.array([o.confidence for o in results])
    y = np.array([1.0 if o.right else 0.0 for o in results])
    return {
        "n": len(results),
        "confident_n": len(confident),
        "confident_accuracy": _share(o.right for o in confident),
        "confident_covered": _share(o.verdict and o.confidence >= threshold for o in covered),
        "confident_not_covered": _share(o.verdict and o.confidence >= threshold for o in not_covered),
        "direction_accuracy": _share(o.right for o in results),
        "not_covered_recognised": _share(not o.verdict for o in not_covered),
        "false_not_covered": _share(not o.verdict for o in covered),
        "brier": brier(p, y) if len(results) else None,
    }


def _share(flags: Any) -> float | None:
    values = [bool(f) for f in flags]
    return sum(values) / len(values) if values else None
