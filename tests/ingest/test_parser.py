"""Golden tests of the clause parser on the five real policies (hand-checked against the sources)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.errors import DocumentError
from ingest.parser import ParsedDocument, normalise, parse_document

POLICIES = Path(__file__).resolve().parents[2] / "data" / "policies"
CLAUSE_COUNTS = {
    "academy-trust-it-comms-social-media": 80,
    "school-social-media-electronic-comms-2025": 93,
    "school-staff-advice-electronic-comms": 41,
    "southover-computer-internet-email-social-media": 59,
    "teachers-together-it-comms-social-media": 103,
}


def _parse(document_id: str) -> ParsedDocument:
    path = POLICIES / f"{document_id}.txt"
    return parse_document(path.read_text(encoding="utf-8"), document_id=document_id, source=str(path))


@pytest.fixture(scope="module")
def parsed() -> dict[str, ParsedDocument]:
    return {document_id: _parse(document_id) for document_id in CLAUSE_COUNTS}


def _clause(doc: ParsedDocument, clause_id: str, starts: str = ""):
    matches = [c for c in doc.clauses if c.clause_id == clause_id and c.text.startswith(starts)]
    assert matches, f"no clause {clause_id} starting {starts!r}"
    return matches[0]


@pytest.mark.parametrize(("document_id", "count"), sorted(CLAUSE_COUNTS.items()))
def test_clause_counts(parsed, document_id, count):
    assert len(parsed[document_id].clauses) == count
    assert parsed[document_id].meta.clause_count == count


@pytest.mark.parametrize("document_id", sorted(CLAUSE_COUNTS))
def test_every_clause_is_verbatim_in_the_normalised_source(parsed, document_id):
    source = (POLICIES / f"{document_id}.txt").read_text(encoding="utf-8")
    normalised = normalise(source)
    for clause in parsed[document_id].clauses:
        assert clause.text, clause
        assert clause.text in normalised
        assert clause.text == normalise(source[clause.span[0] : clause.span[1]])


@pytest.mark.parametrize("document_id", sorted(CLAUSE_COUNTS))
def test_no_clause_spans_two_numbered_clauses(parsed, document_id):
    clauses = parsed[document_id].clauses
    for clause in clauses:
        for other in clauses:
            if other.clause_id == clause.clause_id:
                continue
            number = other.clause_id.rpartition("/")[2]
            for marker in (f"{number} {other.text[:25]}", f"{number}. {other.text[:25]}"):
                assert marker not in clause.text, (clause.clause_id, other.clause_id)


def test_ordinals_are_source_order(parsed):
    for doc in parsed.values():
        assert [c.ordinal for c in doc.clauses] == list(range(len(doc.clauses)))
        assert [c.span[0] for c in doc.clauses] == sorted(c.span[0] for c in doc.clauses)


def test_uids_are_unique_and_content_derived(parsed):
    uids = [c.uid for doc in parsed.values() for c in doc.clauses]
    assert len(uids) == len(set(uids))
    again = _parse("academy-trust-it-comms-social-media")
    assert [c.uid for c in again.clauses] == [c.uid for c in parsed["academy-trust-it-comms-social-media"].clauses]


def test_two_policies_in_one_file_get_qualified_ids(parsed):
    doc = parsed["academy-trust-it-comms-social-media"]
    friends = _clause(doc, "2.14/2.12")
    assert friends.text.startswith("offer or accept current pupils or ex-pupils as friends")
    assert friends.lead_in == "You must not:-"
    assert friends.title == "Prohibited use"
    assert friends.section_path == ("Social Media Policy", "Prohibited use")
    assert _clause(doc, "2.13/4.4.1").lead_in == "You should not:"
    assert _clause(doc, "2.13/3.5").text.startswith("Inform your manager or the Headteacher")
    assert _clause(doc, "2.14/3").text.startswith("You should ensure that your privacy settings")
    assert _clause(doc, "2.14/3").lead_in == ""
    wrapped = _clause(doc, "2.13/8.2")
    assert "or using Academy equipment - will usually amount to gross misconduct" in wrapped.text
    assert _clause(doc, "2.13/8.2.5").lead_in.startswith("Creating, viewing, accessing")
    numbered = [c.clause_id for c in doc.clauses]
    assert len(numbered) == len(set(numbered)) + 0  # every record in this file is a numbered clause


def test_clause_numbers_are_trusted_over_heading_numbers(parsed):
    doc = parsed["school-social-media-electronic-comms-2025"]
    internet = _clause(doc, "3.2")
    assert internet.title == "Internet use"
    assert internet.text.startswith("Employees are advised not to use school equipment")
    assert _clause(doc, "7.4.2").text.startswith("Employees are advised not to communicate with pupils or parents")
    assert _clause(doc, "8.3").text.startswith("By the admission of the creators")


def test_unnumbered_paragraphs_take_their_section_or_the_clause_they_continue(parsed):
    doc = parsed["school-social-media-electronic-comms-2025"]
    ai_rule = _clause(doc, "8", "identifies the school")
    assert ai_rule.lead_in == "Outside of working hours, employees must not input any information into AI that:"
    assert ai_rule.section_path == ("Artificial intelligence", "Using AI")
    assert _clause(doc, "8.3", "In addition, it can engineer").lead_in == ""
    assert _clause(doc, "4.5", "Always use a clear and concise subject")
    assert _clause(doc, "4.5", "Is the email necessary?").lead_in == "Before sending an email consider;"
    assert _clause(doc, "1.5", "pupils and employees are safeguarded,").lead_in.endswith("to ensure that:")
    teachers = parsed["teachers-together-it-comms-social-media"]
    assert {c.clause_id for c in teachers.clauses} == {str(n) for n in range(1, 18)}
    assert _clause(teachers, "10", "You must not express opinions on our behalf")
    assert (
        _clause(teachers, "7", "it must comply with our policies").lead_in
        == "Personal use must meet the following conditions:"
    )
    assert _clause(teachers, "8", "to comply with any legal obligation.")
    advice = parsed["school-staff-advice-electronic-comms"]
    assert (
        _clause(advice, "7", "Gamble using school equipment").lead_in
        == "Employees **MUST NOT** use school equipment to:"
    )
    security = _clause(advice, "6", "**Your security**")
    assert security.text.endswith(
        "communications with pupils and parents (whether sent or received) and keep a note of the dates, times and content of telephone conversations."
    )


def test_southover_sub_clauses_and_lead_ins(parsed):
    doc = parsed["southover-computer-internet-email-social-media"]
    assert _clause(doc, "4.5.3").lead_in == "Employees must not:"
    assert _clause(doc, "4.5.3").text.startswith("Use a Partnership email")
    assert _clause(doc, "3.4", "on-line gambling.").lead_in.startswith("The School will not tolerate")
    assert _clause(doc, "3.14").text.endswith(
        "with your Manager. If appropriate, the complaint can then be progressed through The School's Grievance Procedure."
    )
    assert _clause(doc, "4.8").text == "If in doubt seek advice from your line manager."
    assert _clause(doc, "3.2").section_path == ("E-mail policy", "Authorised Use")


def test_front_matter_becomes_metadata_not_clauses(parsed):
    teachers = parsed["teachers-together-it-comms-social-media"]
    assert teachers.meta.title == "IT, Communication Systems & Social Media Policy"
    assert teachers.meta.organisation == "Teachers Together Ltd"
    assert teachers.meta.policy_date == "2024-12-17"
    assert teachers.meta.version == "2.0"
    assert "info@teacherstogether.co.uk" in teachers.meta.contacts
    assert not any("Join Teachers Together" in c.text for c in teachers.clauses)
    school = parsed["school-social-media-electronic-comms-2025"]
    assert (school.meta.policy_date, school.meta.review_date) == ("2025-09", "2026-09")
    assert set(school.meta.people) == {"Steve Powell", "Matthew Peatfield"}
    southover = parsed["southover-computer-internet-email-social-media"]
    assert southover.meta.organisation == "The Southover Partnership School"
    assert southover.meta.review_date == "2018-10"
    assert "Child Protection Policy" in southover.meta.related
    advice = parsed["school-staff-advice-electronic-comms"]
    assert advice.meta.title == "Employee Advice on the use of Electronic Communications and Social Media"
    assert not any(c.text.endswith("\t4") or c.clause_id == "0" for c in advice.clauses)  # table of contents skipped
    academy = parsed["academy-trust-it-comms-social-media"]
    assert academy.meta.title == "IT and Communications Systems Policy (2.13) and Social Media Policy (2.14)"


def test_a_number_at_the_start_of_a_wrapped_line_is_not_a_clause():
    text = "Policy\n\n1. Rules\n\n1.1 Staff may keep records for up to\n2016 days in the archive.\n1.2 Next rule.\n"
    doc = parse_document(text, document_id="t", source="t.txt")
    assert [c.clause_id for c in doc.clauses] == ["1.1", "1.2"]
    assert doc.clauses[0].text == "Staff may keep records for up to 2016 days in the archive."


def test_pages_come_from_page_starts():
    text = "1. Rules\n1.1 First rule.\n1.2 Second rule.\n"
    doc = parse_document(text, document_id="t", source="t.pdf", page_starts=(0, text.index("1.2")))
    assert [c.page for c in doc.clauses] == [1, 2]


@pytest.mark.parametrize("text", ["", "   \n\n"])
def test_text_without_clauses_is_a_document_error(text):
    with pytest.raises(DocumentError, match=r"bad\.txt"):
        parse_document(text, document_id="bad", source="bad.txt")


def test_a_readable_text_without_numbers_still_yields_clauses():
    doc = parse_document("Just a letter with no numbered clauses.\nKind regards.", document_id="t", source="t.txt")
    assert [c.text for c in doc.clauses] == ["Just a letter with no numbered clauses.", "Kind regards."]
    assert [c.clause_id for c in doc.clauses] == ["p1", "p2"]
    assert not any(c.numbered for c in doc.clauses)


GOLDEN = Path(__file__).resolve().parent / "golden" / "bundled_clauses.json"


@pytest.mark.parametrize("document_id", sorted(CLAUSE_COUNTS))
def test_bundled_policies_parse_exactly_as_before_the_ladder(parsed, document_id):
    """Snapshot taken before the structure ladder: ids, lead-ins and texts of every clause."""
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))[document_id]
    doc = parsed[document_id]
    assert [[c.clause_id, c.lead_in, c.text] for c in doc.clauses] == golden
    assert all(c.numbered for c in doc.clauses)
    assert doc.structure == (("numbered", len(golden)),)
    assert doc.warnings == ()


@pytest.mark.parametrize("document_id", sorted(CLAUSE_COUNTS))
def test_markdown_heading_markers_on_a_numbered_policy_are_stripped(parsed, document_id):
    """A .md copy whose numbered headings keep their "## " markers parses to the same clauses."""
    source = (POLICIES / f"{document_id}.txt").read_text(encoding="utf-8")
    marked = "\n".join(
        f"## {line}" if _NUMBERED_HEADING.fullmatch(line.strip()) else line for line in source.split("\n")
    )
    doc = parse_document(marked, document_id=document_id, source="x.md")
    assert [(c.clause_id, c.text) for c in doc.clauses] == [(c.clause_id, c.text) for c in parsed[document_id].clauses]


_NUMBERED_HEADING = re.compile(r"\d{1,2}\.?\s+[A-Z][A-Za-z ,&'-]{2,60}")


def test_a_marked_title_above_numbered_clauses_is_the_title_without_its_marker():
    text = "# Staff Email Policy\n\n## 1. Email\n\n1.1 Use your school account.\n"
    doc = parse_document(text, document_id="t", source="t.md")
    assert doc.meta.title == "Staff Email Policy"
    assert [(c.clause_id, c.title, c.text) for c in doc.clauses] == [("1.1", "Email", "Use your school account.")]


def test_a_marked_title_over_numbering_in_the_text_keeps_the_numbers():
    """A Word title (Heading 1) above typed numbering is a title, not a reason to drop the author's numbers."""
    text = "# Staff Email Policy\n\n1. Email\n\n1.1 Use your school account.\n\n1.2 Keep messages brief.\n"
    doc = parse_document(text, document_id="t", source="t.docx")
    assert [c.clause_id for c in doc.clauses] == ["1.1", "1.2"]
    assert doc.meta.title == "Staff Email Policy"


def test_the_title_heading_outranks_a_front_matter_line_naming_the_policy():
    text = (
        "Hillside Academy - Data Protection Policy - v3\n# Data Protection Policy\n## Storing data\n"
        "Personal data must be stored on school systems only.\n## Breaches\nReport a breach within a day.\n"
    )
    parsed = parse_document(text, document_id="dp", source="dp.pdf")
    assert parsed.meta.title == "Data Protection Policy"
    assert [c.clause_id for c in parsed.clauses] == ["storing-data-p1", "breaches-p1"]


def test_lettered_points_keep_their_letter_and_take_the_lead_in_of_their_clause():
    text = (
        "1. Phones\n\n1.1 Phones must be kept out of sight during lessons, except:\n(a) in an emergency; or\n"
        "(b) when authorised by the headteacher.\n1.2 Passwords must never be shared.\n"
    )
    parsed = parse_document(text, document_id="aup", source="aup.txt")
    points = [(c.clause_id, c.text, c.lead_in) for c in parsed.clauses]
    lead = "Phones must be kept out of sight during lessons, except:"
    assert points[1:3] == [
        ("1.1", "(a) in an emergency; or", lead),
        ("1.1", "(b) when authorised by the headteacher.", lead),
    ]
    assert points[3] == ("1.2", "Passwords must never be shared.", "")


def test_an_extract_numbered_from_a_later_section_keeps_its_numbers():
    text = (
        "Staff Code of Conduct (extract: sections 7 to 8)\n\n"
        "7. Professional relationships\n\n"
        "7.1 Staff must maintain professional boundaries with pupils.\n\n"
        "7.2 Staff must not give pupils lifts in their own car.\n\n"
        "8. Communication\n\n"
        "8.1 All communication with pupils must use school channels.\n"
    )
    parsed = parse_document(text, document_id="extract", source="extract.txt")
    assert parsed.structure == (("numbered", 3),)
    assert [(c.clause_id, c.section_path) for c in parsed.clauses] == [
        ("7.1", ("Professional relationships",)),
        ("7.2", ("Professional relationships",)),
        ("8.1", ("Communication",)),
    ]
