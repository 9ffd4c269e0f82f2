"""Build the FastAPI app; the assistant loads in a background thread after start-up."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from assistant.api import errors
from assistant.api.auth import check_api_keys
from assistant.api.health_report import router as health_report_router
from assistant.api.limits import BodyLimitMiddleware, RateLimiter
from assistant.api.logs import LOGGER, RequestLogMiddleware, configure_logging
from assistant.api.replay import ReplayGuard
from assistant.api.routes import health, router
from assistant.api.state import ApiState
from assistant.api.teams import TeamsActivity
from assistant.api.teams import router as teams_router
from assistant.facade import AssistantAPI
from assistant.live import LiveAssistant
from assistant.settings import Settings, get_settings

AssistantFactory = Callable[[Settings], AssistantAPI]
log = logging.getLogger(LOGGER)

DESCRIPTION = (
    "Answers staff questions from the school's IT, email, social-media and AI-use policies, citing clauses. "
    "Every `/v1` route except the Teams webhook needs `Authorization: Bearer <key>` (POLICY_API_KEYS). "
    "Rate limits are per client and per worker process."
)


def _live(settings: Settings, factory: AssistantFactory | None) -> LiveAssistant:
    """Return the assistant holder: a fixed one from ``factory``, else one that follows the live generation."""
    if factory is not None:
        return LiveAssistant.fixed(lambda: factory(settings))
    from assistant.wiring import live_assistant

    return live_assistant(settings)


def create_app(settings: Settings | None = None, *, assistant_factory: AssistantFactory | None = None) -> FastAPI:
    """Return the app; the assistant is built in the lifespan, never at import time, and reloads after an ingest."""
    settings = settings or get_settings()
    configure_logging(settings.log_level)
    if not settings.auth_disabled:
        check_api_keys(settings.api_key_values())  # refuse to start with guessable keys
    live = _live(settings, assistant_factory)
    state = ApiState(
        settings=settings,
        limiter=RateLimiter(per_minute=settings.rate_limit_per_minute),
        live=live,
        auth_failures=RateLimiter(per_minute=settings.auth_failures_per_minute),
        replays=ReplayGuard(window_s=settings.teams_replay_window_s),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        _warn_about_auth(settings)
        live.start()  # loads in a background thread, then watches for new index generations
        yield
        live.stop()

    app = FastAPI(title="Policy Assistant API", version="0.1.0", description=DESCRIPTION, lifespan=lifespan)
    app.state.api = state
    app.include_router(router)
    app.include_router(teams_router)
    app.include_router(health_report_router)
    app.include_router(health)
    errors.install(app)
    # Added last = outermost: the request log sees 413s from the body limit too.
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(RequestLogMiddleware)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def app_factory() -> FastAPI:
    """Uvicorn factory (``assistant.api.app:app_factory``), one app per worker."""
    return create_app()


def _warn_about_auth(settings: Settings) -> None:
    if settings.auth_disabled:
        log.warning(
            "AUTHENTICATION IS DISABLED (POLICY_AUTH_DISABLED=true): anyone who can reach this port can use the API. "
            "Local development only; never expose this server.",
            extra={"event": "auth_disabled"},
        )
    elif not settings.api_key_values():
        log.warning("no POLICY_API_KEYS configured: every /v1 request will get 401", extra={"event": "no_api_keys"})
    if settings.teams_hmac_secret is None:
        log.info("POLICY_TEAMS_HMAC_SECRET unset: the Teams webhook answers 503", extra={"event": "teams_off"})


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {})["TeamsActivity"] = TeamsActivity.model_json_schema(
        ref_template="#/components/schemas/{model}"
    )
    components.setdefault("securitySchemes", {})["TeamsHMAC"] = {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "`HMAC <base64(HMAC-SHA256(base64decode(token), raw body))>`",
    }
    app.openapi_schema = schema
    return schema
