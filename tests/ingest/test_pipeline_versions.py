"""Ingest archives each published version (after the swap), each removal, and nothing when it fails."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from ingest.chroma_writer import StagingWriter
from ingest.pipeline import ingest_paths
from ingest.store import open_index
from ingest.versions import VersionArchive

pytestmark = pytest.mark.integration

SOUTHOVER = "southover-computer-internet-email-social-media"
ADVICE = "school-staff-advice-electronic-comms"
OLD = "Only authorised staff should have access"
NEW = "Only authorised and trained staff should have access"


def _edit(settings) -> None:
    path = settings.policies_dir / f"{SOUTHOVER}.txt"
    text = path.read_text(encoding="utf-8")
    assert OLD in text
    path.write_text(text.replace(OLD, NEW, 1), encoding="utf-8")


def test_the_first_ingest_gives_each_policy_version_one(small_index):
    archive = VersionArchive(small_index.versions_dir)
    assert archive.documents() == sorted([SOUTHOVER, ADVICE])
    for document_id in (SOUTHOVER, ADVICE):
        (version,) = archive.history(document_id)
        assert version.number == 1 and version.file_name == f"{document_id}.txt"
        # The archived clauses are the ones the index serves, organisation stamp included.
        assert list(archive.clauses(document_id, 1)) == open_index(small_index).clauses(document_id)


def test_re_ingesting_an_edited_copy_archives_a_second_version(small_index, real_embedder):
    before = open_index(small_index).clauses(SOUTHOVER)
    _edit(small_index)
    report = ingest_paths([], settings=small_index, embedder=real_embedder)
    assert report.ok and report.documents_updated == 1
    archive = VersionArchive(small_index.versions_dir)
    assert [v.number for v in archive.history(SOUTHOVER)] == [1, 2]
    assert [v.number for v in archive.history(ADVICE)] == [1]  # unchanged: no new version
    assert list(archive.clauses(SOUTHOVER, 1)) == before
    assert list(archive.clauses(SOUTHOVER, 2)) == open_index(small_index).clauses(SOUTHOVER)
    assert any(NEW in clause.text for clause in archive.clauses(SOUTHOVER, 2))
    ingest_paths([], settings=small_index, embedder=real_embedder)  # nothing changed: still two
    assert len(archive.history(SOUTHOVER)) == 2


def test_a_removed_file_leaves_a_tombstone(small_index, real_embedder):
    (small_index.policies_dir / f"{ADVICE}.txt").unlink()
    report = ingest_paths([], settings=small_index, embedder=real_embedder)
    assert report.documents_removed == 1
    history = VersionArchive(small_index.versions_dir).history(ADVICE)
    assert [(v.number, v.removed) for v in history] == [(1, False), (2, True)]


def test_a_failed_ingest_archives_nothing(small_index, real_embedder, monkeypatch):
    def crash(self, documents, vectors):
        raise RuntimeError("simulated crash while writing")

    monkeypatch.setattr(StagingWriter, "add", crash)
    _edit(small_index)
    with pytest.raises(RuntimeError, match="simulated crash"):
        ingest_paths([], settings=small_index, embedder=real_embedder)
    assert [v.number for v in VersionArchive(small_index.versions_dir).history(SOUTHOVER)] == [1]


def test_an_index_built_before_versions_were_kept_gets_version_one_on_the_next_ingest(small_index, real_embedder):
    shutil.rmtree(small_index.versions_dir)
    report = ingest_paths([], settings=small_index, embedder=real_embedder)
    assert report.ok and report.documents_unchanged == 2 and report.clauses == 0  # nothing re-embedded
    archive = VersionArchive(small_index.versions_dir)
    assert [v.number for v in archive.history(SOUTHOVER)] == [1]
    served = open_index(small_index).clauses(SOUTHOVER)
    # The same clauses; only the recorded path differs (the index was built from another checkout).
    assert [replace(c, source="") for c in archive.clauses(SOUTHOVER, 1)] == [replace(c, source="") for c in served]
    assert archive.clauses(SOUTHOVER, 1)[0].source.endswith(f"policies/{SOUTHOVER}.txt")


def test_an_archive_that_cannot_be_written_is_a_notice_not_a_failed_ingest(small_index, real_embedder):
    shutil.rmtree(small_index.versions_dir)
    small_index.versions_dir.write_text("not a folder", encoding="utf-8")
    _edit(small_index)
    report = ingest_paths([], settings=small_index, embedder=real_embedder)
    assert report.ok and report.documents_updated == 1
    assert any(note.startswith(f"{SOUTHOVER}: version not archived") for note in report.notices)
