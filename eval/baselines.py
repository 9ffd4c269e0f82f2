"""Baselines scored on the same questions: BM25 alone over the same clauses, and the LangChain tutorial pipeline.

The comparison is on evidence recall: the share of expected clauses whose text is contained in the retrieved
context, with every system's context cut to the same number of characters.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from assistant.facade import AssistantAPI
from assistant.models import Answer
from eval.datasets import ExpectedClause, QAItem
from eval.metrics import Ref, clause_matches, first_ranks, mean, recall_curve
from ingest.clause import Clause

# The tutorial's own context: top 4 chunks of at most 1,000 characters. Every system gets this many characters.
DEFAULT_CAP_CHARS = 4_000
CHUNK_SIZE, CHUNK_OVERLAP, LANGCHAIN_K = 1_000, 200, 4
BM25_K = 50  # more than fit in the cap, so the cap (not k) limits BM25
# A record shorter than this ("You must not:-") is a lead-in, not evidence, unless it is all a clause has.
MIN_EVIDENCE_CHARS = 25
RAW_SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".html", ".htm")
_WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    """Lower-case words separated by single spaces, so markup, bullets and line breaks do not matter."""
    return " ".join(_WORD.findall(text.lower()))


def baseline_query(item: QAItem) -> str:
    """Return what a baseline searches with: earlier turns then the question (baselines keep no state)."""
    return " ".join([*item.history, item.question])


@dataclass(frozen=True, slots=True)
class Retrieval:
    """One system's ranked context for one question: verbatim texts, and clause refs when it retrieves clauses."""

    texts: tuple[str, ...]
    refs: tuple[Ref, ...] = ()


@dataclass(slots=True)
class ClauseCatalog:
    """Every ingested clause record, looked up by (document, clause id)."""

    clauses: tuple[Clause, ...]
    titles: dict[str, str] = field(default_factory=dict)
    _by_ref: dict[Ref, list[Clause]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for clause in self.clauses:
            self._by_ref.setdefault((clause.document_id, clause.clause_id), []).append(clause)

    @classmethod
    def from_assistant(cls, assistant: AssistantAPI) -> ClauseCatalog:
        """Collect the clauses of every document the assistant has ingested."""
        metas = assistant.documents()
        clauses = [clause for meta in metas for clause in assistant.clauses(meta.document_id)]
        return cls(tuple(clauses), titles={meta.document_id: meta.title for meta in metas})

    def records(self, ref: Ref) -> list[Clause]:
        """Return the records carrying exactly this clause id, in source order."""
        return self._by_ref.get(ref, [])

    def evidence(self, expected: ExpectedClause) -> list[str]:
        """Return the normalised texts any one of which, found in a context, shows the expected clause."""
        texts = [
            normalise(c.text)
            for (doc, clause_id), records in self._by_ref.items()
            if doc == expected.document and clause_matches(clause_id, expected.clause)
            for c in records
        ]
        substantive = [text for text in texts if len(text) >= MIN_EVIDENCE_CHARS]
        return substantive or [text for text in texts if text]

    def answer_retrieval(self, answer: Answer) -> Retrieval:
        """Return our system's context: each retrieved clause id's record texts, in rank order."""
        refs = tuple((hit.document, hit.clause) for hit in answer.retrieved)
        texts = [c.text for ref in dict.fromkeys(refs) for c in self.records(ref)]
        return Retrieval(tuple(texts), refs)


def context(texts: Sequence[str], cap: int) -> str:
    """Concatenate ranked texts and cut to ``cap`` characters, then normalise."""
    return normalise("\n\n".join(texts)[:cap])


def evidence_recall_item(catalog: ClauseCatalog, expected: Sequence[ExpectedClause], text: str) -> float:
    """Share of expected clauses whose evidence is contained in the normalised context."""
    found = [any(ev in text for ev in catalog.evidence(exp)) for exp in expected]
    return sum(found) / len(found) if found else 0.0


def compare(
    items: Sequence[QAItem],
    runs: Mapping[str, Sequence[Retrieval]],
    catalog: ClauseCatalog,
    *,
    cap: int = DEFAULT_CAP_CHARS,
    curve_caps: Sequence[int] = (500, 1_000, 2_000, 3_000, 4_000),
    max_k: int = 20,
) -> dict[str, Any]:
    """Score each system's retrievals (aligned with ``items``) on evidence recall at the cap; ours is ``ours``."""
    covered = [i for i, item in enumerate(items) if item.covered]
    systems: dict[str, Any] = {}
    for name, retrievals in runs.items():
        row: dict[str, Any] = {
            "evidence_recall": mean(
                evidence_recall_item(catalog, items[i].expected, context(retrievals[i].texts, cap)) for i in covered
            ),
            "evidence_curve": {
                str(c): mean(
                    evidence_recall_item(catalog, items[i].expected, context(retrievals[i].texts, c)) for i in covered
                )
                for c in curve_caps
            },
            "mean_context_chars": mean(float(min(cap, len("\n\n".join(retrievals[i].texts)))) for i in covered),
        }
        if any(retrievals[i].refs for i in covered):
            ranks = [first_ranks(retrievals[i].refs, items[i].expected) for i in covered]
            row["recall_curve"] = recall_curve(ranks, max_k=max_k)
        systems[name] = row
    ours = systems.get("ours", {}).get("evidence_recall")
    ratios = {
        f"ours/{name}": (ours / row["evidence_recall"]) if ours is not None and row["evidence_recall"] else None
        for name, row in systems.items()
        if name != "ours"
    }
    return {
        "cap_chars": cap,
        "min_evidence_chars": MIN_EVIDENCE_CHARS,
        "covered_n": len(covered),
        "systems": systems,
        "ratios": ratios,
    }


class BM25Baseline:
    """BM25 alone over the same clause records the assistant indexed (no dense search, no expansion)."""

    def __init__(self, catalog: ClauseCatalog, *, k: int = BM25_K) -> None:
        from assistant.retrieval.lexical import LexicalIndex

        self._index = LexicalIndex.build(catalog.clauses, titles=catalog.titles)
        self._k = k

    def retrieve(self, query: str, *, documents: Sequence[str] = ()) -> Retrieval:
        """Return the top clauses for the query within ``documents``."""
        hits = self._index.search(query, k=self._k, documents=documents)
        return Retrieval(
            tuple(hit.clause.text for hit in hits), tuple((h.clause.document_id, h.clause.clause_id) for h in hits)
        )


class LangChainBaseline:
    """The LangChain RAG tutorial: recursive 1,000/200 character chunks of the raw files, Chroma, top 4."""

    def __init__(self, policies_dir: Path, *, document_ids: Sequence[str], embeddings: Embeddings) -> None:
        import chromadb
        from langchain_chroma import Chroma
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
        files = raw_files(policies_dir, document_ids)
        texts = [raw_text(path) for path in files.values()]
        chunks = splitter.create_documents(texts, metadatas=[{"source": doc} for doc in files])
        client = chromadb.EphemeralClient(settings=chromadb.Settings(anonymized_telemetry=False))
        # Ephemeral clients share one in-process store, hence a collection name of our own.
        self._store = Chroma(
            collection_name=f"eval-langchain-{uuid.uuid4().hex[:12]}", embedding_function=embeddings, client=client
        )
        self._store.add_documents(chunks)
        self.files = tuple(files)
        self.chunk_count = len(chunks)

    def retrieve(self, query: str, *, documents: Sequence[str] = ()) -> Retrieval:
        """Return the top 4 chunks, filtered to ``documents`` by their source metadata."""
        scoped = [doc for doc in documents if doc in self.files]
        where: dict[str, Any] | None = None
        if len(scoped) == 1:
            where = {"source": scoped[0]}
        elif scoped:
            where = {"source": {"$in": scoped}}
        hits = self._store.similarity_search(query, k=LANGCHAIN_K, filter=where)
        return Retrieval(tuple(hit.page_content for hit in hits))

    def close(self) -> None:
        """Drop the collection."""
        self._store.delete_collection()


def raw_text(path: Path) -> str:
    """Return a text file as it is (the tutorial's TextLoader); other formats through the ingest loader."""
    if path.suffix.lower() in (".txt", ".md"):
        return path.read_text(encoding="utf-8")
    from ingest.loaders import load_document

    return load_document(path).text


def raw_files(policies_dir: Path, document_ids: Sequence[str]) -> dict[str, Path]:
    """Return the source file of each document (file stem = document id); documents without one are skipped."""
    found: dict[str, Path] = {}
    for doc in document_ids:
        for suffix in RAW_SUFFIXES:
            path = policies_dir / f"{doc}{suffix}"
            if path.is_file():
                found[doc] = path
                break
    return found
