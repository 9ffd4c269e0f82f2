"""Incremental, crash-safe ingest over a real embedded Chroma index with the real model."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.chroma_writer import StagingWriter
from ingest.pipeline import ingest_paths
from ingest.store import open_index

REPO = Path(__file__).resolve().parents[2]
ACADEMY = REPO / "data" / "policies" / "academy-trust-it-comms-social-media.txt"
SOUTHOVER = "southover-computer-internet-email-social-media"
ADVICE = "school-staff-advice-electronic-comms"
QUESTION = "Can I use my personal email account for school business?"
PHONES = "phones"
PHONES_MD = "# Phone Policy\n\n1. Phones\n\n1.1. Keep phones on silent in lessons.\n1.2. Never photograph pupils.\n"


def _generations(settings) -> list[str]:
    return sorted(path.name for path in settings.index_dir.iterdir() if path.name.startswith("gen-"))


def _live(settings) -> str:
    return (settings.index_dir / "CURRENT").read_text().strip()


def _still_answers(settings, ask, *, documents=(SOUTHOVER, ADVICE)) -> None:
    """Assert the served index holds exactly these documents and answers a real question from them."""
    index = open_index(settings)
    assert [meta.document_id for meta in index.documents()] == sorted(documents)
    hits = ask(settings, QUESTION, k=5)
    assert len(hits) == 5 and {hit.clause.document_id for hit in hits} <= set(documents)


def test_a_second_ingest_skips_every_unchanged_file(small_index, real_embedder):
    before = _live(small_index)
    messages: list[str] = []
    report = ingest_paths([], settings=small_index, embedder=real_embedder, progress=messages.append)
    assert (report.documents_unchanged, report.documents_added, report.documents_updated) == (2, 0, 0)
    assert report.clauses == 0 and report.ok
    assert report.documents_total == 2 and report.clauses_total == open_index(small_index).count()
    assert _live(small_index) == before == report.generation
    assert sorted(messages) == [f"{ADVICE}: unchanged", f"{SOUTHOVER}: unchanged"]


def test_a_modified_file_is_replaced_and_a_new_file_added(small_index, real_embedder, ask):
    path = small_index.policies_dir / f"{SOUTHOVER}.txt"
    old_count = len(open_index(small_index).clauses(SOUTHOVER))
    path.write_text(
        path.read_text(encoding="utf-8") + "\n5.7. Staff must never fly drones over the school playground.\n",
        encoding="utf-8",
    )
    shutil.copy(ACADEMY, small_index.policies_dir / ACADEMY.name)
    report = ingest_paths([], settings=small_index, embedder=real_embedder)
    assert (report.documents_added, report.documents_updated, report.documents_unchanged) == (1, 1, 1)
    index = open_index(small_index)
    assert len(index.clauses(SOUTHOVER)) == old_count + 1
    assert report.clauses == old_count + 1 + len(index.clauses(ACADEMY.stem))
    hit = ask(small_index, "Are drones allowed over the playground?", k=1)[0]
    assert (hit.clause.document_id, hit.clause.clause_id) == (SOUTHOVER, "5.7")
    assert _generations(small_index) == ["gen-000001", "gen-000002"]
    assert (small_index.index_dir / "PREVIOUS").read_text().strip() == "gen-000001"


def test_a_deleted_file_is_dropped_and_old_generations_are_pruned(small_index, real_embedder, ask):
    (small_index.policies_dir / f"{ADVICE}.txt").unlink()
    report = ingest_paths([], settings=small_index, embedder=real_embedder)
    assert report.documents_removed == 1 and report.documents_unchanged == 1 and report.ok
    _still_answers(small_index, ask, documents=(SOUTHOVER,))
    (small_index.policies_dir / f"{PHONES}.md").write_text(PHONES_MD, encoding="utf-8")
    assert ingest_paths([], settings=small_index, embedder=real_embedder).documents_added == 1
    (small_index.policies_dir / f"{PHONES}.md").unlink()
    report = ingest_paths([small_index.policies_dir], settings=small_index, embedder=real_embedder)
    assert report.documents_removed == 1
    _still_answers(small_index, ask, documents=(SOUTHOVER,))
    assert _generations(small_index) == ["gen-000003", "gen-000004"]


def test_a_directory_ingest_drops_only_its_own_files_or_files_that_no_longer_exist(tmp_path, real_embedder):
    from assistant.settings import Settings

    settings = Settings(index_dir=tmp_path / "index", policies_dir=tmp_path / "policies", chroma_host=None)
    settings.policies_dir.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(REPO / "data" / "policies" / f"{ADVICE}.txt", settings.policies_dir)
    assert ingest_paths([], settings=settings, embedder=real_embedder).documents_added == 1
    assert ingest_paths([elsewhere], settings=settings, embedder=real_embedder).documents_removed == 0
    (settings.policies_dir / f"{ADVICE}.txt").unlink()
    assert ingest_paths([elsewhere], settings=settings, embedder=real_embedder).documents_removed == 1


def test_ingesting_named_files_never_drops_the_others(small_index, real_embedder, ask):
    report = ingest_paths([ACADEMY], settings=small_index, embedder=real_embedder)
    assert (report.documents_added, report.documents_removed) == (1, 0)
    _still_answers(small_index, ask, documents=(SOUTHOVER, ADVICE, ACADEMY.stem))


def test_rebuild_starts_empty_and_re_embeds_everything(small_index, real_embedder, ask):
    count = open_index(small_index).count()
    report = ingest_paths([], settings=small_index, embedder=real_embedder, rebuild=True)
    assert (report.documents_updated, report.documents_unchanged, report.clauses) == (2, 0, count)
    assert open_index(small_index).count() == count
    _still_answers(small_index, ask)


BAD_FILES = [
    ("empty.txt", b""),
    ("binary.md", bytes(range(256)) * 8),
    ("corrupt.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R"),
    ("corrupt.docx", b"PK\x03\x04 this is not really a zip"),
    ("latin1.txt", "Caf\u00e9 policy \u2013 1.1. be kind".encode("cp1252")),
    # Any readable prose yields clauses (the structure ladder); a version-history table alone does not.
    ("no-clauses.txt", b"| 1.0 | 01/09/2024 | First issue |\n| 1.1 | 01/09/2025 | Reviewed |\n"),
]


@pytest.mark.parametrize(("name", "content"), BAD_FILES, ids=[name for name, _ in BAD_FILES])
def test_a_bad_file_is_reported_by_name_and_the_rest_still_ingests(small_index, real_embedder, ask, name, content):
    bad = small_index.policies_dir / name
    bad.write_bytes(content)
    (small_index.policies_dir / f"{PHONES}.md").write_text(PHONES_MD, encoding="utf-8")
    report = ingest_paths([], settings=small_index, embedder=real_embedder)
    assert not report.ok
    assert [error.path for error in report.errors] == [str(bad)]
    assert report.documents_added == 1 and report.documents_unchanged == 2 and report.clauses == 2
    _still_answers(small_index, ask, documents=(SOUTHOVER, ADVICE, PHONES))


def test_an_explicitly_named_unsupported_or_missing_file_is_an_error(small_index, real_embedder, ask, tmp_path):
    sheet = tmp_path / "rota.xlsx"
    sheet.write_bytes(b"PK\x03\x04")
    missing = tmp_path / "missing.txt"
    report = ingest_paths([sheet, missing], settings=small_index, embedder=real_embedder)
    assert [(error.path, "unsupported" in error.reason) for error in report.errors] == [
        (str(sheet), True),
        (str(missing), False),
    ]
    assert report.documents_total == 2
    _still_answers(small_index, ask)


@pytest.mark.parametrize("rebuild", [False, True], ids=["incremental", "rebuild"])
def test_a_file_broken_since_last_time_keeps_its_previous_version(small_index, real_embedder, ask, rebuild):
    index = open_index(small_index)
    before = index.clauses(SOUTHOVER)
    (small_index.policies_dir / f"{SOUTHOVER}.txt").write_bytes(b"\x00\x01\x02 corrupted by a bad sync \xff\xfe")
    report = ingest_paths([], settings=small_index, embedder=real_embedder, rebuild=rebuild)
    assert [error.path for error in report.errors] == [str(small_index.policies_dir / f"{SOUTHOVER}.txt")]
    assert "binary" in report.errors[0].reason
    assert open_index(small_index).clauses(SOUTHOVER) == before
    _still_answers(small_index, ask)


def test_a_crash_mid_ingest_leaves_the_old_generation_serving(small_index, real_embedder, ask, monkeypatch):
    before = _live(small_index)
    original = StagingWriter.add

    def write_then_crash(self, documents, vectors):
        original(self, documents[:1], vectors[: len(documents[0][1])])
        raise RuntimeError("simulated crash after the first document was written")

    monkeypatch.setattr(StagingWriter, "add", write_then_crash)
    (small_index.policies_dir / f"{PHONES}.md").write_text(PHONES_MD, encoding="utf-8")
    (small_index.policies_dir / f"{ADVICE}.txt").unlink()
    with pytest.raises(RuntimeError, match="simulated crash"):
        ingest_paths([], settings=small_index, embedder=real_embedder)
    assert _live(small_index) == before
    assert _generations(small_index) == [before]
    _still_answers(small_index, ask)


def test_a_process_killed_before_the_swap_is_harmless_and_cleaned_up_next_time(
    small_index, real_embedder, ask, monkeypatch
):
    from ingest.chroma_generations import LocalGenerations

    before = _live(small_index)
    (small_index.policies_dir / f"{PHONES}.md").write_text(PHONES_MD, encoding="utf-8")
    with monkeypatch.context() as patch:  # a kill: nothing runs after the failure, not even clean-up
        patch.setattr(LocalGenerations, "publish", _killed)
        patch.setattr(LocalGenerations, "discard", lambda self, name: None)
        with pytest.raises(KeyboardInterrupt):
            ingest_paths([], settings=small_index, embedder=real_embedder)
    assert _generations(small_index) == [before, "gen-000002"]
    _still_answers(small_index, ask)
    report = ingest_paths([], settings=small_index, embedder=real_embedder)
    assert report.ok and report.generation == "gen-000003"
    assert _generations(small_index) == [before, "gen-000003"]
    _still_answers(small_index, ask, documents=(SOUTHOVER, ADVICE, PHONES))


def _killed(self, name):
    raise KeyboardInterrupt


def test_a_rebuild_of_named_files_keeps_only_those(small_index, real_embedder, ask):
    advice = small_index.policies_dir / f"{ADVICE}.txt"
    report = ingest_paths([advice], settings=small_index, embedder=real_embedder, rebuild=True)
    assert (report.documents_updated, report.documents_removed, report.documents_total) == (1, 1, 1)
    _still_answers(small_index, ask, documents=(ADVICE,))


def test_a_damaged_live_generation_is_not_ready_and_the_next_ingest_rebuilds_it(small_index, real_embedder, ask):
    from assistant.errors import IndexNotReadyError

    (small_index.index_dir / _live(small_index) / "chroma.sqlite3").unlink()
    with pytest.raises(IndexNotReadyError):
        open_index(small_index)
    report = ingest_paths([], settings=small_index, embedder=real_embedder)
    assert report.ok and (report.documents_added, report.documents_unchanged) == (2, 0)
    _still_answers(small_index, ask)


def test_a_second_readable_file_with_the_same_stem_fails_and_the_previous_version_keeps_serving(
    small_index, real_embedder, ask
):
    before = open_index(small_index).clauses(SOUTHOVER)
    twin = small_index.policies_dir / f"{SOUTHOVER}.md"
    twin.write_text(PHONES_MD, encoding="utf-8")
    report = ingest_paths([], settings=small_index, embedder=real_embedder)
    assert not report.ok and len(report.errors) == 1
    line = f"{report.errors[0].path}: {report.errors[0].reason}"
    assert str(twin) in line and f"{SOUTHOVER}.txt" in line
    assert report.kept == (report.errors[0].path,)
    assert open_index(small_index).clauses(SOUTHOVER) == before
    _still_answers(small_index, ask)


def test_a_broken_new_file_beside_a_readable_one_is_reported_and_the_readable_one_ingests(
    small_index, real_embedder, ask
):
    broken = small_index.policies_dir / f"{PHONES}.docx"
    broken.write_bytes(b"PK\x03\x04 this is not really a zip")
    (small_index.policies_dir / f"{PHONES}.md").write_text(PHONES_MD, encoding="utf-8")
    (small_index.policies_dir / "~$phones.docx").write_bytes(b"\x00lock")
    (small_index.policies_dir / "old-rules.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    report = ingest_paths([], settings=small_index, embedder=real_embedder)
    assert [error.path for error in report.errors] == [str(broken)]
    assert report.kept == ()  # a first-ever failure has no previous version to keep
    assert report.documents_added == 1 and len(report.notices) == 1 and "old-rules.doc" in report.notices[0]
    _still_answers(small_index, ask, documents=(SOUTHOVER, ADVICE, PHONES))


def test_embedding_reports_progress_chunk_by_chunk(small_index, real_embedder, ask, monkeypatch):
    import ingest.pipeline

    monkeypatch.setattr(ingest.pipeline, "EMBED_CHUNK", 30)
    said: list[str] = []
    report = ingest_paths([], settings=small_index, embedder=real_embedder, rebuild=True, progress=said.append)
    steps = [line for line in said if line.startswith("embedding ")]
    done = [int(line.split()[1].split("/")[0]) for line in steps]
    assert report.ok and report.clauses > 60
    assert steps[0] == f"embedding 30/{report.clauses} clauses" and done[-1] == report.clauses
    assert all(0 < step - previous <= 30 for previous, step in zip([0, *done], done, strict=False))
    _still_answers(small_index, ask)


def test_a_file_over_the_configured_size_limit_fails_by_name_and_the_rest_ingest(small_index, real_embedder, ask):
    big = small_index.policies_dir / "big-policy.txt"
    big.write_text("1. Scope\n\n1.1. Staff must read this policy.\n" + "x" * 20_000, encoding="utf-8")
    settings = small_index.model_copy(update={"max_file_bytes": 16_000})

    report = ingest_paths([], settings=settings, embedder=real_embedder)

    assert [error.path for error in report.errors] == [str(big)]
    assert "POLICY_MAX_FILE_BYTES" in report.errors[0].reason
    _still_answers(small_index, ask)
