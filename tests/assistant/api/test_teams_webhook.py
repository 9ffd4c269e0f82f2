"""The Teams outgoing webhook over real HTTP: signatures, card shape, refusals, the time budget."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from assistant.api.cards import CARD_CONTENT_TYPE
from assistant.api.teams import SLOW_TEXT, clean_text

ROUTE = "/v1/teams/messages"


def activity(text: str, *, activity_id: str | None = None, timestamp: str | None = None) -> bytes:
    """Return a Teams-like Activity body with a fresh id and the current time, as Teams sends them."""
    return json.dumps(
        {
            "type": "message",
            "id": activity_id or uuid.uuid4().hex,
            "timestamp": timestamp or datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            "text": text,
            "textFormat": "plain",
            "from": {"id": "29:1XJKJMvc5GBtc2JwZq0oj8tHZmzrQgFmB", "name": "A. Teacher"},
            "conversation": {"id": "19:253b1f341670408fb6fcb58a6dac1d27@thread.skype"},
        }
    ).encode()


def post(live: Any, body: bytes, auth: str | None) -> Any:
    with live.client(key=None) as client:
        headers = {"content-type": "application/json"}
        if auth is not None:
            headers["Authorization"] = auth
        return client.post(ROUTE, content=body, headers=headers)


def card_of(reply: dict[str, Any]) -> dict[str, Any]:
    assert reply["type"] == "message"
    (attachment,) = reply["attachments"]
    assert attachment["contentType"] == CARD_CONTENT_TYPE
    card: dict[str, Any] = attachment["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4" and card["fallbackText"]
    return card


def card_texts(node: Any) -> list[str]:
    """Return every TextBlock text in a card, depth first."""
    if isinstance(node, dict):
        own = [node["text"]] if node.get("type") == "TextBlock" else []
        return own + [t for value in node.values() for t in card_texts(value)]
    if isinstance(node, list):
        return [t for item in node for t in card_texts(item)]
    return []


def action_types(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["type"]] if str(node.get("type", "")).startswith("Action.") else []
        return found + [t for value in node.values() for t in action_types(value)]
    if isinstance(node, list):
        return [t for item in node for t in action_types(item)]
    return []


def test_good_signature_gets_answer_card(server: Any, fake: Any, kit: Any) -> None:
    body = activity("<at>Policy Assistant</at> Can I use&nbsp;ChatGPT to <b>write</b> reports?")
    response = post(server, body, kit.teams_signature(body))
    assert response.status_code == 200
    card = card_of(response.json())
    texts = card_texts(card)
    assert texts[0] == "Not allowed" and texts[1] == "No: the policy forbids it."
    assert any("clause 8" in t for t in texts)
    assert "“must not input any information into AI”" in texts
    assert set(action_types(card)) <= {"Action.OpenUrl"}
    assert response.json()["text"].startswith("Not allowed. No: the policy forbids it.")
    assert fake.questions == ["Can I use ChatGPT to write reports?"]


@pytest.mark.parametrize(
    "auth",
    [
        None,
        "",
        "HMAC",
        "HMAC bm90LXRoZS1yaWdodC1zaWduYXR1cmU=",
        "Bearer test-key-1-0123456789abcdef0123456789",
        "HMAC not base64 at all",
    ],
)
def test_bad_or_missing_signature_is_401_and_nothing_processed(server: Any, fake: Any, auth: str | None) -> None:
    response = post(server, activity("<at>Bot</at> Can I use AI?"), auth)
    assert response.status_code == 401
    assert "signature" in response.json()["detail"]
    assert fake.questions == [] and fake.checked == []


def test_body_tampered_after_signing_is_401(server: Any, fake: Any, kit: Any) -> None:
    signed = activity("<at>Bot</at> Can I use AI?")
    tampered = signed.replace(b"Can I use AI?", b"Can I use AI!")
    assert post(server, tampered, kit.teams_signature(signed)).status_code == 401
    assert fake.questions == []


def test_signature_with_another_token_is_401(server: Any, kit: Any) -> None:
    body = activity("<at>Bot</at> Can I use AI?")
    other = "c29tZS1vdGhlci1zZWNyZXQ="
    assert post(server, body, kit.teams_signature(body, other)).status_code == 401


def test_refusal_card(server: Any, fake: Any, kit: Any) -> None:
    body = activity("<at>Bot</at> Oakfield staff: can we post photos?")
    response = post(server, body, kit.teams_signature(body))
    assert response.status_code == 200
    texts = card_texts(card_of(response.json()))
    assert texts[0].startswith("Refused") and texts[1] == kit.REFUSAL


def test_signed_but_not_json_is_400(server: Any, kit: Any) -> None:
    body = b"not json"
    response = post(server, body, kit.teams_signature(body))
    assert response.status_code == 400


def test_empty_mention_gets_help_card(server: Any, fake: Any, kit: Any) -> None:
    body = activity("<at>Policy Assistant</at>&nbsp;")
    response = post(server, body, kit.teams_signature(body))
    assert response.status_code == 200 and "Mention me" in response.json()["text"]
    assert fake.questions == []


def test_unconfigured_secret_is_503_never_unsigned(tmp_path: Any, kit: Any) -> None:
    fake = kit.FakeAssistant()
    with kit.live_server(kit.make_settings(tmp_path, teams_hmac_secret=None), lambda _s: fake) as live:
        kit.wait_ready(live)
        body = activity("<at>Bot</at> Can I use AI?")
        response = post(live, body, None)
        assert response.status_code == 503 and "POLICY_TEAMS_HMAC_SECRET" in response.json()["detail"]
    assert fake.questions == []


def test_slow_llm_falls_back_to_extractive_within_budget(tmp_path: Any, kit: Any) -> None:
    fake = kit.FakeAssistant(ask_delay_s=3.0)
    settings = kit.make_settings(tmp_path, teams_time_budget_s=0.8)
    with kit.live_server(settings, lambda _s: fake) as live:
        kit.wait_ready(live)
        body = activity("<at>Bot</at> Can I use AI for lesson plans?")
        response = post(live, body, kit.teams_signature(body))
    assert response.status_code == 200
    texts = card_texts(card_of(response.json()))
    assert texts[0] == "Not allowed" and "Quick answer (time limit)." in texts


def test_slow_answer_without_fallback_says_so(tmp_path: Any, kit: Any) -> None:
    fake = kit.NoExtractive(ask_delay_s=3.0)
    settings = kit.make_settings(tmp_path, teams_time_budget_s=0.5)
    with kit.live_server(settings, lambda _s: fake) as live:
        kit.wait_ready(live)
        body = activity("<at>Bot</at> Can I use AI for lesson plans?")
        response = post(live, body, kit.teams_signature(body))
    assert response.status_code == 200 and response.json()["text"] == SLOW_TEXT


def test_teams_is_rate_limited_per_sender(tmp_path: Any, kit: Any) -> None:
    settings = kit.make_settings(tmp_path, rate_limit_per_minute=2)
    with kit.live_server(settings, lambda _s: kit.FakeAssistant()) as live:
        kit.wait_ready(live)
        bodies = [activity("<at>Bot</at> Can I use AI?") for _ in range(3)]
        statuses = [post(live, body, kit.teams_signature(body)).status_code for body in bodies]
    assert statuses == [200, 200, 429]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("<at>Policy Assistant</at> Can I use AI?", "Can I use AI?"),
        ("<p><at id='0'>Bot</at>&nbsp;May I <i>email</i> parents &amp; carers?</p>", "May I email parents & carers?"),
        ("<at>A</at> first <at>B</at> second", "first second"),
        ("plain question", "plain question"),
        ("<AT>Bot</AT>\n\n  spaced\tout  ", "spaced out"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean
