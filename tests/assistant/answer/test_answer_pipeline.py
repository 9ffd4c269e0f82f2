"""End to end over the real policies: real parser, real embedding model, real hybrid retriever, real composer."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from assistant.answer.calibrate import Corpus, answer, build_corpus
from assistant.models import Answer, Stance
from assistant.settings import REPO_ROOT

pytestmark = pytest.mark.integration
ACADEMY = "academy-trust-it-comms-social-media"
SCHOOL_2025 = "school-social-media-electronic-comms-2025"
SOUTHOVER = "southover-computer-internet-email-social-media"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return build_corpus(REPO_ROOT / "data" / "policies")


def _ask(corpus: Corpus, question: str, scope: Sequence[str] = (), history: Sequence[str] = ()) -> Answer:
    return answer(corpus, question, documents=scope, history=history)


def _quotes_verbatim(corpus: Corpus, ans: Answer) -> bool:
    texts = {(c.document_id, c.clause_id, c.text) for doc in corpus.clauses.values() for c in doc}
    return all(
        any(cit.quote in t for d, k, t in texts if (d, k) == (cit.document, cit.clause)) for cit in ans.citations
    )


def test_friend_request_from_ex_pupil(corpus: Corpus) -> None:
    ans = _ask(corpus, "can I accept a friend request from an ex-pupil on insta?", [ACADEMY])
    assert ans.stance is Stance.PROHIBITED
    assert ans.answer.startswith("No.")
    assert ("2.14/2.12") in [c.clause for c in ans.citations]
    assert len(ans.retrieved) == 10
    assert _quotes_verbatim(corpus, ans)


def test_follow_up_is_resolved_against_history(corpus: Corpus) -> None:
    history = ["can I accept a friend request from an ex-pupil on insta?"]
    ans = _ask(corpus, "what if they DM me first tho?", [ACADEMY], history)
    assert ans.stance is Stance.PROHIBITED
    assert "2.14/2.12" in [c.clause for c in ans.citations]


def test_not_covered_names_who_to_ask(corpus: Corpus) -> None:
    ans = _ask(corpus, "how many days of annual leave do I get?", [SOUTHOVER])
    assert ans.stance is Stance.NOT_COVERED
    assert ans.citations == []
    assert "line manager" in ans.answer


def test_old_policy_carries_a_review_notice(corpus: Corpus) -> None:
    ans = _ask(corpus, "am I allowed to add pupils on facebook?", [SOUTHOVER])
    assert ans.stance is Stance.PROHIBITED
    assert any("October 2018" in notice for notice in ans.notices)


def test_ai_input_rule(corpus: Corpus) -> None:
    ans = _ask(corpus, "can I paste info that identifies the school into ChatGPT?", [SCHOOL_2025])
    assert ans.stance is Stance.PROHIBITED
    assert "8" in [c.clause for c in ans.citations]
    assert _quotes_verbatim(corpus, ans)
