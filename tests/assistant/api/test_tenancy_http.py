"""Organisation isolation over real HTTP: bound keys see, search and cite only their organisation's policies."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import SecretStr

from assistant.api.tenancy import bound_organisation, choose
from assistant.errors import UnknownOrganisationError
from assistant.settings import Settings
from ingest.store import open_index

pytestmark = pytest.mark.integration

# Keys of >= 32 characters (the service will require it).
SOUTH_KEY = "south-key-0123456789abcdef0123456789"
TRUST_KEY = "trust-key-0123456789abcdef0123456789"
OPEN_KEY = "open-key-0123456789abcdef01234567890"
SOUTH, TRUST = "southover", "academy-trust"
SOUTH_TEAMS = base64.b64encode(b"southover-teams-token-0123456789abcdef").decode()
TRUST_TEAMS = base64.b64encode(b"trust-teams-token-0123456789abcdef0123").decode()
QUESTIONS = (
    "can I friend an ex-pupil on Facebook?",
    "may I use my own phone to photograph pupils?",
    "can I use ChatGPT to write a parent letter?",
)


def _settings(base: Settings) -> Settings:
    return base.model_copy(
        update={
            "api_keys": SecretStr(f"{SOUTH_KEY}:{SOUTH}, {TRUST_KEY}:{TRUST}, {OPEN_KEY}"),
            "rate_limit_per_minute": 10_000,
            "auth_disabled": False,
            "teams_hmac_secret": None,
            "teams_hmac_secrets": SecretStr(f"{SOUTH}:{SOUTH_TEAMS}, {TRUST}:{TRUST_TEAMS}"),
        }
    )


@pytest.fixture(scope="module")
def foreign(indexed_settings: Settings) -> dict[str, set[str]]:
    """Every id, title and clause text of documents outside the southover organisation."""
    index = open_index(indexed_settings)
    outside = [meta for meta in index.documents() if meta.organisation_id != SOUTH]
    texts = {c.text for meta in outside for c in index.clauses(meta.document_id) if len(c.text) > 40}
    index.close()
    return {"ids": {m.document_id for m in outside}, "titles": {m.title for m in outside}, "texts": texts}


@pytest.fixture(scope="module")
def server(indexed_settings: Settings, real_assistant: Any, kit: Any) -> Iterator[Any]:
    with kit.live_server(_settings(indexed_settings), lambda _settings: real_assistant) as live:
        kit.wait_ready(live)
        yield live


def _assert_clean(body: str, foreign: dict[str, set[str]]) -> None:
    leaked = [item for group in foreign.values() for item in group if item in body]
    assert not leaked, leaked[:3]


def test_settings_read_bound_and_unbound_keys() -> None:
    settings = Settings(_env_file=None, api_keys=SecretStr(f"{SOUTH_KEY}:{SOUTH},{OPEN_KEY}"))  # type: ignore[call-arg]
    assert settings.api_key_values() == [SOUTH_KEY, OPEN_KEY]
    assert bound_organisation(SOUTH_KEY, settings) == SOUTH
    assert bound_organisation(OPEN_KEY, settings) is None
    assert choose(None, TRUST) == TRUST and choose(SOUTH, None) == SOUTH
    with pytest.raises(UnknownOrganisationError):
        choose(SOUTH, TRUST)


def test_documents_lists_only_the_keys_organisation(server: Any, foreign: dict[str, set[str]]) -> None:
    with server.client(key=SOUTH_KEY) as client:
        response = client.get("/v1/documents")
    assert response.status_code == 200
    assert [doc["id"] for doc in response.json()] == ["southover-computer-internet-email-social-media"]
    assert {doc["organisation_id"] for doc in response.json()} == {SOUTH}
    _assert_clean(response.text, foreign)


def test_another_organisations_clauses_are_404_like_a_missing_document(server: Any, foreign: dict) -> None:
    with server.client(key=SOUTH_KEY) as client:
        own = client.get("/v1/documents/southover-computer-internet-email-social-media/clauses")
        other = client.get("/v1/documents/academy-trust-it-comms-social-media/clauses")
        missing = client.get("/v1/documents/no-such-policy/clauses")
        chosen = client.get("/v1/documents/academy-trust-it-comms-social-media/clauses", params={"organisation": TRUST})
    assert own.status_code == 200 and len(own.json()) > 10
    assert other.status_code == missing.status_code == chosen.status_code == 404
    assert other.json() == missing.json()  # nothing tells the caller the document exists
    for response in (own, other, missing, chosen):
        _assert_clean(response.text, foreign)


def test_another_organisations_changes_are_404_like_a_missing_document(server: Any, foreign: dict) -> None:
    with server.client(key=SOUTH_KEY) as client:
        own = client.get("/v1/documents/southover-computer-internet-email-social-media/changes")
        other = client.get("/v1/documents/academy-trust-it-comms-social-media/changes")
        missing = client.get("/v1/documents/no-such-policy/changes")
    with server.client(key=OPEN_KEY) as client:
        unbound = client.get("/v1/documents/academy-trust-it-comms-social-media/changes")
    # Each bundled policy was ingested once: version 1, nothing to compare it with.
    assert own.status_code == 200 and (own.json()["old_version"], own.json()["new_version"]) == (None, 1)
    assert unbound.status_code == 200 and unbound.json()["new_version"] == 1
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json()  # nothing tells the caller the document exists
    for response in (own, other, missing):
        _assert_clean(response.text, foreign)


def test_ask_answers_from_the_keys_organisation_only(server: Any, foreign: dict[str, set[str]]) -> None:
    with server.client(key=SOUTH_KEY) as client:
        for question in QUESTIONS:
            response = client.post("/v1/ask", json={"question": question})
            assert response.status_code == 200
            body = response.json()
            assert body["organisation"] == SOUTH
            assert {r["document"] for r in body["retrieved"]} <= {"southover-computer-internet-email-social-media"}
            _assert_clean(response.text, foreign)


def test_ask_with_another_organisations_documents_or_organisation_is_404(server: Any, foreign: dict) -> None:
    with server.client(key=SOUTH_KEY) as client:
        other = client.post("/v1/ask", json={"question": "can I use email?", "documents": sorted(foreign["ids"])[:1]})
        missing = client.post("/v1/ask", json={"question": "can I use email?", "documents": ["no-such-policy"]})
        chosen = client.post("/v1/ask", json={"question": "can I use email?", "organisation": TRUST})
    assert other.status_code == missing.status_code == chosen.status_code == 404
    assert other.json() == missing.json()
    for response in (other, missing, chosen):
        _assert_clean(response.text, foreign)


def test_an_unbound_key_chooses_an_organisation_or_reads_all(server: Any) -> None:
    with server.client(key=OPEN_KEY) as client:
        trust = client.post("/v1/ask", json={"question": QUESTIONS[0], "organisation": TRUST}).json()
        everything = client.post("/v1/ask", json={"question": QUESTIONS[0]}).json()
        listed = client.get("/v1/documents", params={"organisation": TRUST}).json()
        unknown = client.get("/v1/documents", params={"organisation": "no-such-org"})
    assert trust["organisation"] == TRUST
    assert {r["document"] for r in trust["retrieved"]} == {"academy-trust-it-comms-social-media"}
    assert everything["organisation"] is None and len({r["document"] for r in everything["retrieved"]}) > 1
    assert [doc["id"] for doc in listed] == ["academy-trust-it-comms-social-media"]
    assert unknown.status_code == 404 and "no-such-org" not in unknown.text


def test_a_wrong_key_is_still_401(server: Any) -> None:
    with server.client(key=SOUTH_KEY + ":" + SOUTH) as client:
        assert client.get("/v1/documents").status_code == 401


def test_schemathesis_with_a_bound_key_never_leaks(server: Any, foreign: dict[str, set[str]]) -> None:
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

    schema = schemathesis.openapi.from_url(server.base_url + "/openapi.json")
    seen: set[int] = set()

    @given(case=schema.as_strategy())
    @settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        if case.path.startswith("/v1/teams"):
            return  # HMAC, not bearer keys; no Teams token is configured here (503 by design)
        response = case.call_and_validate(
            headers={"Authorization": f"Bearer {SOUTH_KEY}"},
            checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
        )
        seen.add(response.status_code)
        _assert_clean(response.text, foreign)

    run()
    assert seen and max(seen) < 500


def _teams(server: Any, kit: Any, token: str) -> Any:
    body = json.dumps({"type": "message", "text": "<at>Policy Assistant</at> can I friend an ex-pupil on Facebook?"})
    signature = kit.teams_signature(body.encode(), token)
    with server.client(key=None) as client:
        return client.post(
            "/v1/teams/messages", content=body, headers={"Authorization": signature, "Content-Type": "application/json"}
        )


def test_teams_signature_decides_the_organisation(server: Any, kit: Any, foreign: dict[str, set[str]]) -> None:
    south = _teams(server, kit, SOUTH_TEAMS)
    trust = _teams(server, kit, TRUST_TEAMS)
    stranger = _teams(server, kit, base64.b64encode(b"another-teams-token-0123456789abcdef").decode())
    assert south.status_code == trust.status_code == 200
    assert stranger.status_code == 401
    _assert_clean(south.text, foreign)
    index_titles = {"Computer, Internet, Email and Social Media Policy"}  # southover's policy title
    assert any(title in south.text for title in index_titles)
    assert not any(title in trust.text for title in index_titles)
    assert "2.14/" in trust.text  # the trust policy numbers its clauses 2.13/... and 2.14/...


def test_compare_gives_one_row_per_policy_and_a_bound_key_only_its_own(server: Any, foreign: dict) -> None:
    question = {"question": QUESTIONS[0], "compare": True}
    with server.client(key=OPEN_KEY) as client:
        everything = client.post("/v1/ask", json=question).json()
        refused = client.post("/v1/ask", json={**question, "question": "Can I email Jack Brown's mum about his SEN?"})
    with server.client(key=SOUTH_KEY) as client:
        south = client.post("/v1/ask", json=question)
    rows = everything["comparison"]
    assert len(rows) == 5 and len({row["organisation"] for row in rows}) == 5
    for row in rows:
        assert row["verdict"]
        if row["quote"]:  # the quote is verbatim from the cited clause of that row's own policy
            cited = next(c for c in row["citations"] if c["clause"] == row["clause"])
            assert cited["document"] == row["document"] and row["quote"] in cited["text"]
    assert sum(1 for row in rows if row["quote"]) >= 3
    assert refused.json()["refused"] is True and refused.json()["comparison"] == []
    assert [row["document"] for row in south.json()["comparison"]] == ["southover-computer-internet-email-social-media"]
    _assert_clean(south.text, foreign)
