"""The JSON API over real HTTP against uvicorn on loopback, with a fake assistant."""

from __future__ import annotations

import json
import threading
from typing import Any

import httpx

from assistant.errors import IndexNotReadyError, ModelError


def test_healthz_answers_while_loading_and_readyz_turns_ready(tmp_path: Any, kit: Any) -> None:
    release = threading.Event()
    fake = kit.FakeAssistant()

    def slow_factory(_settings: Any) -> Any:
        release.wait(30)
        return fake

    with kit.live_server(kit.make_settings(tmp_path), slow_factory) as live, live.client() as client:
        assert client.get("/healthz").json() == {"status": "ok", "detail": None}
        loading = client.get("/readyz")
        assert loading.status_code == 503 and loading.json()["status"] == "loading"
        busy = client.post("/v1/ask", json={"question": "Can I use AI?"})
        assert busy.status_code == 503 and "loading" in busy.json()["detail"]
        release.set()
        kit.wait_ready(live)
        assert client.get("/readyz").json()["status"] == "ready"


def test_failed_load_reported_by_readyz(tmp_path: Any, kit: Any) -> None:
    def broken(_settings: Any) -> Any:
        raise IndexNotReadyError("no index; run policy-assistant ingest")

    with kit.live_server(kit.make_settings(tmp_path), broken) as live, live.client() as client:
        for _ in range(200):
            body = client.get("/readyz").json()
            if body["status"] != "loading":
                break
            threading.Event().wait(0.02)
        assert body["status"] == "failed" and "ingest" in body["detail"]
        assert client.get("/healthz").status_code == 200


def test_bearer_auth_required(server: Any, kit: Any) -> None:
    with server.client(key=None) as anonymous:
        missing = anonymous.get("/v1/documents")
        assert missing.status_code == 401
        assert missing.headers["www-authenticate"] == "Bearer"
        assert "API key" in missing.json()["detail"]
        wrong = anonymous.get("/v1/documents", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        basic = anonymous.get("/v1/documents", headers={"Authorization": "Basic dGVzdC1rZXktMQ=="})
        assert basic.status_code == 401
        second = anonymous.get("/v1/documents", headers={"Authorization": f"Bearer {kit.API_KEY_2}"})
        assert second.status_code == 200
    with server.client() as client:
        assert client.get("/v1/documents").status_code == 200


def test_auth_disabled_allows_anonymous_and_warns(tmp_path: Any, kit: Any, logs: Any) -> None:
    settings = kit.make_settings(tmp_path, auth_disabled=True, api_keys=None)
    with kit.live_server(settings, lambda _s: kit.FakeAssistant()) as live:
        kit.wait_ready(live)
        with live.client(key=None) as client:
            assert client.get("/v1/documents").status_code == 200
    warnings = [r for r in logs.records if r.levelname == "WARNING" and "AUTHENTICATION IS DISABLED" in r.getMessage()]
    assert warnings


def test_ask_returns_answer_json(server: Any, fake: Any) -> None:
    with server.client() as client:
        response = client.post("/v1/ask", json={"question": "Can I use ChatGPT for reports?", "history": ["hi"]})
    assert response.status_code == 200
    body = response.json()
    assert body["refused"] is False and body["stance"] == "prohibited"
    assert body["citations"][0]["clause"] == "8" and body["id"]
    assert response.headers["x-request-id"]
    assert fake.questions == ["Can I use ChatGPT for reports?"]


def test_refusal_is_200_with_guard_message(server: Any, kit: Any) -> None:
    with server.client() as client:
        response = client.post("/v1/ask", json={"question": "Can Oakfield Primary staff use AI?"})
    assert response.status_code == 200
    body = response.json()
    assert body["refused"] is True and body["answer"] == kit.REFUSAL
    assert body["categories"] == ["school_identity"]


def test_validation_errors_are_4xx_with_reasons(server: Any) -> None:
    with server.client() as client:
        too_long = client.post("/v1/ask", json={"question": "x" * 2001})
        assert too_long.status_code == 422 and "longer than 2000" in too_long.json()["detail"]
        empty = client.post("/v1/ask", json={"question": ""})
        assert empty.status_code == 422 and empty.json()["detail"].startswith("question:")
        missing = client.post("/v1/ask", json={"documents": []})
        assert missing.status_code == 422 and "question" in missing.json()["detail"]
        extra = client.post("/v1/ask", json={"question": "ok?", "admin": True})
        assert extra.status_code == 422 and "admin" in extra.json()["detail"]
        broken = client.post("/v1/ask", content=b"{not json", headers={"content-type": "application/json"})
        assert broken.status_code == 422
        unknown = client.post("/v1/ask", json={"question": "Can I?", "documents": ["no-such-policy"]})
        assert unknown.status_code == 422 and "no-such-policy" in unknown.json()["detail"]


def test_rejected_question_is_not_echoed(server: Any) -> None:
    secret = "my-unique-question-" + "z" * 30
    with server.client() as client:
        response = client.post("/v1/ask", json={"question": secret, "history": "not-a-list"})
    assert response.status_code == 422
    assert secret not in response.text


def test_body_too_large_is_413(server: Any) -> None:
    big = json.dumps({"question": "a" * 70_000}).encode()
    with server.client() as client:
        declared = client.post("/v1/ask", content=big, headers={"content-type": "application/json"})
        assert declared.status_code == 413 and "65536" in declared.json()["detail"]

        def chunks() -> Any:
            for start in range(0, len(big), 8192):
                yield big[start : start + 8192]

        streamed = client.post("/v1/ask", content=chunks(), headers={"content-type": "application/json"})
        assert streamed.status_code == 413


def test_rate_limit_is_429_with_retry_after(tmp_path: Any, kit: Any) -> None:
    settings = kit.make_settings(tmp_path, rate_limit_per_minute=3)
    with kit.live_server(settings, lambda _s: kit.FakeAssistant()) as live:
        kit.wait_ready(live)
        with live.client() as client:
            statuses = [client.get("/v1/documents").status_code for _ in range(4)]
            limited = client.get("/v1/documents")
            assert client.get("/healthz").status_code == 200
        assert statuses == [200, 200, 200, 429]
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
        with live.client(key=kit.API_KEY_2) as other:
            assert other.get("/v1/documents").status_code == 200


def test_documents_and_clauses(server: Any, kit: Any) -> None:
    with server.client() as client:
        docs = client.get("/v1/documents").json()
        assert docs == [
            {
                "id": kit.DOC,
                "title": "Social Media Policy",
                "organisation": None,
                "organisation_id": "",
                "policy_date": "2025-01",
                "review_date": None,
                "version": None,
                "clause_count": 0,
            }
        ]
        clauses = client.get(f"/v1/documents/{kit.DOC}/clauses").json()
        assert clauses[0]["clause"] == "8" and clauses[0]["section"] == "8" and clauses[0]["uid"]
        missing = client.get("/v1/documents/nope/clauses")
        assert missing.status_code == 404 and "nope" in missing.json()["detail"]


def test_feedback_is_guarded_and_stored(server: Any, fake: Any, tmp_path: Any) -> None:
    from assistant.feedback import FeedbackStore

    clauses = [{"document": "school-social-media-electronic-comms-2025", "clause": "8"}]
    with server.client() as client:
        first, second, third = (client.post("/v1/ask", json={"question": "Can I?"}).json()["id"] for _ in range(3))
        ok = client.post(
            "/v1/feedback", json={"answer_id": first, "rating": "up", "comment": "Helpful", "clauses": clauses}
        )
        assert ok.status_code == 201 and ok.json() == {"stored": True, "answer_id": first}
        assert client.post("/v1/feedback", json={"answer_id": second, "rating": -1}).status_code == 201
        refused = client.post(
            "/v1/feedback", json={"answer_id": third, "rating": "down", "comment": "my password is hunter2"}
        )
        assert refused.status_code == 422 and "remove them" in refused.json()["detail"]
        bad = client.post("/v1/feedback", json={"answer_id": third, "rating": 5})
        assert bad.status_code == 422 and "rating" in bad.json()["detail"]
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    assert store.totals() == (1, 1)
    assert [c.comment for c in store.comments_for(document=clauses[0]["document"], clause="8")] == ["Helpful"]
    assert "Helpful" in fake.checked


def test_product_errors_map_to_statuses(server: Any, fake: Any) -> None:
    with server.client() as client:
        fake.error = ModelError("chat model timed out")
        assert client.post("/v1/ask", json={"question": "Can I?"}).status_code == 502
        fake.error = IndexNotReadyError("index is empty")
        not_ready = client.post("/v1/ask", json={"question": "Can I?"})
        assert not_ready.status_code == 503 and not_ready.headers["retry-after"]
        fake.error = RuntimeError("bug")
        unexpected = client.post("/v1/ask", json={"question": "Can I?"})
        assert unexpected.status_code == 500 and unexpected.json() == {"detail": "internal error"}


def test_logs_are_json_without_question_text(tmp_path: Any, kit: Any, logs: Any) -> None:
    question = "Could I share the Year 6 residential photos on Facebook quietly?"
    refused_question = "Should Oakfield Academy staff share passwords?"
    with kit.live_server(kit.make_settings(tmp_path), lambda _s: kit.FakeAssistant()) as live:
        kit.wait_ready(live)
        with live.client() as client:
            client.post("/v1/ask", json={"question": question}, headers={"X-Request-ID": "req-42"})
            client.post("/v1/ask", json={"question": refused_question})
            client.post("/v1/ask", json={"question": question + "x" * 2000})
            body = json.dumps({"text": f"<at>Bot</at> {question}"}).encode()
            client.post("/v1/teams/messages", content=body, headers={"Authorization": kit.teams_signature(body)})
            client.post("/v1/feedback", json={"answer_id": "a1", "rating": "up", "comment": question})
    for needle in (question, refused_question, "Year 6 residential", "Oakfield"):
        assert needle not in logs.text
    lines = [json.loads(line) for line in logs.text.splitlines() if line.startswith("{")]
    requests = [line for line in lines if line["message"] == "request"]
    first = next(line for line in requests if line.get("request_id") == "req-42")
    assert first["route"] == "/v1/ask" and first["status"] == 200 and first["latency_ms"] >= 0
    assert first["client"].startswith("key:") and kit.API_KEY not in logs.text
    refused = [line for line in requests if line.get("refused")]
    assert refused[0]["categories"] == ["school_identity"]
    assert {line["route"] for line in requests} >= {"/v1/ask", "/v1/teams/messages", "/v1/feedback"}


def test_request_id_is_echoed_or_minted(server: Any) -> None:
    with server.client() as client:
        assert client.get("/healthz", headers={"X-Request-ID": "abc-1"}).headers["x-request-id"] == "abc-1"
        minted = client.get("/healthz", headers={"X-Request-ID": "bad id\twith spaces"}).headers["x-request-id"]
        assert len(minted) == 32


def test_unknown_route_is_404_json(server: Any) -> None:
    response = httpx.get(server.base_url + "/v1/nothing")
    assert response.status_code == 404 and response.json()["detail"] == "Not Found"
