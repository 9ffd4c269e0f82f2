"""LLM mode with a scripted chat model: verification, fallback on bad replies, errors and timeouts."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from datetime import date

import pytest

from assistant.answer.compose import compose_answer
from assistant.errors import ModelError
from assistant.llm.llm_answer import answer_with_llm, parse_reply
from assistant.models import Answer, Stance
from assistant.protocols import ChatMessage, ScoredClause
from ingest.clause import Clause, DocumentMeta

DOC = "academy-trust-it-comms-social-media"
# Verbatim from the real policy (2.14 Social Media Policy).
FRIENDS = (
    "offer or accept current pupils or ex-pupils as friends on any social media site – personal communication "
    "could be considered inappropriate and unprofessional and makes staff very vulnerable to allegations. If "
    "you receive any message on any social networking that you believe may be from a pupil or ex-pupil then you "
    "must not reply and must report it to the Headteacher immediately."
)
PRIVACY = (
    "You should ensure that your privacy settings are set to maximum privacy and any social networking is "
    "private for your known contacts only."
)
QUESTION = "Can I accept a pupil as a friend on Facebook?"


def _clause(clause_id: str, text: str, lead_in: str = "") -> Clause:
    return Clause(DOC, clause_id, ("2.14",), "Prohibited use", text, "policy.txt", (0, len(text)), lead_in=lead_in)


HITS = [
    ScoredClause(_clause("2.14/2.12", FRIENDS, "You must not:-"), 1.0),
    ScoredClause(_clause("2.14/3", PRIVACY), 0.5),
]
METAS = {DOC: DocumentMeta(DOC, "IT and Communications Systems Policy (2.13) and Social Media Policy (2.14)", "s", "h")}


class ScriptedChat:
    """A fake ChatModel that returns a fixed reply (or raises, or hangs) and records what it was sent."""

    def __init__(self, reply: str = "", *, error: Exception | None = None, hang: threading.Event | None = None):
        self.reply, self.error, self.hang = reply, error, hang
        self.sent: list[Sequence[ChatMessage]] = []

    def complete(self, messages: Sequence[ChatMessage], *, timeout_s: float) -> str:
        self.sent.append(messages)
        if self.hang is not None:
            self.hang.wait(5)
        if self.error is not None:
            raise self.error
        return self.reply


@pytest.fixture
def extractive() -> Answer:
    return compose_answer(QUESTION, HITS, documents=METAS, today=date(2026, 11, 21))


def _reply(stance: str = "prohibited", citations: list[dict] | None = None, answer: str = "No. You must not.") -> str:
    cites = (
        [{"n": 1, "quote": "offer or accept current pupils or ex-pupils as friends"}]
        if citations is None
        else citations
    )
    return json.dumps({"stance": stance, "answer": answer, "citations": cites})


def _ask(model: ScriptedChat, extractive: Answer, timeout_s: float = 5.0) -> Answer:
    return answer_with_llm(QUESTION, HITS, model=model, extractive=extractive, timeout_s=timeout_s, documents=METAS)


def test_verified_reply_becomes_the_answer(extractive: Answer) -> None:
    model = ScriptedChat("```json\n" + _reply() + "\n```")
    answer = _ask(model, extractive)
    assert answer.mode == "llm"
    assert answer.fallback is None
    assert answer.stance is Stance.PROHIBITED
    assert answer.answer.startswith("No. You must not.")
    assert [(c.clause, c.quote) for c in answer.citations] == [
        ("2.14/2.12", "offer or accept current pupils or ex-pupils as friends")
    ]
    assert answer.retrieved == extractive.retrieved
    system = model.sent[0][0].content
    assert f"[1] {DOC} §2.14/2.12: {FRIENDS}" in system
    assert "    lead-in: You must not:-" in system
    assert f"[2] {DOC} §2.14/3: {PRIVACY}" in system


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        ("I think you cannot do that.", "verification failed: reply is not JSON"),
        (_reply(stance="forbidden"), "verification failed: unknown stance 'forbidden'"),
        (_reply(citations=[{"n": 7, "quote": "offer"}]), "verification failed: citation [7] is not a retrieved clause"),
        (
            _reply(citations=[{"n": 1, "quote": "staff may never befriend pupils"}]),
            "verification failed: quote for [1] is not verbatim in §2.14/2.12",
        ),
        (
            _reply(citations=[{"n": 1, "quote": "You must not:-"}]),
            "verification failed: quote for [1] is not verbatim in §2.14/2.12",
        ),
        (_reply(citations=[]), "verification failed: a covered answer cites no clause"),
        (_reply(answer=""), "verification failed: answer text is missing"),
    ],
)
def test_unverifiable_replies_fall_back(extractive: Answer, reply: str, reason: str) -> None:
    answer = _ask(ScriptedChat(reply), extractive)
    assert answer.mode == "extractive"
    assert answer.fallback == reason
    assert answer.answer == extractive.answer
    assert answer.citations == extractive.citations


def test_model_error_falls_back(extractive: Answer) -> None:
    answer = _ask(ScriptedChat(error=ModelError("chat model openai:x failed: APIConnectionError")), extractive)
    assert answer.fallback == "model error: chat model openai:x failed: APIConnectionError"
    assert answer.mode == "extractive"


def test_timeout_falls_back_without_waiting_for_the_model(extractive: Answer) -> None:
    release = threading.Event()
    model = ScriptedChat(_reply(), hang=release)
    try:
        answer = _ask(model, extractive, timeout_s=0.05)
    finally:
        release.set()
    assert answer.fallback == "timeout: no reply within 0.05 s"
    assert answer.stance is extractive.stance


def test_not_covered_is_never_sent_to_the_model(extractive: Answer) -> None:
    not_covered = extractive.model_copy(update={"stance": Stance.NOT_COVERED, "citations": []})
    model = ScriptedChat(_reply())
    answer = _ask(model, not_covered)
    assert model.sent == []
    assert answer.fallback is not None and answer.fallback.startswith("not covered")


def test_parse_reply_tolerates_text_around_the_object() -> None:
    assert parse_reply('Sure! {"stance": "permitted", "answer": "Yes.", "citations": []} Hope that helps.') == {
        "stance": "permitted",
        "answer": "Yes.",
        "citations": [],
    }
