"""The text retrieval runs on for a question in a conversation (pure)."""

from __future__ import annotations

from collections.abc import Sequence


def contextual_query(question: str, history: Sequence[str] = (), *, turns: int = 1) -> str:
    """Return the question prefixed by the last ``turns`` earlier user questions, so follow-ups keep their topic."""
    earlier = [turn.strip() for turn in history[-turns:] if turn.strip()] if turns > 0 else []
    return " ".join([*earlier, question.strip()])
