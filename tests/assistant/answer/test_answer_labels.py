"""Citation labels: numbered clauses render as before (§2.14/2.12); unnumbered ones say where a person finds them."""

from __future__ import annotations

from assistant.answer.citations import make_citation
from assistant.answer.contacts import Contact
from assistant.answer.render import PolicyPart, render_not_covered, render_part
from assistant.answer.stance import QuestionKind
from assistant.api.cards import answer_card, plain_text
from assistant.models import Answer, Citation, Stance
from ingest.clause import Clause

NUMBERED = Clause(
    "academy",
    "2.14/2.12",
    ("Social Media Policy", "Prohibited use"),
    "Prohibited use",
    "offer or accept pupils as friends.",
    "a.txt",
    (0, 10),
    lead_in="You must not:-",
)
UNNUMBERED = Clause(
    "phones", "email-p2", ("Email",), "Email", "Do not forward chain letters.", "p.pdf", (0, 10), page=3, numbered=False
)


def _part(clause: Clause, citation: Citation) -> PolicyPart:
    return PolicyPart(
        document=clause.document_id,
        title="the policy",
        stance=Stance.PROHIBITED,
        key_sentence=clause.text,
        key_clause=clause.clause_id,
        key_lead_in="",
        condition=None,
        contact=Contact("Headteacher", clause.document_id, clause.clause_id, 1.0, clause.label),
        citations=[citation],
        key_label=clause.label,
    )


def test_citations_carry_numbered_page_and_label():
    numbered = make_citation(NUMBERED, "friends?")
    assert (numbered.numbered, numbered.page, numbered.label, numbered.where) == (
        True,
        None,
        "§2.14/2.12",
        "§2.14/2.12",
    )
    unnumbered = make_citation(UNNUMBERED, "chain letters?")
    assert (unnumbered.numbered, unnumbered.page) == (False, 3)
    assert unnumbered.label == "under 'Email', paragraph 2, p. 3"
    assert Citation(document="d", clause="4.8", title="", quote="q").where == "§4.8"  # older JSON without a label


def test_answer_text_renders_numbered_clauses_as_before_and_unnumbered_by_place():
    numbered = render_part(_part(NUMBERED, make_citation(NUMBERED, "friends?")), QuestionKind.PERMISSION, heading=False)
    assert "It says (§2.14/2.12): “offer or accept pupils as friends.”" in numbered
    assert "ask your Headteacher (§2.14/2.12)." in numbered
    assert "- §2.14/2.12 (Prohibited use): “offer or accept pupils as friends.”" in numbered
    text = render_part(_part(UNNUMBERED, make_citation(UNNUMBERED, "chain?")), QuestionKind.PERMISSION, heading=False)
    assert "It says (under 'Email', paragraph 2, p. 3): “Do not forward chain letters.”" in text
    assert "ask your Headteacher (under 'Email', paragraph 2, p. 3)." in text
    assert "- Under 'Email', paragraph 2, p. 3: “Do not forward chain letters.”" in text
    assert "§" not in text
    contact = Contact("Headteacher", "phones", "p4", 1.0, "paragraph 4")
    assert "ask your Headteacher (paragraph 4)." in render_not_covered(["the policy"], [("the policy", contact)])


def test_teams_card_and_plain_text_use_the_label_for_unnumbered_clauses():
    answer = Answer(
        stance=Stance.PROHIBITED,
        answer="No.",
        citations=[make_citation(NUMBERED, "friends?"), make_citation(UNNUMBERED, "chain?")],
    )
    text = plain_text(answer)
    assert '- academy clause 2.14/2.12: "offer or accept pupils as friends."' in text
    assert "- phones under 'Email', paragraph 2, p. 3: \"Do not forward chain letters.\"" in text
    headings = [
        item["text"]
        for block in answer_card(answer)["body"]
        if block["type"] == "Container"
        for item in block["items"][:1]
    ]
    assert headings == ["academy, clause 2.14/2.12 (Prohibited use)", "phones, under 'Email', paragraph 2, p. 3"]


def test_a_numbered_clause_from_a_pdf_keeps_its_page_in_every_citation():
    on_page = Clause(
        "trust", "4.2", ("Email",), "Email", "Staff must not forward chain letters.", "t.pdf", (0, 9), page=4
    )
    citation = make_citation(on_page, "chain letters?")
    assert (citation.label, citation.page) == ("§4.2, p. 4", 4)
    text = render_part(_part(on_page, citation), QuestionKind.PERMISSION, heading=False)
    assert "It says (§4.2, p. 4): “Staff must not forward chain letters.”" in text
    assert '- trust clause 4.2, p. 4: "Staff must not forward chain letters."' in plain_text(
        Answer(stance=Stance.PROHIBITED, answer="No.", citations=[citation])
    )
