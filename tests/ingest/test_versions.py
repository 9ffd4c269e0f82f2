"""The version archive: files per version, exact clause round-trips, idempotent records, tombstones."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.errors import UnknownDocumentError
from ingest.loaders import content_hash
from ingest.parser import ParsedDocument
from ingest.planning import parse_file
from ingest.versions import PolicyVersion, VersionArchive, VersionNotFoundError

REPO = Path(__file__).resolve().parents[2]
SOUTHOVER = REPO / "data" / "policies" / "southover-computer-internet-email-social-media.txt"


def _parsed(path: Path) -> ParsedDocument:
    parsed = parse_file(path)
    # A stamped organisation must survive the round-trip too.
    clauses = tuple(replace(clause, organisation_id="southover") for clause in parsed.clauses)
    return replace(parsed, clauses=clauses)


def _edited_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = SOUTHOVER.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "edited" / SOUTHOVER.name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_recorded_version_round_trips_every_clause_field_and_the_source_bytes(tmp_path):
    archive = VersionArchive(tmp_path / "versions")
    parsed = _parsed(SOUTHOVER)
    version = archive.record(parsed, source=SOUTHOVER)
    assert version == PolicyVersion(
        document_id=SOUTHOVER.stem,
        number=1,
        content_hash=content_hash(SOUTHOVER.read_bytes()),
        file_name=SOUTHOVER.name,
        published_at=version.published_at,
        title=parsed.meta.title,
        clause_count=len(parsed.clauses),
    )
    assert archive.history(SOUTHOVER.stem) == [version]
    assert archive.clauses(SOUTHOVER.stem, 1) == parsed.clauses
    assert archive.source(SOUTHOVER.stem, 1) == (SOUTHOVER.name, SOUTHOVER.read_bytes())
    assert archive.documents() == [SOUTHOVER.stem]


def test_recording_the_same_content_again_adds_no_version(tmp_path):
    archive = VersionArchive(tmp_path)
    first = archive.record(_parsed(SOUTHOVER), source=SOUTHOVER)
    assert archive.record(_parsed(SOUTHOVER), source=SOUTHOVER) == first
    assert [version.number for version in archive.history(SOUTHOVER.stem)] == [1]


def test_an_edit_adds_a_version_and_the_old_clauses_survive_a_new_archive_object(tmp_path):
    archive = VersionArchive(tmp_path / "versions")
    old = _parsed(SOUTHOVER)
    archive.record(old, source=SOUTHOVER)
    edited = _edited_copy(tmp_path, "Only authorised staff", "Only authorised and trained staff")
    new = _parsed(edited)
    second = archive.record(new, source=edited)
    reopened = VersionArchive(tmp_path / "versions")  # a restart: files, not memory
    assert [v.number for v in reopened.history(SOUTHOVER.stem)] == [1, 2]
    assert second.content_hash == content_hash(edited.read_bytes()) != old.meta.content_hash
    assert reopened.clauses(SOUTHOVER.stem, 1) == old.clauses
    assert reopened.clauses(SOUTHOVER.stem, 2) == new.clauses
    assert "trained" in reopened.source(SOUTHOVER.stem, 2)[1].decode()


def test_a_removal_is_a_tombstone_and_numbers_are_never_reused(tmp_path):
    archive = VersionArchive(tmp_path)
    assert archive.record_removal(SOUTHOVER.stem) is None  # nothing to remove
    archive.record(_parsed(SOUTHOVER), source=SOUTHOVER)
    tombstone = archive.record_removal(SOUTHOVER.stem)
    assert tombstone is not None and tombstone.removed and tombstone.number == 2 and tombstone.clause_count == 0
    assert archive.record_removal(SOUTHOVER.stem) is None  # already removed
    with pytest.raises(VersionNotFoundError):
        archive.clauses(SOUTHOVER.stem, 2)
    again = archive.record(_parsed(SOUTHOVER), source=SOUTHOVER)  # the same file published again
    assert again.number == 3 and not again.removed
    assert [(v.number, v.removed) for v in archive.history(SOUTHOVER.stem)] == [(1, False), (2, True), (3, False)]


def test_a_crash_while_writing_leaves_no_partial_version(tmp_path, monkeypatch):
    archive = VersionArchive(tmp_path)

    def crash(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("ingest.versions.os.replace", crash)
    with pytest.raises(OSError, match="disk full"):
        archive.record(_parsed(SOUTHOVER), source=SOUTHOVER)
    assert archive.history(SOUTHOVER.stem) == []
    assert list((tmp_path / SOUTHOVER.stem).iterdir()) == []  # the staging folder was cleaned up


def test_unknown_ids_and_numbers_are_clear_errors(tmp_path):
    archive = VersionArchive(tmp_path)
    assert archive.history("nothing-here") == [] and archive.documents() == []
    with pytest.raises(UnknownDocumentError):
        archive.history("../escape")
    archive.record(_parsed(SOUTHOVER), source=SOUTHOVER)
    with pytest.raises(VersionNotFoundError, match="no published version 7"):
        archive.source(SOUTHOVER.stem, 7)


def test_the_manifest_is_small_readable_json(tmp_path):
    archive = VersionArchive(tmp_path)
    archive.record(_parsed(SOUTHOVER), source=SOUTHOVER)
    manifest = json.loads((tmp_path / SOUTHOVER.stem / "000001" / "version.json").read_text(encoding="utf-8"))
    assert manifest["number"] == 1 and manifest["file_name"] == SOUTHOVER.name and manifest["removed"] is False


def test_a_file_changed_since_it_was_parsed_is_not_archived_under_the_wrong_clauses(tmp_path):
    parsed = _parsed(SOUTHOVER)
    moved_on = _edited_copy(tmp_path, "Only authorised staff", "Only trained staff")
    with pytest.raises(ValueError, match="changed while it was ingested"):
        VersionArchive(tmp_path / "versions").record(parsed, source=moved_on)
    assert VersionArchive(tmp_path / "versions").history(SOUTHOVER.stem) == []
