"""The one place that builds the assistant from settings (used by the API, UI, CLI and eval)."""

from __future__ import annotations

import logging
import time

from assistant.core import Assistant
from assistant.settings import Settings

log = logging.getLogger(__name__)


def build_assistant(settings: Settings) -> Assistant:
    """Load the embedding model, open the index, build guard, retriever and (optional) chat model."""
    # Heavy imports live here so importing the package stays cheap.
    from assistant.guard import build_guard
    from assistant.llm.factory import build_chat_model
    from assistant.llm.llm_answer import answer_with_llm
    from assistant.retrieval.hybrid import build_retriever
    from ingest.embedder import load_embedder
    from ingest.store import open_index

    started = time.perf_counter()
    index = open_index(settings)
    embedder = load_embedder(settings)
    retriever = build_retriever(index=index, embedder=embedder, settings=settings)
    documents = index.documents()
    guard = build_guard(settings, documents=documents, public_texts=[c.text for c in index.clauses()])
    chat_model = build_chat_model(settings)
    assistant = Assistant(
        guard=guard,
        retriever=retriever,
        source=index,
        retrieval_k=settings.retrieval_k,
        max_citations=settings.max_citations,
        chat_model=chat_model,
        llm_answerer=answer_with_llm if chat_model is not None else None,
        llm_timeout_s=settings.llm_timeout_s,
    )
    warm_up(assistant)
    log.info("assistant ready", extra={"documents": len(documents), "seconds": round(time.perf_counter() - started, 2)})
    return assistant


def warm_up(assistant: Assistant) -> None:
    """Run one generic question through every stage so the first real answer is fast."""
    assistant.ask_extractive("Can I use social media at work?")
