"""Ingest benchmark: the five real policies end to end, and 1,000 generated short policies stage by stage.

Embedding dominates ingest and runs at the model's rate on this CPU, so the 1,000-document figure times the
stages separately: loading and parsing all 1,000 files (timed in full), embedding a fixed random sample of
their clauses with the real model (the rate is extrapolated to every clause, and reported as such), and
planning plus writing all 1,000 documents into a real Chroma generation with random unit vectors standing in
for the model's (timed in full). Estimated ingest time = that pipeline time + the extrapolated embedding time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.settings import REPO_ROOT, Settings

POLICIES = REPO_ROOT / "data" / "policies"
SAMPLE_CLAUSES = 256
TARGET_RATIO = 1.5  # estimated ingest time over embedding time, for the generated corpus
ORGANISATIONS = ("Oakfield", "Riverside", "St Aidan's", "Hilltop", "Meadowbank", "Northgate", "Kingsway", "Elmwood")
KINDS = ("Primary School", "Academy", "High School", "Multi-Academy Trust", "College")
TOPICS = (
    "Acceptable Use", "Email", "Social Media", "Mobile Phone", "AI Use", "Online Safety", "Remote Learning",
    "Staff Code of Conduct Online", "Data Protection", "Electronic Communications",
)  # fmt: skip
SECTIONS = (
    "Purpose and scope", "Responsibilities", "Acceptable use", "Email", "Social media", "Personal devices",
    "AI tools", "Data protection", "Monitoring", "Breaches of this policy", "Photographs and video", "Passwords",
)  # fmt: skip
SYNONYMS = {
    "staff": "employees",
    "must not": "shall not",
    "should": "ought to",
    "social media": "social networking",
    "pupils": "students",
    "Headteacher": "Principal",
    "internet": "web",
}


class RandomUnitVectors:
    """Stands in for the model in the write stage: random unit vectors of the model's dimension."""

    def __init__(self, dimension: int) -> None:
        self.dimension = dimension
        self._rng = np.random.default_rng(0)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._rng.standard_normal((len(texts), self.dimension)).astype(np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


class TimedEmbedder:
    """The real model, with the time spent in it added up."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.seconds = 0.0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        started = time.perf_counter()
        try:
            return np.asarray(self._inner.embed(texts))
        finally:
            self.seconds += time.perf_counter() - started


def clause_pool() -> list[str]:
    """Return one-paragraph clause texts of the real policies, the material generated policies are made of."""
    from ingest.loaders import load_document
    from ingest.parser import parse_document

    pool: list[str] = []
    for path in sorted(POLICIES.glob("*.txt")):
        parsed = parse_document(load_document(path).text, document_id=path.stem, source=str(path))
        pool.extend(" ".join(c.text.split()) for c in parsed.clauses if 40 <= len(c.text) <= 400)
    return pool


def short_policy(pool: Sequence[str], *, seed: int) -> str:
    """Return a realistic short policy: title, front matter, 2-4 numbered sections of 2-5 clauses."""
    rng = random.Random(seed)
    organisation = f"{rng.choice(ORGANISATIONS)} {rng.choice(KINDS)}"
    lines = [f"{organisation} {rng.choice(TOPICS)} Policy", "", f"Policy date: {rng.randint(1, 12):02d}/2025", ""]
    swaps = rng.sample(sorted(SYNONYMS), k=3)
    for number, section in enumerate(rng.sample(SECTIONS, k=rng.randint(2, 4)), start=1):
        lines += [f"{number}. {section}", ""]
        for clause in range(1, rng.randint(2, 5) + 1):
            text = rng.choice(pool)
            for word in swaps:
                text = re.sub(rf"\b{re.escape(word)}\b", SYNONYMS[word], text)
            lines.append(f"{number}.{clause}. {text}")
        lines.append("")
    return "\n".join(lines)


def generate_corpus(target: Path, *, documents: int) -> int:
    """Write ``documents`` generated short policies; return how many clauses they hold."""
    from ingest.parser import parse_document

    pool = clause_pool()
    target.mkdir(parents=True, exist_ok=True)
    clauses = 0
    for number in range(documents):
        text = short_policy(pool, seed=number)
        document_id = f"policy-{number:04d}"
        clauses += len(parse_document(text, document_id=document_id, source=document_id).clauses)
        (target / f"{document_id}.txt").write_text(text, encoding="utf-8")
    return clauses


def measure_real(directory: Path, *, embedder: Any, workdir: Path) -> dict[str, Any]:
    """Ingest the real policies end to end with the real model; then re-ingest unchanged and with one edit."""
    from ingest.pipeline import ingest_paths

    settings = Settings(index_dir=workdir / "index-policies", policies_dir=directory, chroma_host=None)
    timed = TimedEmbedder(embedder)
    report = ingest_paths([directory], settings=settings, embedder=timed)
    if report.errors:
        raise RuntimeError(f"the bundled policies failed to ingest: {report.errors[0]}")
    rerun = ingest_paths([directory], settings=settings, embedder=embedder)
    touched = min(directory.glob("*.txt"), key=lambda path: path.stat().st_size)
    touched.write_text(touched.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    one_changed = ingest_paths([directory], settings=settings, embedder=embedder)
    return {
        "documents": report.documents_added,
        "clauses": report.clauses,
        "ingest_seconds": round(report.seconds, 2),
        "embed_seconds": round(timed.seconds, 2),
        "embed_share": round(timed.seconds / report.seconds, 3),
        "clauses_per_second": round(report.clauses / report.seconds, 1),
        "unchanged_reingest_seconds": round(rerun.seconds, 2),
        "one_changed_reingest_seconds": round(one_changed.seconds, 2),
    }


def measure_generated(directory: Path, *, embedder: Any, workdir: Path) -> dict[str, Any]:
    """Time parsing, a sample of embedding, and planning plus writing for a generated corpus."""
    from ingest.embedder import embedding_text
    from ingest.pipeline import ingest_paths
    from ingest.planning import plan_ingest

    started = time.perf_counter()
    plan = plan_ingest([directory], stored={}, rebuild=False, say=lambda _message: None)
    parse_seconds = time.perf_counter() - started
    if plan.errors:
        raise RuntimeError(f"the generated corpus failed to parse: {plan.errors[0]}")
    texts = [embedding_text(c, document_title=doc.meta.title) for doc, _ in plan.parsed for c in doc.clauses]
    sample = random.Random(0).sample(texts, k=min(SAMPLE_CLAUSES, len(texts)))
    started = time.perf_counter()
    vectors = embedder.embed(sample)
    rate = len(sample) / (time.perf_counter() - started)
    embed_seconds = len(texts) / rate
    settings = Settings(index_dir=workdir / "index-generated", policies_dir=directory, chroma_host=None)
    report = ingest_paths([directory], settings=settings, embedder=RandomUnitVectors(vectors.shape[1]))
    if report.errors or report.documents_added != len(plan.parsed):
        raise RuntimeError(f"the generated corpus failed to ingest: {report.errors[:1]}")
    total = report.seconds + embed_seconds
    documents = len(plan.parsed)
    return {
        "documents": documents,
        "clauses": len(texts),
        "parse_seconds": round(parse_seconds, 2),
        "parse_documents_per_second": round(documents / parse_seconds, 1),
        "embed_sample_clauses": len(sample),
        "embed_clauses_per_second": round(rate, 1),
        "embed_seconds_estimated": round(embed_seconds, 1),
        "pipeline_seconds_without_model": round(report.seconds, 2),
        "write_seconds": round(max(report.seconds - parse_seconds, 0.0), 2),
        "ingest_seconds_estimated": round(total, 1),
        "documents_per_second_estimated": round(documents / total, 2),
        "embed_share_estimated": round(embed_seconds / total, 3),
        "ratio_to_encode": round(total / embed_seconds, 3),
    }


def run(*, documents: int) -> dict[str, Any]:
    """Measure the five real policies and a generated corpus of ``documents`` short policies."""
    from ingest.embedder import load_embedder

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    embedder = load_embedder(Settings())
    embedder.embed(["warm up the model before timing anything"] * 16)
    workdir = Path(tempfile.mkdtemp(prefix="ingest-bench-"))
    try:
        real = workdir / "policies"
        shutil.copytree(POLICIES, real)
        generated = workdir / "generated"
        generate_corpus(generated, documents=documents)
        results = {"policies": measure_real(real, embedder=embedder, workdir=workdir)}
        results[f"generated_{documents}"] = measure_generated(generated, embedder=embedder, workdir=workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    ratio = results[f"generated_{documents}"]["ratio_to_encode"]
    return {
        **results,
        "target_ratio": TARGET_RATIO,
        "meets_target": ratio <= TARGET_RATIO,
        "cpu_count": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "embedding_batch_size": embedder.batch_size,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the ingest benchmark, print and return its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=1000, help="size of the generated corpus")
    parser.add_argument("--out", type=Path, default=None, help="also write the result as JSON")
    args = parser.parse_args(argv)
    result = run(documents=args.docs)
    for name, figures in result.items():
        if isinstance(figures, dict):
            print(f"{name:>16}: " + ", ".join(f"{key}={value}" for key, value in figures.items()))
    print(f"{'target':>16}: estimated ingest / embedding <= {TARGET_RATIO} -> ", end="")
    print("met" if result["meets_target"] else "MISSED")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
