"""The fitted confidence models, applied with numpy: standardise, logistic, optional calibration map.

The numbers come from ``data/models/confidence.json``, written by ``python -m eval.confidence fit`` (``make
calibrate``); the features are computed by ``assistant.answer.confidence.features``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant.answer.confidence import FEATURES
from assistant.errors import ConfidenceModelError

DEFAULT_MODEL_PATH = Path(__file__).resolve().parents[2] / "data" / "models" / "confidence.json"
MODEL_VERSION = 1


@dataclass(frozen=True, slots=True)
class Judgement:
    """The two calibrated probabilities for one answer."""

    p_covered: float  # the policies answer the question at all
    p_right: float  # the verdict's direction (prohibited/discouraged, permitted, required, informational) is right


def vector(named: Mapping[str, float], names: Sequence[str] = FEATURES) -> np.ndarray:
    """Return the features in the model's order."""
    return np.array([float(named[name]) for name in names], dtype=float)


@dataclass(frozen=True, slots=True)
class Logistic:
    """One fitted logistic model on standardised features, with an optional monotone calibration map."""

    coef: np.ndarray
    intercept: float
    calibration_x: np.ndarray | None = None
    calibration_y: np.ndarray | None = None

    def probability(self, z: np.ndarray) -> float:
        """Return the calibrated probability for standardised features ``z``."""
        raw = 1.0 / (1.0 + math.exp(-float(np.clip(self.coef @ z + self.intercept, -30.0, 30.0))))
        if self.calibration_x is None or self.calibration_y is None:
            return raw
        return float(np.interp(raw, self.calibration_x, self.calibration_y))

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Logistic:
        """Read one model from its JSON form."""
        calibration = data.get("calibration") or {}
        xs, ys = calibration.get("x"), calibration.get("y")
        return cls(
            coef=np.asarray(data["coef"], dtype=float),
            intercept=float(data["intercept"]),
            calibration_x=np.asarray(xs, dtype=float) if xs else None,
            calibration_y=np.asarray(ys, dtype=float) if ys else None,
        )


@dataclass(frozen=True, slots=True)
class ConfidenceModel:
    """The fitted models, the features they read, and the decision thresholds chosen by cross-validation."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    right: Logistic
    covered: Logistic
    threshold: float  # the verdict threshold the fit recommends (POLICY_VERDICT_THRESHOLD overrides)
    cover_threshold: float  # below this P(covered) the answer is "not covered"

    def judge(self, named: Mapping[str, float]) -> Judgement:
        """Return P(covered) and P(direction right) for one answer's features."""
        z = (vector(named, self.features) - self.mean) / self.scale
        return Judgement(p_covered=self.covered.probability(z), p_right=self.right.probability(z))

    @classmethod
    def rule_based(cls, *, threshold: float = 0.5) -> ConfidenceModel:
        """Return the behaviour before calibration: covered when the fixed coverage thresholds say so, always sure.

        For tests of the verdict wording and for comparison runs; never the product's default.
        """
        n = len(FEATURES)
        covered = np.zeros(n)
        covered[FEATURES.index("rule_covered")] = 60.0  # rule_covered is 0 or 1: -30 -> P 0, +30 -> P 1
        return cls(
            features=FEATURES,
            mean=np.zeros(n),
            scale=np.ones(n),
            right=Logistic(np.zeros(n), 30.0),
            covered=Logistic(covered, -30.0),
            threshold=threshold,
            cover_threshold=0.5,
        )

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ConfidenceModel:
        """Build the model from the JSON the fitting command writes; raise ConfidenceModelError when malformed."""
        try:
            if data.get("version") != MODEL_VERSION:
                raise ValueError(f"version {data.get('version')!r}, expected {MODEL_VERSION}")
            names = tuple(data["features"])
            unknown = set(names) - set(FEATURES)
            if unknown:
                raise ValueError("unknown features " + ", ".join(sorted(unknown)))
            model = cls(
                features=names,
                mean=np.asarray(data["mean"], dtype=float),
                scale=np.asarray(data["scale"], dtype=float),
                right=Logistic.from_json(data["models"]["right"]),
                covered=Logistic.from_json(data["models"]["covered"]),
                threshold=float(data["threshold"]),
                cover_threshold=float(data["cover_threshold"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfidenceModelError(f"confidence model: {exc}") from exc
        sizes = {len(names), model.mean.size, model.scale.size, model.right.coef.size, model.covered.coef.size}
        if len(sizes) != 1:
            raise ConfidenceModelError("confidence model: feature, scaler and coefficient lengths differ")
        return model


def load_model(path: Path) -> ConfidenceModel:
    """Read a fitted model file; raise ConfidenceModelError when it is missing or malformed."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfidenceModelError(f"cannot read the confidence model {path}: {exc}") from exc
    return ConfidenceModel.from_json(data)


@lru_cache(maxsize=4)
def default_model(path: Path = DEFAULT_MODEL_PATH) -> ConfidenceModel:
    """Return the committed model (read once)."""
    return load_model(path)
