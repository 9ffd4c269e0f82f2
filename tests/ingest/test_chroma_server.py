"""Ingest into and query a real `chroma run` server on loopback (server mode: POLICY_CHROMA_HOST)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from ingest.chroma_generations import ServerGenerations
from ingest.pipeline import ingest_paths
from ingest.store import open_index

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
SOUTHOVER = "southover-computer-internet-email-social-media"
ADVICE = "school-staff-advice-electronic-comms"


@pytest.fixture
def chroma_server(tmp_path, free_port, stop_process):
    """Start `chroma run` on a free loopback port, wait for its heartbeat, stop it afterwards."""
    port = free_port()
    chroma = Path(sys.executable).with_name("chroma")
    log = (tmp_path / "chroma.log").open("wb")
    process = subprocess.Popen(
        [str(chroma), "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"chroma run did not start: {(tmp_path / 'chroma.log').read_text(errors='replace')}")
            time.sleep(0.2)
        yield port
    finally:
        stop_process(process, timeout_s=15)
        log.close()


def test_ingest_and_query_through_a_real_chroma_server(chroma_server, tmp_path, real_embedder):
    from assistant.settings import Settings

    policies = tmp_path / "policies"
    policies.mkdir()
    for stem in (SOUTHOVER, ADVICE):
        shutil.copy(REPO / "data" / "policies" / f"{stem}.txt", policies)
    settings = Settings(
        chroma_host="127.0.0.1", chroma_port=chroma_server, index_dir=tmp_path / "lock", policies_dir=policies
    )

    first = ingest_paths([], settings=settings, embedder=real_embedder)
    assert first.ok and first.documents_added == 2 and first.generation == "gen-000001"
    index = open_index(settings)
    question = real_embedder.embed(["Should my social media profile be private from pupils?"])[0]
    hits = index.search(question, k=5, documents=[SOUTHOVER])
    assert len(hits) == 5 and {hit.clause.document_id for hit in hits} == {SOUTHOVER}
    assert [meta.document_id for meta in index.documents()] == [ADVICE, SOUTHOVER]

    assert ingest_paths([], settings=settings, embedder=real_embedder).documents_unchanged == 2
    (policies / f"{ADVICE}.txt").unlink()
    (policies / "broken.docx").write_bytes(b"not a docx")
    third = ingest_paths([], settings=settings, embedder=real_embedder)
    assert third.documents_removed == 1 and [error.path for error in third.errors] == [str(policies / "broken.docx")]
    assert third.generation == "gen-000002"
    assert index.is_live(settings) is False  # the old generation still serves whoever holds it
    assert index.search(question, k=1)[0].clause.document_id in {SOUTHOVER, ADVICE}

    fresh = open_index(settings)
    assert [meta.document_id for meta in fresh.documents()] == [SOUTHOVER]
    assert fresh.count() == len(index.clauses(SOUTHOVER))
    collections = sorted(c.name for c in ServerGenerations(settings).client.list_collections())
    assert collections == [
        "policy_clauses-gen-000001",
        "policy_clauses-gen-000001-docs",
        "policy_clauses-gen-000002",
        "policy_clauses-gen-000002-docs",
        "policy_clauses-pointer",
    ]
