"""OpenAI-compatible chat endpoints (OpenAI, Azure OpenAI v1, vLLM, a llama.cpp server) via langchain_openai."""

from __future__ import annotations

from assistant.llm.langchain_chat import LangChainChatModel

# Local servers ignore the key, but the OpenAI client insists on one.
PLACEHOLDER_API_KEY = "not-needed"


def build_openai_compat(
    model: str, *, base_url: str | None, api_key: str | None, timeout_s: float, temperature: float = 0.0
) -> LangChainChatModel:
    """Return a ChatModel for an OpenAI-compatible endpoint (no network until the first call)."""
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    chat = ChatOpenAI(
        model=model,
        base_url=base_url,
        api_key=SecretStr(api_key or PLACEHOLDER_API_KEY),
        timeout=timeout_s,
        max_retries=0,
        temperature=temperature,
    )
    return LangChainChatModel(chat, name=f"openai:{model}")
