"""Shared fixtures: one real embedding model, one real index of the bundled policies, one real assistant."""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

REPO = Path(__file__).resolve().parents[1]


def _free_loopback_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session", autouse=True)
def _versions_outside_the_repo(tmp_path_factory) -> None:
    """Keep every ingest's version archive out of data/versions unless a test names its own folder."""
    os.environ["POLICY_VERSIONS_DIR"] = str(tmp_path_factory.mktemp("versions"))


@pytest.fixture(scope="session")
def free_port() -> Callable[[], int]:
    """Return a function that finds a free loopback TCP port for a test server."""
    return _free_loopback_port


def _stop_process(process: subprocess.Popen[bytes], *, timeout_s: float) -> None:
    process.terminate()
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def stop_process() -> Callable[..., None]:
    """Return a function that stops a test server: SIGTERM, then SIGKILL if it has not exited in timeout_s."""
    return _stop_process


@pytest.fixture(scope="session")
def real_embedder():
    """Return the real all-MiniLM-L6-v2 embedder from its PyPI package (loaded once per session)."""
    from assistant.settings import Settings
    from ingest.embedder import load_embedder

    return load_embedder(Settings())


@pytest.fixture(scope="session")
def indexed_settings(tmp_path_factory, real_embedder):
    """Return settings whose index holds the five bundled policies (built once per session)."""
    from assistant.settings import Settings
    from ingest.pipeline import ingest_paths

    root = tmp_path_factory.mktemp("shared-index")
    settings = Settings(
        index_dir=root / "index",
        versions_dir=root / "versions",
        feedback_db=root / "feedback.sqlite3",
        policies_dir=REPO / "data" / "policies",
        audit_log=None,
        llm=None,
    )
    report = ingest_paths([settings.policies_dir], settings=settings, embedder=real_embedder)
    assert report.ok, report.errors
    return settings


@pytest.fixture(scope="session")
def real_assistant(indexed_settings, real_embedder):
    """Return the real assistant (guard, hybrid retrieval, extractive answers) over the shared index."""
    from assistant.wiring import build_assistant

    return build_assistant(indexed_settings, embedder=real_embedder)
