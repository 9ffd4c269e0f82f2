"""Ingest benchmark: the five policies and a generated corpus, against the raw encode time of the same texts."""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from assistant.errors import DocumentError
from assistant.settings import REPO_ROOT, Settings

POLICIES = REPO_ROOT / "data" / "policies"
TARGET_RATIO = 1.5
ORGANISATIONS = ("Oakfield", "Riverside", "St Aidan's", "Hilltop", "Meadowbank", "Northgate", "Kingsway", "Elmwood")
ORGANISATION_NAMES = re.compile(
    r"(The )?Southover Partnership School|Teachers Together( Ltd)?|The School|the Trust|Academy"
)
SYNONYMS = {
    "staff": "employees",
    "employees": "staff",
    "must not": "shall not",
    "should": "ought to",
    "e-mail": "email",
    "social media": "social networking",
    "pupils": "students",
    "Headteacher": "Principal",
    "internet": "web",
    "policy": "procedure",
}
SENTENCE = re.compile(r"(?<=[a-z][.!?]) (?=[A-Z])")
NUMBER_PREFIX = re.compile(r"^\s*(?:- )?(?:\*\*)?(?:\d+(?:\.\d+)*\.?\s+)?")


def vary(text: str, *, seed: int) -> str:
    """Return a variant of a policy: another organisation, substituted words, sentences shuffled in paragraphs."""
    rng = random.Random(seed)
    organisation = f"{rng.choice(ORGANISATIONS)} {rng.choice(('School', 'Academy', 'Trust'))}"
    text = ORGANISATION_NAMES.sub(organisation, text)
    for word in rng.sample(sorted(SYNONYMS), k=4):
        text = re.sub(rf"\b{re.escape(word)}\b", SYNONYMS[word], text)
    return _shuffle_sentences(text, rng)


def _shuffle_sentences(text: str, rng: random.Random) -> str:
    """Shuffle the sentences inside each multi-sentence line, keeping every number and line in place."""
    lines: list[str] = []
    for line in text.split("\n"):
        prefix, body = _split_number(line)
        sentences = SENTENCE.split(body)
        if len(sentences) > 1:
            rng.shuffle(sentences)
            body = " ".join(sentences)
        lines.append(prefix + body)
    return "\n".join(lines)


def _split_number(line: str) -> tuple[str, str]:
    match = NUMBER_PREFIX.match(line)
    return (match.group(0), line[match.end() :]) if match else ("", line)


def generate_corpus(target: Path, *, documents: int) -> int:
    """Write ``documents`` varied copies of the real policies (each parseable); return how many were written."""
    from ingest.parser import parse_document

    sources = sorted(POLICIES.glob("*.txt"))
    target.mkdir(parents=True, exist_ok=True)
    for number in range(documents):
        source = sources[number % len(sources)]
        original = source.read_text(encoding="utf-8")
        document_id = f"generated-{number:04d}-{source.stem}"
        text = vary(original, seed=number)
        try:
            parse_document(text, document_id=document_id, source=document_id)
        except DocumentError:
            text = original
        (target / f"{document_id}.txt").write_text(text, encoding="utf-8")
    return documents


def embedding_texts(directory: Path) -> list[str]:
    """Return the texts an ingest of ``directory`` embeds (parsed the same way, outside the timing)."""
    from ingest.embedder import embedding_text
    from ingest.loaders import load_document
    from ingest.parser import parse_document

    texts: list[str] = []
    for path in sorted(directory.glob("*.txt")):
        loaded = load_document(path)
        parsed = parse_document(loaded.text, document_id=path.stem, source=str(path))
        texts.extend(embedding_text(clause, document_title=parsed.meta.title) for clause in parsed.clauses)
    return texts


def _encode_seconds(embedder: Any, texts: list[str]) -> float:
    """Return the wall time of encoding texts directly with the model (the floor for ingest)."""
    started = time.perf_counter()
    embedder.embed(texts)
    return time.perf_counter() - started


def measure(directory: Path, *, embedder: Any, workdir: Path) -> dict[str, Any]:
    """Ingest a directory into a fresh embedded index; compare with encoding the same texts directly."""
    from ingest.pipeline import ingest_paths

    settings = Settings(index_dir=workdir / f"index-{directory.name}", policies_dir=directory, chroma_host=None)
    texts = embedding_texts(directory)
    # Encode before and after the ingest so a change in machine load between them cancels out.
    encode_before = _encode_seconds(embedder, texts)
    report = ingest_paths([directory], settings=settings, embedder=embedder)
    encode_after = _encode_seconds(embedder, texts)
    encode_seconds = (encode_before + encode_after) / 2
    if report.errors:
        raise RuntimeError(f"benchmark corpus failed to ingest: {report.errors[0]}")
    touched = sorted(directory.glob("*.txt"))[0]
    rerun = ingest_paths([directory], settings=settings, embedder=embedder)
    touched.write_text(touched.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    one_changed = ingest_paths([directory], settings=settings, embedder=embedder)
    return {
        "documents": report.documents_added,
        "clauses": report.clauses,
        "ingest_seconds": round(report.seconds, 2),
        "encode_seconds": round(encode_seconds, 2),
        "encode_seconds_before_after": [round(encode_before, 2), round(encode_after, 2)],
        "clauses_per_second": round(report.clauses / report.seconds, 1),
        "ratio_to_encode": round(report.seconds / encode_seconds, 3),
        "unchanged_reingest_seconds": round(rerun.seconds, 2),
        "one_changed_reingest_seconds": round(one_changed.seconds, 2),
    }


def run(*, documents: int) -> dict[str, Any]:
    """Measure the five real policies and a generated corpus of ``documents`` documents."""
    from ingest.embedder import load_embedder

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    embedder = load_embedder(Settings())
    embedder.embed(["warm up the model before timing anything"] * 64)
    workdir = Path(tempfile.mkdtemp(prefix="ingest-bench-"))
    try:
        real = workdir / "policies"
        shutil.copytree(POLICIES, real)
        generated = workdir / "generated"
        generate_corpus(generated, documents=documents)
        results = {"policies": measure(real, embedder=embedder, workdir=workdir)}
        results[f"generated_{documents}"] = measure(generated, embedder=embedder, workdir=workdir)
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
    print(f"{'target':>16}: ratio <= {TARGET_RATIO} -> {'met' if result['meets_target'] else 'MISSED'}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
