"""A running `policy-assistant serve --workers 2` picks up a new index generation from another process's ingest."""

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

PHONES = "# Phone Policy\n\n1. Phones\n\n1.1. Keep phones on silent in lessons.\n1.2. Never photograph pupils.\n"
NEW_CLAUSE = "1.3. Lock your phone with a passcode of at least six digits."
VISITORS = "# Visitor Policy\n\n1. Visitors\n\n1.1. Visitors must sign in at reception and wear a badge.\n"
WORKERS = 2


def _cli() -> str:
    cli = shutil.which("policy-assistant", path=str(Path(sys.executable).parent))
    assert cli, "the policy-assistant entry point is not installed"
    return cli


def _ingest(env: dict[str, str]) -> None:
    done = subprocess.run([_cli(), "ingest"], env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]


def _eventually(check: Callable[[], bool], *, timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise AssertionError(f"{what} did not happen within {timeout_s} s")


def _loaded(log_path: Path, generation: str) -> set[int]:
    """Return the worker pids that logged loading ``generation``."""
    lines = [json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")]
    return {
        line["pid"]
        for line in lines
        if line.get("event") == "assistant_loaded" and line.get("generation") == generation
    }


def test_every_worker_serves_a_new_ingest_without_a_restart(tmp_path: Path, free_port: Callable[[], int]) -> None:
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "phones.md").write_text(PHONES, encoding="utf-8")
    port = free_port()
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "POLICY_POLICIES_DIR": str(policies),
        "POLICY_INDEX_DIR": str(tmp_path / "index"),
        "POLICY_FEEDBACK_DB": str(tmp_path / "feedback.sqlite3"),
        "POLICY_AUTH_DISABLED": "true",
        "POLICY_API_KEYS": "",
        "POLICY_RELOAD_INTERVAL_S": "1",
        "POLICY_RATE_LIMIT_PER_MINUTE": "100000",
    }
    _ingest(env)
    base = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "stderr.log"
    command = [_cli(), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(WORKERS)]
    with log_path.open("wb") as log_file:
        server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log_file)
        try:
            _eventually(lambda: len(_loaded(log_path, "gen-000001")) == WORKERS, timeout_s=240, what="both workers up")
            before = httpx.get(base + "/v1/documents/phones/clauses", timeout=10).json()
            assert NEW_CLAUSE.split(" ", 1)[1] not in json.dumps(before)

            (policies / "phones.md").write_text(PHONES + NEW_CLAUSE + "\n", encoding="utf-8")
            (policies / "visitors.md").write_text(VISITORS, encoding="utf-8")
            _ingest(env)  # another process publishes gen-000002 while the server runs

            _eventually(lambda: len(_loaded(log_path, "gen-000002")) == WORKERS, timeout_s=30, what="both reload")
            for _ in range(12):  # new connections each time, so both workers answer
                clauses = httpx.get(base + "/v1/documents/phones/clauses", timeout=10).json()
                assert NEW_CLAUSE.split(" ", 1)[1] in [clause["text"] for clause in clauses]
                ids = [doc["id"] for doc in httpx.get(base + "/v1/documents", timeout=10).json()]
                assert ids == ["phones", "visitors"]
                answer = httpx.post(base + "/v1/ask", json={"question": "Do visitors need to sign in?"}, timeout=30)
                assert answer.status_code == 200
                assert "visitors" in {citation["document"] for citation in answer.json()["citations"]}
        finally:
            server.terminate()
            server.wait(timeout=30)
    assert "Do visitors need to sign in" not in log_path.read_text()
