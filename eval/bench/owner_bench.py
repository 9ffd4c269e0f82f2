"""Policy-owner benchmark: preview, publish, replace, roll back and remove a policy with the real parts.

Everything happens in a temporary folder: a copy of data/policies/*.txt ingested with the real embedder into a real
(embedded) Chroma index, its own version archive. An uploaded policy is a generated Word document of 100 numbered
clauses (text drawn from the bundled policies, plus one clause about drones no bundled policy mentions). "Visible
after" is the time from publish returning until a LiveAssistant watching the index (checking every 0.1 s) answers
the drone question citing the new policy. The diff is the largest bundled policy against an edited copy (words
changed in every 8th clause, one clause deleted, one inserted); health is build_health per policy and in total.
Run: ``HF_HUB_OFFLINE=1 .venv/bin/python -m eval.bench.owner_bench [--repeats 20]``.
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TypeVar, cast

from assistant.settings import REPO_ROOT, Settings
from eval.metrics import percentile

POLICIES = REPO_ROOT / "data" / "policies"
NEW_ID = "bench-academy-devices-policy"
DRONE_CLAUSE = "Staff must not fly a drone over the school playing field without written permission from the bursar."
DRONE_QUESTION = "Can I fly a drone over the playing field?"
SECTIONS = 10
PER_SECTION = 10
T = TypeVar("T")


def _timed(call: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def policy_docx(*, edited: bool) -> bytes:
    """Return a Word policy of 100 numbered clauses (10 headed sections); ``edited`` changes 5, drops 1, adds 1."""
    import docx

    from eval.bench.ingest_bench import SECTIONS as NAMES
    from eval.bench.ingest_bench import clause_pool

    texts = random.Random(7).sample(clause_pool(), k=SECTIONS * PER_SECTION)
    texts[42] = DRONE_CLAUSE
    document = docx.Document()
    document.add_heading("Bench Academy Devices Policy", level=0)
    document.add_paragraph("Review date: September 2027")
    for section in range(SECTIONS):
        document.add_heading(f"{section + 1}. {NAMES[section]}", level=1)
        rows = texts[section * PER_SECTION : (section + 1) * PER_SECTION]
        if edited and section in (2, 5, 8):
            rows = [f"{text} This applies on every school site." if i % 4 == 1 else text for i, text in enumerate(rows)]
        if edited and section == 6:
            rows = rows[:3] + rows[4:] + ["Staff must lock a shared tablet before leaving it unattended."]
        for number, text in enumerate(rows, start=1):
            document.add_paragraph(f"{section + 1}.{number}. {text}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def edited_copy(text: str) -> str:
    """Return the policy with every 8th clause line reworded, the 20th deleted and a line inserted after the 30th."""
    lines, out, seen = text.splitlines(), [], 0
    for line in lines:
        if len(line) < 60:  # headings, front matter, blank lines stay
            out.append(line)
            continue
        seen += 1
        if seen == 20:
            continue
        out.append(f"{line} Ask the Headteacher if in doubt." if seen % 8 == 0 else line)
        if seen == 30:
            out.append("Staff must report a lost school laptop to the IT office on the day it is lost.")
    return "\n".join(out) + "\n"


def measure_diff(repeats: int) -> dict[str, Any]:
    """Diff the bundled policy with the most clauses against an edited copy; p50/p95 and the kinds found."""
    from assistant.owners.diff import diff_clauses
    from ingest.parser import parse_document

    parsed = {
        path.stem: parse_document(path.read_text(encoding="utf-8"), document_id=path.stem, source=path.name)
        for path in sorted(POLICIES.glob("*.txt"))
    }
    largest = max(parsed, key=lambda stem: len(parsed[stem].clauses))
    text = (POLICIES / f"{largest}.txt").read_text(encoding="utf-8")
    new = parse_document(edited_copy(text), document_id=largest, source=f"{largest}.txt").clauses
    old = parsed[largest].clauses
    samples = []
    for _ in range(repeats):
        (changes, unchanged), seconds = _timed(lambda: diff_clauses(old, new))
        samples.append(seconds * 1000)
    kinds = Counter(change.kind for change in changes)
    return {
        "diff_document": largest,
        "diff_clauses_old": len(old),
        "diff_clauses_new": len(new),
        "diff_ms_p50": round(percentile(samples, 50) or 0.0, 2),
        "diff_ms_p95": round(percentile(samples, 95) or 0.0, 2),
        "diff_counts": {kind: kinds.get(kind, 0) for kind in ("added", "removed", "changed", "renumbered")}
        | {"unchanged": unchanged},
    }


class _OneDocument:
    """The assistant seen through one document, so build_health reports (and is timed on) that policy alone."""

    def __init__(self, inner: Any, meta: Any) -> None:
        self._inner, self._meta = inner, meta

    def documents(self, organisation: str | None = None) -> list[Any]:
        return [self._meta]

    def search(self, query: str, *, documents: Sequence[str], k: int = 30) -> Any:
        return self._inner.search(query, documents=documents, k=k)


def measure_health(assistant: Any, settings: Settings) -> dict[str, Any]:
    """Time build_health for each policy alone, and for all of them in one report."""
    from assistant.owners.health import HealthSource, build_health
    from assistant.owners.topics import load_topics

    topics = load_topics(settings.topics_path)
    kwargs: dict[str, Any] = {"topics": topics, "today": date.today(), "due_days": settings.review_due_days}
    per: dict[str, float] = {}
    for meta in sorted(assistant.documents(), key=lambda m: m.document_id):
        source = cast(HealthSource, _OneDocument(assistant, meta))
        started = time.perf_counter()
        build_health(source, **kwargs)
        per[meta.document_id] = round(time.perf_counter() - started, 3)
    report, total = _timed(lambda: build_health(cast(HealthSource, assistant), **kwargs))
    covered = sum(cell.covered for policy in report.policies for cell in policy.topics)
    return {
        "health_policies": len(report.policies),
        "health_topics": len(topics),
        "health_s_per_policy": per,
        "health_s_per_policy_mean": round(sum(per.values()) / len(per), 3),
        "health_total_s": round(total, 3),
        "health_cells_covered": covered,
    }


def wait_visible(live: Any, generation: str | None, *, timeout_s: float = 60.0) -> float:
    """Return the seconds until the live assistant serves ``generation`` and answers the drone question from it."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout_s:
        assistant = live.current()
        if assistant is not None and live.generation == generation:
            answer = assistant.ask_extractive(DRONE_QUESTION)
            if any(citation.document == NEW_ID for citation in answer.citations):
                return time.perf_counter() - started
        time.sleep(0.02)
    raise RuntimeError(f"the new policy was not answered from within {timeout_s} s")


def _kb(folder: Path) -> float:
    return round(sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) / 1024, 1)


def run(*, repeats: int) -> dict[str, Any]:
    """Run the owner's operations on a temporary copy of the policies; return the figures."""
    from assistant.owners.library import PolicyLibrary
    from assistant.wiring import live_assistant, load_models
    from ingest.chroma_generations import generations_for
    from ingest.embedder import load_embedder
    from ingest.pipeline import ingest_paths

    work = Path(tempfile.mkdtemp(prefix="owner-bench-"))
    live = None
    try:
        (work / "policies").mkdir()
        for path in POLICIES.glob("*.txt"):
            shutil.copy2(path, work / "policies" / path.name)
        settings = Settings(
            policies_dir=work / "policies", index_dir=work / "index", versions_dir=work / "versions",
            feedback_db=work / "feedback.sqlite3", data_dir=work, chroma_host=None, audit_log=None, llm=None,
            reload_interval_s=0.1,
        )  # fmt: skip
        embedder = load_embedder(settings)
        embedder.embed(["warm up the model before timing anything"] * 16)
        first, baseline_s = _timed(lambda: ingest_paths([settings.policies_dir], settings=settings, embedder=embedder))
        if first.errors:
            raise RuntimeError(f"the bundled policies failed to ingest: {first.errors[0]}")
        live = live_assistant(settings, models=load_models(settings, embedder=embedder))
        live.start()
        live.loaded.wait(120)
        library = PolicyLibrary(settings, embedder=embedder)
        upload, edited = policy_docx(edited=False), policy_docx(edited=True)
        preview, preview_s = _timed(lambda: library.preview(f"{NEW_ID}.docx", upload))
        if not preview.ok:
            raise RuntimeError(f"the generated policy did not preview: {preview.error}")
        _, publish_s = _timed(lambda: library.publish(f"{NEW_ID}.docx", upload))
        visible_s = wait_visible(live, generations_for(settings).live())
        health = measure_health(live.current(), settings)
        live.stop()  # later operations are timed without a watcher rebuilding beside them
        replacing, preview_replace_s = _timed(lambda: library.preview(f"{NEW_ID}.docx", edited))
        _, replace_s = _timed(lambda: library.publish(f"{NEW_ID}.docx", edited))
        _, rollback_s = _timed(lambda: library.rollback(NEW_ID))
        _, remove_s = _timed(lambda: library.remove(NEW_ID))
        versions = {f"v{v.number}" + ("_removed" if v.removed else ""): v for v in library.history(NEW_ID)}
        folders = {name: settings.versions_dir / NEW_ID / f"{v.number:06d}" for name, v in versions.items()}
        bundled = [_kb(settings.versions_dir / p.stem / "000001") for p in POLICIES.glob("*.txt")]
        replace_kinds = Counter(change.kind for change in replacing.changes.changes) if replacing.changes else {}
        result: dict[str, Any] = {
            "bundled_ingest_s": round(baseline_s, 2),
            "bundled_clauses": first.clauses,
            "upload_docx_kb": round(len(upload) / 1024, 1),
            "upload_clauses": len(preview.clauses),
            "preview_s": round(preview_s, 3),
            "publish_s": round(publish_s, 2),
            "visible_after_publish_s": round(visible_s, 2),
            "reload_interval_s": settings.reload_interval_s,
            "preview_replace_s": round(preview_replace_s, 3),
            "preview_replace_changes": dict(replace_kinds),
            "replace_s": round(replace_s, 2),
            "rollback_s": round(rollback_s, 2),
            "remove_s": round(remove_s, 2),
            "archive_kb_per_version": {name: _kb(folder) for name, folder in folders.items()},
            "archive_kb_bundled_v1_mean": round(sum(bundled) / len(bundled), 1),
        }
        return result | measure_diff(repeats) | health
    finally:
        if live is not None:
            live.stop()
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the policy-owner benchmark; print a short summary and return the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=20, help="diff repeats for the p50")
    args = parser.parse_args(argv)
    r = run(repeats=args.repeats)
    print(f"upload of {r['upload_clauses']} clauses ({r['upload_docx_kb']} KB DOCX): preview {r['preview_s']} s")
    print(f"publish {r['publish_s']} s, answered by the live assistant {r['visible_after_publish_s']} s later")
    print(f"replace {r['replace_s']} s (preview with diff {r['preview_replace_s']} s), ", end="")
    print(f"rollback {r['rollback_s']} s, remove {r['remove_s']} s")
    print(f"diff of {r['diff_document']} ({r['diff_clauses_old']} clauses): p50 {r['diff_ms_p50']} ms, ", end="")
    print(r["diff_counts"])
    print(f"health: {r['health_s_per_policy_mean']} s per policy, {r['health_total_s']} s for {r['health_policies']}")
    print(f"archive per version (KB): {r['archive_kb_per_version']}, bundled v1 mean {r['archive_kb_bundled_v1_mean']}")
    return r


if __name__ == "__main__":
    main()
