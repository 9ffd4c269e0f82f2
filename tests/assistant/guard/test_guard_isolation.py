"""A refused prompt reaches no embedder, retriever, chat model, clause store or log; refused turns are not history."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
import pytest

from assistant.core import Assistant
from assistant.guard import Guard, GuardConfig
from assistant.models import Answer
from assistant.protocols import ChatMessage, ScoredClause
from ingest.clause import Clause, DocumentMeta

DOC = "school-social-media-electronic-comms-2025"
CLAUSE = Clause(
    document_id=DOC,
    clause_id="8",
    section_path=("Artificial intelligence",),
    title="Using AI",
    text="employees must not input any information into AI that identifies the school",
    source="x.txt",
    span=(0, 10),
)
SECRET = "Mrs Patel at Oakwood Academy says the wifi password is Oak-2024!"
SECRET_BITS = ("Patel", "Oakwood", "Oak-2024")


class Calls:
    """One shared record of every call that carried text past the guard."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []


class SpyEmbedder:
    def __init__(self, calls: Calls) -> None:
        self.calls = calls

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.seen.extend(("embedder", t) for t in texts)
        return np.ones((len(texts), 4)) / 2.0


class SpyRetriever:
    def __init__(self, calls: Calls, embedder: SpyEmbedder) -> None:
        self.calls = calls
        self.embedder = embedder

    def retrieve(self, query: str, *, documents: Sequence[str] = (), k: int = 10) -> list[ScoredClause]:
        self.calls.seen.append(("retriever", query))
        self.embedder.embed([query])
        return [ScoredClause(clause=CLAUSE, score=0.9)]


class SpyChatModel:
    def __init__(self, calls: Calls) -> None:
        self.calls = calls

    def complete(self, messages: Sequence[ChatMessage], *, timeout_s: float) -> str:
        self.calls.seen.extend(("chat_model", m.content) for m in messages)
        return "model answer"


class SpySource:
    def __init__(self, calls: Calls) -> None:
        self.calls = calls
        self.live = False

    def documents(self) -> list[DocumentMeta]:
        if self.live:
            self.calls.seen.append(("store", "documents"))
        return [DocumentMeta(document_id=DOC, title="Social Media Policy", source="x.txt", content_hash="h")]

    def clauses(self, document_id: str | None = None) -> list[Clause]:
        if self.live:
            self.calls.seen.append(("store", str(document_id)))
        return [CLAUSE]


@pytest.fixture
def rig(guard_config: GuardConfig, analyzer):
    calls = Calls()
    embedder = SpyEmbedder(calls)
    chat = SpyChatModel(calls)
    source = SpySource(calls)

    def llm_answerer(query: str, hits, *, extractive: Answer, **_: object) -> Answer:
        calls.seen.append(("llm_answerer", query))
        chat.complete([ChatMessage(role="user", content=query)], timeout_s=1.0)
        return extractive

    assistant = Assistant(
        guard=Guard(guard_config, analyzer=analyzer),
        retriever=SpyRetriever(calls, embedder),
        source=source,
        chat_model=chat,
        llm_answerer=llm_answerer,
    )
    source.live = True
    return assistant, calls


def _leaked(records: list[logging.LogRecord]) -> list[str]:
    dumps = [repr(r.__dict__) + r.getMessage() for r in records]
    return [bit for bit in SECRET_BITS for dump in dumps if bit in dump]


def test_refused_question_reaches_nothing_and_logs_no_text(rig, caplog: pytest.LogCaptureFixture) -> None:
    assistant, calls = rig
    with caplog.at_level(logging.DEBUG):
        answer = assistant.ask(SECRET)
    assert answer.refused
    assert calls.seen == []
    assert _leaked(caplog.records) == []
    assert not any(bit in answer.model_dump_json() for bit in SECRET_BITS)
    assert {"person_name", "school_identity", "credentials"} <= set(answer.categories)


def test_refused_history_turn_refuses_the_follow_up(rig, caplog: pytest.LogCaptureFixture) -> None:
    assistant, calls = rig
    with caplog.at_level(logging.DEBUG):
        answer = assistant.ask("What about on Teams?", history=[SECRET])
    assert answer.refused
    assert calls.seen == []
    assert _leaked(caplog.records) == []


def test_refused_follow_up_after_an_allowed_question_reaches_nothing(rig) -> None:
    assistant, calls = rig
    assert not assistant.ask("Can I put school information into ChatGPT?").refused
    calls.seen.clear()
    answer = assistant.ask(SECRET, history=["Can I put school information into ChatGPT?"])
    assert answer.refused
    assert calls.seen == []


def test_allowed_question_does_reach_the_spies(rig) -> None:
    """Control: the spies do see an allowed prompt, so their silence above means something."""
    assistant, calls = rig
    answer = assistant.ask("Can I put school information into ChatGPT?")
    assert not answer.refused
    kinds = {kind for kind, _ in calls.seen}
    assert {"retriever", "embedder", "llm_answerer", "chat_model"} <= kinds
