"""The refusal message, the YAML + metadata configuration, the Guard object and its blind audit."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.errors import ConfigurationError
from assistant.guard import (
    CATEGORY_LABELS,
    REFUSAL_TEMPLATE,
    RULE_CITATION,
    RULE_QUOTE,
    Category,
    Guard,
    GuardConfig,
    check,
    refusal_message,
)
from ingest.clause import DocumentMeta

REPO = Path(__file__).resolve().parents[3]
SECTION_8 = REPO / "data" / "policies" / "school-social-media-electronic-comms-2025.txt"


def test_rule_quote_is_verbatim_from_section_8() -> None:
    policy = " ".join(SECTION_8.read_text(encoding="utf-8").replace("- ", " ").split())
    for phrase in (
        "employees must not input any information into AI that:",
        "identifies the school, either directly or indirectly,",
        "is reasonably considered to be confidential or sensitive information relating to the school",
    ):
        assert phrase in policy and phrase.rstrip(",:") in RULE_QUOTE
    assert RULE_CITATION == "school-social-media-electronic-comms-2025, section 8"


def test_refusal_names_kinds_quotes_rule_and_says_how_to_rephrase(guard_config: GuardConfig) -> None:
    text = "Mrs Patel at Oakwood Academy gave me her number 07700 900123"
    verdict = check(text, config=guard_config)
    assert verdict.refused
    message = verdict.message
    assert RULE_CITATION in message and RULE_QUOTE in message
    assert "scope selector" in message and "generic roles" in message
    for category in (Category.SCHOOL_IDENTITY, Category.PERSON_NAME, Category.CONTACT_DETAILS):
        assert CATEGORY_LABELS[category] in message
    for value in ("Patel", "Oakwood", "07700", "900123"):
        assert value not in message


def test_every_category_has_a_plain_english_label() -> None:
    assert set(CATEGORY_LABELS) == set(Category)
    assert all("_" not in label for label in CATEGORY_LABELS.values())
    assert "{kinds}" in REFUSAL_TEMPLATE
    assert refusal_message((Category.CREDENTIALS,)).startswith("I can't take this question because it appears")


def test_allowed_verdict_carries_no_message(guard_config: GuardConfig) -> None:
    verdict = check("Can I be friends with parents on Facebook?", config=guard_config)
    assert verdict.allowed and verdict.message == "" and verdict.categories == ()


def test_load_merges_yaml_and_harvests_document_metadata(tmp_path: Path) -> None:
    (tmp_path / "orgs.yaml").write_text(
        "organisations:\n  - name: Hillside Academy\n    postcodes: [LS6 2AB]\n    urns: ['654321']\n"
        "    domains: ['@hillside.org.uk']\npeople: [Jo Bloggs]\nallow:\n  public_names: [Oak National Academy]\n",
        encoding="utf-8",
    )
    meta = DocumentMeta(
        document_id="d",
        title="Social Media Policy - Brookvale Primary School",
        source="d.txt",
        content_hash="h",
        organisation="Brookvale Learning Trust Ltd",
        author="Mrs Ann Other",
        people=("Sam Governor",),
        contacts=("office@brookvalelearningtrust.org.uk", "0113 496 0000"),
    )
    generic = DocumentMeta(document_id="g", title="IT Policy", source="g", content_hash="h", organisation="The Trust")
    config = GuardConfig.load(tmp_path, documents=[meta, generic], public_texts=["call 0800 123 4567 for help"])
    assert {"Hillside Academy", "Hillside", "Brookvale Learning Trust Ltd", "Brookvale Primary School"} <= set(
        config.organisations
    )
    assert "The Trust" not in config.organisations
    assert {"Jo Bloggs", "Ann Other", "Sam Governor"} <= set(config.people)
    assert {"hillside.org.uk", "brookvalelearningtrust.org.uk"} <= set(config.domains)
    assert "0800 123 4567" in config.public_contacts
    assert check("Our URN is on the letter: 654321", config=config).refused
    assert check("The office is at LS6 2AB", config=config).refused
    assert check("Ask Jo Bloggs about it", config=config).refused
    assert check("Does the trust allow Teams?", config=config).allowed


def test_load_rejects_malformed_yaml(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("organisations: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigurationError):
        GuardConfig.load(tmp_path)
    (tmp_path / "bad.yaml").write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(ConfigurationError):
        GuardConfig.load(tmp_path)


def test_missing_guard_dir_gives_an_empty_but_working_config(tmp_path: Path) -> None:
    config = GuardConfig.load(tmp_path / "absent")
    assert config.organisations == ()
    assert check("Oakwood Academy", config=config).refused  # the school-name shape still applies


def test_audit_writes_timestamp_categories_and_salted_hash_only(tmp_path: Path, guard_config: GuardConfig) -> None:
    log = tmp_path / "audit" / "guard.jsonl"
    guard = Guard(guard_config, audit_salt="pepper", audit_log=log)
    text = "Mrs Patel's password is Hunter2!"
    verdict = guard.check(text)
    record = guard.audit(verdict, text, now=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    stored = log.read_text(encoding="utf-8")
    assert "Patel" not in stored and "Hunter2" not in stored
    line = json.loads(stored)
    assert line == record
    assert set(line) == {"ts", "categories", "hash"}
    assert line["ts"] == "2026-01-02T03:04:05+00:00"
    assert line["categories"] == ["person_name", "credentials"]
    other_salt = Guard(guard_config, audit_salt="salt", audit_log=tmp_path / "other.jsonl").audit(verdict, text)
    assert other_salt is not None and other_salt["hash"] != line["hash"]


def test_audit_is_off_without_a_log_and_for_allowed_prompts(tmp_path: Path, guard_config: GuardConfig) -> None:
    assert Guard(guard_config).audit(Guard(guard_config).check("Mrs Patel"), "Mrs Patel") is None
    log = tmp_path / "a.jsonl"
    guard = Guard(guard_config, audit_log=log)
    assert guard.audit(guard.check("Can I use Teams?"), "Can I use Teams?") is None
    assert not log.exists()
