"""`policy-assistant health`: the table, --json, --csv FILE and --organisation, in-process against a real index."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.owners.review import review_state
from assistant.settings import get_settings

pytestmark = pytest.mark.integration

SCHOOL_2025 = "school-social-media-electronic-comms-2025"


@pytest.fixture
def cli_env(monkeypatch, indexed_settings, real_embedder):
    """Point the CLI's settings at the shared test index and reuse the loaded embedding model."""
    monkeypatch.setenv("POLICY_INDEX_DIR", str(indexed_settings.index_dir))
    monkeypatch.setenv("POLICY_FEEDBACK_DB", str(indexed_settings.feedback_db))
    monkeypatch.setattr("ingest.embedder.load_embedder", lambda settings: real_embedder)
    get_settings.cache_clear()
    yield indexed_settings
    get_settings.cache_clear()


def test_health_prints_review_states_and_the_topic_matrix(cli_env, tmp_path):
    out = tmp_path / "health.csv"
    result = CliRunner().invoke(app, ["health", "--csv", str(out)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    state, days = review_state("2026-09", today=date.today(), due_days=60)
    row = next(line for line in lines if SCHOOL_2025 in line and "2026-09" in line)
    assert (state == "overdue") == ("OVERDUE" in row) and str(abs(days or 0)) in row
    assert any("southover-computer-internet-email-social-media" in line and "2018-10" in line for line in lines)
    matrix = {line.split()[0]: line.split()[1:] for line in lines if line.endswith(("✓", "–")) and "✓" in line}
    assert matrix[SCHOOL_2025][0] == "✓"  # AI tools: only the 2025 policy
    assert [doc for doc, marks in matrix.items() if marks[0] == "✓"] == [SCHOOL_2025]
    assert all(len(marks) == 9 for marks in matrix.values()) and len(matrix) == 5
    assert "1 AI tools" in result.stdout
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 5 and {r["document"] for r in rows} == set(matrix)
    assert next(r for r in rows if r["document"] == SCHOOL_2025)["ai-tools"].startswith("yes: §8")


def test_health_json_for_one_organisation(cli_env):
    result = CliRunner().invoke(app, ["health", "--json", "--organisation", "southover"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert [o["id"] for o in body["organisations"]] == ["southover"]
    (policy,) = body["organisations"][0]["policies"]
    assert policy["review_date"] == "2018-10" and policy["review_state"] == "overdue"
    assert [t["topic"] for t in policy["topics"]] == [t["id"] for t in body["topics"]]


def test_health_refuses_an_unknown_organisation_or_a_broken_topics_file(cli_env, monkeypatch, tmp_path):
    result = CliRunner().invoke(app, ["health", "--organisation", "nowhere"])
    assert result.exit_code == 2 and "unknown organisation" in result.stderr
    broken = tmp_path / "topics.yaml"
    broken.write_text("topics: []\n", encoding="utf-8")
    monkeypatch.setenv("POLICY_TOPICS_PATH", str(broken))
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["health"])
    assert result.exit_code == 2 and "topics" in result.stderr and str(broken) in result.stderr
