"""The UI's shared models: loaded once, on first use, by whoever asks first (the chat's loader or the library)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from assistant.settings import Settings
from assistant.wiring import Models
from ui.services import SharedEmbedder, SharedModels


class CountingEmbedder:
    """Embeds every text as a one-hot vector of its length, counting calls."""

    def __init__(self) -> None:
        self.calls = 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        return np.eye(8)[[min(len(text), 7) for text in texts]]


def test_shared_models_load_once_and_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    loads: list[Settings] = []
    embedder = CountingEmbedder()

    def fake_load(settings: Settings) -> Models:
        loads.append(settings)
        return Models(embedder=embedder, analyzer=None)

    monkeypatch.setattr("assistant.wiring.load_models", fake_load)
    shared = SharedModels(Settings())
    lazy = SharedEmbedder(shared.get)
    assert loads == []  # building the library's embedder loads nothing
    vectors = lazy.embed(["ab", "abcd"])
    assert vectors.shape == (2, 8) and vectors[0, 2] == 1 and vectors[1, 4] == 1
    assert shared.get().embedder is embedder
    lazy.embed(["x"])
    assert len(loads) == 1 and embedder.calls == 2
