"""`policy-assistant changes` and `rollback` in-process, against real indexes and version archives."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.owners.library import PolicyLibrary
from assistant.settings import get_settings
from ingest.store import open_index

pytestmark = pytest.mark.integration

ADVICE = "school-staff-advice-electronic-comms"
TITLE = "Mobile Phone Policy"
V1 = (("1.1", "Staff must keep personal phones on silent during lessons."), ("1.2", "Ask the office first."))
V2 = (("1.1", "Staff must keep personal phones switched off during lessons."), ("1.2", "Ask the office first."))


def _point_at(monkeypatch, settings) -> None:
    for name in ("index_dir", "policies_dir", "versions_dir"):
        monkeypatch.setenv(f"POLICY_{name.upper()}", str(getattr(settings, name)))
    get_settings.cache_clear()


@pytest.fixture
def bundled(monkeypatch, indexed_settings):
    """Point the CLI at the shared index of the five bundled policies (each ingested once: version 1)."""
    _point_at(monkeypatch, indexed_settings)
    yield indexed_settings
    get_settings.cache_clear()


@pytest.fixture
def edited(monkeypatch, owner_settings, real_embedder, make_policy_docx):
    """Point the CLI at a private index where phones.docx was published twice."""
    library = PolicyLibrary(owner_settings, embedder=real_embedder)
    library.publish("phones.docx", make_policy_docx(TITLE, V1))
    library.publish("phones.docx", make_policy_docx(TITLE, V2))
    _point_at(monkeypatch, owner_settings)
    yield owner_settings
    get_settings.cache_clear()


def test_a_bundled_policy_has_no_previous_version(bundled):
    result = CliRunner().invoke(app, ["changes", ADVICE])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"{ADVICE}: no previous version to compare with (version 1 is the only one)"
    found = json.loads(CliRunner().invoke(app, ["changes", ADVICE, "--json"]).stdout)
    assert found == {"document_id": ADVICE, "old_version": None, "new_version": 1, "unchanged": 0, "changes": []}


def test_an_unknown_document_is_an_error(bundled):
    result = CliRunner().invoke(app, ["changes", "no-such-policy"])
    assert result.exit_code == 2 and "unknown document id(s): no-such-policy" in result.stderr


def test_changes_lists_each_change_with_ids_and_a_word_highlight(edited):
    result = CliRunner().invoke(app, ["changes", "phones"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "phones: version 1 -> 2: 1 changed, 1 unchanged",
        "changed 1.1 (Mobile phones)",
        "  Staff must keep personal phones [-on silent-] {+switched off+} during lessons.",
    ]


def test_changes_json_and_chosen_versions(edited):
    found = json.loads(CliRunner().invoke(app, ["changes", "phones", "--json"]).stdout)
    assert (found["old_version"], found["new_version"], found["unchanged"]) == (1, 2, 1)
    assert [(c["kind"], c["clause_id"]) for c in found["changes"]] == [("changed", "1.1")]
    assert {"kind": "removed", "text": "on silent"} in found["changes"][0]["words"]
    backwards = json.loads(CliRunner().invoke(app, ["changes", "phones", "--json", "--from", "2", "--to", "1"]).stdout)
    assert {"kind": "added", "text": "on silent"} in backwards["changes"][0]["words"]
    missing = CliRunner().invoke(app, ["changes", "phones", "--from", "7"])
    assert missing.exit_code == 2 and "phones has no published version 7" in missing.stderr


def test_rollback_republishes_the_previous_version(edited, real_embedder, monkeypatch):
    monkeypatch.setattr("ingest.embedder.load_embedder", lambda _settings: real_embedder)
    result = CliRunner().invoke(app, ["rollback", "phones"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "phones: republished version 1 (phones.docx) as version 3"
    assert [c.text for c in open_index(edited).clauses("phones")] == [text for _, text in V1]
    only = CliRunner().invoke(app, ["rollback", ADVICE])
    assert only.exit_code == 2 and "unknown document" in only.stderr
