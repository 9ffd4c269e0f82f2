"""Service hardening over real HTTP: hostile bodies, dropped clients, replays, history caps, key rules, feedback."""

from __future__ import annotations

import hashlib
import json
import logging
import socket
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from assistant.api.app import create_app
from assistant.errors import ConfigurationError

pytestmark = pytest.mark.integration
ROUTE = "/v1/teams/messages"


def _activity(*, activity_id: str | None = None, sent: datetime | None = None) -> bytes:
    stamp = (sent or datetime.now(UTC)).isoformat().replace("+00:00", "Z")
    body = {"type": "message", "id": activity_id or uuid.uuid4().hex, "timestamp": stamp, "text": "Can I use AI?"}
    return json.dumps(body).encode()


def _post_teams(live: Any, kit: Any, body: bytes) -> Any:
    with live.client(key=None) as client:
        return client.post(ROUTE, content=body, headers={"Authorization": kit.teams_signature(body)})


def _errors(logs: Any) -> list[logging.LogRecord]:
    return [r for r in logs.records if r.levelno >= logging.ERROR]


def _request_logs(logs: Any, route: str) -> list[Any]:
    """Return the request log lines of a route, waiting for them: the server logs a request after replying."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not any(getattr(r, "route", None) == route for r in logs.records):
        time.sleep(0.05)
    return [r for r in logs.records if getattr(r, "route", None) == route]


def test_a_signed_deeply_nested_body_is_400_not_500(server: Any, kit: Any, logs: Any) -> None:
    body = b"[" * 100_000 + b"]" * 100_000
    with server.client(key=None) as client:
        response = client.post(ROUTE, content=body, headers={"Authorization": kit.teams_signature(body)})
    assert response.status_code in (400, 413)
    assert not _errors(logs)


def test_a_nested_body_within_the_size_cap_is_400(tmp_path: Any, kit: Any, logs: Any) -> None:
    body = b"[" * 30_000 + b"]" * 30_000
    settings = kit.make_settings(tmp_path, max_body_bytes=len(body) + 1)
    with kit.live_server(settings, lambda _s: kit.FakeAssistant()) as live:
        kit.wait_ready(live)
        response = _post_teams(live, kit, body)
        with live.client() as client:
            ask = client.post("/v1/ask", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and "Activity" in response.json()["detail"]
    assert 400 <= ask.status_code < 500
    assert not _errors(logs)


def test_a_client_that_drops_mid_body_is_answered_4xx_quietly(server: Any, fake: Any, logs: Any) -> None:
    host, port = server.base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        head = f"POST {ROUTE} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n"
        sock.sendall((head + "Authorization: HMAC abc=\r\n\r\n").encode() + b'{"text": "par')
        time.sleep(0.2)
    lines = _request_logs(logs, ROUTE)
    assert lines and all(400 <= r.status < 500 for r in lines)  # type: ignore[attr-defined]
    assert not _errors(logs) and fake.questions == []


def test_a_replayed_or_stale_activity_is_refused(server: Any, fake: Any, kit: Any) -> None:
    body = _activity()
    assert _post_teams(server, kit, body).status_code == 200
    replay = _post_teams(server, kit, body)
    assert replay.status_code == 409 and "already" in replay.json()["detail"]
    stale = _post_teams(server, kit, _activity(sent=datetime.now(UTC) - timedelta(hours=1)))
    future = _post_teams(server, kit, _activity(sent=datetime.now(UTC) + timedelta(hours=1)))
    assert stale.status_code == future.status_code == 409 and "window" in stale.json()["detail"]
    assert len(fake.questions) == 1


@dataclass
class HistoryRecorder:
    """A fake assistant that keeps the history each ask received."""

    inner: Any
    histories: list[tuple[str, ...]] = field(default_factory=list)

    def ask(self, question: str, *, documents: Any = (), history: Any = ()) -> Any:
        self.histories.append(tuple(history))
        return self.inner.ask(question, documents=documents, history=history)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def test_history_beyond_the_caps_is_dropped_unread(tmp_path: Any, kit: Any) -> None:
    recorder = HistoryRecorder(kit.FakeAssistant())
    settings = kit.make_settings(tmp_path, max_history_turns=4, max_history_chars=3_000)
    turns = [f"turn {i} " + "x" * 1_990 for i in range(20)]  # 20 turns of 2,000 characters: a 40 KB body
    with kit.live_server(settings, lambda _s: recorder) as live:
        kit.wait_ready(live)
        with live.client() as client:
            assert client.post("/v1/ask", json={"question": "And then?", "history": turns}).status_code == 200
            assert client.post("/v1/ask", json={"question": "And?", "history": turns[:1]}).status_code == 200
    assert recorder.histories[0] == (turns[-1],)  # newest first within 3,000 characters, kept in order
    assert recorder.histories[1] == (turns[0],)


def test_repeated_401s_from_one_address_are_rate_limited(tmp_path: Any, kit: Any) -> None:
    settings = kit.make_settings(tmp_path, auth_failures_per_minute=3)
    with kit.live_server(settings, lambda _s: kit.FakeAssistant()) as live:
        kit.wait_ready(live)
        with live.client(key="wrong-key-0123456789abcdef0123456789") as bad:
            statuses = [bad.get("/v1/documents").status_code for _ in range(4)]
        with live.client() as good:
            blocked = good.get("/v1/documents")
    assert statuses == [401, 401, 401, 429]
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) >= 1  # no key is compared meanwhile


def test_bad_teams_signatures_count_as_failures(tmp_path: Any, kit: Any) -> None:
    settings = kit.make_settings(tmp_path, auth_failures_per_minute=2)
    with kit.live_server(settings, lambda _s: kit.FakeAssistant()) as live:
        kit.wait_ready(live)
        with live.client(key=None) as client:
            statuses = [client.post(ROUTE, content=_activity(), headers={"Authorization": "HMAC x"}).status_code]
            statuses += [client.post(ROUTE, content=_activity(), headers={"Authorization": "HMAC y"}).status_code]
            statuses += [_post_teams(live, kit, _activity()).status_code]
    assert statuses == [401, 401, 429]


def test_short_api_keys_refuse_to_start(tmp_path: Any, kit: Any) -> None:
    from pydantic import SecretStr

    settings = kit.make_settings(tmp_path, api_keys=SecretStr(f"{kit.API_KEY}, short-key"))
    with pytest.raises(ConfigurationError, match="shorter than 32 characters") as caught:
        create_app(settings, assistant_factory=lambda _s: kit.FakeAssistant())
    assert "short-key" not in str(caught.value)


def test_logs_carry_a_salted_key_id_not_its_sha256(server: Any, kit: Any, logs: Any) -> None:
    with server.client() as client:
        assert client.get("/v1/documents").status_code == 200
    clients = {getattr(r, "client", None) for r in _request_logs(logs, "/v1/documents")}
    plain = "key:" + hashlib.sha256(kit.API_KEY.encode()).hexdigest()[:12]
    assert clients and plain not in clients and all(str(c).startswith("key:") for c in clients)


def test_feedback_must_name_an_issued_answer_and_indexed_clauses(server: Any, kit: Any) -> None:
    with server.client() as client:
        issued = client.post("/v1/ask", json={"question": "Can I?"}).json()["id"]
        good = [{"document": kit.DOC, "clause": "8"}]

        def rate(answer_id: str, rating: Any = "up", clauses: Any = good) -> Any:
            return client.post("/v1/feedback", json={"answer_id": answer_id, "rating": rating, "clauses": clauses})

        unknown = rate("0123456789abcdef0123456789abcdef")
        assert unknown.status_code == 422 and "answer_id" in unknown.json()["detail"]
        no_clause = rate(issued, clauses=[{"document": kit.DOC, "clause": "99.9"}])
        assert no_clause.status_code == 422 and "99.9" in no_clause.json()["detail"]
        no_doc = rate(issued, clauses=[{"document": "made-up-policy", "clause": "8"}])
        assert no_doc.status_code == 422 and "made-up-policy" in no_doc.json()["detail"]
        for rating in (True, 1.0, "1", 0, "UP"):
            assert rate(issued, rating=rating).status_code == 422
        assert rate(issued).status_code == 201


def test_teams_answers_can_be_rated(server: Any, kit: Any, logs: Any) -> None:
    assert _post_teams(server, kit, _activity()).status_code == 200
    answer_id = next(r.answer_id for r in _request_logs(logs, ROUTE))
    with server.client() as client:
        assert client.post("/v1/feedback", json={"answer_id": answer_id, "rating": -1}).status_code == 201
