"""Coverage, contacts, follow-ups and review-date notices, on the real policies."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest

from assistant.answer.contacts import who_to_ask
from assistant.answer.coverage import CoverageThresholds, assess_coverage, is_covered
from assistant.answer.followup import is_followup, resolve_followup
from assistant.answer.review import review_notice
from assistant.answer.text import without_carried
from assistant.protocols import ScoredClause
from ingest.clause import Clause, DocumentMeta

ACADEMY = "academy-trust-it-comms-social-media"
SCHOOL_2025 = "school-social-media-electronic-comms-2025"
STAFF_ADVICE = "school-staff-advice-electronic-comms"
SOUTHOVER = "southover-computer-internet-email-social-media"
TEACHERS_TOGETHER = "teachers-together-it-comms-social-media"
Rank = Callable[..., list[ScoredClause]]


@dataclass(frozen=True)
class DetailedHit:
    """The shape of the retriever's RetrievalHit: fused score plus dense and lexical evidence."""

    clause: Clause
    score: float
    dense: float | None
    lexical: float


def test_a_clause_that_answers_is_covered(clause: Callable[..., Clause], rank: Rank) -> None:
    hits = rank([clause(ACADEMY, "2.13/1.2"), clause(ACADEMY, "2.14/2.12")])
    coverage = assess_coverage("Can I accept pupils as friends on social media?", hits)
    assert coverage.covered
    assert coverage.best_overlap == 1.0
    assert coverage.best_dense is None


def test_top_k_alone_does_not_make_a_question_covered(clause: Callable[..., Clause], rank: Rank) -> None:
    hits = rank([clause(ACADEMY, "2.14/2.12"), clause(ACADEMY, "2.13/6.1"), clause(SOUTHOVER, "4.5")])
    assert not is_covered("How many days of annual leave do I get?", hits)
    assert not is_covered("Can I wear jeans on a Friday?", hits)
    assert not is_covered("Can I wear jeans on a Friday?", [])


def test_dense_and_lexical_evidence_decide_when_present(clause: Callable[..., Clause]) -> None:
    found = clause(ACADEMY, "2.14/2.12")
    question = "shld I add ppl from school on insta"
    assert is_covered(question, [DetailedHit(found, 1.0, 0.45, 1.0)])
    assert is_covered(question, [DetailedHit(found, 1.0, 0.2, 9.0)])
    assert not is_covered(question, [DetailedHit(found, 1.0, 0.2, 1.0)])
    strict = CoverageThresholds(min_dense=0.5)
    assert not is_covered(question, [DetailedHit(found, 1.0, 0.45, 1.0)], thresholds=strict)


def test_a_how_long_question_needs_a_clause_that_states_an_amount(clause: Callable[..., Clause]) -> None:
    # Strong topical evidence, but the monitoring clause says nothing about how long anything is kept.
    monitoring = DetailedHit(clause(SCHOOL_2025, "6.2"), 1.0, 0.6, 12.0)
    assert not is_covered("how long does school keep the logs of which websites ive been on?", [monitoring])
    assert is_covered("does school keep logs of which websites ive been on?", [monitoring])


@pytest.mark.parametrize(
    ("question", "document", "clause_id", "containing"),
    [
        ("how quickly do i have to answer a parent's email?", SCHOOL_2025, "4.5", "within 24 hours"),
        ("how often should i change my password", TEACHERS_TOGETHER, "3", ""),
        ("how soon do I have to tell someone about a virus?", ACADEMY, "2.13/3.5", ""),
        ("how much time can i spend on facebook at work", TEACHERS_TOGETHER, "10", "reasonable limit"),
    ],
)
def test_a_clause_that_states_the_amount_answers_a_how_long_question(
    clause: Callable[..., Clause], question: str, document: str, clause_id: str, containing: str
) -> None:
    assert is_covered(question, [DetailedHit(clause(document, clause_id, containing), 1.0, 0.6, 12.0)])


def test_thresholds_are_parameters(clause: Callable[..., Clause], rank: Rank) -> None:
    hits = rank([clause(ACADEMY, "2.14/2.12")])
    question = "Can I accept parents as friends on Instagram?"
    assert not is_covered(question, hits, thresholds=CoverageThresholds(min_overlap_alone=0.9))
    assert is_covered(question, hits, thresholds=CoverageThresholds(min_overlap_alone=0.2))


@pytest.mark.parametrize(
    ("document", "role", "clause_id"),
    [
        (ACADEMY, "Headteacher", "2.14/6.4"),
        (SOUTHOVER, "Line Manager", "4.8"),
        (TEACHERS_TOGETHER, "Line Manager", "11"),
        (SCHOOL_2025, "Headteacher", "9.4"),
        (STAFF_ADVICE, "designated safeguarding lead", "6"),
    ],
)
def test_each_policy_names_who_to_ask(
    all_clauses: dict[str, list[Clause]], document: str, role: str, clause_id: str
) -> None:
    contact = who_to_ask(all_clauses[document])
    assert contact is not None
    assert (contact.role, contact.clause_id) == (role, clause_id)


def test_safeguarding_questions_go_to_the_designated_lead(all_clauses: dict[str, list[Clause]]) -> None:
    contact = who_to_ask(all_clauses[SCHOOL_2025], question="I have a safeguarding concern about a colleague")
    assert contact is not None
    assert (contact.role, contact.clause_id) == ("designated safeguarding lead", "9.5")


HISTORY = ["Can I accept a pupil as a friend on Facebook?"]


@pytest.mark.parametrize(
    "question",
    [
        "ok but what if she messages me first?",
        "and on whatsapp?",
        "what about ex-pupils?",
        "who do I ask, my line manager?",
    ],
)
def test_followups_carry_the_earlier_topic(question: str) -> None:
    assert is_followup(question)
    resolved = resolve_followup(question, HISTORY)
    assert resolved.startswith(question)
    assert "pupil" in resolved[len(question) :]
    assert "facebook" in resolved[len(question) :].lower()
    # The stance reads the follow-up's own words apart from the carried topic.
    assert without_carried(resolved) == question.strip()


@pytest.mark.parametrize(
    "question",
    ["Can I use my personal email account for school business?", "Is personal use of the internet allowed at lunch?"],
)
def test_standalone_questions_are_unchanged(question: str) -> None:
    assert resolve_followup(question, HISTORY) == question
    assert resolve_followup("what about ex-pupils?", []) == "what about ex-pupils?"


def test_followup_uses_the_most_recent_turn() -> None:
    history = ["Can I put school data into ChatGPT?", "Can I accept a pupil as a friend on Facebook?"]
    resolved = resolve_followup("and on Instagram?", history)
    assert "facebook" in resolved.lower()
    assert "chatgpt" not in resolved.lower()


def test_past_review_date_gives_a_notice(metas: dict[str, DocumentMeta]) -> None:
    notice = review_notice(metas[SOUTHOVER], today=date(2026, 11, 21))
    assert notice == (
        "This policy (Computer, Internet, Email and Social Media Policy) was due for review in October 2018; "
        "check it is still current."
    )


def test_current_or_undated_policies_give_no_notice(metas: dict[str, DocumentMeta]) -> None:
    assert review_notice(metas[SCHOOL_2025], today=date(2026, 9, 30)) is None
    assert review_notice(metas[SCHOOL_2025], today=date(2026, 10, 1)) is not None
    assert review_notice(metas[ACADEMY], today=date(2030, 1, 1)) is None
