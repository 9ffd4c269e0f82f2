"""Shared fixtures for the eval tests: the real policies' clauses behind a scripted fake assistant."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from assistant.guard.verdict import Category, Verdict
from assistant.models import Answer, Citation, Retrieved, Stance
from ingest.clause import Clause, DocumentMeta
from ingest.parser import ParsedDocument, parse_document

POLICIES = Path(__file__).resolve().parents[2] / "data" / "policies"


@dataclass
class ScriptedAssistant:
    """AssistantAPI over real parsed clauses; answers come from a script keyed by question (unit tests only)."""

    parsed: dict[str, ParsedDocument]
    script: dict[str, Answer] = field(default_factory=dict)
    refuse_words: dict[str, Category] = field(default_factory=dict)
    calls: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = field(default_factory=list)

    def ask(self, question: str, *, documents: Sequence[str] = (), history: Sequence[str] = ()) -> Answer:
        self.calls.append(("ask", tuple(documents), tuple(history)))
        verdict = self.check(question)
        if verdict.refused:
            return Answer(refused=True, categories=[str(c) for c in verdict.categories], latency_ms=1.0)
        return self.script.get(question, Answer(stance=Stance.NOT_COVERED, latency_ms=5.0)).model_copy()

    def check(self, text: str) -> Verdict:
        found = tuple(cat for word, cat in self.refuse_words.items() if word in text.lower())
        return Verdict(allowed=not found, categories=found, message="refused" if found else "")

    def documents(self) -> list[DocumentMeta]:
        return [doc.meta for doc in self.parsed.values()]

    def clauses(self, document_id: str) -> list[Clause]:
        return list(self.parsed[document_id].clauses)

    def ready(self) -> bool:
        return True

    @staticmethod
    def answer(
        stance: Stance,
        *,
        cited: Iterable[tuple[str, str]] = (),
        retrieved: Iterable[tuple[str, str]] = (),
        text: str = "",
        latency_ms: float = 5.0,
    ) -> Answer:
        """Build an Answer with citations and a ranked retrieved list."""
        return Answer(
            stance=stance,
            answer=text,
            citations=[Citation(document=d, clause=c, title="", quote="") for d, c in cited],
            retrieved=[Retrieved(document=d, clause=c, score=1.0 / (i + 1)) for i, (d, c) in enumerate(retrieved)],
            latency_ms=latency_ms,
        )

    def texts(self, document: str, clause: str) -> list[str]:
        """Return the texts of the records with this exact clause id."""
        return [c.text for c in self.parsed[document].clauses if c.clause_id == clause]


@pytest.fixture(scope="session")
def parsed_policies() -> dict[str, ParsedDocument]:
    """Parse the five real policies once."""
    out = {}
    for path in sorted(POLICIES.glob("*.txt")):
        out[path.stem] = parse_document(path.read_text(encoding="utf-8"), document_id=path.stem, source=str(path))
    return out


@pytest.fixture
def scripted(parsed_policies: dict[str, ParsedDocument]) -> ScriptedAssistant:
    """A fresh scripted assistant over the real clauses."""
    return ScriptedAssistant(parsed=parsed_policies)


@pytest.fixture
def write_jsonl(tmp_path: Path) -> Callable[[str, list[dict[str, Any]]], Path]:
    """Write records as JSONL under tmp_path and return the path."""

    def write(name: str, records: list[dict[str, Any]]) -> Path:
        path = tmp_path / name
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        return path

    return write
