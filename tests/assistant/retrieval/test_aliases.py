"""Aliases derived from a policy's front matter, and the alias file."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import ConfigurationError
from assistant.retrieval.aliases import configured_aliases, derive_aliases, load_alias_file
from ingest.clause import DocumentMeta

META = DocumentMeta(
    document_id="teachers-together-it-comms",
    title="IT, Communication Systems & Social Media Policy",
    source="t.txt",
    content_hash="t",
    organisation="Teachers Together Ltd",
    policy_date="2024-12-17",
    extra=(("Policy No.", "ETCS1"), ("Policy Date", "September 2025"), ("Email", "info@example.org")),
)


def test_aliases_come_from_title_organisation_year_id_and_front_matter() -> None:
    phrases = {" ".join(alias.words): alias.kind for alias in derive_aliases(META)}
    assert phrases["teachers together"] == "organisation"
    assert phrases["communication systems"] == "title"
    assert phrases["2024"] == "year"
    assert phrases["etcs1"] == "front_matter"
    assert "ltd" not in phrases
    assert "2025" not in phrases  # a date in the front matter is not the policy's name
    assert not any("example" in phrase for phrase in phrases)


def test_a_title_phrase_with_a_document_word_keeps_its_first_word() -> None:
    phrases = {alias.words for alias in derive_aliases(META)}
    assert ("social", "media", "policy") in phrases
    assert ("media", "policy") not in phrases


def test_the_alias_file_is_read_and_checked(tmp_path: Path) -> None:
    good = tmp_path / "aliases.yaml"
    good.write_text("teachers-together-it-comms:\n  - the agency\n", encoding="utf-8")
    raw = load_alias_file(good)
    assert raw == {"teachers-together-it-comms": ["the agency"]}
    aliases = configured_aliases(raw, known=[META.document_id])
    assert [(alias.words, alias.kind) for alias in aliases] == [(("the", "agency"), "configured")]
    assert load_alias_file(tmp_path / "missing.yaml") == {}
    bad = tmp_path / "bad.yaml"
    bad.write_text("teachers-together-it-comms: agency\n", encoding="utf-8")
    with pytest.raises(ConfigurationError):
        load_alias_file(bad)


def _title_aliases(title: str) -> set[str]:
    meta = DocumentMeta(document_id="doc", title=title, source="d.txt", content_hash="d")
    return {" ".join(alias.words) for alias in derive_aliases(meta) if alias.kind == "title"}


def test_a_title_is_also_typed_without_its_bracketed_note_articles_or_audience_word() -> None:
    conduct = _title_aliases("Staff Code of Conduct (extract: sections 7 to 12)")
    assert {"staff code of conduct", "code of conduct"} <= conduct
    guide = _title_aliases("Data Protection: A Guide for Staff")
    assert "data protection guide for staff" in guide
    # Without a document word, or with fewer than three words left, the audience word stays.
    assert "safety policy" not in _title_aliases("Online Safety Policy")
    assert "media and networking" not in _title_aliases("Staff Social Media and Networking")
