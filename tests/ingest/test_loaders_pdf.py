"""PDF loader: running headers, footers and page numbers out, paragraphs and hyphenated words rejoined."""

from __future__ import annotations

import io

import pytest

from assistant.errors import DocumentError
from eval.formats.pdf_writer import policy_pdf
from eval.formats.source import read_blocks
from ingest.loaders import load_document
from ingest.loaders.pdf_clean import Line, dehyphenate, drop_furniture, heading_levels, join_paragraphs

POLICY = "\n".join(
    [
        "Staff Email Policy",
        "1. Email",
        *[
            f"1.{n}. Staff must use the school email account for every message about {topic}, and the "
            f"organisation reviews the arrangements for e-safety each year with the {who}."
            for n, (topic, who) in enumerate(
                (
                    (topic, who)
                    for topic in ("trips", "clubs", "reports", "meetings", "parents", "visits")
                    for who in ("headteacher", "governors", "safeguarding lead", "data protection officer")
                ),
                start=1,
            )
        ],
        "2. Social media",
        "2.1. Staff must never accept pupils as friends on social media.",
    ]
)


def _lines(texts: list[str], page: int = 0) -> list[Line]:
    return [Line(text, page) for text in texts]


def test_running_headers_footers_and_page_numbers_are_dropped():
    words = ["email", "phones", "laptops", "passwords", "cameras", "printers", "tablets", "screens"]
    body = [[f"staff {verb} {word} with care" for word in words] for verb in ("use", "store", "lend")]
    pages = [
        _lines(["Oakfield Primary School", *body[n], "Uncontrolled when printed", f"Page {n + 1} of 3"], page=n)
        for n in range(3)
    ]
    assert [line.text for line in drop_furniture(pages)] == [text for lines in body for text in lines]


def test_a_single_page_keeps_its_first_line_but_loses_a_bare_page_number():
    kept = [line.text for line in drop_furniture([_lines(["Policy title", "1.1. Text.", "7"])])]
    assert kept == ["Policy title", "1.1. Text."]


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("the organ-", "isation must", "the organisation must"),
        ("keep e-", "safety in mind", "keep e-safety in mind"),
        ("a follow-", "up meeting", "a follow-up meeting"),
    ],
)
def test_line_end_hyphens_are_repaired_but_real_hyphens_kept(first, second, expected):
    known = {"organisation", "follow", "up", "safety"}.__contains__
    joined = dehyphenate(_lines([first, second]), known=known)
    assert " ".join(line.text for line in joined if line.text) == expected


def test_the_documents_own_spelling_decides_a_hyphen():
    lines = _lines(["the co-ordinator and the co-", "ordinator agree"])
    assert dehyphenate(lines)[0].text == "the co-ordinator and the co-ordinator"
    lines = _lines(["email your line man-", "ager or manager"])
    assert dehyphenate(lines)[0].text == "email your line manager"


def test_wrapped_lines_join_into_paragraphs_when_the_layout_spaces_paragraphs():
    lines = [
        Line("1.1. Staff must use the", 0, 700, 10, False),
        Line("school email account.", 0, 687, 10, False),
        Line("1.2. Never forward", 0, 668, 10, False),
        Line("- a bullet item", 0, 655, 10, False),
        Line("chain emails", 0, 100, 10, False),
        Line("or jokes.", 1, 700, 10, False),
    ]
    assert [line.text for line in join_paragraphs(lines)] == [
        "1.1. Staff must use the school email account.",
        "1.2. Never forward",
        "- a bullet item",
        "chain emails or jokes.",
    ]


def test_without_paragraph_spacing_lines_are_left_alone():
    lines = [Line(f"line {n}", 0, 700 - 13 * n, 10, False) for n in range(4)]
    assert [line.text for line in join_paragraphs(lines)] == [f"line {n}" for n in range(4)]


def test_larger_and_bold_lines_are_headings_ranked_by_size():
    lines = [
        Line("Policy", 0, 800, 18, True),
        Line("1. Email", 0, 760, 13, True),
        Line("Scope", 0, 740, 10, True),
        Line("1.1. Staff must use school email for all school business at all times.", 0, 720, 10, False),
        Line("1.2. Staff must never forward chain emails to colleagues or pupils.", 0, 700, 10, False),
    ]
    levels = heading_levels(lines)
    assert [levels.get(id(line)) for line in lines] == [1, 2, 3, None, None]


def test_a_generated_pdf_reads_back_without_furniture_with_pages_and_headings(tmp_path):
    path = tmp_path / "policy.pdf"
    path.write_bytes(policy_pdf(read_blocks(POLICY), title="Oakfield Primary School"))
    loaded = load_document(path)
    assert len(loaded.page_starts) >= 2 and loaded.page_starts[0] == 0
    assert "Uncontrolled" not in loaded.text and "Page 1 of" not in loaded.text
    assert "# 1. Email" in loaded.text.splitlines() and "# 2. Social media" in loaded.text.splitlines()
    clause_lines = [line for line in loaded.text.splitlines() if line.startswith("1.")]
    assert len(clause_lines) == 24  # every clause on one line, even those broken across a page
    assert all("organisation reviews the arrangements for e-safety each year" in line for line in clause_lines)
    assert len(set(clause_lines)) == 24


def test_a_password_protected_pdf_is_refused(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    path = tmp_path / "locked.pdf"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(DocumentError, match="password-protected") as caught:
        load_document(path)
    assert caught.value.path == str(path)


def test_a_clause_broken_by_a_footer_and_header_reads_as_one_sentence():
    def page(number: int, body: list[str]) -> list[Line]:
        top = Line("Oakfield Primary School", number, 810, 8, False)
        bottom = Line(f"Uncontrolled when printed Page {number + 1} of 3", number, 30, 8, False)
        lines = [Line(text, number, 700 - 13 * index - 6 * (index // 2), 10, False) for index, text in enumerate(body)]
        return [top, *lines, bottom]

    pages = [
        page(
            0,
            ["1.1. Staff must report", "concerns promptly.", "1.2. Staff must declare any", "interest. Where a member"],
        ),
        page(1, ["of staff is related to a", "pupil, they must say so.", "1.3. Staff must keep", "records."]),
        page(2, ["1.4. Staff must lock", "screens.", "1.5. Staff must log", "out."]),
    ]
    text = [line.text for line in join_paragraphs(dehyphenate(drop_furniture(pages)))]
    assert (
        text[1]
        == "1.2. Staff must declare any interest. Where a member of staff is related to a pupil, they must say so."
    )
    assert not any("Uncontrolled" in line or "Oakfield" in line for line in text)
