"""Run the evaluation sets through the assistant (the chat's own path) and write answers, metrics, report, plots."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.errors import PolicyAssistantError
from assistant.facade import AssistantAPI
from assistant.models import Answer
from assistant.protocols import Embedder
from assistant.settings import REPO_ROOT, Settings, get_settings
from eval import baselines as bl
from eval import plots, report
from eval.batches import by_batch
from eval.datasets import DatasetError, GuardItem, QAItem, load_guard, load_qa
from eval.guard_metrics import GuardScore, guard_metrics
from eval.metrics import QAScore, qa_metrics, recall_curve, score_answer

log = logging.getLogger(__name__)

DEFAULT_QA_PATH = REPO_ROOT / "eval" / "data" / "qa.jsonl"
DEFAULT_GUARD_PATH = REPO_ROOT / "eval" / "data" / "guard.jsonl"
RECALL_CURVE_MAX_K = 20
STALE_OUTPUTS = ("answers.jsonl", "guard.jsonl", "metrics.json", "report.md")


@dataclass(frozen=True, slots=True)
class EvalResult:
    """The metrics of one run and where its files are."""

    metrics: dict[str, Any]
    out_dir: Path
    metrics_path: Path
    report_path: Path
    answers_path: Path | None = None
    guard_path: Path | None = None
    plots: dict[str, Path] = field(default_factory=dict)


def run_eval(
    assistant: AssistantAPI,
    *,
    qa_path: Path | None,
    guard_path: Path | None,
    out_dir: Path,
    baselines: bool = True,
    settings: Settings | None = None,
    limit: int | None = None,
    ids: Sequence[str] | None = None,
    embedder: Embedder | None = None,
    organisation: str | None = None,
) -> EvalResult:
    """Evaluate the QA and/or guard set (None skips one); write answers, guard verdicts, metrics, report, plots.

    ``embedder`` (optional) is the assistant's embedding model, reused by the LangChain baseline.
    ``organisation`` asks every question as that organisation and keeps only the items about its documents.
    """
    if qa_path is None and guard_path is None:
        raise DatasetError("<arguments>", None, "give a QA file, a guard file, or both")
    qa_items = load_qa(qa_path) if qa_path is not None else []
    guard_items = load_guard(guard_path) if guard_path is not None else []
    qa_items, guard_items = _select(qa_items, guard_items, ids=ids, limit=limit)
    if organisation is not None:
        qa_items = _within(qa_items, {meta.document_id for meta in assistant.documents(organisation)})
    _check_documents(assistant, qa_items)
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in [*(out_dir / name for name in STALE_OUTPUTS), *out_dir.glob("*.png")]:
        stale.unlink(missing_ok=True)  # a re-used folder must not show an earlier run's files

    metrics: dict[str, Any] = {"run": _run_info(qa_path, guard_path, qa_items, guard_items, baselines=baselines)}
    guard_scores = _run_guard(assistant, guard_items, out_dir / "guard.jsonl") if guard_path is not None else []
    qa_scores: list[QAScore] = []
    if qa_path is not None:
        qa_scores, answers, errors = _run_qa(assistant, qa_items, out_dir / "answers.jsonl", organisation=organisation)
        metrics.update(_qa_sections(qa_scores, answers, errors))
        catalog = bl.ClauseCatalog.from_assistant(assistant)
        metrics["dataset_warnings"] = _unknown_expected(catalog, qa_items)
        if baselines:
            metrics["baselines"] = _run_baselines(catalog, qa_items, answers, settings or get_settings(), embedder)
    if guard_path is not None:
        metrics["guard"] = guard_metrics(guard_scores)
    metrics["bars"] = report.evaluate_bars(metrics)
    failures = [*(_qa_failure(s) for s in qa_scores), *(_guard_failure(s) for s in guard_scores)]
    metrics["failures"] = [f for f in failures if f is not None]
    log.info("eval done: %d qa, %d guard items, %d failing", len(qa_items), len(guard_items), len(metrics["failures"]))
    return _write_outputs(metrics, out_dir, qa_scores=qa_scores, guard_scores=guard_scores)


def _qa_sections(scores: Sequence[QAScore], answers: Sequence[Answer], errors: list[dict[str, str]]) -> dict[str, Any]:
    qa = qa_metrics(scores)
    qa["recall_curve"] = recall_curve([s.ranks for s in scores if s.covered], max_k=RECALL_CURVE_MAX_K)
    qa["errors"] = errors
    # The answer contract promises at least 10 ranked clauses for every answered question.
    qa["retrieved_under_10"] = sum(1 for a in answers if not a.refused and len(a.retrieved) < 10)
    return {"qa": qa, "follow_up": qa_metrics([s for s in scores if s.follow_up]), "by_batch": by_batch(scores)}


def _write_outputs(
    metrics: dict[str, Any], out_dir: Path, *, qa_scores: Sequence[QAScore], guard_scores: Sequence[GuardScore]
) -> EvalResult:
    latencies = {"answer (reported)": [s.latency_ms for s in qa_scores], "guard": [s.latency_ms for s in guard_scores]}
    plot_paths = plots.write_plots(metrics, out_dir, latencies=latencies)
    metrics_path = out_dir / "metrics.json"
    metrics_path.write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    report_path = out_dir / "report.md"
    report_path.write_text(report.render(metrics, plots={k: p.name for k, p in plot_paths.items()}), encoding="utf-8")
    answers, verdicts = out_dir / "answers.jsonl", out_dir / "guard.jsonl"
    return EvalResult(
        metrics=metrics,
        out_dir=out_dir,
        metrics_path=metrics_path,
        report_path=report_path,
        answers_path=answers if "qa" in metrics else None,
        guard_path=verdicts if "guard" in metrics else None,
        plots=plot_paths,
    )


def _select(
    qa_items: list[QAItem], guard_items: list[GuardItem], *, ids: Sequence[str] | None, limit: int | None
) -> tuple[list[QAItem], list[GuardItem]]:
    if ids is not None:
        wanted = set(ids)
        missing = wanted - {i.id for i in qa_items} - {g.id for g in guard_items}
        if missing:
            raise DatasetError("<selection>", None, "unknown item id(s): " + ", ".join(sorted(missing)))
        qa_items = [i for i in qa_items if i.id in wanted]
        guard_items = [g for g in guard_items if g.id in wanted]
    if limit is not None:
        qa_items, guard_items = qa_items[:limit], guard_items[:limit]
    return qa_items, guard_items


def _within(items: Sequence[QAItem], allowed: set[str]) -> list[QAItem]:
    """Keep the items that name and expect only the allowed documents (not-covered items name none)."""
    return [i for i in items if set(i.documents) | {exp.document for exp in i.expected} <= allowed]


def _check_documents(assistant: AssistantAPI, items: Iterable[QAItem]) -> None:
    """Fail before any question is asked when an item names a document the assistant does not have."""
    known = {meta.document_id for meta in assistant.documents()}
    for item in items:
        named = set(item.documents) | {exp.document for exp in item.expected}
        if named - known:
            raise DatasetError("<qa set>", None, f"item {item.id!r} names unknown document(s) {sorted(named - known)}")


def _run_guard(assistant: AssistantAPI, items: Sequence[GuardItem], path: Path) -> list[GuardScore]:
    scores: list[GuardScore] = []
    with path.open("w", encoding="utf-8") as out:
        for item in items:
            start = time.perf_counter()
            verdict = assistant.check(item.prompt)
            elapsed = (time.perf_counter() - start) * 1000
            categories = tuple(str(c) for c in verdict.categories)
            row = {"id": item.id, "verdict": "refuse" if verdict.refused else "allow", "categories": list(categories)}
            out.write(json.dumps({**row, "latency_ms": round(elapsed, 3)}) + "\n")
            scores.append(
                GuardScore(item.id, item.should_refuse, verdict.refused, item.categories, categories, elapsed)
            )
    return scores


def _run_qa(
    assistant: AssistantAPI, items: Sequence[QAItem], path: Path, *, organisation: str | None = None
) -> tuple[list[QAScore], list[Answer], list[dict[str, str]]]:
    within = {"organisation": organisation} if organisation is not None else {}
    scores: list[QAScore] = []
    answers: list[Answer] = []
    errors: list[dict[str, str]] = []
    with path.open("w", encoding="utf-8") as out:
        for item in items:
            start = time.perf_counter()
            error = None
            try:
                answer = assistant.ask(item.question, documents=item.documents, history=item.history, **within)
            except PolicyAssistantError as exc:
                # One failing item (a model timeout, say) is scored as no answer rather than ending the run.
                error, answer = type(exc).__name__, Answer()
                errors.append({"id": item.id, "error": error})
                log.warning("eval item %s failed: %s", item.id, error)
            wall_ms = (time.perf_counter() - start) * 1000
            record = answer.model_dump(mode="json") | ({"error": error} if error else {})
            # The item id keys the row; the answer's own id (for feedback) is kept as answer_id.
            record["answer_id"] = record.pop("id")
            out.write(json.dumps({"id": item.id, **record, "wall_ms": round(wall_ms, 3)}) + "\n")
            scores.append(score_answer(item, answer, wall_ms=wall_ms))
            answers.append(answer)
    return scores, answers, errors


def _run_baselines(
    catalog: bl.ClauseCatalog,
    items: Sequence[QAItem],
    answers: Sequence[Answer],
    settings: Settings,
    embedder: Embedder | None,
) -> dict[str, Any]:
    from ingest.embedder import load_embedder
    from ingest.langchain_adapters import EmbedderEmbeddings

    bm25 = bl.BM25Baseline(catalog)
    embeddings = EmbedderEmbeddings(embedder or load_embedder(settings))
    langchain = bl.LangChainBaseline(settings.policies_dir, document_ids=list(catalog.titles), embeddings=embeddings)
    try:
        runs = {
            "ours": [catalog.answer_retrieval(answer) for answer in answers],
            "bm25": [bm25.retrieve(bl.baseline_query(item), documents=item.documents) for item in items],
            "langchain": [langchain.retrieve(bl.baseline_query(item), documents=item.documents) for item in items],
        }
    finally:
        langchain.close()
    result = bl.compare(items, runs, catalog, max_k=RECALL_CURVE_MAX_K)
    result["langchain_chunks"] = langchain.chunk_count
    result["langchain_files"] = list(langchain.files)
    return result


def _unknown_expected(catalog: bl.ClauseCatalog, items: Sequence[QAItem]) -> list[str]:
    """List expected clauses that no ingested record matches (a typo in the set, or a parser change)."""
    return [
        f"{item.id}: {exp.document}#{exp.clause}"
        for item in items
        for exp in item.expected
        if not catalog.evidence(exp)
    ]


def _run_info(
    qa_path: Path | None, guard_path: Path | None, qa: Sequence[QAItem], guard: Sequence[GuardItem], *, baselines: bool
) -> dict[str, Any]:
    return {
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "qa_file": str(qa_path) if qa_path else None,
        "guard_file": str(guard_path) if guard_path else None,
        "qa_items": len(qa),
        "guard_items": len(guard),
        "baselines": baselines,
    }


def _qa_failure(score: QAScore) -> dict[str, Any] | None:
    checks = []
    if score.refused:
        checks.append("refused")
    if score.covered and any(r is None or r > 10 for r in score.ranks):
        checks.append("recall@10")
    if score.covered and not score.correct_citations:
        checks.append("citation")
    if score.got_stance is not score.expected_stance:
        checks.append("stance")
    if score.missing_terms:
        checks.append("must_mention")
    if not checks:
        return None
    missed = [
        f"{e.document}#{e.clause}" for e, r in zip(score.expected, score.ranks, strict=True) if r is None or r > 10
    ]
    return {
        "id": score.id,
        "kind": "qa",
        "follow_up": score.follow_up,
        "failed": checks,
        "expected": {
            "stance": str(score.expected_stance),
            "clauses": [f"{e.document}#{e.clause}" for e in score.expected],
        },
        "got": {
            "stance": "refused" if score.refused else str(score.got_stance),
            "citations": [f"{doc}#{clause}" for doc, clause in score.citations],
            "missed_in_top10": missed,
            "missing_terms": list(score.missing_terms),
        },
    }


def _guard_failure(score: GuardScore) -> dict[str, Any] | None:
    if score.correct:
        return None
    return {
        "id": score.id,
        "kind": "guard",
        "failed": ["false_refusal" if score.got_refuse else "missed_refusal"],
        "expected": {
            "verdict": "refuse" if score.expected_refuse else "allow",
            "categories": list(score.expected_categories),
        },
        "got": {"verdict": "refuse" if score.got_refuse else "allow", "categories": list(score.got_categories)},
    }
