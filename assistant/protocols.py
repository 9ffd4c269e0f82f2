"""The seams: small one-method protocols that vendor adapters implement."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from ingest.clause import Clause


@dataclass(frozen=True, slots=True)
class ScoredClause:
    """A clause with a retrieval score (higher is better)."""

    clause: Clause
    score: float


@dataclass(frozen=True, slots=True)
class ChatMessage:
    """One chat turn sent to a model."""

    role: str  # "system" | "user" | "assistant"
    content: str


class Hit(Protocol):
    """A ranked clause. The hybrid retriever's hits also carry raw dense and lexical evidence."""

    @property
    def clause(self) -> Clause: ...

    @property
    def score(self) -> float: ...


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors."""

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class Retriever(Protocol):
    """Finds the clauses most relevant to a query, optionally within some documents."""

    def retrieve(
        self, query: str, *, documents: Sequence[str] = (), k: int = 10, organisation: str | None = None
    ) -> Sequence[Hit]: ...


class ChatModel(Protocol):
    """Completes a chat; raises ModelError on failure."""

    def complete(self, messages: Sequence[ChatMessage], *, timeout_s: float) -> str: ...
