"""Opt-in (make test-llm): LLM mode against a real llama_cpp.server on loopback with a small GGUF model.

Needs ``llama-cpp-python[server]`` importable and POLICY_TEST_GGUF=/path/to/model.gguf; skips otherwise.
Whatever the small model replies, the answer must be verified or fall back with a reason: never an
unverified quote.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.answer.compose import compose_answer
from assistant.llm.factory import build_chat_model
from assistant.llm.llm_answer import answer_with_llm
from assistant.protocols import ChatMessage, ChatModel, ScoredClause
from assistant.settings import REPO_ROOT, Settings
from ingest.loaders import load_document
from ingest.parser import parse_document

pytestmark = pytest.mark.llm
STARTUP_S = 180.0
ANSWER_TIMEOUT_S = 120.0
DOC = "academy-trust-it-comms-social-media"


def _gguf() -> Path:
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama_cpp is not importable; pip install 'llama-cpp-python[server]' to run LLM tests")
    raw = os.environ.get("POLICY_TEST_GGUF", "")
    if not raw or not Path(raw).is_file():
        pytest.skip("set POLICY_TEST_GGUF to a small GGUF model file to run LLM tests")
    return Path(raw)


@pytest.fixture(scope="module")
def server_url(free_port: Callable[[], int], stop_process: Callable[..., None]) -> Iterator[str]:
    """Start llama_cpp.server on loopback and yield its OpenAI-compatible base URL."""
    gguf = _gguf()
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(gguf),
        "--model_alias",
        "test-model",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        "4096",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + STARTUP_S
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"llama_cpp.server exited with {proc.returncode}")
            try:
                if httpx.get(f"{url}/models", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            pytest.fail("llama_cpp.server did not start in time")
        yield url
    finally:
        stop_process(proc, timeout_s=15)


def _model(url: str) -> ChatModel:
    values: dict[str, Any] = {"llm": "openai:test-model", "llm_base_url": url, "llm_timeout_s": ANSWER_TIMEOUT_S}
    settings = Settings(_env_file=None, **values)  # type: ignore[call-arg]
    model = build_chat_model(settings)
    assert model is not None
    return model


def test_server_completes_a_chat(server_url: str) -> None:
    reply = _model(server_url).complete([ChatMessage("user", "Reply with the word yes.")], timeout_s=ANSWER_TIMEOUT_S)
    assert reply.strip()


def test_llm_answer_is_verified_or_falls_back(server_url: str) -> None:
    path = REPO_ROOT / "data" / "policies" / f"{DOC}.txt"
    parsed = parse_document(load_document(path).text, document_id=DOC, source=str(path))
    wanted = ["2.14/2.12", "2.14/4", "2.14/3"]
    hits = [ScoredClause(c, 1.0 - 0.1 * wanted.index(c.clause_id)) for c in parsed.clauses if c.clause_id in wanted]
    hits.sort(key=lambda h: -h.score)
    question = "Can I accept a pupil as a friend on Facebook?"
    metas = {DOC: parsed.meta}
    extractive = compose_answer(question, hits, documents=metas, today=date.today())
    answer = answer_with_llm(
        question, hits, model=_model(server_url), extractive=extractive, timeout_s=ANSWER_TIMEOUT_S, documents=metas
    )
    if answer.mode == "llm":
        assert answer.fallback is None
        texts = {h.clause.clause_id: h.clause.text for h in hits}
        assert answer.citations
        assert all(" ".join(c.quote.split()) in " ".join(texts[c.clause].split()) for c in answer.citations)
    else:
        assert answer.fallback
        assert answer.answer == extractive.answer
