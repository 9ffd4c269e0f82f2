"""The admin gate of the Manage policies page: constant-time password check and a process-wide lock-out.

Pure (no Streamlit): the UI keeps one gate per process, so every browser session shares the failure count; a
lock-out kept per session would be bypassed by opening a new tab. The password is never logged or stored here
beyond the configured value itself; logs say only that a login failed or that the page locked.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from assistant.settings import Settings

log = logging.getLogger(__name__)

Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class LoginResult:
    """What one login attempt got: in, or not, and for how long the page stays locked."""

    ok: bool
    locked_s: float = 0.0  # seconds until another attempt is read; 0 when not locked
    attempts_left: int = 0  # wrong passwords still allowed before the lock

    @property
    def locked(self) -> bool:
        """Return whether the page is locked (no attempt is compared until locked_s has passed)."""
        return self.locked_s > 0


def admin_enabled(settings: Settings) -> bool:
    """Return whether the Manage policies page is offered: POLICY_ADMIN_PASSWORD is set and not empty."""
    return bool(settings.admin_password and settings.admin_password.get_secret_value())


def _digest(password: str) -> bytes:
    """Return a fixed-length digest, so the comparison's time reveals neither content nor length."""
    return hashlib.sha256(password.encode("utf-8")).digest()


class AdminGate:
    """Check the admin password in constant time; lock every session out after too many wrong ones."""

    def __init__(self, password: str | None, *, max_failures: int, lockout_s: float, clock: Clock = time.monotonic):
        self._password = _digest(password) if password else None
        self._max_failures = max(1, max_failures)
        self._lockout_s = lockout_s
        self._clock = clock
        self._failures = 0
        self._locked_until = 0.0
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings, *, clock: Clock = time.monotonic) -> AdminGate:
        """Return the gate for settings.admin_password (unset: a gate that never opens)."""
        secret = settings.admin_password.get_secret_value() if settings.admin_password else None
        return cls(secret, max_failures=settings.admin_max_failures, lockout_s=settings.admin_lockout_s, clock=clock)

    @property
    def enabled(self) -> bool:
        """Return whether a password is configured (otherwise the page is not offered at all)."""
        return self._password is not None

    def locked_for(self) -> float:
        """Return the seconds the page stays locked (0 when attempts are read)."""
        with self._lock:
            return self._remaining()

    def attempt(self, password: str) -> LoginResult:
        """Compare one attempt with the password; count a failure, and lock after admin_max_failures of them."""
        with self._lock:
            remaining = self._remaining()
            if remaining > 0:
                log.warning("admin login refused while locked", extra={"event": "admin_locked"})
                return LoginResult(ok=False, locked_s=remaining)
            if self._password is not None and hmac.compare_digest(_digest(password), self._password):
                self._failures = 0
                log.info("admin login", extra={"event": "admin_login"})
                return LoginResult(ok=True)
            return self._fail()

    def _fail(self) -> LoginResult:
        self._failures += 1
        log.warning("admin login failed", extra={"event": "admin_login_failed", "failures": self._failures})
        if self._failures < self._max_failures:
            return LoginResult(ok=False, attempts_left=self._max_failures - self._failures)
        self._failures = 0
        self._locked_until = self._clock() + self._lockout_s
        log.warning("admin page locked", extra={"event": "admin_locked", "seconds": self._lockout_s})
        return LoginResult(ok=False, locked_s=self._lockout_s)

    def _remaining(self) -> float:
        return max(0.0, self._locked_until - self._clock())
