"""The one place that builds the assistant from settings (used by the API, UI, CLI and eval)."""

from __future__ import annotations

import logging
import time

from assistant.core import Assistant, LlmAnswerer
from assistant.protocols import ChatModel, Embedder
from assistant.settings import Settings

log = logging.getLogger(__name__)


def build_assistant(settings: Settings, *, embedder: Embedder | None = None) -> Assistant:
    """Load the embedding model, open the index, build guard, retriever and (optional) chat model."""
    # Heavy imports live here so importing the package stays cheap.
    from assistant.guard import build_guard
    from assistant.retrieval.aliases import load_alias_file
    from assistant.retrieval.hybrid import build_retriever
    from ingest.embedder import load_embedder
    from ingest.store import open_index

    started = time.perf_counter()
    index = open_index(settings)
    embedder = embedder or load_embedder(settings)
    retriever = build_retriever(index=index, embedder=embedder, settings=settings)
    documents = index.documents()
    guard = build_guard(settings, documents=documents, public_texts=[c.text for c in index.clauses()])
    chat_model, llm_answerer = _chat_model(settings)
    assistant = Assistant(
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
    )
    warm_up(assistant)
    log.info("assistant ready", extra={"documents": len(documents), "seconds": round(time.perf_counter() - started, 2)})
    return assistant


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
