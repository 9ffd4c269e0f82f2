"""Structured JSON logs and the per-request log line (ids, route, status, timing; never text)."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOGGER = "assistant.api"
REQUEST_ID_HEADER = "x-request-id"
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# Only these record attributes are copied into the JSON line, so a stray `extra` cannot leak text.
_FIELDS = (
    "request_id",
    "method",
    "route",
    "status",
    "latency_ms",
    "client",
    "categories",
    "refused",
    "mode",
    "fallback",
    "answer_id",
    "event",
    "stance",
    "citations",
    "documents",
    "seconds",
    "generation",
    "error",
    "pid",
)
# Product loggers follow POLICY_LOG_LEVEL; everything else (libraries) only reaches the log at WARNING.
_PRODUCT_LOGGERS = ("assistant", "ingest")


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        """Return the record as JSON with the whitelisted extra fields."""
        data: dict[str, Any] = {
            "ts": round(record.created, 3),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in _FIELDS:
            if hasattr(record, field):
                data[field] = getattr(record, field)
        if record.exc_info and record.exc_info[0] is not None:
            data["exc_type"] = record.exc_info[0].__name__
        return json.dumps(data, default=str)


def configure_logging(level: str = "INFO") -> None:
    """Send all logs to stderr as JSON lines: product loggers at ``level``, libraries at WARNING (idempotent)."""
    root = logging.getLogger()
    if not any(getattr(h, "_policy_json", False) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        handler.addFilter(_quiet_libraries)
        handler._policy_json = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.WARNING:
        root.setLevel(logging.WARNING)
    for name in _PRODUCT_LOGGERS:
        logging.getLogger(name).setLevel(level.upper())


def _quiet_libraries(record: logging.LogRecord) -> bool:
    # Libraries that set their own loggers to DEBUG would otherwise flood the log through the root handler.
    return record.levelno >= logging.WARNING or record.name.split(".")[0] in (*_PRODUCT_LOGGERS, "uvicorn")


def uvicorn_log_config(level: str = "INFO") -> dict[str, Any]:
    """Return uvicorn's logging config: its own messages as JSON too, no access log (ours replaces it)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {"json": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
        "loggers": {
            "uvicorn": {"handlers": ["json"], "level": level.upper(), "propagate": False},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }


def request_id_from(headers: list[tuple[bytes, bytes]]) -> str:
    """Reuse a well-formed X-Request-ID from the client, else mint one."""
    for name, value in headers:
        if name.lower() == REQUEST_ID_HEADER.encode():
            candidate = value.decode("latin-1")
            if _SAFE_REQUEST_ID.match(candidate):
                return candidate
    return uuid.uuid4().hex


class RequestLogMiddleware:
    """Log one JSON line per HTTP request and echo the request id in X-Request-ID."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Time the request and log it after the response has started."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = request_id_from(scope.get("headers", []))
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        status = {"code": 500}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER.encode(), request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            _log_request(scope, status=status["code"], started=started)


def _log_request(scope: Scope, *, status: int, started: float) -> None:
    state = scope.get("state", {})
    route = scope.get("route")
    extra: dict[str, Any] = {
        "request_id": state.get("request_id"),
        "method": scope.get("method"),
        # The route template, not the raw path, so ids typed into a URL are not logged verbatim.
        "route": getattr(route, "path", None) or "unmatched",
        "status": status,
        "latency_ms": round((time.perf_counter() - started) * 1000, 1),
        "client": state.get("client_id"),
        "categories": state.get("guard_categories", []),
    }
    for key in ("refused", "mode", "fallback", "answer_id", "event"):
        if key in state:
            extra[key] = state[key]
    # 503 is expected while loading (and polled by /readyz); other 5xx are faults.
    level = logging.WARNING if status == 503 else logging.ERROR if status >= 500 else logging.INFO
    logging.getLogger(LOGGER).log(level, "request", extra=extra)
