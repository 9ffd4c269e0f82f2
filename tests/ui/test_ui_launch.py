"""`run_ui` really serves the app: exec streamlit in a child process and check its health endpoint."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

FAKE = Path(__file__).resolve().parent / "ui_fake_assistant.py"
LAUNCH = (
    "from assistant.settings import Settings; from ui.launch import run_ui; run_ui(port={port}, settings=Settings())"
)


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=2) as response:
        return response.status, response.read().decode("utf-8", "replace")


def test_run_ui_execs_a_headless_streamlit_on_the_port(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("POLICY_UI_ASSISTANT_FACTORY", f"{FAKE}:build")
    monkeypatch.setenv("POLICY_FEEDBACK_DB", str(tmp_path / "feedback.sqlite3"))
    process = subprocess.Popen(
        [sys.executable, "-c", LAUNCH.format(port=port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline, status = time.monotonic() + 60, 0
        while time.monotonic() < deadline and status != 200:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            try:
                status, body = _get(f"http://localhost:{port}/_stcore/health")
            except OSError:
                time.sleep(0.3)
        assert (status, body) == (200, "ok")
        status, page = _get(f"http://localhost:{port}/")
        assert status == 200 and "<title>Streamlit</title>" in page
    finally:
        process.terminate()
        process.wait(timeout=10)
