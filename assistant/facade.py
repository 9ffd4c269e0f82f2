"""What the Assistant façade offers every entry point, and what it needs from the guard and the index."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from assistant.guard.verdict import Verdict
from assistant.models import Answer
from assistant.organisations import Organisation
from assistant.protocols import Hit
from ingest.clause import Clause, DocumentMeta


class AssistantAPI(Protocol):
    """What every entry point may call."""

    def ask(
        self,
        question: str,
        *,
        documents: Sequence[str] = (),
        history: Sequence[str] = (),
        organisation: str | None = None,
    ) -> Answer:
        """Answer a question (history = earlier user turns, oldest first); refusals come back as data."""
        ...

    def check(self, text: str) -> Verdict:
        """Run the AI-input guard only."""
        ...

    def documents(self, organisation: str | None = None) -> list[DocumentMeta]:
        """List the ingested policy documents (one organisation's when given)."""
        ...

    def clauses(self, document_id: str, organisation: str | None = None) -> list[Clause]:
        """Return one document's clauses in source order; raises UnknownDocumentError."""
        ...

    def organisations(self) -> list[Organisation]:
        """List the organisations that hold documents."""
        ...

    def ready(self) -> bool:
        """Return True once the index and models are loaded."""
        ...

    def search(self, query: str, *, documents: Sequence[str], k: int = 30) -> Sequence[Hit]:
        """Retrieve an owner's fixed query within some documents (hits carry their dense cosine); no guard."""
        ...


class GuardLike(Protocol):
    """The AI-input guard as the assistant uses it: check, and audit a refusal (salted hash, never text)."""

    def check(self, text: str) -> Verdict: ...

    def audit(self, verdict: Verdict, text: str = "") -> object: ...


class ClauseSource(Protocol):
    """Where document metadata and clauses are read from (the index)."""

    def documents(self) -> list[DocumentMeta]: ...

    def clauses(self, document_id: str | None = None) -> list[Clause]: ...


LlmAnswerer = Callable[..., Answer]
