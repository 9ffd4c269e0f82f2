"""Shared helpers: a fake assistant, a real uvicorn server on loopback, captured JSON logs."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from pydantic import SecretStr

from assistant.api.app import create_app
from assistant.api.logs import JsonFormatter
from assistant.errors import UnknownDocumentError, UnknownOrganisationError
from assistant.guard.verdict import Category, Verdict
from assistant.models import Answer, Citation, Stance
from assistant.settings import Settings
from ingest.clause import Clause, DocumentMeta

API_KEY = "test-key-1-0123456789abcdef0123456789"
API_KEY_2 = "test-key-2-0123456789abcdef0123456789"
TEAMS_TOKEN = base64.b64encode(b"teams-shared-secret-for-tests-0123456789").decode()
DOC = "school-social-media-electronic-comms-2025"
REFUSAL = "Your question contains details that identify the school or a person; remove them and ask again."


@dataclass
class FakeAssistant:
    """Answers from a canned clause; refuses text containing a school name or a password."""

    ask_delay_s: float = 0.0
    with_extractive: bool = True
    questions: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    error: Exception | None = None

    def ask(
        self,
        question: str,
        *,
        documents: Sequence[str] = (),
        history: Sequence[str] = (),
        organisation: str | None = None,
    ) -> Answer:
        self.questions.append(question)
        if self.error is not None:
            raise self.error
        _check_organisation(organisation)
        unknown = [d for d in documents if d != DOC]
        if unknown:
            raise UnknownDocumentError(unknown)
        verdict = self.check(question)
        if verdict.refused:
            return Answer(refused=True, answer=verdict.message, categories=[str(c) for c in verdict.categories])
        if self.ask_delay_s:
            time.sleep(self.ask_delay_s)
        return self._answer(mode="llm")

    def ask_extractive(self, question: str, *, documents: Sequence[str] = ()) -> Answer:
        return self._answer(mode="extractive")

    def check(self, text: str) -> Verdict:
        self.checked.append(text)
        lowered = text.lower()
        if "oakfield" in lowered:
            return Verdict(allowed=False, categories=(Category.SCHOOL_IDENTITY,), message=REFUSAL)
        if "password" in lowered:
            return Verdict(allowed=False, categories=(Category.CREDENTIALS,), message=REFUSAL)
        return Verdict(allowed=True)

    def documents(self, organisation: str | None = None) -> list[DocumentMeta]:
        _check_organisation(organisation)
        return [DocumentMeta(DOC, "Social Media Policy", f"data/policies/{DOC}.md", "abc", policy_date="2025-01")]

    def clauses(self, document_id: str, organisation: str | None = None) -> list[Clause]:
        _check_organisation(organisation)
        if document_id != DOC:
            raise UnknownDocumentError([document_id])
        return [Clause(DOC, "8", ("8",), "Using AI", "Employees must not input information into AI.", "x", (0, 10))]

    def ready(self) -> bool:
        return True

    def search(self, query: str, *, documents: Sequence[str], k: int = 30) -> list[ScoredHit]:
        """The health report's retrieval: the canned clause, at a dense cosine above any fitted threshold."""
        unknown = [d for d in documents if d != DOC]
        if unknown:
            raise UnknownDocumentError(unknown)
        return [ScoredHit(self.clauses(DOC)[0], 1.0, 0.99)]

    def _answer(self, *, mode: str) -> Answer:
        cite = Citation(document=DOC, clause="8", title="Using AI", quote="must not input any information into AI")
        return Answer(
            stance=Stance.PROHIBITED,
            answer="No: the policy forbids it.",
            citations=[cite],
            mode=mode,
            confidence=0.95,
            confident=True,
        )


@dataclass(frozen=True)
class ScoredHit:
    """A retrieval hit with its dense cosine, as the hybrid retriever returns it."""

    clause: Clause
    score: float
    dense: float


def _check_organisation(organisation: str | None) -> None:
    """The fake holds one organisation, "default" (a deployment with no organisations file)."""
    if organisation not in (None, "default"):
        raise UnknownOrganisationError()


class NoExtractive(FakeAssistant):
    """A fake without the extractive fallback."""

    def __getattribute__(self, name: str) -> Any:
        if name == "ask_extractive":
            raise AttributeError(name)
        return super().__getattribute__(name)


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    """Return test settings: one key pair, a Teams token, feedback in tmp."""
    values: dict[str, Any] = {
        "api_keys": SecretStr(f"{API_KEY}, {API_KEY_2}"),
        "teams_hmac_secret": SecretStr(TEAMS_TOKEN),
        "feedback_db": tmp_path / "feedback.sqlite3",
        "rate_limit_per_minute": 10_000,
        "index_dir": tmp_path / "index",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def teams_signature(body: bytes, token: str = TEAMS_TOKEN) -> str:
    """Sign a body the way Teams does."""
    digest = hmac.new(base64.b64decode(token), body, hashlib.sha256).digest()
    return "HMAC " + base64.b64encode(digest).decode()


@dataclass
class LiveServer:
    """A real uvicorn server on 127.0.0.1 running in a thread."""

    base_url: str
    server: uvicorn.Server
    thread: threading.Thread

    def client(self, *, key: str | None = API_KEY, timeout: float = 30.0) -> httpx.Client:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=timeout)


@contextmanager
def live_server(settings: Settings, factory: Callable[[Settings], Any]) -> Iterator[LiveServer]:
    """Start the real app under uvicorn on a free loopback port; stop it afterwards."""
    app = create_app(settings, assistant_factory=factory)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_config=None, access_log=False, lifespan="on", timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", server, thread)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def wait_ready(live: LiveServer, *, timeout_s: float = 120.0) -> None:
    """Poll /readyz until 200."""
    deadline = time.monotonic() + timeout_s
    with live.client(key=None) as client:
        while time.monotonic() < deadline:
            if client.get("/readyz").status_code == 200:
                return
            time.sleep(0.05)
    raise AssertionError("server never became ready")


class LogCapture(logging.Handler):
    """Collect every log line, formatted as the service formats it."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.stream = io.StringIO()
        self.setFormatter(JsonFormatter())
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        self.stream.write(self.format(record) + "\n")
        # Also keep the raw message and args, so a leak through either is caught.
        self.stream.write(f"{record.msg!s} {record.args!r}\n")

    @property
    def text(self) -> str:
        return self.stream.getvalue()


@pytest.fixture
def logs() -> Iterator[LogCapture]:
    """Capture all logs (root and the service logger) while the test runs."""
    handler = LogCapture()
    root = logging.getLogger()
    old_level = root.level
    root.setLevel(logging.DEBUG)
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


@pytest.fixture
def fake() -> FakeAssistant:
    return FakeAssistant()


@pytest.fixture
def server(tmp_path: Path, fake: FakeAssistant) -> Iterator[LiveServer]:
    """A ready server with the fake assistant and default test settings."""
    with live_server(make_settings(tmp_path), lambda _s: fake) as live:
        wait_ready(live)
        yield live


@pytest.fixture(scope="session")
def kit() -> Any:
    """This module, so tests can reach the helpers (importlib mode forbids importing a conftest)."""
    import sys

    return sys.modules[__name__]
