"""The service with the real assistant (real index, embedding model and guard) over real HTTP."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from assistant.protocols import ChatMessage
from assistant.settings import Settings

pytestmark = pytest.mark.integration

DOCS = {
    "academy-trust-it-comms-social-media",
    "school-social-media-electronic-comms-2025",
    "school-staff-advice-electronic-comms",
    "southover-computer-internet-email-social-media",
    "teachers-together-it-comms-social-media",
}
QUESTION = "Can I use my personal mobile phone to take photos of pupils on a school trip?"
REFUSED = "Can I email Jack Brown's mum at jack.mum@gmail.com about his SEN?"


class SlowChatModel:
    """A chat model that answers far too late for Teams."""

    def __init__(self, delay_s: float) -> None:
        self.delay_s = delay_s
        self.calls = 0

    def complete(self, messages: Sequence[ChatMessage], *, timeout_s: float) -> str:
        self.calls += 1
        time.sleep(self.delay_s)
        return json.dumps({"stance": "prohibited", "answer": "late", "citations": []})


@pytest.fixture(scope="module")
def index_settings(tmp_path_factory: pytest.TempPathFactory, kit: Any) -> Settings:
    """Ingest the five real policies into a private index once for this module."""
    from ingest.embedder import load_embedder
    from ingest.pipeline import ingest_paths

    tmp: Path = tmp_path_factory.mktemp("api-index")
    settings: Settings = kit.make_settings(tmp)
    report = ingest_paths([settings.policies_dir], settings=settings, embedder=load_embedder(settings))
    assert report.documents_total == 5
    return settings


@pytest.fixture(scope="module")
def real_server(index_settings: Settings, kit: Any) -> Iterator[Any]:
    from assistant.wiring import build_assistant

    with kit.live_server(index_settings, build_assistant) as live:
        kit.wait_ready(live, timeout_s=300)
        yield live


def test_documents_and_clauses_from_the_real_index(real_server: Any) -> None:
    with real_server.client() as client:
        docs = client.get("/v1/documents").json()
        assert {doc["id"] for doc in docs} == DOCS
        assert all(doc["clause_count"] > 0 for doc in docs)
        clauses = client.get("/v1/documents/school-social-media-electronic-comms-2025/clauses").json()
        assert {"8.1", "8.3", "7.4.1"} <= {c["clause"] for c in clauses}
        assert client.get("/v1/documents/not-a-policy/clauses").status_code == 404


def test_real_ask_refusal_and_scope(real_server: Any, logs: Any) -> None:
    with real_server.client() as client:
        answer = client.post("/v1/ask", json={"question": QUESTION}).json()
        refused = client.post("/v1/ask", json={"question": REFUSED}).json()
        unknown = client.post("/v1/ask", json={"question": QUESTION, "documents": ["nope"]})
    assert answer["refused"] is False and answer["stance"] != "not_covered"
    assert answer["citations"] and all(c["quote"] for c in answer["citations"])
    assert refused["refused"] is True and refused["answer"] and refused["citations"] == []
    assert "contact_details" in refused["categories"]
    assert unknown.status_code == 422
    assert "photos of pupils" not in logs.text and "jack.mum" not in logs.text and "Jack Brown" not in logs.text


def test_real_teams_card_cites_clauses(real_server: Any, kit: Any) -> None:
    body = json.dumps({"type": "message", "text": f"<at>Policy Assistant</at> {QUESTION}"}).encode()
    with real_server.client(key=None) as client:
        reply = client.post("/v1/teams/messages", content=body, headers={"Authorization": kit.teams_signature(body)})
        bad = client.post("/v1/teams/messages", content=body, headers={"Authorization": "HMAC AAAA"})
    assert reply.status_code == 200 and bad.status_code == 401
    card = reply.json()["attachments"][0]["content"]
    assert card["version"] == "1.4"
    containers = [item for item in card["body"] if item["type"] == "Container"]
    assert containers and all("clause" in c["items"][0]["text"] for c in containers)
    assert "clause" in reply.json()["text"]


def test_real_assistant_with_slow_chat_model_answers_within_budget(
    index_settings: Settings, kit: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import assistant.llm.factory as factory
    from assistant.wiring import build_assistant

    slow = SlowChatModel(delay_s=6.0)
    monkeypatch.setattr(factory, "build_chat_model", lambda _settings: slow)
    settings = index_settings.model_copy(update={"llm": "openai:slow", "teams_time_budget_s": 2.0})
    with kit.live_server(settings, build_assistant) as live:
        kit.wait_ready(live, timeout_s=300)
        body = json.dumps({"type": "message", "text": f"<at>Bot</at> {QUESTION}"}).encode()
        with live.client(key=None) as client:
            started = time.perf_counter()
            reply = client.post(
                "/v1/teams/messages", content=body, headers={"Authorization": kit.teams_signature(body)}
            )
            elapsed = time.perf_counter() - started
    assert reply.status_code == 200
    texts = json.dumps(reply.json())
    assert "Quick answer (time limit)." in texts and "late" not in reply.json()["text"]
    assert slow.calls >= 1
    # Not a speed assertion: the reply must beat Teams' 5 s cut-off, which the slow model alone would miss.
    assert elapsed < 5.0


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_schemathesis_against_the_real_assistant(real_server: Any, kit: Any, mode: str) -> None:
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    checks = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
    schema = schemathesis.openapi.from_url(real_server.base_url + "/openapi.json")
    headers = {"Authorization": f"Bearer {kit.API_KEY}"}

    @given(case=schema.as_strategy(generation_mode=GenerationMode(mode)))
    @settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=checks)

    run()
