"""The composed extractive answer: verdict first, conditions, who to ask, verified verbatim citations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from assistant.answer.compose import compose_answer
from assistant.answer.draft import condition_phrase, display_title
from assistant.models import Stance
from assistant.protocols import ScoredClause
from ingest.clause import Clause, DocumentMeta

ACADEMY = "academy-trust-it-comms-social-media"
SCHOOL_2025 = "school-social-media-electronic-comms-2025"
SOUTHOVER = "southover-computer-internet-email-social-media"
STAFF_ADVICE = "school-staff-advice-electronic-comms"
TEACHERS_TOGETHER = "teachers-together-it-comms-social-media"
TODAY = date(2026, 11, 21)
Rank = Callable[..., list[ScoredClause]]


def _assert_quotes_verbatim(answer_citations: list, hits: list[ScoredClause]) -> None:
    texts = {(h.clause.document_id, h.clause.clause_id): h.clause.text for h in hits}
    for cit in answer_citations:
        assert cit.quote in texts[(cit.document, cit.clause)]


def test_prohibition_answer_reads_verdict_first(
    clause: Callable[..., Clause], rank: Rank, metas: dict[str, DocumentMeta], all_clauses: dict[str, list[Clause]]
) -> None:
    hits = rank([clause(ACADEMY, "2.14/2.12"), clause(ACADEMY, "2.14/4"), clause(ACADEMY, "2.13/1.2")])
    answer = compose_answer(
        "Can I accept a pupil as a friend on Facebook?",
        hits,
        documents=metas,
        scope=[ACADEMY],
        today=TODAY,
        all_clauses=all_clauses,
    )
    assert answer.stance is Stance.PROHIBITED
    assert answer.answer.startswith("No. The Social Media Policy (2.14) does not allow this.")
    assert "ask your Headteacher (§2.14/6.4)" in answer.answer
    assert answer.citations[0].clause == "2.14/2.12"
    assert "offer or accept current pupils" in answer.citations[0].quote
    assert [r.clause for r in answer.retrieved] == ["2.14/2.12", "2.14/4", "2.13/1.2"]
    assert answer.mode == "extractive"
    _assert_quotes_verbatim(answer.citations, hits)


def test_conditions_are_stated_with_their_wording(
    clause: Callable[..., Clause], rank: Rank, metas: dict[str, DocumentMeta]
) -> None:
    hits = rank([clause(ACADEMY, "2.14/2.5"), clause(ACADEMY, "2.14/2.2")])
    answer = compose_answer("Can I post a photograph of a current pupil?", hits, documents=metas, today=TODAY)
    assert answer.stance is Stance.PERMITTED_WITH_CONDITIONS
    assert answer.answer.startswith("Yes, but only under conditions")
    assert "“unless you have obtained prior written consent from the Headteacher”" in answer.answer


def test_not_covered_quotes_nothing_and_names_who_to_ask(
    clause: Callable[..., Clause], rank: Rank, metas: dict[str, DocumentMeta], all_clauses: dict[str, list[Clause]]
) -> None:
    hits = rank([clause(SOUTHOVER, "4.5"), clause(SOUTHOVER, "3.4", "will not tolerate")])
    answer = compose_answer(
        "How many days of annual leave do I get?",
        hits,
        documents=metas,
        scope=[SOUTHOVER],
        today=TODAY,
        all_clauses=all_clauses,
    )
    assert answer.stance is Stance.NOT_COVERED
    assert answer.citations == []
    assert answer.answer.startswith("The Computer, Internet, Email and Social Media Policy does not cover this.")
    assert "ask your line manager (§4.8)" in answer.answer
    assert len(answer.retrieved) == 2


def test_unscoped_not_covered_names_a_contact_per_policy(
    metas: dict[str, DocumentMeta], all_clauses: dict[str, list[Clause]]
) -> None:
    answer = compose_answer("Can I wear jeans on Friday?", [], documents=metas, today=TODAY, all_clauses=all_clauses)
    assert answer.stance is Stance.NOT_COVERED
    assert answer.answer.startswith("None of the policies covers this.")
    assert answer.answer.count("\n- ") == len(metas)


def test_several_policies_are_grouped_and_differences_said(
    clause: Callable[..., Clause], rank: Rank, metas: dict[str, DocumentMeta]
) -> None:
    hits = rank([clause(ACADEMY, "2.14/2.12"), clause(SCHOOL_2025, "7.4.2"), clause(ACADEMY, "2.14/4")])
    answer = compose_answer("Can I accept pupils as friends on social media?", hits, documents=metas, today=TODAY)
    assert answer.stance is Stance.PROHIBITED
    text = answer.answer
    assert text.startswith("Where they differ:\n- The Social Media Policy (2.14): does not allow it (§2.14/2.12).\n")
    assert "\n- The Social Media and Electronic Communications Policy: advises against it (§7.4.2).\n\n" in text
    assert text.index("**The Social Media Policy (2.14)**") < text.index("**The Social Media and Electronic")
    assert {c.document for c in answer.citations} == {ACADEMY, SCHOOL_2025}
    assert answer.notices == [
        "This policy (Social Media and Electronic Communications Policy) was due for review in September 2026; "
        "check it is still current."
    ]


def test_obligation_question_with_no_duty(
    clause: Callable[..., Clause], rank: Rank, metas: dict[str, DocumentMeta]
) -> None:
    hits = rank([clause(SCHOOL_2025, "4.5", "should not be required to read")])
    answer = compose_answer("Do I have to respond to emails at weekends?", hits, documents=metas, today=TODAY)
    assert answer.stance is Stance.PERMITTED
    assert answer.answer.startswith("No, you do not have to.")


def test_citations_are_capped_per_policy(
    clause: Callable[..., Clause], rank: Rank, metas: dict[str, DocumentMeta]
) -> None:
    ids = ["2.14/2.1", "2.14/2.2", "2.14/2.3", "2.14/2.4", "2.14/2.6", "2.14/2.9"]
    hits = rank([clause(ACADEMY, cid) for cid in ids])
    answer = compose_answer(
        "Can I use social media to post comments?", hits, documents=metas, today=TODAY, max_citations=3
    )
    assert 1 <= len(answer.citations) <= 3
    _assert_quotes_verbatim(answer.citations, hits)


def test_condition_phrase_and_sub_policy_title(metas: dict[str, DocumentMeta]) -> None:
    assert condition_phrase("You must not download software without authorisation from your Headteacher.") == (
        "without authorisation from your Headteacher"
    )
    assert condition_phrase("You must not reply.") is None
    assert display_title(ACADEMY, metas, clause_id="2.13/6.1") == "the IT and Communications Systems Policy (2.13)"
    assert display_title(TEACHERS_TOGETHER, metas) == "the IT, Communication Systems & Social Media Policy"


def test_follow_up_answers_from_its_own_words(
    clause: Callable[..., Clause], rank: Rank, metas: dict[str, DocumentMeta]
) -> None:
    # The resolved follow-up carries the earlier topic in "(...)"; the new words ("DM me first") pick the sentence.
    hits = rank([clause(ACADEMY, "2.14/2.12"), clause(ACADEMY, "2.14/4")])
    question = "what if they message me first? (accept friend request ex-pupil insta)"
    answer = compose_answer(question, hits, documents=metas, scope=[ACADEMY], today=TODAY)
    assert answer.stance is Stance.PROHIBITED
    assert "It says (§2.14/2.12): “If you receive any message" in answer.answer
    assert "must not reply and must report it to the Headteacher" in answer.citations[0].quote


def test_the_answering_bullet_of_a_clause_is_found_beside_the_retrieved_one(
    clause: Callable[..., Clause], rank: Rank, metas: dict[str, DocumentMeta], all_clauses: dict[str, list[Clause]]
) -> None:
    # The retriever keeps one record per clause id: here the "install at home" bullet of §7, not the games one.
    hits = rank([clause(STAFF_ADVICE, "7", "Install software"), clause(STAFF_ADVICE, "2"), clause(STAFF_ADVICE, "6")])
    answer = compose_answer(
        "can i download a couple of games onto the school laptop to play on the train home",
        hits,
        documents=metas,
        scope=[STAFF_ADVICE],
        today=TODAY,
        all_clauses=all_clauses,
    )
    assert answer.stance is Stance.PROHIBITED
    assert "Download or distribute games, music or pictures" in answer.answer
    assert answer.citations[0].clause == "7"
    assert "games" in answer.citations[0].quote
    assert [r.clause for r in answer.retrieved] == ["7", "2", "6"]
