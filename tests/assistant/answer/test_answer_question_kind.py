"""Question forms: what a question asks for (leave, a duty, facts) and how that shapes the stance."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.answer.stance import QuestionKind, decide_stance, question_kind
from assistant.models import Stance
from assistant.protocols import ScoredClause
from ingest.clause import Clause

ACADEMY = "academy-trust-it-comms-social-media"
Rank = Callable[..., list[ScoredClause]]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Can I accept a pupil as a friend?", QuestionKind.PERMISSION),
        ("Am I allowed to use WhatsApp?", QuestionKind.PERMISSION),
        ("Do I have to reply to emails at the weekend?", QuestionKind.OBLIGATION),
        ("do i actually have to report it or can i just have a quiet word?", QuestionKind.OBLIGATION),
        ("am i really expected to answer at 10pm", QuestionKind.OBLIGATION),
        ("clicked a dodgy link and now there are pop ups, what am i meant to do", QuestionKind.OBLIGATION),
        ("what are my privacy settings meant to be on my personal insta?", QuestionKind.OBLIGATION),
        # "Is it meant to be social only?" asks what the group is for, after asking leave first.
        ("is it ok to use it for work stuff or is it meant to be social only?", QuestionKind.PERMISSION),
        ("what is the policy supposed to be about?", QuestionKind.INFORMATION),
        ("Who is responsible for this policy?", QuestionKind.INFORMATION),
    ],
)
def test_question_kind(question: str, kind: QuestionKind) -> None:
    assert question_kind(question) is kind


def test_fact_question_is_informational(clause: Callable[..., Clause], rank: Rank) -> None:
    hits = rank([clause(ACADEMY, "2.13/1.2")])
    assert decide_stance("Who has overall responsibility for this policy?", hits) is Stance.INFORMATIONAL


@pytest.mark.parametrize(
    "question",
    [
        "does the trust read my emails??",
        "can the school read my emails without telling me?",
        "whats classed as gross misconduct",
        "I think a colleague is messaging a pupil on snapchat, who do i tell?",
        "if i delete an email is it gone for good",
    ],
)
def test_fact_questions_are_informational(clause: Callable[..., Clause], rank: Rank, question: str) -> None:
    hits = rank([clause(ACADEMY, "2.13/7.1"), clause(ACADEMY, "2.13/4.3")])
    assert decide_stance(question, hits) is Stance.INFORMATIONAL


@pytest.mark.parametrize(
    "question",
    [
        "could emails i write about a parent end up being released to them?",
        "can my work emails be used as evidence in court?",
        "if i post something untrue on fb could i personally get sued?",
        "will my messages be read by IT?",
        "what actually happens if someone gets caught looking at porn on a school laptop?",
        "head asked me to take a video down. what happens if i just leave it up?",
        "can SLT read my work emails without telling me first?",
        "would they make me hand over my passwords for my accounts?",
        "if im off for a couple of weeks can someone else go into my inbox?",
        "not sure if a video is ok to show in class, is there anyone outside school i can ask?",
        "sent a snarky email and then deleted it from my sent items, is it actually gone?",
        "if i watch youtube on my lunch on the work pc is that tracked as well or just work stuff?",
        "so is someone gonna be going through my inbox while im out then?",
    ],
)
def test_questions_about_what_may_happen_are_informational(question: str) -> None:
    hits = [ScoredClause(_bare("You must not post defamatory comments about anyone."), 1.0)]
    assert decide_stance(question, hits) is Stance.INFORMATIONAL


def test_photos_being_used_is_still_a_permission_question() -> None:
    hits = [ScoredClause(_bare("You must not post any photograph of any current pupil."), 1.0)]
    assert decide_stance("can photos of my class be used on my own blog?", hits) is Stance.PROHIBITED


def test_does_the_school_mind_asks_leave_not_facts() -> None:
    hits = [ScoredClause(_bare("It's your own personal choice whether or not you use social media."), 1.0)]
    question = "does the school mind if i have my own tiktok and post stuff in my own time?"
    assert question_kind(question) is QuestionKind.PERMISSION
    assert decide_stance(question, hits) is Stance.PERMITTED
    assert decide_stance("can the school read my tiktok?", hits) is Stance.INFORMATIONAL


def test_is_that_allowed_asks_leave() -> None:
    hits = [ScoredClause(_bare("You must not input confidential information into AI."), 1.0)]
    question = "thinking of using AI to mark a set of essays, is that allowed?"
    assert question_kind(question) is QuestionKind.PERMISSION
    assert question_kind("someone sent me a link, is this ok?") is QuestionKind.PERMISSION
    # "Can someone else use my login?" is about a rule the reader keeps, so it is not read as a fact question.
    hits = [ScoredClause(_bare("You must not let anyone else use your username and password."), 1.0)]
    assert decide_stance("can someone else use my login while i'm off?", hits) is Stance.PROHIBITED


@pytest.mark.parametrize(
    "question",
    [
        "my inbox has 12k emails in it, i never delete anything, is that an issue?",
        "is it actually a problem if i reply all to the whole-staff email?",
        "want to set up a group chat for my class from my own account, good idea or not?",
        "is it bad if i send emails at 10pm on a sunday when im catching up?",
    ],
)
def test_is_it_a_problem_asks_leave(question: str) -> None:
    assert question_kind(question) is QuestionKind.PERMISSION


@pytest.mark.parametrize(
    "question",
    [
        "do i need permission to set up a twitter acct for the PE dept",
        "PE dept want to set up an insta account for fixtures and results, what do we need to do first?",
        "do i need to ask anyone before installing free software like a pdf editor on my work laptop?",
    ],
)
def test_asking_whether_leave_is_needed_is_answered_by_the_condition(question: str) -> None:
    assert question_kind(question) is QuestionKind.OBLIGATION
    assert decide_stance(question, _condition_then_duty()) is Stance.PERMITTED_WITH_CONDITIONS


@pytest.mark.parametrize(
    "question",
    [
        "do i have to follow the confidentiality policy in posts?",
        "do i need to get first aid training before posting?",
        "do i need to consent to being filmed for posts?",
        "what do i do first thing on monday about posts?",
    ],
)
def test_a_plain_duty_question_still_takes_the_duty(question: str) -> None:
    assert decide_stance(question, _condition_then_duty()) is Stance.REQUIRED


def test_whether_others_will_mind_is_still_asking_leave() -> None:
    hits = [ScoredClause(_bare("You must not post any photograph of any current pupil."), 1.0)]
    assert decide_stance("is anyone going to mind if i post a photo of the trip?", hits) is Stance.PROHIBITED


def test_what_can_i_do_asks_for_options_not_leave() -> None:
    assert question_kind("a colleague keeps sending me rude emails, what can i actually do about it?") is not (
        QuestionKind.PERMISSION
    )


def test_a_duty_asked_with_how_often_is_not_a_fact_question() -> None:
    hits = [ScoredClause(_bare("Passwords must be changed every 90 days."), 1.0)]
    assert decide_stance("how often do i have to change my password", hits) is Stance.REQUIRED
    assert decide_stance("how often are passwords changed", hits) is Stance.INFORMATIONAL


def _bare(text: str) -> Clause:
    """Return a one-sentence clause for question-form tests (the wording is not from a policy)."""
    return Clause("doc", "1", ("1",), "Rules", text, "doc.md", (0, len(text)))


def _condition_then_duty() -> list[ScoredClause]:
    """Return two equally ranked hits: a condition on an action, then a duty."""
    return [
        ScoredClause(_bare("Any new account or software must have prior authorisation by senior management."), 1.0),
        ScoredClause(_bare("All posts must comply with the confidentiality policy."), 1.0),
    ]
