"""What the app holds between requests: settings, the assistant once loaded, the rate limiter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request

from assistant.api.limits import RateLimiter
from assistant.api.replay import ReplayGuard
from assistant.facade import AssistantAPI
from assistant.live import LiveAssistant
from assistant.settings import Settings


@dataclass
class ApiState:
    """Per-process service state (one per uvicorn worker)."""

    settings: Settings
    limiter: RateLimiter
    live: LiveAssistant
    auth_failures: RateLimiter
    replays: ReplayGuard
    feedback_store: Any = None

    @property
    def assistant(self) -> AssistantAPI | None:
        """Return the assistant of the live generation, or None while it loads."""
        return self.live.current()

    @property
    def load_error(self) -> str | None:
        """Return why the first load failed, if it did."""
        return self.live.error

    def require_assistant(self) -> AssistantAPI:
        """Return the current assistant (hold it for the whole request) or raise IndexNotReadyError (503)."""
        return self.live.require()


def get_state(request: Request) -> ApiState:
    """Return the app's ApiState."""
    state: ApiState = request.app.state.api
    return state


StateDep = Annotated[ApiState, Depends(get_state)]
