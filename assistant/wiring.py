"""The one place that builds the assistant from settings (used by the API, UI, CLI and eval)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from assistant.core import Assistant
from assistant.facade import AssistantAPI, LlmAnswerer
from assistant.live import LiveAssistant
from assistant.protocols import ChatModel, Embedder
from assistant.settings import Settings

if TYPE_CHECKING:
    from ingest.store import ClauseIndex

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Models:
    """What does not depend on the index: loaded once per process and reused by every reload."""

    embedder: Embedder
    analyzer: Any  # the guard's Presidio AnalyzerEngine (spaCy NER)


def load_models(settings: Settings, *, embedder: Embedder | None = None) -> Models:
    """Load the embedding model and the guard's NER analyzer."""
    from assistant.guard.presidio import build_analyzer
    from ingest.embedder import load_embedder

    return Models(embedder=embedder or load_embedder(settings), analyzer=build_analyzer())


def build_assistant(
    settings: Settings,
    *,
    embedder: Embedder | None = None,
    models: Models | None = None,
    generation: str | None = None,
) -> Assistant:
    """Open the index (the live generation, or ``generation``) and build guard, retriever and chat model."""
    models = models or load_models(settings, embedder=embedder)
    return _open_and_build(settings, models=models, generation=generation)[0]


def _open_and_build(settings: Settings, *, models: Models, generation: str | None) -> tuple[Assistant, ClauseIndex]:
    from ingest.store import open_generation, open_index

    started = time.perf_counter()
    index = open_index(settings) if generation is None else open_generation(settings, generation)
    assistant = assistant_for(index, settings=settings, models=models)
    warm_up(assistant)
    seconds = round(time.perf_counter() - started, 2)
    log.info("assistant ready", extra={"documents": len(assistant.documents()), "seconds": seconds})
    return assistant, index


def assistant_for(index: ClauseIndex, *, settings: Settings, models: Models) -> Assistant:
    """Build the assistant over one opened index generation with already-loaded models."""
    # Heavy imports live here so importing the package stays cheap.
    from assistant.guard import Guard, GuardConfig
    from assistant.organisation_guard import guard_identifiers
    from assistant.organisations import OrganisationConfig
    from assistant.retrieval.aliases import load_alias_file
    from assistant.retrieval.hybrid import build_retriever

    retriever = build_retriever(index=index, embedder=models.embedder, settings=settings)
    documents = index.documents()
    # Names in the policies' front matter feed the guard, so it is rebuilt per generation (cheap: no model load).
    config = GuardConfig.load(settings.guard_dir, documents=documents, public_texts=[c.text for c in index.clauses()])
    organisations = OrganisationConfig.load(settings.organisations_path)
    # Every configured organisation's identifiers, whichever organisation is asking.
    config = config.merged(guard_identifiers(organisations))
    guard = Guard(
        config,
        analyzer=models.analyzer,
        audit_salt=settings.audit_salt.get_secret_value(),
        audit_log=settings.audit_log,
    )
    chat_model, llm_answerer = _chat_model(settings)
    return Assistant(
        guard=guard,
        retriever=retriever,
        source=index,
        retrieval_k=settings.retrieval_k,
        max_citations=settings.max_citations,
        chat_model=chat_model,
        llm_answerer=llm_answerer,
        llm_timeout_s=settings.llm_timeout_s,
        vocabulary=retriever.vocabulary,
        policy_aliases=load_alias_file(settings.policy_aliases_path),
        verdict_threshold=settings.verdict_threshold,
        organisations=organisations,
    )


def live_assistant(
    settings: Settings, *, models: Models | None = None, load: Callable[[], Models] | None = None
) -> LiveAssistant:
    """Return an assistant holder that follows the live generation (call ``start()`` to load and watch).

    ``load`` fetches the models on the first build (default: load them here), so a caller that also needs the
    embedder (the Manage policies page) can share one loaded copy.
    """
    from ingest.chroma_generations import generations_for

    generations = generations_for(settings)
    loaded: list[Models] = [models] if models else []
    indexes: dict[int, ClauseIndex] = {}  # by id() of the assistant built over each

    def build(generation: str) -> Assistant:
        if not loaded:  # first build, in the loader thread: the models load once
            loaded.append(load() if load is not None else load_models(settings))
        assistant, index = _open_and_build(settings, models=loaded[0], generation=generation)
        indexes[id(assistant)] = index
        return assistant

    def retire(assistant: AssistantAPI) -> None:
        index = indexes.pop(id(assistant), None)
        if index is not None:
            index.close()

    return LiveAssistant(probe=generations.live, build=build, interval_s=settings.reload_interval_s, retire=retire)


def _chat_model(settings: Settings) -> tuple[ChatModel | None, LlmAnswerer | None]:
    """Return the configured chat model and the verifying answerer, or (None, None) in extractive mode."""
    if not settings.llm:
        return None, None
    from assistant.llm.factory import build_chat_model
    from assistant.llm.llm_answer import answer_with_llm

    return build_chat_model(settings), answer_with_llm


def warm_up(assistant: Assistant) -> None:
    """Run one generic question through every stage so the first real answer is fast."""
    assistant.ask_extractive("Can I use social media at work?")
