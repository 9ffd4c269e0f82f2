"""Evidence recall and the two baselines, on the real policies (real BM25, real Chroma, real embedding model)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assistant.models import Stance
from assistant.settings import Settings
from eval.baselines import (
    CHUNK_SIZE,
    BM25Baseline,
    ClauseCatalog,
    LangChainBaseline,
    Retrieval,
    compare,
    context,
    evidence_recall_item,
    normalise,
)
from eval.datasets import ExpectedClause, QAItem
from eval.harness import run_eval

POLICIES = Path(__file__).resolve().parents[2] / "data" / "policies"
ACAD = "academy-trust-it-comms-social-media"
SCHOOL = "school-social-media-electronic-comms-2025"


@pytest.fixture(scope="module")
def catalog(parsed_policies: Any) -> ClauseCatalog:
    clauses = tuple(c for doc in parsed_policies.values() for c in doc.clauses)
    return ClauseCatalog(clauses, titles={d: doc.meta.title for d, doc in parsed_policies.items()})


def _text(catalog: ClauseCatalog, document: str, clause: str) -> str:
    return catalog.records((document, clause))[0].text


def test_normalise_ignores_markup_case_and_line_breaks() -> None:
    assert normalise("- **Mind your language!**\n  All work   e-mail") == "mind your language all work e mail"


def test_evidence_needs_a_substantive_record(catalog: ClauseCatalog) -> None:
    section = ExpectedClause(ACAD, "2.14/2")
    # The lead-in "You must not:-" alone is not evidence; any of its bullets is.
    assert evidence_recall_item(catalog, [section], normalise("You must not:-")) == 0.0
    bullet = _text(catalog, ACAD, "2.14/2.12")
    assert evidence_recall_item(catalog, [section], normalise("intro. " + bullet)) == 1.0
    # Section 8 of the 2025 policy has several records; any one of them counts.
    eight = catalog.records((SCHOOL, "8"))
    assert len(eight) > 1
    assert evidence_recall_item(catalog, [ExpectedClause(SCHOOL, "8")], normalise(eight[-1].text)) == 1.0
    assert evidence_recall_item(catalog, [ExpectedClause(SCHOOL, "8.3")], normalise(eight[-1].text)) == 0.0


def test_compare_cuts_every_context_at_the_same_cap(catalog: ClauseCatalog) -> None:
    first, second = _text(catalog, SCHOOL, "8.3"), _text(catalog, SCHOOL, "4.2")
    items = [
        QAItem(id="a", question="q", stance=Stance.REQUIRED, expected=(ExpectedClause(SCHOOL, "8.3"),)),
        QAItem(id="b", question="q", stance=Stance.REQUIRED, expected=(ExpectedClause(SCHOOL, "4.2"),)),
        QAItem(id="c", question="q", stance=Stance.NOT_COVERED),
    ]
    cap = max(len(first), len(second)) + 10
    filler = "x" * cap
    runs = {
        "ours": [Retrieval((first,), ((SCHOOL, "8.3"),)), Retrieval((second,), ((SCHOOL, "4.2"),)), Retrieval(())],
        "late": [Retrieval((filler, first)), Retrieval((second,)), Retrieval(())],
    }
    result = compare(items, runs, catalog, cap=cap, curve_caps=(cap, 10_000), max_k=3)
    assert result["covered_n"] == 2
    assert result["systems"]["ours"]["evidence_recall"] == 1.0
    # The first item's clause sits past the cap, behind a cap's worth of filler.
    assert result["systems"]["late"]["evidence_recall"] == 0.5
    assert result["systems"]["late"]["evidence_curve"] == {str(cap): 0.5, "10000": 1.0}
    assert result["ratios"] == {"ours/late": 2.0}
    assert result["systems"]["ours"]["recall_curve"] == [1.0, 1.0, 1.0]
    assert "recall_curve" not in result["systems"]["late"]
    assert context(["abc", "def"], 5) == "abc"


def test_bm25_baseline_searches_the_same_clauses_within_scope(catalog: ClauseCatalog) -> None:
    bm25 = BM25Baseline(catalog, k=10)
    hit = bm25.retrieve("accept ex-pupils as friends on social media", documents=[ACAD])
    assert hit.refs and all(doc == ACAD for doc, _ in hit.refs)
    assert (ACAD, "2.14/2.12") in hit.refs[:3]
    assert hit.texts[hit.refs.index((ACAD, "2.14/2.12"))] == _text(catalog, ACAD, "2.14/2.12")


@pytest.fixture(scope="module")
def langchain(real_embedder: Any, parsed_policies: Any) -> Any:
    from ingest.langchain_adapters import EmbedderEmbeddings

    baseline = LangChainBaseline(
        POLICIES, document_ids=list(parsed_policies), embeddings=EmbedderEmbeddings(real_embedder)
    )
    yield baseline
    baseline.close()


def test_langchain_baseline_is_the_tutorial_pipeline(langchain: Any) -> None:
    raw = (POLICIES / f"{SCHOOL}.txt").read_text(encoding="utf-8")
    other = (POLICIES / "southover-computer-internet-email-social-media.txt").read_text(encoding="utf-8")
    assert len(langchain.files) == 5 and langchain.chunk_count > 72_000 // CHUNK_SIZE
    scoped = langchain.retrieve("can I put school information into ChatGPT", documents=[SCHOOL])
    assert len(scoped.texts) == 4 and not scoped.refs
    assert all(len(t) <= CHUNK_SIZE and t in raw for t in scoped.texts)
    both = langchain.retrieve("personal email", documents=[SCHOOL, "southover-computer-internet-email-social-media"])
    assert all(t in raw or t in other for t in both.texts)
    assert len(langchain.retrieve("personal email").texts) == 4


def test_run_eval_reports_baselines(
    scripted: Any, write_jsonl: Callable[[str, list[dict[str, Any]]], Path], real_embedder: Any, tmp_path: Path
) -> None:
    qa = write_jsonl(
        "qa.jsonl",
        [
            {"id": "ai", "question": "Can I put school details into an AI tool?", "documents": [SCHOOL],
             "expected": [{"document": SCHOOL, "clause": "8"}], "stance": "prohibited", "must_mention": []},
            {"id": "dog", "question": "Can I bring my dog?", "documents": [], "expected": [], "stance": "not_covered",
             "must_mention": []},
        ],
    )  # fmt: skip
    scripted.script = {
        "Can I put school details into an AI tool?": scripted.answer(
            Stance.PROHIBITED, cited=[(SCHOOL, "8")], retrieved=[(SCHOOL, "8"), (SCHOOL, "7.4")]
        )
    }
    # One raw file keeps the LangChain store small; the scoped question only needs its own document.
    policies = tmp_path / "policies"
    policies.mkdir()
    shutil.copy(POLICIES / f"{SCHOOL}.txt", policies)
    settings = Settings(policies_dir=policies)
    result = run_eval(
        scripted, qa_path=qa, guard_path=None, out_dir=tmp_path / "out", settings=settings, embedder=real_embedder
    )
    base = result.metrics["baselines"]
    assert set(base["systems"]) == {"ours", "bm25", "langchain"} and base["cap_chars"] == 4_000
    assert base["systems"]["ours"]["evidence_recall"] == 1.0
    assert 0.0 <= base["systems"]["langchain"]["evidence_recall"] <= 1.0
    assert set(base["ratios"]) == {"ours/bm25", "ours/langchain"}
    assert base["langchain_files"] == [SCHOOL]
    report = result.report_path.read_text()
    assert "## Baselines" in report and "LangChain tutorial" in report
