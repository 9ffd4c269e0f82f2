"""GET /v1/health/policies over real HTTP: JSON grouped per organisation, CSV download, organisation-bound keys."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from pydantic import SecretStr

from assistant.errors import UnknownDocumentError, UnknownOrganisationError
from ingest.clause import Clause, DocumentMeta

KEY_A = "org-a-key-0123456789abcdef0123456789"
OPEN_KEY = "open-key-0123456789abcdef01234567890"
DOCS = {"a-policy": "org-a", "b-policy": "org-b"}


@dataclass(frozen=True)
class Hit:
    clause: Clause
    score: float
    dense: float


class OwnersFake:
    """Two organisations with one policy each; every query finds clause 8.1 of any policy at cosine 0.9."""

    def documents(self, organisation: str | None = None) -> list[DocumentMeta]:
        if organisation not in (None, *DOCS.values()):
            raise UnknownOrganisationError()
        return [
            DocumentMeta(
                doc, f"Policy {doc}, with a comma", f"{doc}.txt", "h", organisation_id=org, review_date="2018-10"
            )
            for doc, org in DOCS.items()
            if organisation in (None, org)
        ]

    def search(self, query: str, *, documents: Sequence[str], k: int = 30) -> list[Hit]:
        unknown = [d for d in documents if d not in DOCS]
        if unknown:
            raise UnknownDocumentError(unknown)
        clause = Clause(documents[0], "8.1", ("8", "8.1"), "Using AI", "Staff must not paste pupil data.", "x", (0, 9))
        return [Hit(clause, 1.0, 0.9)]

    def ready(self) -> bool:
        return True


@pytest.fixture
def server(tmp_path, kit: Any) -> Iterator[Any]:
    settings = kit.make_settings(tmp_path, api_keys=SecretStr(f"{KEY_A}:org-a, {OPEN_KEY}"))
    with kit.live_server(settings, lambda _s: OwnersFake()) as live:
        kit.wait_ready(live)
        yield live


def _organisations(body: dict[str, Any]) -> dict[str, list[str]]:
    return {o["id"]: [p["document"] for p in o["policies"]] for o in body["organisations"]}


def test_an_unbound_key_sees_every_organisation_or_the_one_it_names(server):
    with server.client(key=OPEN_KEY) as client:
        body = client.get("/v1/health/policies").json()
        assert _organisations(body) == {"org-a": ["a-policy"], "org-b": ["b-policy"]}
        assert body["generated_on"] == date.today().isoformat()
        assert len(body["topics"]) == 9 and 0 < body["threshold"] < 1
        policy = body["organisations"][0]["policies"][0]
        assert (policy["review_date"], policy["review_state"]) == ("2018-10", "overdue")
        assert all(t["covered"] and t["clause"] == "8.1" and t["label"] == "§8.1" for t in policy["topics"])
        only_b = client.get("/v1/health/policies", params={"organisation": "org-b"}).json()
        assert _organisations(only_b) == {"org-b": ["b-policy"]}
        assert client.get("/v1/health/policies", params={"organisation": "org-z"}).status_code == 404


def test_a_bound_key_sees_only_its_organisation(server):
    with server.client(key=KEY_A) as client:
        assert _organisations(client.get("/v1/health/policies").json()) == {"org-a": ["a-policy"]}
        other = client.get("/v1/health/policies", params={"organisation": "org-b"})
        assert other.status_code == 404 and "org-b" not in other.text
        rows = list(csv.DictReader(io.StringIO(client.get("/v1/health/policies?format=csv").text)))
        assert [(r["organisation"], r["document"]) for r in rows] == [("org-a", "a-policy")]


def test_csv_is_a_download_with_a_dated_file_name(server):
    with server.client(key=OPEN_KEY) as client:
        response = client.get("/v1/health/policies", params={"format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == (
        f'attachment; filename="policy-health-{date.today().isoformat()}.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["document"] for r in rows] == ["a-policy", "b-policy"]
    assert rows[0]["title"] == "Policy a-policy, with a comma"
    assert rows[0]["review_state"] == "overdue" and rows[0]["ai-tools"] == "yes: §8.1"


def test_bad_requests_are_refused(server):
    with server.client(key=OPEN_KEY) as client:
        assert client.get("/v1/health/policies", params={"format": "xml"}).status_code == 422
        assert client.get("/v1/health/policies", params={"organisation": "Not An Id"}).status_code == 422
    with server.client(key=None) as client:
        assert client.get("/v1/health/policies").status_code == 401


@pytest.mark.integration
def test_the_real_service_reports_a_bound_keys_own_policy(indexed_settings, real_assistant, kit):
    south_key = "south-key-0123456789abcdef0123456789"
    settings = indexed_settings.model_copy(
        update={"api_keys": SecretStr(f"{south_key}:southover"), "rate_limit_per_minute": 10_000}
    )
    with kit.live_server(settings, lambda _s: real_assistant) as live:
        kit.wait_ready(live)
        with live.client(key=south_key) as client:
            body = client.get("/v1/health/policies").json()
            text = client.get("/v1/health/policies", params={"format": "csv"}).text
    assert _organisations(body) == {"southover": ["southover-computer-internet-email-social-media"]}
    policy = body["organisations"][0]["policies"][0]
    assert policy["review_date"] == "2018-10" and policy["review_state"] == "overdue"
    covered = {t["topic"] for t in policy["topics"] if t["covered"]}
    assert "ai-tools" not in covered and {"email", "monitoring", "social-media-pupils-parents"} <= covered
    assert "academy-trust" not in text and "school-2025" not in text
