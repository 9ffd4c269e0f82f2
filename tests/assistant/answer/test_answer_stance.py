"""Stance from the deontic language of real policy clauses (golden), and question-aware decisions."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.answer.coverage import clause_evidence_text
from assistant.answer.stance import (
    clause_stance,
    decide,
    decide_stance,
    sentence_stance,
    top_clause_hits,
)
from assistant.answer.text import question_terms, term_weights
from assistant.models import Stance
from assistant.protocols import ScoredClause
from assistant.retrieval.expansion import Vocabulary
from assistant.settings import REPO_ROOT
from ingest.clause import Clause

ACADEMY = "academy-trust-it-comms-social-media"
SCHOOL_2025 = "school-social-media-electronic-comms-2025"
STAFF_ADVICE = "school-staff-advice-electronic-comms"
SOUTHOVER = "southover-computer-internet-email-social-media"
TEACHERS_TOGETHER = "teachers-together-it-comms-social-media"
Rank = Callable[..., list[ScoredClause]]

CLAUSE_STANCES = [
    (ACADEMY, "2.14/2.12", "", Stance.PROHIBITED),
    (ACADEMY, "2.14/2.5", "", Stance.PERMITTED_WITH_CONDITIONS),
    (ACADEMY, "2.14/2.1", "", Stance.PERMITTED_WITH_CONDITIONS),
    (ACADEMY, "2.14/2.11", "", Stance.PROHIBITED),
    (ACADEMY, "2.13/6.1", "", Stance.PERMITTED_WITH_CONDITIONS),
    (ACADEMY, "2.14/3", "", Stance.REQUIRED),
    (ACADEMY, "2.14/4", "", Stance.DISCOURAGED),
    (ACADEMY, "2.13/3.2", "", Stance.PERMITTED_WITH_CONDITIONS),
    (ACADEMY, "2.13/4.3", "", Stance.PROHIBITED),
    (ACADEMY, "2.13/1.2", "", Stance.INFORMATIONAL),
    (SCHOOL_2025, "7.4.2", "", Stance.DISCOURAGED),
    (SCHOOL_2025, "7.4.9", "without due reason", Stance.PERMITTED_WITH_CONDITIONS),
    (SCHOOL_2025, "4.3", "", Stance.REQUIRED),
    (SCHOOL_2025, "5.1", "", Stance.PERMITTED),
    (SCHOOL_2025, "4.5", "should not be required to read", Stance.PERMITTED),
    (SCHOOL_2025, "8", "identifies the school", Stance.PROHIBITED),
    (SCHOOL_2025, "8.1", "", Stance.INFORMATIONAL),
    (SOUTHOVER, "3.4", "will not tolerate", Stance.PROHIBITED),
    (SOUTHOVER, "4.5.3", "", Stance.PROHIBITED),
    (SOUTHOVER, "1.1.1", "", Stance.PERMITTED_WITH_CONDITIONS),
    # "must have prior authorisation ... and may only be used by authorised staff": the condition decides.
    (SOUTHOVER, "4.6", "", Stance.PERMITTED_WITH_CONDITIONS),
    (STAFF_ADVICE, "4", "We allow employees", Stance.PERMITTED),
    (STAFF_ADVICE, "7", "Gamble using school equipment", Stance.PROHIBITED),
    # The quoted disclaimer's "do not necessarily represent" is wording to copy, not a prohibition.
    (STAFF_ADVICE, "6", "Add a disclaimer", Stance.REQUIRED),
    (STAFF_ADVICE, "7", "Install software licensed to the school", Stance.PERMITTED_WITH_CONDITIONS),
    (TEACHERS_TOGETHER, "2", "You must not download or install software", Stance.PERMITTED_WITH_CONDITIONS),
    (TEACHERS_TOGETHER, "17", "Breach of this policy may result", Stance.INFORMATIONAL),
]


@pytest.mark.parametrize(("document", "clause_id", "containing", "expected"), CLAUSE_STANCES)
def test_real_clause_has_its_stance(
    clause: Callable[..., Clause], document: str, clause_id: str, containing: str, expected: Stance
) -> None:
    found = clause(document, clause_id, containing)
    assert clause_stance(found.text, lead_in=found.lead_in) is expected


def test_lead_in_makes_a_bare_bullet_a_prohibition() -> None:
    bullet = "include our logos or other trademarks in any social media posting or in your profile on any social media."
    assert clause_stance(bullet) is Stance.INFORMATIONAL
    assert clause_stance(bullet, lead_in="You must not:-") is Stance.PROHIBITED


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "You must not express opinions on our behalf via social media, unless expressly authorised to do so by your "
            "manager.",
            Stance.PERMITTED_WITH_CONDITIONS,
        ),
        (
            "Employees should feel able to send emails when their working pattern suits them, however, they should not be "
            "required to read or respond to emails in the evenings or at weekends.",
            Stance.PERMITTED,
        ),
        ("Employees may only use approved email accounts on the school system.", Stance.REQUIRED),
        (
            "Employees should also carefully consider the implications of befriending parents, carers or ex-pupils as "
            "contacts on social media sites.",
            Stance.DISCOURAGED,
        ),
        ("We may block or restrict access to some websites at our discretion.", Stance.INFORMATIONAL),
        ("Occasional personal use may be permitted as set out in paragraph 6.", Stance.PERMITTED_WITH_CONDITIONS),
    ],
)
def test_negation_exception_and_restriction_scope(sentence: str, expected: Stance) -> None:
    assert sentence_stance(sentence) is expected


def test_question_picks_the_answering_sentence_of_a_mixed_clause(clause: Callable[..., Clause], rank: Rank) -> None:
    # 4.5 first says "it is imperative that you ensure ..." (a duty), then "it is not permitted for pupils to be added".
    hits = rank([clause(SOUTHOVER, "4.5")])
    assert decide_stance("Can pupils be added to my personal contacts on social networking sites?", hits) is (
        Stance.PROHIBITED
    )


def test_friend_request_question_over_real_hits(clause: Callable[..., Clause], rank: Rank) -> None:
    hits = rank([clause(ACADEMY, "2.14/2.12"), clause(ACADEMY, "2.14/4"), clause(ACADEMY, "2.14/3")])
    assert decide_stance("Can I accept a current pupil as a friend on Facebook?", hits) is Stance.PROHIBITED


def test_obligation_question_answered_by_not_required(clause: Callable[..., Clause], rank: Rank) -> None:
    hits = rank([clause(SCHOOL_2025, "4.5", "should not be required to read")])
    assert decide_stance("Do I have to respond to emails in the evenings or at weekends?", hits) is Stance.PERMITTED


def test_no_hits_is_not_covered() -> None:
    assert decide_stance("Can I wear jeans?", []) is Stance.NOT_COVERED


@pytest.mark.parametrize(
    ("sentence", "lead_in", "expected"),
    [
        ("send or forward chain mail, junk mail, cartoons, jokes or gossip;", "You should not:", Stance.DISCOURAGED),
        ("Refrain from speaking about other employees in a negative manner.", "", Stance.DISCOURAGED),
        (
            "Employees are advised not to use school equipment to access the internet for private purposes unless they "
            "have express permission from the Head.",
            "",
            Stance.PERMITTED_WITH_CONDITIONS,
        ),
        (
            "On termination of employment you must provide us with a copy of all such information, delete all such "
            "information from your personal social networking accounts and destroy any further copies of such "
            "information that you may have.",
            "",
            Stance.REQUIRED,
        ),
        (
            "it must be minimal and take place outside of normal working hours;",
            "Personal use must meet the following conditions:",
            Stance.PERMITTED_WITH_CONDITIONS,
        ),
        (
            "selling or advertising anything via the Company or broadcast messages about lost property, sponsorship or "
            "charity appeals, without the written agreement of the Company Director.",
            "Creating, viewing, accessing, transmitting or downloading any of the following material will usually "
            "amount to gross misconduct (this list is not exhaustive):",
            Stance.PERMITTED_WITH_CONDITIONS,
        ),
    ],
)
def test_labelling_conventions(sentence: str, lead_in: str, expected: Stance) -> None:
    assert sentence_stance(sentence, lead_in=lead_in) is expected


@pytest.mark.parametrize(
    ("sentence", "lead_in", "expected"),
    [
        # Asked to pay attention to a list of facts: the facts stay facts; a bullet's own "must" still binds.
        (
            "Offers or contracts transmitted via e-mail are as legally binding on The School as those sent on paper.",
            "If you use the e-mail system you should pay particular attention to the following points:",
            Stance.INFORMATIONAL,
        ),
        (
            "All e-mails must comply with Partnership communication standards.",
            "If you use the e-mail system you should pay particular attention to the following points:",
            Stance.REQUIRED,
        ),
        (
            "pupils and employees are safeguarded,",
            "The purpose of this policy is to ensure that:",
            Stance.INFORMATIONAL,
        ),
        # An ordinary duty lead-in still makes its bare bullets duties.
        ("To include a clear and concise subject.", "When compiling an email ensure:", Stance.REQUIRED),
        # A bare instruction is a duty; a bullet continuing a descriptive lead-in ("it can: give ...") is not.
        (
            "If you are planning to be out of the office for a morning or afternoon or longer, put an “Out of "
            "Office” message on your emails and voicemail.",
            "",
            Stance.REQUIRED,
        ),
        ("Please ask your Manager for details.", "", Stance.REQUIRED),
        ("take part in local community events", "For example, it can:", Stance.INFORMATIONAL),
        ("Please also see paragraph 8 for further information.", "", Stance.INFORMATIONAL),
    ],
)
def test_duties_come_from_the_sentence_or_a_binding_lead_in(sentence: str, lead_in: str, expected: Stance) -> None:
    assert sentence_stance(sentence, lead_in=lead_in) is expected


def test_every_record_of_the_top_clauses_takes_part(clause: Callable[..., Clause], rank: Rank) -> None:
    # Two bullets of the staff advice's unnumbered §7 share the clause id "7"; both count as one clause.
    install = clause(STAFF_ADVICE, "7", "Install software")
    games = clause(STAFF_ADVICE, "7", "games, music")
    others = [clause(STAFF_ADVICE, cid) for cid in ("2", "6", "8", "1", "4")]
    considered = top_clause_hits(rank([install, *others[:2], games, *others[2:]]), top=3)
    assert [hit.clause.uid for _, hit in considered] == [c.uid for c in (install, *others[:2], games)]


def test_distinctive_words_outweigh_common_ones(
    clause: Callable[..., Clause], all_clauses: dict[str, list[Clause]]
) -> None:
    # "games" is rare in the policy, "computer" and "home" common: the games bullet answers, not "install at home".
    install = clause(STAFF_ADVICE, "7", "Install software")
    games = clause(STAFF_ADVICE, "7", "games, music")
    hits = [ScoredClause(install, 1.0), ScoredClause(games, 1.0)]
    question = "can i download a couple of games onto the school laptop to play on the train home"
    weights = term_weights([clause_evidence_text(c) for c in all_clauses[STAFF_ADVICE]])
    stance, chosen = decide(question, hits, weights=weights)
    assert chosen is not None and "games" in chosen.text
    assert stance is Stance.PROHIBITED


@pytest.mark.parametrize(
    "question",
    [
        "can i do my etsy shop orders on the school laptop in my PPA? literally 10 mins",
        "i make celebration cakes on the side, can i use the school laptop after school to sort my orders?",
    ],
)
def test_the_vocabulary_names_the_policy_word_for_what_is_asked(
    clause: Callable[..., Clause], all_clauses: dict[str, list[Clause]], question: str
) -> None:
    # Selling on Etsy is, in the staff advice's words, running a commercial business. The question's own words
    # ("school", "laptop", "home") match the "install ... on a personal computer at home unless ..." bullet better.
    install = clause(STAFF_ADVICE, "7", "Install software")
    business = clause(STAFF_ADVICE, "7", "commercial business")
    hits = [ScoredClause(install, 1.0), ScoredClause(business, 1.0)]
    weights = term_weights([clause_evidence_text(c) for c in all_clauses[STAFF_ADVICE]])
    additions = Vocabulary.load(REPO_ROOT / "data" / "vocabulary.yaml").additions(question)
    assert decide(question, hits, weights=weights)[0] is Stance.PERMITTED_WITH_CONDITIONS
    stance, chosen = decide(question, hits, weights=weights, expansion=additions)
    assert chosen is not None and chosen.text == "Promote or run a commercial business"
    assert stance is Stance.PROHIBITED


def test_expansion_terms_never_lower_a_match() -> None:
    plain = question_terms("may I wear a lanyard")
    expanded = question_terms("may I wear a lanyard", expansion="staff identification badge")
    assert expanded.expanded == {"identification", "badge"}  # "staff" is a policy-generic word
    for text in ("Wear your lanyard at all times.", "Staff identification badges must be visible.", "Unrelated."):
        assert expanded.match(text) >= plain.match(text)
    assert plain.match("Staff identification badges must be visible.") == 0
    assert expanded.match("Staff identification badges must be visible.") > 0


def test_a_follow_up_s_own_words_still_count_with_expansion_terms() -> None:
    # After "can I sell on etsy?" the follow-up "what about at home?" asks about home, not about selling again.
    terms = question_terms("what about at home? (etsy orders)", expansion="commercial business")
    # All words {home, etsy, order} + {commercial, business}: 2 of 5; the turn's own word "home": 0 of 1.
    assert terms.match("Promote or run a commercial business") == pytest.approx((2 / 5 + 0) / 2)
    assert terms.match("Work at home only on school equipment") == pytest.approx((1 / 3 + 1) / 2)


def test_a_restriction_answers_a_can_i_question_with_no(clause: Callable[..., Clause], rank: Rank) -> None:
    hits = rank([clause(SCHOOL_2025, "4.3")])
    assert decide_stance("can i email a pupil their homework from my hotmail", hits) is Stance.PROHIBITED
    assert decide_stance("How must I email pupils?", hits) is Stance.REQUIRED


def test_the_need_to_is_not_a_duty() -> None:
    sentence = "We understand the need to embrace emerging technology and recognise that AI can help."
    assert sentence_stance(sentence) is Stance.INFORMATIONAL
    assert sentence_stance("You need to lock your screen.") is Stance.REQUIRED
