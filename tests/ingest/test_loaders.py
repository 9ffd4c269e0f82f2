"""Loaders: each supported type read from real files, each failure mode refused with a clear reason."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from assistant.errors import DocumentError
from ingest.loaders import load_document

REPO = Path(__file__).resolve().parents[2]
REAL = REPO / "data" / "policies" / "southover-computer-internet-email-social-media.txt"


def test_text_policy_is_read_verbatim_with_the_hash_of_its_bytes():
    loaded = load_document(REAL)
    raw = REAL.read_bytes()
    assert loaded.text == raw.decode("utf-8")
    assert loaded.content_hash == hashlib.sha256(raw).hexdigest()
    assert loaded.page_starts == ()


def test_markdown_keeps_heading_markers_and_normalises_bom_and_windows_newlines(tmp_path):
    path = tmp_path / "policy.md"
    path.write_bytes("\ufeff# Policy\r\n\r\n## 1. Email\r\n1.1. Use school email. #1 rule\r\n".encode())
    assert load_document(path).text == "# Policy\n\n## 1. Email\n1.1. Use school email. #1 rule\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_with_a_byte_order_mark_is_decoded(tmp_path, encoding):
    path = tmp_path / "policy.txt"
    text = "1. Email\n1.1. Staff’s email — école\n"
    data = text.encode(encoding)
    if encoding != "utf-16":  # the plain codec writes its own BOM
        data = ("\ufeff" + text).encode(encoding)
    path.write_bytes(data)
    assert load_document(path).text == text


def test_invalid_utf8_names_the_byte_and_its_offset(tmp_path):
    path = tmp_path / "policy.txt"
    path.write_bytes(b"1.1. Caf\xe9 rules")
    with pytest.raises(DocumentError, match=r"not valid UTF-8 \(byte 0xe9 at offset 8\)"):
        load_document(path)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "policy.txt"
    path.write_bytes(b"1.1. Text.\n" * 200)
    assert load_document(path, max_bytes=10_000).text.startswith("1.1. Text.")
    with pytest.raises(
        DocumentError, match=r"is 2,200 bytes, over the 1,000 bytes limit \(POLICY_MAX_FILE_BYTES\)"
    ) as caught:
        load_document(path, max_bytes=1_000)
    assert caught.value.path == str(path)


def test_html_keeps_block_structure_and_drops_scripts_styles_and_navigation(tmp_path):
    path = tmp_path / "policy.html"
    path.write_text(
        "<html><head><title>x</title><style>p{}</style></head><body>"
        "<nav>Home | Contact us</nav><h1>Staff <b>Policy</b></h1>"
        "<p>1.1. You must <em>not</em> share passwords.</p>"
        "<ul><li>lock your screen</li><li>log out</li></ul>"
        "<table><tr><td>Role</td><td>Headteacher</td></tr></table>"
        "<script>alert('x')</script></body></html>",
        encoding="utf-8",
    )
    lines = load_document(path).text.splitlines()
    assert lines == [
        "# Staff Policy",
        "",
        "1.1. You must not share passwords.",
        "",
        "- lock your screen",
        "- log out",
        "",
        "Role | Headteacher",
    ]


def test_docx_paragraphs_list_items_and_tables_become_lines(tmp_path, make_docx):
    path = tmp_path / "policy.docx"
    path.write_bytes(make_docx())
    lines = [line for line in load_document(path).text.splitlines() if line]
    assert lines == [
        "# Staff Email Policy",
        "# 1. Email",
        "1.1. Staff must use their school email account for school business.",
        "1.2. Staff must not:",
        "- forward chain emails;",
        "- send emails from another person's account.",
        "Role | Contact",
        "Headteacher | office",
    ]


def test_pdf_pages_are_joined_and_their_starts_recorded(tmp_path, make_pdf):
    path = tmp_path / "policy.pdf"
    path.write_bytes(
        make_pdf([["1. Email", "1.1. Use school email."], ["2. Social media", "2.1. Never friend pupils."]])
    )
    loaded = load_document(path)
    assert loaded.text == "1. Email\n1.1. Use school email.\n2. Social media\n2.1. Never friend pupils."
    assert loaded.page_starts == (0, loaded.text.index("2. Social media"))


def _corrupt_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<not-closed")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("policy.xlsx", b"PK\x03\x04 spreadsheet", "unsupported file type '.xlsx'"),
        ("policy", b"no suffix at all", "unsupported file type '(none)'"),
        ("empty.txt", b"", "the file is empty (0 bytes)"),
        ("empty.pdf", b"", "the file is empty (0 bytes)"),
        ("empty.docx", b"", "the file is empty (0 bytes)"),
        ("blank.md", b" \n\n\t \n", "the file is empty"),
        ("binary.txt", bytes(range(256)) * 4, "looks binary"),
        ("control.md", b"\x01\x02\x03\x04\x05\x06 policy \x07\x08\x0e\x0f\x10\x11\x12", "looks binary"),
        ("latin1.txt", "Café policy: staff must not…".encode("cp1252"), "not valid UTF-8"),
        ("corrupt.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog", "not a readable PDF"),
        ("truncated.docx", b"PK\x03\x04\x14\x00 truncated", "not a readable Word .docx file"),
        ("renamed.docx", b"1.1. a plain text file renamed to .docx", "not a readable Word .docx file"),
        (
            "empty.html",
            b"<html><head><script>x()</script></head><body><nav>Home</nav></body></html>",
            "no text content",
        ),
    ],
)
def test_bad_files_raise_document_error_naming_the_file_and_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError) as caught:
        load_document(path)
    assert caught.value.path == str(path)
    assert reason in caught.value.reason
    assert str(path) in str(caught.value)


def test_a_zip_without_a_word_document_is_a_corrupt_docx(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(_corrupt_docx())
    with pytest.raises(DocumentError, match=r"not a readable Word \.docx file"):
        load_document(path)


def test_a_pdf_without_text_is_refused(tmp_path, make_pdf):
    path = tmp_path / "scanned.pdf"
    path.write_bytes(make_pdf([[]]))
    with pytest.raises(DocumentError, match="no extractable text"):
        load_document(path)


def test_missing_file_and_directory_are_refused(tmp_path):
    with pytest.raises(DocumentError, match="cannot read the file"):
        load_document(tmp_path / "missing.txt")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(DocumentError, match="is a directory"):
        load_document(folder)
