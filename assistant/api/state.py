"""What the app holds between requests: settings, the assistant once loaded, the rate limiter."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request

from assistant.api.limits import RateLimiter
from assistant.core import AssistantAPI
from assistant.errors import IndexNotReadyError
from assistant.settings import Settings


@dataclass
class ApiState:
    """Per-process service state (one per uvicorn worker)."""

    settings: Settings
    limiter: RateLimiter
    assistant: AssistantAPI | None = None
    load_error: str | None = None
    loaded: threading.Event = field(default_factory=threading.Event)
    feedback_store: Any = None

    def require_assistant(self) -> AssistantAPI:
        """Return the loaded assistant or raise IndexNotReadyError (503)."""
        if self.assistant is None:
            reason = "the policy index and models are still loading"
            raise IndexNotReadyError(f"{reason}: {self.load_error}" if self.load_error else reason)
        return self.assistant


def get_state(request: Request) -> ApiState:
    """Return the app's ApiState."""
    state: ApiState = request.app.state.api
    return state


StateDep = Annotated[ApiState, Depends(get_state)]
