"""Build the configured chat model from settings (POLICY_LLM="openai:<model>" or "ollama:<model>")."""

from __future__ import annotations

from typing import Any

from assistant.errors import ConfigurationError
from assistant.protocols import ChatModel

# Provider prefixes that speak the OpenAI chat API.
OPENAI_COMPATIBLE = frozenset({"openai", "azure", "vllm", "llamacpp", "llama.cpp"})
OLLAMA = frozenset({"ollama"})


def parse_llm_spec(spec: str) -> tuple[str, str]:
    """Split "provider:model" into (provider, model); raise ConfigurationError when malformed."""
    provider, sep, model = spec.strip().partition(":")
    provider = provider.strip().lower()
    if not sep or not provider or not model.strip():
        raise ConfigurationError(f'POLICY_LLM must look like "openai:<model>" or "ollama:<model>", not {spec!r}')
    if provider not in OPENAI_COMPATIBLE | OLLAMA:
        known = ", ".join(sorted(OPENAI_COMPATIBLE | OLLAMA))
        raise ConfigurationError(f"unknown POLICY_LLM provider {provider!r}; use one of: {known}")
    return provider, model.strip()


def build_chat_model(settings: Any) -> ChatModel | None:
    """Return the chat model selected by settings.llm, or None for the extractive-only default."""
    spec = (settings.llm or "").strip()
    if not spec:
        return None
    provider, model = parse_llm_spec(spec)
    timeout_s = float(settings.llm_timeout_s)
    if provider in OLLAMA:
        from assistant.llm.ollama import build_ollama

        return build_ollama(model, base_url=settings.llm_base_url, timeout_s=timeout_s)
    from assistant.llm.openai_compat import build_openai_compat

    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    return build_openai_compat(model, base_url=settings.llm_base_url, api_key=key, timeout_s=timeout_s)
