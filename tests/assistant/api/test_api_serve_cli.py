"""`policy-assistant serve --workers 2` as a real process: health, readiness, loud auth warning, JSON logs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.integration


def test_serve_with_workers_and_auth_disabled_warning(tmp_path: Path, free_port: Callable[[], int]) -> None:
    cli = shutil.which("policy-assistant", path=str(Path(sys.executable).parent))
    assert cli, "the policy-assistant entry point is not installed"
    port = free_port()
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        # An empty index dir: the assistant fails to load, which /readyz must report while /healthz stays up.
        "POLICY_INDEX_DIR": str(tmp_path / "empty-index"),
        "POLICY_AUTH_DISABLED": "true",
        "POLICY_API_KEYS": "",
    }
    log_path = tmp_path / "stderr.log"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            [cli, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log_file,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            ready = _poll(base + "/readyz", lambda r: r.json().get("status") == "failed")
            assert ready.status_code == 503 and ready.json()["detail"]
            assert httpx.get(base + "/healthz").json()["status"] == "ok"
            ask = httpx.post(base + "/v1/ask", json={"question": "Is this private question logged?"})
            assert ask.status_code == 503
        finally:
            process.terminate()
            process.wait(timeout=30)
    text = log_path.read_text()
    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    warnings = [line for line in lines if line.get("event") == "auth_disabled" and line["level"] == "WARNING"]
    assert warnings  # each worker logs it when it starts
    assert any(line.get("route") == "/v1/ask" and line.get("status") == 503 for line in lines)
    assert "private question" not in text
    assert any(line["logger"].startswith("uvicorn") for line in lines)  # uvicorn's own lines are JSON too


def test_serve_refuses_to_start_with_a_short_key(tmp_path: Path) -> None:
    cli = shutil.which("policy-assistant", path=str(Path(sys.executable).parent))
    assert cli, "the policy-assistant entry point is not installed"
    env = {**os.environ, "POLICY_API_KEYS": "too-short-secret", "POLICY_INDEX_DIR": str(tmp_path / "index")}
    done = subprocess.run([cli, "serve", "--port", "1"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "shorter than 32 characters" in done.stderr and "too-short-secret" not in done.stderr + done.stdout


def _poll(url: str, done: Callable[[httpx.Response], bool], *, timeout_s: float = 120.0) -> httpx.Response:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            response = httpx.get(url, timeout=5)
            if done(response):
                return response
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} never reached the expected state")
