"""The `policy-assistant` CLI contracts, run in-process against a real index."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.models import Stance
from assistant.settings import get_settings

ANSWER_FIELDS = {"refused", "stance", "answer", "citations", "retrieved", "latency_ms"}
STANCES = {stance.value for stance in Stance}


@pytest.fixture
def cli_env(monkeypatch, indexed_settings):
    """Point the CLI's settings at the shared test index."""
    monkeypatch.setenv("POLICY_INDEX_DIR", str(indexed_settings.index_dir))
    monkeypatch.setenv("POLICY_FEEDBACK_DB", str(indexed_settings.feedback_db))
    get_settings.cache_clear()
    yield indexed_settings
    get_settings.cache_clear()


def test_ask_json_follows_the_answer_contract(cli_env):
    result = CliRunner().invoke(
        app,
        ["ask", "can I friend an ex-pupil on Facebook?", "--document", "academy-trust-it-comms-social-media", "--json"],
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer.keys() >= ANSWER_FIELDS
    assert answer["stance"] in STANCES and answer["refused"] is False
    assert {"document", "clause", "title", "quote"} <= answer["citations"][0].keys()
    assert any(c["clause"] == "2.14/2.12" for c in answer["citations"])
    assert len(answer["retrieved"]) >= 10
    assert all({"document", "clause", "score"} <= r.keys() for r in answer["retrieved"])


def test_ask_with_history_resolves_the_follow_up(cli_env):
    result = CliRunner().invoke(
        app,
        [
            "ask",
            "what if they message me first?",
            "--history",
            "can I add an ex-pupil as a friend on facebook?",
            "-d",
            "academy-trust-it-comms-social-media",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert any(c["clause"] == "2.14/2.12" for c in json.loads(result.stdout)["citations"])


def test_ask_prints_a_readable_answer_without_json(cli_env):
    result = CliRunner().invoke(
        app, ["ask", "can I friend an ex-pupil on Facebook?", "-d", "academy-trust-it-comms-social-media"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("[PROHIBITED]")
    assert "2.14/2.12" in result.stdout


def test_unknown_document_is_a_clear_error(cli_env):
    result = CliRunner().invoke(app, ["ask", "can I use gmail?", "-d", "no-such-policy"])
    assert result.exit_code == 2
    assert "no-such-policy" in result.stderr


def test_guard_json_and_exit_codes(cli_env):
    refused = CliRunner().invoke(app, ["guard", "Can Jack Smith in 9B see my Instagram?", "--json"])
    assert refused.exit_code == 1
    verdict = json.loads(refused.stdout)
    assert verdict["verdict"] == "refuse" and "person_name" in verdict["categories"]
    assert "Jack" not in refused.stdout  # offsets and categories, never the matched text
    allowed = CliRunner().invoke(app, ["guard", "Can I accept a parent's friend request?", "--json"])
    assert allowed.exit_code == 0 and json.loads(allowed.stdout)["verdict"] == "allow"


def test_documents_lists_metadata(cli_env):
    result = CliRunner().invoke(app, ["documents", "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["document_id"]: row for row in json.loads(result.stdout)}
    assert rows["southover-computer-internet-email-social-media"]["review_date"] == "2018-10"
    assert rows["academy-trust-it-comms-social-media"]["clause_count"] == 80


def test_ingest_names_a_bad_file_exits_non_zero_and_keeps_the_rest(tmp_path, monkeypatch, real_embedder):
    policies = tmp_path / "policies"
    policies.mkdir()
    shutil.copy(Path(get_settings().policies_dir) / "school-staff-advice-electronic-comms.txt", policies)
    (policies / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    monkeypatch.setenv("POLICY_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setattr("ingest.embedder.load_embedder", lambda settings: real_embedder)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["ingest", str(policies)])
        assert result.exit_code == 1
        assert "broken.pdf" in result.stderr and "1 added" in result.stderr
        listed = CliRunner().invoke(app, ["documents", "--json"])
        assert [row["document_id"] for row in json.loads(listed.stdout)] == ["school-staff-advice-electronic-comms"]
    finally:
        get_settings.cache_clear()


def test_ingest_prints_each_documents_structure_and_fall_back_warnings(tmp_path, monkeypatch, real_embedder):
    policies = tmp_path / "policies"
    policies.mkdir()
    shutil.copy(Path(get_settings().policies_dir) / "school-staff-advice-electronic-comms.txt", policies)
    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "policies"
    shutil.copy(fixtures / "visitors-and-contractors.txt", policies)
    monkeypatch.setenv("POLICY_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setattr("ingest.embedder.load_embedder", lambda settings: real_embedder)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["ingest", str(policies)])
        assert result.exit_code == 0, result.stderr
        assert "school-staff-advice-electronic-comms: numbered 41" in result.stderr
        assert "visitors-and-contractors: paragraphs 7" in result.stderr
        assert "warning visitors-and-contractors: no numbered clauses; fell back to paragraphs" in result.stderr
    finally:
        get_settings.cache_clear()
