"""Ollama chat models via langchain_ollama."""

from __future__ import annotations

from assistant.llm.langchain_chat import LangChainChatModel


def build_ollama(model: str, *, base_url: str | None, timeout_s: float, temperature: float = 0.0) -> LangChainChatModel:
    """Return a ChatModel for an Ollama server, asking it for JSON output (no network until the first call)."""
    from langchain_ollama import ChatOllama

    chat = ChatOllama(
        model=model,
        base_url=base_url,
        temperature=temperature,
        format="json",
        client_kwargs={"timeout": timeout_s},
    )
    return LangChainChatModel(chat, name=f"ollama:{model}")
