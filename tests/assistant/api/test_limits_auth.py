"""Pure units: token buckets, key comparison, Teams signing, the error-to-status map."""

from __future__ import annotations

import base64

import pytest

from assistant.api.auth import decode_secret, key_matches, sign, verify_teams_signature
from assistant.api.errors import status_for
from assistant.api.limits import RateLimiter, retry_after_header
from assistant.errors import (
    ConfigurationError,
    IndexNotReadyError,
    InvalidRequestError,
    ModelError,
    PolicyAssistantError,
    UnknownDocumentError,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_token_bucket_refills_over_time() -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=60, clock=clock)
    assert [limiter.acquire("a") for _ in range(60)] == [0.0] * 60
    wait = limiter.acquire("a")
    assert wait == pytest.approx(1.0)
    assert limiter.acquire("b") == 0.0
    clock.now += 1.0
    assert limiter.acquire("a") == 0.0
    assert limiter.acquire("a") > 0


def test_token_bucket_forgets_oldest_clients() -> None:
    limiter = RateLimiter(per_minute=1, max_clients=2, clock=Clock())
    limiter.acquire("a")
    limiter.acquire("b")
    limiter.acquire("c")
    assert limiter.acquire("a") == 0.0  # "a" was evicted, so it starts with a full bucket
    assert limiter.acquire("c") > 0


def test_retry_after_is_whole_seconds() -> None:
    assert retry_after_header(0.01) == "1"
    assert retry_after_header(2.2) == "3"


def test_key_matches() -> None:
    assert key_matches("k2", ["k1", "k2"])
    assert not key_matches("k3", ["k1", "k2"])
    assert not key_matches("", [])
    assert not key_matches("k1x", ["k1"])


def test_teams_signature_roundtrip() -> None:
    key = decode_secret(base64.b64encode(b"secret").decode())
    body = b'{"text": "hi"}'
    signature = sign(body, key)
    assert verify_teams_signature(f"HMAC {signature}", body, key)
    assert verify_teams_signature(f"hmac  {signature} ", body, key)
    assert not verify_teams_signature(f"HMAC {signature}", body + b" ", key)
    assert not verify_teams_signature(signature, body, key)
    assert not verify_teams_signature(None, body, key)
    assert not verify_teams_signature("HMAC ü", body, key)


def test_decode_secret_rejects_non_base64() -> None:
    with pytest.raises(ValueError, match="base64"):
        decode_secret("not*base64")


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (UnknownDocumentError(["x"]), 404),
        (InvalidRequestError("bad"), 422),
        (IndexNotReadyError("empty"), 503),
        (ModelError("timeout"), 502),
        (ConfigurationError("missing"), 503),
        (PolicyAssistantError("other"), 500),
    ],
)
def test_status_for(error: PolicyAssistantError, status: int) -> None:
    assert status_for(error) == status
