"""The admin gate: constant-time password check, a process-wide lock-out, nothing of the password in the logs."""

from __future__ import annotations

import logging

import pytest
from pydantic import SecretStr

from assistant.settings import Settings
from ui.admin import AdminGate

SECRET = "correct horse battery staple"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def _gate(clock: Clock, *, max_failures: int = 3, lockout_s: float = 60.0) -> AdminGate:
    return AdminGate(SECRET, max_failures=max_failures, lockout_s=lockout_s, clock=clock)


def test_the_right_password_opens_and_a_wrong_one_counts_down() -> None:
    gate = _gate(Clock())
    assert gate.attempt(SECRET).ok
    first = gate.attempt("correct horse battery stapler")
    assert not first.ok and not first.locked and first.attempts_left == 2
    assert gate.attempt("").attempts_left == 1


def test_a_lock_out_after_max_failures_refuses_even_the_right_password_until_it_expires() -> None:
    clock = Clock()
    gate = _gate(clock)
    for _ in range(2):
        assert not gate.attempt("guess").locked
    third = gate.attempt("guess")
    assert third.locked and third.locked_s == 60.0
    clock.now += 59
    refused = gate.attempt(SECRET)
    assert not refused.ok and refused.locked_s == pytest.approx(1.0)
    assert gate.locked_for() == pytest.approx(1.0)
    clock.now += 1
    assert gate.locked_for() == 0
    assert gate.attempt(SECRET).ok


def test_the_count_starts_again_after_a_lock_and_after_a_success() -> None:
    clock = Clock()
    gate = _gate(clock)
    gate.attempt("a")
    gate.attempt("b")
    assert gate.attempt(SECRET).ok
    assert gate.attempt("c").attempts_left == 2  # the success cleared the two failures
    gate.attempt("d")
    gate.attempt("e")
    clock.now += 61
    assert gate.attempt("f").attempts_left == 2  # a lock that expired starts a fresh count


def test_one_gate_is_shared_so_a_new_session_is_locked_too() -> None:
    clock = Clock()
    gate = _gate(clock, max_failures=1)
    assert gate.attempt("tab one").locked
    assert gate.attempt(SECRET).locked  # the same process-wide gate serves every browser session


def test_an_unset_password_never_opens() -> None:
    gate = AdminGate(None, max_failures=3, lockout_s=60, clock=Clock())
    assert not gate.enabled
    assert not gate.attempt("").ok
    assert not AdminGate("", max_failures=3, lockout_s=60).enabled


def test_from_settings_reads_the_password_and_limits() -> None:
    clock = Clock()
    settings = Settings(admin_password=SecretStr(SECRET), admin_max_failures=2, admin_lockout_s=30)
    gate = AdminGate.from_settings(settings, clock=clock)
    assert gate.enabled and gate.attempt(SECRET).ok
    gate.attempt("x")
    assert gate.attempt("y").locked_s == 30
    assert not AdminGate.from_settings(Settings(admin_password=None)).enabled


def test_non_ascii_passwords_compare_as_bytes() -> None:
    gate = AdminGate("pässwörd-ß", max_failures=3, lockout_s=60, clock=Clock())
    assert gate.attempt("pässwörd-ß").ok
    assert not gate.attempt("passwoerd-ss").ok


def test_logs_never_carry_the_attempt_or_the_password(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="ui.admin")
    gate = _gate(Clock(), max_failures=2)
    gate.attempt("hunter2-typed-by-mistake")
    gate.attempt("another-wrong-guess")
    gate.attempt(SECRET)
    messages = [record.getMessage() for record in caplog.records]
    assert "admin login failed" in messages and "admin page locked" in messages
    dumped = " ".join(f"{record.getMessage()} {record.__dict__}" for record in caplog.records)
    for secret in ("hunter2-typed-by-mistake", "another-wrong-guess", SECRET):
        assert secret not in dumped
