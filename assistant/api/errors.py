"""Map PolicyAssistantError subclasses and validation failures to HTTP responses (here only)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from assistant.errors import (
    ConfigurationError,
    IndexNotReadyError,
    InvalidRequestError,
    ModelError,
    PolicyAssistantError,
    PolicyFileError,
    UnknownDocumentError,
    UnknownOrganisationError,
    VersionNotFoundError,
)

log = logging.getLogger("assistant.api")

STATUS: tuple[tuple[type[PolicyAssistantError], int], ...] = (
    (UnknownDocumentError, 404),
    (UnknownOrganisationError, 404),
    (VersionNotFoundError, 404),
    (PolicyFileError, 422),
    (InvalidRequestError, 422),
    (IndexNotReadyError, 503),
    (ModelError, 502),
    (ConfigurationError, 503),
)


def status_for(exc: PolicyAssistantError) -> int:
    """Return the HTTP status for a product error (500 only for unexpected kinds)."""
    for kind, status in STATUS:
        if isinstance(exc, kind):
            return status
    return 500


def install(app: FastAPI) -> None:
    """Register the handlers on the app."""
    app.add_exception_handler(PolicyAssistantError, _product_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)


async def _product_error(request: Request, exc: PolicyAssistantError) -> JSONResponse:
    status = status_for(exc)
    headers = {"Retry-After": "5"} if status == 503 else None
    request.state.event = type(exc).__name__
    # Product errors carry ids and reasons, never the question text.
    return JSONResponse({"detail": str(exc)}, status_code=status, headers=headers)


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [_public(error) for error in exc.errors()]
    first = errors[0] if errors else {}
    where = ".".join(str(part) for part in first.get("loc", ()) if part != "body") or "body"
    reason = f"{where}: {first.get('msg', 'invalid request')}"
    return JSONResponse({"detail": reason, "errors": jsonable_encoder(errors)}, status_code=422)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled error", extra={"event": type(exc).__name__})
    return JSONResponse({"detail": "internal error"}, status_code=500)


def _public(error: Any) -> dict[str, Any]:
    # Drop the echoed input so a rejected question is not sent back or logged.
    return {"loc": list(error.get("loc", ())), "msg": error.get("msg", ""), "type": error.get("type", "")}
