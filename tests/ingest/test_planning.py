"""Which files an ingest reads."""

from __future__ import annotations

from ingest.planning import find_files


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
