"""Bearer API keys, Teams HMAC signatures, and the per-client rate limit dependency."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from assistant.api.limits import retry_after_header
from assistant.api.state import ApiState, StateDep
from assistant.errors import ConfigurationError

bearer_scheme = HTTPBearer(auto_error=False, description="One of the keys in POLICY_API_KEYS.")


MIN_KEY_CHARS = 32


def client_hash(value: str, *, salt: str = "") -> str:
    """Return a short, non-reversible id for a key or address, for logs and buckets (salted: not sha256(key))."""
    return hmac.new(salt.encode("utf-8"), value.encode("utf-8"), hashlib.sha256).hexdigest()[:12]


def check_api_keys(keys: list[str]) -> None:
    """Raise ConfigurationError naming how many keys are too short to resist guessing (never the keys)."""
    short = [key for key in keys if len(key) < MIN_KEY_CHARS]
    if short:
        raise ConfigurationError(
            f"{len(short)} of the POLICY_API_KEYS is shorter than {MIN_KEY_CHARS} characters; "
            'use long random keys, e.g. "openssl rand -hex 24"'
        )


def _salt(state: ApiState) -> str:
    return state.settings.audit_salt.get_secret_value()


def key_matches(candidate: str, keys: list[str]) -> bool:
    """Compare a presented key with every configured key in constant time."""
    found = False
    for key in keys:
        found |= hmac.compare_digest(candidate.encode("utf-8"), key.encode("utf-8"))
    return found


def require_api_key(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    state: StateDep,
) -> str:
    """Accept a configured bearer key (or anyone when auth is disabled); return the client id."""
    address = request.client.host if request.client else "unknown"
    if state.settings.auth_disabled:
        client = "ip:" + client_hash(address, salt=_salt(state))
    else:
        refuse_blocked_address(state, address)
        keys = state.settings.api_key_values()
        presented = credentials.credentials if credentials and credentials.scheme.lower() == "bearer" else None
        if presented is None or not key_matches(presented, keys):
            count_auth_failure(state, address)
            raise HTTPException(401, "a valid bearer API key is required", headers={"WWW-Authenticate": "Bearer"})
        client = "key:" + client_hash(presented, salt=_salt(state))
    request.state.client_id = client
    enforce_rate_limit(state, client)
    return client


def enforce_rate_limit(state: ApiState, client: str) -> None:
    """Raise 429 with Retry-After when the client has used up its bucket."""
    wait_s = state.limiter.acquire(client)
    if wait_s > 0:
        raise HTTPException(
            429, "rate limit exceeded; retry later", headers={"Retry-After": retry_after_header(wait_s)}
        )


def refuse_blocked_address(state: ApiState, address: str) -> None:
    """Raise 429 before any key is compared when this address has used up its allowance of failed attempts."""
    wait_s = state.auth_failures.waiting(address)
    if wait_s > 0:
        raise HTTPException(
            429, "too many failed authentication attempts", headers={"Retry-After": retry_after_header(wait_s)}
        )


def count_auth_failure(state: ApiState, address: str) -> None:
    """Take one token from the address's failure bucket (the next request is refused once it is empty)."""
    state.auth_failures.acquire(address)


def decode_secret(token: str) -> bytes:
    """Decode the base64 security token Teams shows when the outgoing webhook is created."""
    try:
        return base64.b64decode(token.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("POLICY_TEAMS_HMAC_SECRET is not valid base64") from exc


def sign(body: bytes, key: bytes) -> str:
    """Return the Teams signature of a body: base64(HMAC-SHA256(key, body))."""
    return base64.b64encode(hmac.new(key, body, hashlib.sha256).digest()).decode("ascii")


def verify_teams_signature(header: str | None, body: bytes, key: bytes) -> bool:
    """Check `Authorization: HMAC <base64>` against the raw body in constant time."""
    if not header:
        return False
    scheme, _, presented = header.strip().partition(" ")
    if scheme.lower() != "hmac" or not presented:
        return False
    expected = sign(body, key)
    return hmac.compare_digest(presented.strip().encode("ascii", "replace"), expected.encode("ascii"))


ClientDep = Annotated[str, Depends(require_api_key)]
