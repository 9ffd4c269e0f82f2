"""GET /v1/documents/{id}/changes over real HTTP: the archive's diff, chosen versions, 404s and auth."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.owners.library import document_changes
from ingest.loaders import content_hash
from ingest.parser import parse_document
from ingest.versions import VersionArchive

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def archived(tmp_path: Path, kit: Any) -> Iterator[tuple[Any, VersionArchive]]:
    """A server whose archive holds two versions of the fake's document: the 2025 policy, then one word edited."""
    archive = VersionArchive(tmp_path / "versions")
    text = (REPO / "data" / "policies" / f"{kit.DOC}.txt").read_text(encoding="utf-8")
    for number, body in enumerate((text, text.replace("approved email accounts", "approved school email accounts"))):
        source = tmp_path / f"v{number}" / f"{kit.DOC}.txt"
        source.parent.mkdir()
        source.write_text(body, encoding="utf-8")
        digest = content_hash(source.read_bytes())
        parsed = parse_document(body, document_id=kit.DOC, source=str(source), content_hash=digest)
        archive.record(parsed, source=source)
    settings = kit.make_settings(tmp_path, versions_dir=archive.root)
    with kit.live_server(settings, lambda _settings: kit.FakeAssistant()) as live:
        kit.wait_ready(live)
        yield live, archive


def test_changes_returns_the_latest_edit_as_the_cli_json(archived: Any, kit: Any) -> None:
    live, archive = archived
    with live.client() as client:
        response = client.get(f"/v1/documents/{kit.DOC}/changes")
    assert response.status_code == 200
    expected = document_changes(archive, kit.DOC, is_published=lambda _d: True).to_dict()
    assert response.json() == expected
    body = response.json()
    assert (body["old_version"], body["new_version"]) == (1, 2)
    assert [(c["kind"], c["clause_id"]) for c in body["changes"]] == [("changed", "4.1")]
    assert {"kind": "added", "text": "school"} in body["changes"][0]["words"]


def test_chosen_versions_and_bad_ones(archived: Any, kit: Any) -> None:
    live, _archive = archived
    with live.client() as client:
        same = client.get(f"/v1/documents/{kit.DOC}/changes", params={"from": 2, "to": 2})
        missing = client.get(f"/v1/documents/{kit.DOC}/changes", params={"from": 9})
        invalid = client.get(f"/v1/documents/{kit.DOC}/changes", params={"from": 0})
        unknown = client.get("/v1/documents/no-such-policy/changes")
    assert same.status_code == 200 and same.json()["changes"] == [] and same.json()["unchanged"] > 10
    assert missing.status_code == 404 and missing.json()["detail"] == f"{kit.DOC} has no published version 9"
    assert invalid.status_code == 422
    assert unknown.status_code == 404 and "no-such-policy" in unknown.json()["detail"]


def test_changes_needs_a_key(archived: Any, kit: Any) -> None:
    live, _archive = archived
    with live.client(key=None) as client:
        assert client.get(f"/v1/documents/{kit.DOC}/changes").status_code == 401


def test_a_served_document_without_archived_versions_has_no_previous_version(tmp_path: Path, kit: Any) -> None:
    settings = kit.make_settings(tmp_path, versions_dir=tmp_path / "versions")
    with kit.live_server(settings, lambda _settings: kit.FakeAssistant()) as live:
        kit.wait_ready(live)
        with live.client() as client:
            response = client.get(f"/v1/documents/{kit.DOC}/changes")
    assert response.status_code == 200
    assert response.json() == {
        "document_id": kit.DOC,
        "old_version": None,
        "new_version": None,
        "unchanged": 0,
        "changes": [],
    }
