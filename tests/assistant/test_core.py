"""The orchestrator: the guard runs first, refusals are data, scope is validated, follow-ups resolved."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from assistant.core import Assistant
from assistant.errors import InvalidRequestError, UnknownDocumentError
from assistant.guard.verdict import Category, Verdict
from assistant.models import Answer, Stance
from assistant.protocols import ScoredClause
from assistant.retrieval.expansion import Vocabulary
from ingest.clause import Clause, DocumentMeta

DOC = "academy-trust-it-comms-social-media"
FRIENDS = Clause(
    document_id=DOC,
    clause_id="2.14/2.12",
    section_path=("Social Media Policy", "Prohibited use"),
    title="Prohibited use",
    text="offer or accept current pupils or ex-pupils as friends on any social media site",
    source="x.txt",
    span=(0, 10),
    lead_in="You must not:-",
)


class SpyGuard:
    def __init__(self, refuse_containing: str = "Oakwood") -> None:
        self.refuse_containing = refuse_containing
        self.seen: list[str] = []
        self.audited: list[Verdict] = []

    def check(self, text: str) -> Verdict:
        self.seen.append(text)
        if self.refuse_containing in text:
            return Verdict(allowed=False, categories=(Category.SCHOOL_IDENTITY,), message="refused: school identity")
        return Verdict(allowed=True)

    def audit(self, verdict: Verdict, text: str = "") -> None:
        self.audited.append(verdict)


class SpyRetriever:
    def __init__(self) -> None:
        self.queries: list[tuple[str, tuple[str, ...]]] = []

    def retrieve(self, query: str, *, documents: Sequence[str] = (), k: int = 10) -> list[ScoredClause]:
        self.queries.append((query, tuple(documents)))
        return [ScoredClause(FRIENDS, 0.9)]


class Source:
    def documents(self) -> list[DocumentMeta]:
        return [DocumentMeta(document_id=DOC, title="Social Media Policy", source="x.txt", content_hash="h")]

    def clauses(self, document_id: str | None = None) -> list[Clause]:
        return [FRIENDS]


class SpyChatModel:
    def __init__(self) -> None:
        self.calls = 0

    def complete(self, messages, *, timeout_s: float) -> str:
        self.calls += 1
        return "{}"


def _assistant(**overrides) -> tuple[Assistant, SpyGuard, SpyRetriever]:
    guard, retriever = SpyGuard(), SpyRetriever()
    assistant = Assistant(
        guard=guard, retriever=retriever, source=Source(), today=lambda: date(2026, 11, 21), **overrides
    )
    return assistant, guard, retriever


def test_a_refused_question_reaches_no_retriever_and_no_model():
    chat, answered = SpyChatModel(), []

    def llm_answerer(*args, **kwargs) -> Answer:
        answered.append(1)
        return kwargs["extractive"]

    assistant, guard, retriever = _assistant(chat_model=chat, llm_answerer=llm_answerer)
    answer = assistant.ask("Can Oakwood Academy staff use Facebook?")
    assert [v.categories for v in guard.audited] == [(Category.SCHOOL_IDENTITY,)]
    assert answer.refused and answer.stance == Stance.NOT_COVERED
    assert answer.categories == ["school_identity"]
    assert answer.answer == "refused: school identity"
    assert answer.citations == [] and answer.retrieved == []
    assert retriever.queries == [] and chat.calls == 0 and answered == []


def test_every_history_turn_is_checked_and_a_refused_turn_refuses_the_request():
    assistant, guard, retriever = _assistant()
    answer = assistant.ask("and on whatsapp?", history=["I work at Oakwood, can I add pupils?"])
    assert answer.refused
    assert guard.seen == ["and on whatsapp?", "I work at Oakwood, can I add pupils?"]
    assert retriever.queries == []


def test_an_allowed_question_is_answered_with_a_cited_clause():
    assistant, _, retriever = _assistant()
    answer = assistant.ask("can I friend an ex-pupil on insta?", documents=[DOC])
    assert not answer.refused
    assert retriever.queries[0][1] == (DOC,)
    assert [(c.document, c.clause) for c in answer.citations] == [(DOC, "2.14/2.12")]
    assert answer.citations[0].quote in FRIENDS.text
    assert answer.latency_ms > 0


def test_a_follow_up_is_resolved_against_history_before_retrieval():
    assistant, _, retriever = _assistant()
    assistant.ask("what if they message me first?", history=["can I friend an ex-pupil on facebook?"])
    query = retriever.queries[0][0]
    assert "message" in query and "pupil" in query


def test_unknown_scope_and_empty_question_are_errors_not_answers():
    assistant, _, retriever = _assistant()
    with pytest.raises(UnknownDocumentError, match="nope"):
        assistant.ask("can I use facebook?", documents=["nope"])
    with pytest.raises(InvalidRequestError):
        assistant.ask("   ")
    assert retriever.queries == []


def test_extractive_path_skips_the_chat_model():
    chat = SpyChatModel()
    assistant, _, _ = _assistant(chat_model=chat, llm_answerer=lambda *a, **k: pytest.fail("LLM used"))
    assert assistant.ask_extractive("can I friend an ex-pupil?").mode == "extractive"
    assert chat.calls == 0


def test_the_vocabulary_helps_pick_the_answering_clause(monkeypatch: pytest.MonkeyPatch) -> None:
    # Hand-built hits carry no retrieval evidence; judge them with the fixed coverage rules, always sure.
    from assistant.answer import compose
    from assistant.answer.confidence_model import ConfidenceModel

    monkeypatch.setattr(compose, "default_model", lambda: ConfidenceModel.rule_based())
    # "etsy" is not a policy word; the vocabulary says it means a commercial business.
    home = Clause(DOC, "6.1", ("IT",), "Use at home", "You may use the laptop at home for planning.", "x.txt", (0, 1))
    business = Clause(DOC, "6.2", ("IT",), "Business", "run a commercial business", "x.txt", (2, 3), "You must not:-")

    class TwoClauses(SpyRetriever):
        def retrieve(self, query: str, *, documents: Sequence[str] = (), k: int = 10) -> list[ScoredClause]:
            return [ScoredClause(home, 0.9), ScoredClause(business, 0.9)]

    etsy = Vocabulary.from_mapping({"entries": [{"match": ["etsy"], "add": "commercial business"}]})
    answers = {
        name: Assistant(guard=SpyGuard(), retriever=TwoClauses(), source=Source(), vocabulary=vocabulary).ask(
            "can I do my etsy orders at home?"
        )
        for name, vocabulary in (("plain", None), ("etsy", etsy))
    }
    assert answers["plain"].stance is Stance.PERMITTED
    assert answers["etsy"].stance is Stance.PROHIBITED
    assert answers["etsy"].citations[0].clause == "6.2"

    class WithVocabulary(TwoClauses):
        vocabulary = etsy

    # Built without an explicit vocabulary, the assistant reads the retriever's own (as wiring.py passes it).
    built = Assistant(guard=SpyGuard(), retriever=WithVocabulary(), source=Source())
    assert built.ask("can I do my etsy orders at home?").stance is Stance.PROHIBITED


class TwoPolicies(Source):
    def documents(self) -> list[DocumentMeta]:
        return [
            DocumentMeta(document_id=DOC, title="Social Media Policy", source="x.txt", content_hash="h"),
            DocumentMeta(document_id="agency", title="Agency Handbook", source="y.txt", content_hash="y"),
        ]


def test_a_policy_named_in_the_question_scopes_retrieval_and_says_so() -> None:
    retriever = SpyRetriever()
    assistant = Assistant(guard=SpyGuard(), retriever=retriever, source=TwoPolicies(), policy_aliases={DOC: ["trust"]})
    answer = assistant.ask("under the trust policy can I friend an ex-pupil?")
    query, scope = retriever.queries[-1]
    assert scope == (DOC,)
    assert "trust" not in query
    assert "friend an ex-pupil" in query
    assert (answer.scope, answer.scope_source) == ([DOC], "question")
    assert answer.answer.startswith("From Social Media Policy:")


def test_an_explicit_scope_wins_over_the_wording_and_no_name_means_all() -> None:
    retriever = SpyRetriever()
    assistant = Assistant(guard=SpyGuard(), retriever=retriever, source=TwoPolicies(), policy_aliases={DOC: ["trust"]})
    requested = assistant.ask("under the trust policy can I friend an ex-pupil?", documents=["agency"])
    assert retriever.queries[-1] == ("under the trust policy can I friend an ex-pupil?", ("agency",))
    assert (requested.scope, requested.scope_source) == (["agency"], "request")
    unnamed = assistant.ask("trust me, can I friend an ex-pupil?")
    assert retriever.queries[-1][1] == ()
    assert (unnamed.scope, unnamed.scope_source) == ([], "all")
    assert not unnamed.answer.startswith("From")
