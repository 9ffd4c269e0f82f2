"""The Assistant façade: guard first, then retrieval and a grounded answer.

The API, Teams, UI, CLI and eval all go through ``Assistant.ask`` so they behave alike.
Built by ``assistant.wiring.build_assistant(settings)``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import date

from assistant.answer.compose import compose_answer
from assistant.answer.followup import resolve_followup
from assistant.errors import InvalidRequestError, UnknownDocumentError
from assistant.facade import ClauseSource, GuardLike, LlmAnswerer
from assistant.guard.check import RULE_DOCUMENT, message_for
from assistant.guard.verdict import Verdict
from assistant.models import Answer, ScopeSource, Stance
from assistant.organisations import Organisation, OrganisationConfig, Tenancy
from assistant.protocols import ChatModel, Hit, Retriever
from assistant.retrieval.expansion import Vocabulary
from assistant.retrieval.scope import PolicyNames, strip_names
from ingest.clause import Clause, DocumentMeta

log = logging.getLogger(__name__)


def _refusal(verdict: Verdict, *, started: float, allowed: Sequence[str] = ()) -> Answer:
    # An organisation that does not have the rule's policy is told the rule without seeing that policy.
    return Answer(
        refused=True,
        stance=Stance.NOT_COVERED,
        answer=message_for(verdict, cite_rule=not allowed or RULE_DOCUMENT in allowed),
        categories=[str(category) for category in verdict.categories],
        latency_ms=(time.perf_counter() - started) * 1000,
    )


class Assistant:
    """Answers staff questions from the ingested policies; the guard runs before anything else."""

    def __init__(
        self,
        *,
        guard: GuardLike,
        retriever: Retriever,
        source: ClauseSource,
        retrieval_k: int = 10,
        max_citations: int = 3,
        chat_model: ChatModel | None = None,
        llm_answerer: LlmAnswerer | None = None,
        llm_timeout_s: float = 20.0,
        today: Callable[[], date] = date.today,
        vocabulary: Vocabulary | None = None,
        policy_aliases: Mapping[str, Sequence[str]] | None = None,
        verdict_threshold: float | None = None,
        organisations: OrganisationConfig | None = None,
    ) -> None:
        self._guard = guard
        self._retriever = retriever
        # The composer reads the retriever's expansions when it picks the answering sentence; default to the
        # retriever's own vocabulary so an assistant built outside wiring.py answers as the API does.
        found = vocabulary if vocabulary is not None else getattr(retriever, "vocabulary", None)
        self._vocabulary = found if isinstance(found, Vocabulary) else Vocabulary.empty()
        self._source = source
        self._k = max(retrieval_k, 10)
        self._max_citations = max_citations
        self._chat_model = chat_model
        self._llm_answerer = llm_answerer
        self._llm_timeout_s = llm_timeout_s
        self._today = today
        self._verdict_threshold = verdict_threshold
        self._documents = {meta.document_id: meta for meta in source.documents()}
        self._clauses: dict[str, list[Clause]] = {doc: source.clauses(doc) for doc in self._documents}
        self._tenancy = Tenancy.of(list(self._documents.values()), organisations)
        # Policies named in a question ("the 2025 e-comms policy") scope it; aliases come from the front matter.
        self._names = PolicyNames.build(
            list(self._documents.values()),
            texts={doc: " ".join(c.text for c in clauses) for doc, clauses in self._clauses.items()},
            configured=policy_aliases,
        )

    def check(self, text: str) -> Verdict:
        """Run the AI-input guard only."""
        return self._guard.check(text)

    def documents(self, organisation: str | None = None) -> list[DocumentMeta]:
        """List the ingested policy documents (one organisation's when given)."""
        if organisation is None:
            return list(self._documents.values())
        return [self._documents[doc] for doc in self._tenancy.documents_of(organisation)]

    def clauses(self, document_id: str, organisation: str | None = None) -> list[Clause]:
        """Return one document's clauses in source order (404-alike for another organisation's document)."""
        if organisation is not None:
            self._tenancy.check_documents([document_id], organisation=organisation)
        if document_id not in self._clauses:
            raise UnknownDocumentError([document_id])
        return list(self._clauses[document_id])

    def organisations(self) -> list[Organisation]:
        """List the organisations that hold documents, with their document ids."""
        return self._tenancy.directory(list(self._documents.values()))

    def ready(self) -> bool:
        """Return True: everything is loaded when the assistant is built."""
        return True

    def search(self, query: str, *, documents: Sequence[str], k: int = 30) -> list[Hit]:
        """Retrieve an owner's fixed query within some documents (the health report; not staff input, no guard)."""
        return list(self._retriever.retrieve(query, documents=self._validate_scope(documents), k=k))

    def ask(
        self,
        question: str,
        *,
        documents: Sequence[str] = (),
        history: Sequence[str] = (),
        organisation: str | None = None,
    ) -> Answer:
        """Guard, resolve follow-ups, retrieve, compose; use the chat model when configured."""
        return self._ask(question, documents=documents, history=history, organisation=organisation, use_llm=True)

    def ask_extractive(
        self,
        question: str,
        *,
        documents: Sequence[str] = (),
        history: Sequence[str] = (),
        organisation: str | None = None,
    ) -> Answer:
        """Answer without the chat model (fast path used when a reply deadline is near)."""
        return self._ask(question, documents=documents, history=history, organisation=organisation, use_llm=False)

    def _ask(
        self,
        question: str,
        *,
        documents: Sequence[str],
        history: Sequence[str],
        organisation: str | None,
        use_llm: bool,
    ) -> Answer:
        started = time.perf_counter()
        if not question or not question.strip():
            raise InvalidRequestError("the question is empty")
        allowed: tuple[str, ...] = ()
        if organisation is not None:  # before the guard: an unknown organisation is the caller's error
            allowed = self._tenancy.documents_of(organisation)
            self._tenancy.check_documents(documents, organisation=organisation)
        # Every turn the caller sends is input to this AI, so every turn is checked before any work.
        for turn in (question, *history):
            verdict = self._guard.check(turn)
            if verdict.refused:
                self._guard.audit(verdict, turn)
                log.info("refused", extra={"categories": [str(c) for c in verdict.categories]})
                return _refusal(verdict, started=started, allowed=allowed)
        scope, source = self._scope(documents, question=question, history=history, allowed=allowed)
        if source == "question":
            # Naming words pull in clauses that mention the policy's name, not the topic (eval.bench.scope_bench,
            # recall@10 on 239 single-policy items named in front: 0.955 kept, 0.967 removed; 0.985 unnamed).
            question, history = self._without_names(question), [self._without_names(turn) for turn in history]
        query = resolve_followup(question, history)
        # The organisation filter runs inside each search (Chroma where, BM25 rows), never on the results.
        within = {"organisation": organisation} if organisation is not None else {}
        hits = self._retriever.retrieve(query, documents=scope, k=self._k, **within)
        visible = {doc: self._documents[doc] for doc in allowed} if allowed else self._documents
        answer = self._compose(query, hits, scope=scope or allowed, documents=visible)
        if use_llm and self._chat_model is not None and self._llm_answerer is not None:
            answer = self._llm_answerer(
                query,
                hits,
                model=self._chat_model,
                extractive=answer,
                timeout_s=self._llm_timeout_s,
                documents=visible,
            )
        answer.scope, answer.scope_source = list(scope), source
        answer.organisation = organisation
        if source == "question":
            answer.answer = f"From {self._titles(scope)}:\n\n{answer.answer}"
        answer.latency_ms = (time.perf_counter() - started) * 1000
        log.info(
            "answered",
            extra={
                "answer_id": answer.id,
                "stance": str(answer.stance),
                "citations": len(answer.citations),
                "mode": answer.mode,
                "scope_source": source,
                "latency_ms": round(answer.latency_ms, 1),
            },
        )
        return answer

    def _validate_scope(self, documents: Sequence[str]) -> tuple[str, ...]:
        unknown = [doc for doc in documents if doc not in self._documents]
        if unknown:
            raise UnknownDocumentError(unknown)
        return tuple(dict.fromkeys(documents))

    def _scope(
        self, documents: Sequence[str], *, question: str, history: Sequence[str], allowed: Sequence[str] = ()
    ) -> tuple[tuple[str, ...], ScopeSource]:
        """Return the documents to answer from and who chose them: the request, the question's wording, or all.

        ``allowed`` (an organisation's documents) bounds a named policy: another organisation's is never chosen.
        """
        requested = self._validate_scope(documents)
        if requested:
            return requested, "request"
        named = self._names.detect_conversation(question, history).documents
        if allowed:
            named = tuple(doc for doc in named if doc in allowed)
        return (named, "question") if named else ((), "all")

    def _without_names(self, text: str) -> str:
        """Return the text without the words that name a policy (the whole text if nothing else is left)."""
        return strip_names(text, self._names.detect(text)) or text

    def _titles(self, scope: Sequence[str]) -> str:
        """Return the titles of the policies in scope, as they read after "From"."""
        return " and ".join(self._documents[doc].title or doc for doc in scope)

    def _compose(
        self, query: str, hits: Sequence[Hit], *, scope: Sequence[str], documents: Mapping[str, DocumentMeta]
    ) -> Answer:
        """Compose the extractive answer over the documents in scope."""
        all_clauses: Mapping[str, Sequence[Clause]] = {
            doc: self._clauses[doc] for doc in (scope or tuple(self._clauses))
        }
        return compose_answer(
            query,
            hits,
            documents=documents,
            scope=scope,
            today=self._today(),
            all_clauses=all_clauses,
            max_citations=self._max_citations,
            expansion=self._vocabulary.additions(query),
            verdict_threshold=self._verdict_threshold,
        )
