"""Shared set-up for the UI tests: fake and real assistant environments, a served app, headless chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest
import streamlit as st
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from assistant.settings import get_settings
from ui.launch import streamlit_command

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"
FAKE = Path(__file__).resolve().parent / "ui_fake_assistant.py"


@pytest.fixture
def fake_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the UI at the fake assistant and a fresh feedback database; yield the tmp dir."""
    monkeypatch.setenv("POLICY_UI_ASSISTANT_FACTORY", f"{FAKE}:build")
    monkeypatch.setenv("POLICY_FEEDBACK_DB", str(tmp_path / "feedback.sqlite3"))
    monkeypatch.setenv("POLICY_UI_FAKE_LOG", str(tmp_path / "calls.jsonl"))
    get_settings.cache_clear()
    st.cache_resource.clear()
    yield tmp_path
    get_settings.cache_clear()
    st.cache_resource.clear()


REAL_POLICIES = ("academy-trust-it-comms-social-media.txt", "school-social-media-electronic-comms-2025.txt")


@pytest.fixture(scope="session")
def real_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ingest two real policies with the real embedder into a tmp index, once per session; return its dir."""
    from assistant.settings import Settings
    from ingest.embedder import load_embedder
    from ingest.pipeline import ingest_paths

    index_dir = tmp_path_factory.mktemp("ui-index") / "index"
    settings = Settings(index_dir=index_dir)
    report = ingest_paths(
        [settings.policies_dir / name for name in REAL_POLICIES], settings=settings, embedder=load_embedder(settings)
    )
    assert report.documents_total == len(REAL_POLICIES) and not report.errors
    return index_dir


@pytest.fixture
def real_env(real_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the UI at the real assistant over the tmp index and a fresh feedback database; yield the tmp dir."""
    monkeypatch.delenv("POLICY_UI_ASSISTANT_FACTORY", raising=False)
    monkeypatch.setenv("POLICY_INDEX_DIR", str(real_index))
    monkeypatch.setenv("POLICY_FEEDBACK_DB", str(tmp_path / "feedback.sqlite3"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


REPO = Path(__file__).resolve().parents[2]
OUTPUT = REPO / "test-output" / "ui"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def browser_available() -> bool:
    """Return True when Debian's chromium and chromedriver are installed."""
    return Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()


def _wait_healthy(port: int, process: subprocess.Popen[bytes], *, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError("streamlit did not become healthy")


@contextmanager
def _streamlit_server(env: Mapping[str, str], *, log_path: Path, port: int, stop: Callable[..., None]) -> Iterator[str]:
    """Run the app on a free loopback port; yield its URL."""
    command = streamlit_command(port=port, address="127.0.0.1")
    full_env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", **env}
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=REPO, env=full_env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_healthy(port, process, timeout_s=60)
            yield f"http://127.0.0.1:{port}"
        finally:
            stop(process, timeout_s=10)


@contextmanager
def _chromium(*, width: int = 1280, height: int = 1500) -> Iterator[webdriver.Chrome]:
    """Start headless Debian chromium with a fresh profile and no background networking."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", f"--window-size={width},{height}",
    ):  # fmt: skip
        options.add_argument(flag)
    with tempfile.TemporaryDirectory(prefix="pa-chromium-") as profile:
        options.add_argument(f"--user-data-dir={profile}")
        driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
        try:
            yield driver
        finally:
            driver.quit()


@pytest.fixture
def serve_app(free_port: Callable[[], int], stop_process: Callable[..., None]) -> object:
    """Return a context manager that serves the app with `streamlit run` on loopback and yields its URL."""
    return lambda env, *, log_path: _streamlit_server(env, log_path=log_path, port=free_port(), stop=stop_process)


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    """Yield headless Debian chromium driven by chromedriver."""
    if not browser_available():
        pytest.skip("needs Debian chromium and chromedriver (make browser)")
    with _chromium() as driver:
        yield driver
