"""Meaning-based sentence scores from the embedding model, with the policy sentences' vectors cached."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence

import numpy as np

from assistant.protocols import Embedder


class EmbeddingSimilarity:
    """Cosine similarity of a query to texts; the texts' vectors are kept, the query's never are.

    Texts are policy sentences, so caching them keeps nothing a user typed; ``warm`` embeds them all
    up front so a question costs one extra embedding (its own).
    """

    def __init__(self, embedder: Embedder, *, max_cached: int = 20_000) -> None:
        self._embedder = embedder
        self._max_cached = max_cached
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()

    def warm(self, texts: Iterable[str]) -> int:
        """Embed and cache texts ahead of the first question; return how many are cached."""
        self._vectors_for(list(dict.fromkeys(texts)))
        return len(self._vectors)

    def similarity(self, query: str, texts: Sequence[str]) -> list[float]:
        """Return the cosine similarity of the query to each text, in order."""
        if not texts:
            return []
        query_vector = np.asarray(self._embedder.embed([query]), dtype=np.float32)[0]
        return [float(v) for v in self._vectors_for(texts) @ query_vector]

    def _vectors_for(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            for text, vector in zip(missing, np.asarray(self._embedder.embed(missing), dtype=np.float32), strict=True):
                self._vectors[text] = vector
        for text in texts:
            self._vectors.move_to_end(text)
        rows = np.stack([self._vectors[t] for t in texts])
        while len(self._vectors) > self._max_cached:
            self._vectors.popitem(last=False)
        return rows
