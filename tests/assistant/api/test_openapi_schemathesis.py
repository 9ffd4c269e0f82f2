"""Property-based conformance: schemathesis against the live server's OpenAPI spec."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def live_api(tmp_path_factory: pytest.TempPathFactory, kit: Any) -> Iterator[Any]:
    tmp: Path = tmp_path_factory.mktemp("schemathesis")
    with kit.live_server(kit.make_settings(tmp), lambda _s: kit.FakeAssistant()) as live:
        kit.wait_ready(live)
        yield live


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["positive", "negative"])
def test_api_conforms_to_its_spec(live_api: Any, kit: Any, mode: GenerationMode) -> None:
    schema = schemathesis.openapi.from_url(live_api.base_url + "/openapi.json")
    headers = {"Authorization": f"Bearer {kit.API_KEY}"}
    seen: set[int] = set()

    @given(case=schema.as_strategy(generation_mode=mode))
    @settings(
        max_examples=int(os.environ.get("API_FUZZ_EXAMPLES", "150")),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        seen.add(response.status_code)

    run()
    assert seen and max(seen) < 500


def test_spec_has_examples_and_security(live_api: Any) -> None:
    spec = httpx.get(live_api.base_url + "/openapi.json").json()
    assert set(spec["paths"]) == {
        "/v1/ask",
        "/v1/documents",
        "/v1/health/policies",
        "/v1/documents/{document_id}/clauses",
        "/v1/documents/{document_id}/changes",
        "/v1/feedback",
        "/v1/teams/messages",
        "/healthz",
        "/readyz",
    }
    schemas = spec["components"]["schemas"]
    for name in (
        "AskRequest",
        "FeedbackRequest",
        "DocumentOut",
        "ClauseOut",
        "DocumentChangesOut",
        "TeamsActivity",
        "TeamsReply",
    ):
        assert schemas[name]["examples"], name
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["type"] == "http"
    assert spec["paths"]["/v1/teams/messages"]["post"]["security"] == [{"TeamsHMAC": []}]
    ask = spec["paths"]["/v1/ask"]["post"]["responses"]
    assert {"200", "401", "413", "422", "429", "503"} <= set(ask)
    assert ask["200"]["content"]["application/json"]["example"]["citations"]
