"""The Assistant façade: guard first, then retrieval and a grounded answer.

The API, Teams, UI, CLI and eval all go through ``Assistant.ask`` so they behave alike.
Built by ``assistant.wiring.build_assistant(settings)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from assistant.guard.verdict import Verdict
from assistant.models import Answer
from ingest.clause import Clause, DocumentMeta


class AssistantAPI(Protocol):
    """What every entry point may call."""

    def ask(self, question: str, *, documents: Sequence[str] = (), history: Sequence[str] = ()) -> Answer:
        """Answer a question (history = earlier user turns, oldest first); refusals come back as data."""
        ...

    def check(self, text: str) -> Verdict:
        """Run the AI-input guard only."""
        ...

    def documents(self) -> list[DocumentMeta]:
        """List the ingested policy documents."""
        ...

    def clauses(self, document_id: str) -> list[Clause]:
        """Return one document's clauses in source order; raises UnknownDocumentError."""
        ...

    def ready(self) -> bool:
        """Return True once the index and models are loaded."""
        ...
