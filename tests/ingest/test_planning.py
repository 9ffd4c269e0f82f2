"""Which files an ingest reads, skips or refuses, and which file claims a document id."""

from __future__ import annotations

from pathlib import Path

from ingest.planning import find_files, plan_ingest, scan_files

POLICY_MD = "# Phone Policy\n\n1. Phones\n\n1.1. Keep phones on silent in lessons.\n1.2. Never photograph pupils.\n"


def _plan(*roots: Path):
    said: list[str] = []
    return plan_ingest(list(roots), stored={}, rebuild=False, say=said.append), said


def test_find_files_lists_supported_files_in_directories_and_named_files(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("a.txt", "b.md", "sub/c.pdf", "d.docx", "e.html", "notes.xlsx", ".hidden.txt"):
        (tmp_path / name).write_text("x")
    named = tmp_path / "notes.xlsx"
    assert [path.relative_to(tmp_path).as_posix() for path in find_files([tmp_path, named])] == [
        "a.txt",
        "b.md",
        "d.docx",
        "e.html",
        "sub/c.pdf",
        "notes.xlsx",
    ]


def test_lock_hidden_and_temporary_files_are_skipped_without_a_word(tmp_path):
    (tmp_path / ".sync").mkdir()
    for name in ("~$policy.docx", ".policy.md", "policy.txt~", "draft.tmp", ".sync/policy.txt", "policy.md"):
        (tmp_path / name).write_text(POLICY_MD)
    scan = scan_files([tmp_path])
    assert scan.files == [tmp_path / "policy.md"]
    assert scan.notices == [] and scan.refused == []


def test_unreadable_word_processor_formats_get_one_line_each_saying_what_to_do(tmp_path):
    for name in ("old.doc", "libre.odt", "rich.rtf", "ok.md"):
        (tmp_path / name).write_text("x")
    (tmp_path / "mac.pages" / "QuickLook").mkdir(parents=True)  # a Pages document is a folder
    (tmp_path / "mac.pages" / "QuickLook" / "Preview.pdf").write_text("x")
    scan = scan_files([tmp_path])
    notices = scan.notices
    assert scan.files == [tmp_path / "ok.md"] and len(notices) == 4
    assert all(line.startswith("skipped: ") and "\n" not in line for line in notices)
    doc = next(line for line in notices if "old.doc" in line)
    assert ".doc is not supported" in doc and "save as .docx" in doc


def test_a_link_leading_outside_the_folder_is_refused_and_one_inside_is_read(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text(POLICY_MD)
    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / "real.md").write_text(POLICY_MD)
    (folder / "leak.txt").symlink_to(outside / "secret.txt")
    (folder / "alias.md").symlink_to(folder / "real.md")
    scan = scan_files([folder])
    assert scan.files == [folder / "alias.md", folder / "real.md"]
    assert [error.path for error in scan.refused] == [str(folder / "leak.txt")]
    assert "outside" in scan.refused[0].reason and "refused" in scan.refused[0].reason


def test_a_broken_file_does_not_take_the_document_id_from_a_readable_one(tmp_path):
    (tmp_path / "policy.docx").write_bytes(b"PK\x03\x04 this is not really a zip")
    (tmp_path / "policy.md").write_text(POLICY_MD)
    plan, said = _plan(tmp_path)
    assert [(parsed.meta.document_id, Path(path).name) for parsed, path in plan.parsed] == [("policy", "policy.md")]
    assert [error.path for error in plan.errors] == [str(tmp_path / "policy.docx")]
    assert plan.failed == [] and plan.kept == []
    assert said == ["policy.docx: failed"]


def test_two_readable_files_with_one_stem_are_one_error_naming_both(tmp_path):
    (tmp_path / "policy.md").write_text(POLICY_MD)
    (tmp_path / "policy.txt").write_text(POLICY_MD.replace("# ", ""))
    plan, _ = _plan(tmp_path)
    assert plan.parsed == [] and plan.failed == ["policy"]
    assert len(plan.errors) == 1
    line = f"{plan.errors[0].path}: {plan.errors[0].reason}"
    assert str(tmp_path / "policy.md") in line and str(tmp_path / "policy.txt") in line and "'policy'" in line


def test_a_first_ever_failure_keeps_no_previous_version_and_every_error_is_one_line(tmp_path):
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R")
    (tmp_path / "missing.txt").write_text(POLICY_MD)
    missing = tmp_path / "missing.txt"
    missing.unlink()
    plan, _ = _plan(tmp_path, missing)
    assert sorted(Path(error.path).name for error in plan.errors) == ["broken.pdf", "missing.txt"]
    assert plan.kept == [] and sorted(plan.failed) == ["broken", "missing"]
    assert all("\n" not in error.reason for error in plan.errors)
