"""The chat-model factory and the LangChain adapters (no server needed)."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from pydantic import SecretStr

from assistant.errors import ConfigurationError, ModelError
from assistant.llm.factory import build_chat_model, parse_llm_spec
from assistant.llm.langchain_chat import LangChainChatModel
from assistant.protocols import ChatMessage
from assistant.settings import Settings


def _settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_no_llm_means_extractive_only() -> None:
    assert build_chat_model(_settings(llm=None)) is None
    assert build_chat_model(_settings(llm="  ")) is None


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("openai:gpt-4o-mini", ("openai", "gpt-4o-mini")),
        ("ollama:llama3.2:1b", ("ollama", "llama3.2:1b")),
        ("vLLM:Qwen/Qwen2.5-0.5B", ("vllm", "Qwen/Qwen2.5-0.5B")),
    ],
)
def test_spec_is_provider_then_model(spec: str, expected: tuple[str, str]) -> None:
    assert parse_llm_spec(spec) == expected


@pytest.mark.parametrize("spec", ["gpt-4o", "openai:", "anthropic:claude"])
def test_bad_spec_is_a_configuration_error(spec: str) -> None:
    with pytest.raises(ConfigurationError):
        parse_llm_spec(spec)


def test_openai_compatible_model_is_configured_from_settings() -> None:
    model = build_chat_model(
        _settings(
            llm="openai:tiny", llm_base_url="http://127.0.0.1:9/v1", llm_api_key=SecretStr("sk-test"), llm_timeout_s=3
        )
    )
    assert isinstance(model, LangChainChatModel)
    chat = model._chat
    assert (chat.model_name, chat.openai_api_base, chat.request_timeout, chat.max_retries) == (
        "tiny",
        "http://127.0.0.1:9/v1",
        3.0,
        0,
    )
    assert chat.openai_api_key.get_secret_value() == "sk-test"


def test_ollama_model_is_configured_from_settings() -> None:
    model = build_chat_model(_settings(llm="ollama:llama3.2", llm_base_url="http://127.0.0.1:11434", llm_timeout_s=4))
    assert isinstance(model, LangChainChatModel)
    assert (model._chat.model, model._chat.base_url, model._chat.format) == (
        "llama3.2",
        "http://127.0.0.1:11434",
        "json",
    )


def test_adapter_sends_roles_and_returns_text() -> None:
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    model = LangChainChatModel(FakeListChatModel(responses=['{"stance": "permitted"}']), name="fake")
    reply = model.complete([ChatMessage("system", "rules"), ChatMessage("user", "q")], timeout_s=1)
    assert reply == '{"stance": "permitted"}'
    with pytest.raises(ModelError):
        model.complete([ChatMessage("tool", "x")], timeout_s=1)


def test_unreachable_endpoint_raises_model_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed once the block ends, so nothing listens there
    model = build_chat_model(_settings(llm="openai:tiny", llm_base_url=f"http://127.0.0.1:{port}/v1", llm_timeout_s=2))
    assert model is not None
    with pytest.raises(ModelError, match="openai:tiny failed"):
        model.complete([ChatMessage("user", "hello")], timeout_s=2)
