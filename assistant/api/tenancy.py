"""Which organisation a request speaks for: the API key's binding, else the request's own choice."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request

from assistant.api.auth import ClientDep
from assistant.api.state import StateDep
from assistant.errors import UnknownOrganisationError
from assistant.settings import Settings


def bound_organisation(presented: str | None, settings: Settings) -> str | None:
    """Return the organisation a presented key is bound to (None: unbound), comparing every key in constant time."""
    found: str | None = None
    candidate = (presented or "").encode("utf-8")
    for key, organisation in settings.api_key_bindings():
        if hmac.compare_digest(candidate, key.encode("utf-8")) and organisation:
            found = organisation
    return found


def choose(bound: str | None, requested: str | None) -> str | None:
    """Return the request's organisation: a bound key's own; an unbound key may name one (or none: all)."""
    if bound is None:
        return requested
    if requested is not None and requested != bound:
        raise UnknownOrganisationError()  # 404, as for any other organisation a key cannot see
    return bound


def key_organisation(request: Request, state: StateDep, _client: ClientDep) -> str | None:
    """Return the organisation the request's bearer key is bound to (after the key was accepted)."""
    if state.settings.auth_disabled:
        return None
    scheme, _, presented = request.headers.get("authorization", "").partition(" ")
    organisation = bound_organisation(presented.strip() if scheme.lower() == "bearer" else None, state.settings)
    request.state.organisation = organisation
    return organisation


KeyOrganisationDep = Annotated[str | None, Depends(key_organisation)]
