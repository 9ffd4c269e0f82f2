"""The structure ladder: headings (Markdown markers, ALL-CAPS, Title Case), then paragraphs, with citable ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.clause import Clause, clause_label
from ingest.loaders import load_document
from ingest.parser import ParsedDocument, normalise, parse_document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "policies"


def _parse(text: str, *, source: str = "t.txt", page_starts: tuple[int, ...] = ()) -> ParsedDocument:
    return parse_document(text, document_id="t", source=source, page_starts=page_starts)


def _by_id(doc: ParsedDocument) -> dict[str, Clause]:
    return {clause.clause_id: clause for clause in doc.clauses}


MARKDOWN = """# Staff Email Policy

Version: 2.0

## Purpose

This policy sets out how staff use email.

## Sending email

Use your school account for all school business.

You must not:

- forward chain letters;
- send pupil data to a personal account.

### Attachments

Large files should be shared as links.
"""


def test_markdown_headings_become_sections_with_slug_ids():
    doc = _parse(MARKDOWN, source="t.md")
    clauses = _by_id(doc)
    assert list(clauses) == [
        "purpose-p1",
        "sending-email-p1",
        "sending-email-p2",
        "sending-email-p2.1",
        "sending-email-p2.2",
        "attachments-p1",
    ]
    assert not any(clause.numbered for clause in doc.clauses)
    assert clauses["sending-email-p2.2"].lead_in == "You must not:"
    assert clauses["sending-email-p2.2"].text == "send pupil data to a personal account."
    assert clauses["attachments-p1"].section_path == ("Sending email", "Attachments")
    assert clauses["attachments-p1"].title == "Attachments"
    assert doc.meta.title == "Staff Email Policy"
    assert doc.meta.version == "2.0"
    assert doc.structure == (("headings", 3), ("paragraphs", 6))
    assert doc.warnings == ("no numbered clauses; fell back to headings",)


def test_plain_text_with_all_caps_headings():
    text = (
        "STAFF CODE FOR SCHOOL TRIPS\nReview date: July 2026\n\nBEFORE THE TRIP\n\n"
        "The trip leader must complete a risk assessment.\nParents must give written consent.\n\n"
        "ON THE DAY\n\nStaff must carry the emergency contact list at all times.\n"
    )
    doc = _parse(text)
    assert [(c.clause_id, c.title) for c in doc.clauses] == [
        ("before-the-trip-p1", "Before the trip"),
        ("before-the-trip-p2", "Before the trip"),
        ("on-the-day-p1", "On the day"),
    ]
    assert doc.meta.review_date == "2026-07"
    assert doc.structure == (("headings", 2), ("paragraphs", 3))
    assert doc.warnings == ("no numbered clauses; fell back to headings",)


def test_plain_text_with_title_case_headings_and_wrapped_lines():
    text = (
        "Acceptable Use of Email\n\nSending Email to Parents\n"
        "Staff must use their school account when they write to parents, and messages should be polite\n"
        "and brief, and should not be sent late at night or at weekends unless the matter is urgent.\n\n"
        "Personal Accounts\nPersonal email accounts must not be used for school business.\n"
    )
    doc = _parse(text)
    first, second = doc.clauses
    assert first.clause_id == "sending-email-to-parents-p1"
    assert first.text.endswith("at weekends unless the matter is urgent.")
    assert second.clause_id == "personal-accounts-p1"
    assert doc.meta.title == "Acceptable Use of Email"


def test_paragraphs_only():
    text = (
        "Dear colleagues, this note explains the new arrangements for\n"
        "parking, which start next term and apply to all staff.\n\n"
        "Please park only in marked bays.\n\nBlue badge bays are kept for visitors.\n"
    )
    doc = _parse(text)
    assert [c.clause_id for c in doc.clauses] == ["p1", "p2", "p3"]
    assert doc.clauses[0].text.startswith("Dear colleagues, this note explains the new arrangements for parking")
    assert all(c.section_path == () and c.title == "" for c in doc.clauses)
    assert doc.structure == (("paragraphs", 3),)
    assert doc.warnings == ("no numbered clauses; fell back to paragraphs",)


@pytest.mark.parametrize("source", ["t.md", "t.txt"])
def test_a_version_history_table_is_metadata_not_clauses(source):
    history = "| Version | Date | Change |\n|---|---|---|\n| 1.0 | 01/09/2023 | First |\n1.1 | 01/09/2024 | Second\n\n"
    numbered = f"IT Policy\n\n{history}1. Email\n1.1 Use your school account.\n1.2 Keep it brief.\n"
    headed = f"# IT Policy\n\n{history}## Email\n\nUse your school account.\n"
    for text in (numbered, headed):
        doc = _parse(text, source=source)
        assert not any("01/09" in c.text for c in doc.clauses)
        assert doc.meta.version == "1.1"
    assert _by_id(_parse(numbered))["1.1"].text == "Use your school account."


MARKDOWN_LISTS = """# Trips Policy

## Planning

Before a trip the leader should:

1. Book transport.
2. Complete the risk assessment.

## On the day

Leaders must:

1. Take a register.
2. Carry a first aid kit.
"""


def test_markdown_lists_that_restart_per_section_keep_distinct_ids():
    for text in (MARKDOWN_LISTS, MARKDOWN_LISTS.replace("## ", "").replace("# ", "")):
        doc = _parse(text, source="t.md")
        ids = [c.clause_id for c in doc.clauses]
        assert "0" not in ids and len(ids) == len(set(ids)) == 6
        assert _by_id(doc)["on-the-day-p1.2"].text == "Carry a first aid kit."
        assert _by_id(doc)["on-the-day-p1.2"].lead_in == "Leaders must:"
    marked = _parse(MARKDOWN_LISTS, source="t.md")
    assert marked.warnings == ("numbers are list numbers under unnumbered headings; fell back to headings",)


def test_ids_are_stable_across_re_parse_and_edits_elsewhere():
    first = _parse(MARKDOWN, source="t.md")
    assert [c.uid for c in _parse(MARKDOWN, source="t.md").clauses] == [c.uid for c in first.clauses]
    edited = MARKDOWN.replace("Large files should be shared as links.", "Share large files as links.")
    again = _by_id(_parse(edited, source="t.md"))
    for clause in first.clauses[:-1]:
        assert again[clause.clause_id].uid == clause.uid


def test_a_repeated_heading_gets_its_own_slug():
    doc = _parse("GENERAL\n\nFirst rule here.\n\nEMAIL\n\nSecond rule.\n\nGENERAL\n\nThird rule here.\n")
    assert [c.clause_id for c in doc.clauses] == ["general-p1", "email-p1", "general-2-p1"]


def test_labels_say_where_a_person_finds_the_clause():
    text = "# Phones\n\n## Use at work\n\nKeep phones silent.\n\nYou must not:\n\n- film pupils.\n"
    doc = _parse(text, source="t.pdf", page_starts=(0, text.index("You must")))
    assert [c.label for c in doc.clauses] == [
        "under 'Use at work', paragraph 1, p. 1",
        "under 'Use at work', paragraph 2, p. 2",
        "under 'Use at work', paragraph 2, point 1, p. 2",
    ]
    assert clause_label("p3", numbered=False) == "paragraph 3"
    assert clause_label("2.14/2.12", numbered=True, title="Prohibited use", page=4) == "§2.14/2.12, p. 4"
    assert clause_label("2.14/2.12", numbered=True, title="Prohibited use") == "§2.14/2.12"
    assert [c.section for c in doc.clauses] == ["use-at-work"] * 3


@pytest.mark.parametrize(
    ("name", "structure"),
    [
        ("staff-mobile-phones.md", (("headings", 5), ("paragraphs", 18))),
        ("remote-learning-conduct.txt", (("headings", 5), ("paragraphs", 11))),
        ("visitors-and-contractors.txt", (("paragraphs", 7),)),
    ],
)
def test_the_fixture_policies_parse_by_their_structure(name, structure):
    path = FIXTURES / name
    loaded = load_document(path)
    doc = parse_document(loaded.text, document_id=path.stem, source=str(path))
    assert doc.structure == structure
    assert all(not c.numbered and c.text for c in doc.clauses)
    assert all(c.text == normalise(loaded.text[c.span[0] : c.span[1]]) for c in doc.clauses)  # verbatim
    raw = parse_document(path.read_text(encoding="utf-8"), document_id=path.stem, source=str(path))
    assert [c.clause_id for c in raw.clauses] == [c.clause_id for c in doc.clauses]  # with or without # markers


def test_sentence_case_headings_and_a_wrapped_number_that_is_not_a_list():
    text = (
        "Greenfield School\nOnline Safety Guidance\nDate: 01/09/2025\n\n"
        "Personal use\nStaff may use school computers for personal use at lunchtime, provided\n"
        "that the use is brief and does not involve any inappropriate material.\n\n"
        "Social media\nStaff must not accept friend requests from pupils or former pupils under\n"
        "18. Any request should be reported to the designated safeguarding lead.\n"
    )
    doc = _parse(text)
    assert [c.clause_id for c in doc.clauses] == ["personal-use-p1", "social-media-p1"]
    assert doc.clauses[1].text.endswith(
        "former pupils under 18. Any request should be reported to the designated safeguarding lead."
    )
    assert (doc.meta.title, doc.meta.policy_date) == ("Online Safety Guidance", "2025-09-01")


def test_running_headers_and_footers_of_a_pdf_are_not_clauses_or_headings():
    pages = [
        "Staff Code of Conduct\nStaff must dress smartly and appropriately for their role\nPage 1 of 3\n",
        "Staff Code of Conduct\nwhen they are at work or on a trip.\nPage 2 of 3\n",
        "Staff Code of Conduct\nStaff must not smoke or vape on the school site.\nPage 3 of 3\n",
    ]
    text = "".join(pages)
    starts = tuple(sum(len(page) for page in pages[:index]) for index in range(len(pages)))
    doc = _parse(text, source="t.pdf", page_starts=starts)
    assert [(c.clause_id, c.page, c.text) for c in doc.clauses] == [
        ("p1", 1, "Staff must dress smartly and appropriately for their role when they are at work or on a trip."),
        ("p2", 3, "Staff must not smoke or vape on the school site."),
    ]


def test_a_text_of_short_lines_only_still_yields_clauses():
    doc = _parse("# Email\n\n## Internet\n", source="t.md")
    assert [(c.clause_id, c.text) for c in doc.clauses] == [("p1", "Email"), ("p2", "Internet")]
