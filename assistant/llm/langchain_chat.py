"""The ChatModel seam over any LangChain chat model (shared by the vendor adapters)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from assistant.errors import ModelError
from assistant.protocols import ChatMessage

_ROLES = {"system": "system", "user": "human", "assistant": "ai"}


def to_langchain(messages: Sequence[ChatMessage]) -> list[Any]:
    """Convert protocol messages into LangChain message objects."""
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

    kinds = {"system": SystemMessage, "human": HumanMessage, "ai": AIMessage}
    out = []
    for message in messages:
        role = _ROLES.get(message.role)
        if role is None:
            raise ModelError(f"unknown chat role {message.role!r}")
        out.append(kinds[role](content=message.content))
    return out


def reply_text(reply: Any) -> str:
    """Return the text of a LangChain reply (content may be a string or a list of parts)."""
    content = getattr(reply, "content", reply)
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(part if isinstance(part, str) else str(part.get("text", "")) for part in content)
    return str(content)


class LangChainChatModel:
    """A ChatModel backed by a LangChain BaseChatModel; failures become ModelError."""

    def __init__(self, chat: Any, *, name: str) -> None:
        self._chat = chat
        self.name = name

    def complete(self, messages: Sequence[ChatMessage], *, timeout_s: float) -> str:
        """Send the messages and return the reply text (the adapter's client enforces timeout_s)."""
        try:
            reply = self._chat.invoke(to_langchain(messages))
        except ModelError:
            raise
        except Exception as exc:  # vendor SDKs raise many unrelated types; the seam exposes one
            raise ModelError(f"chat model {self.name} failed: {type(exc).__name__}") from exc
        return reply_text(reply)
