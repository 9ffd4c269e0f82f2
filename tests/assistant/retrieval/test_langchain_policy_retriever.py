"""The LangChain BaseRetriever adapter."""

from __future__ import annotations

from collections.abc import Sequence

from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from assistant.protocols import ScoredClause
from assistant.retrieval.hybrid import HybridRetriever
from assistant.retrieval.langchain_retriever import PolicyRetriever
from ingest.clause import Clause

ACADEMY = "academy-trust-it-comms-social-media"


class _Recorder:
    def __init__(self, hits: list[ScoredClause]) -> None:
        self.hits = hits
        self.calls: list[tuple[str, tuple[str, ...], int]] = []

    def retrieve(self, query: str, *, documents: Sequence[str] = (), k: int = 10) -> list[ScoredClause]:
        self.calls.append((query, tuple(documents), k))
        return self.hits[:k]


def test_maps_scored_clauses_to_documents() -> None:
    clause = Clause("doc-a", "4.5.1", ("Social media", "Personal use"), "Personal use", "Publicly identify", "s", (0, 9),
                    lead_in="Employees must not:")  # fmt: skip
    recorder = _Recorder([ScoredClause(clause, 0.75)])
    retriever = PolicyRetriever(retriever=recorder, k=4, documents=("doc-a",))
    docs = retriever.invoke("can I say where I work")
    assert recorder.calls == [("can I say where I work", ("doc-a",), 4)]
    assert docs == [
        Document(
            id=clause.uid,
            page_content="Publicly identify",
            metadata={
                "document_id": "doc-a",
                "clause_id": "4.5.1",
                "title": "Personal use",
                "section_path": ["Social media", "Personal use"],
                "lead_in": "Employees must not:",
                "score": 0.75,
                "uid": clause.uid,
            },
        )
    ]


def test_invoke_on_real_hybrid(hybrid: HybridRetriever) -> None:
    retriever = PolicyRetriever(retriever=hybrid, k=3, documents=(ACADEMY,))
    assert isinstance(retriever, BaseRetriever)
    docs = retriever.invoke("friend ex-pupil instagram")
    assert len(docs) == 3
    assert docs[0].metadata["clause_id"] == "2.14/2.12"
    assert all(doc.metadata["document_id"] == ACADEMY for doc in docs)
    assert "ex-pupils as friends" in docs[0].page_content


def test_batch_runs_each_query(hybrid: HybridRetriever) -> None:
    results = PolicyRetriever(retriever=hybrid, k=2).batch(["ChatGPT", "USB memory stick"])
    assert [len(docs) for docs in results] == [2, 2]
