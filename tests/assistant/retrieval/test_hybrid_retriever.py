"""The hybrid retriever on the real policies with the real embedding model."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from assistant.errors import IndexNotReadyError, UnknownDocumentError
from assistant.protocols import Embedder, ScoredClause
from assistant.retrieval.dense import MatrixDenseSearch
from assistant.retrieval.expansion import Vocabulary
from assistant.retrieval.hybrid import HybridRetriever, build_retriever
from assistant.retrieval.lexical import LexicalIndex
from assistant.settings import REPO_ROOT
from ingest.clause import Clause, DocumentMeta

VOCABULARY = REPO_ROOT / "data" / "vocabulary.yaml"

ACADEMY = "academy-trust-it-comms-social-media"
SCHOOL_2025 = "school-social-media-electronic-comms-2025"
SOUTHOVER = "southover-computer-internet-email-social-media"


def test_friend_ex_pupil_instagram_scoped_top3(hybrid: HybridRetriever) -> None:
    hits = hybrid.retrieve("friend ex-pupil instagram", documents=[ACADEMY], k=3)
    assert hits[0].clause.clause_id == "2.14/2.12"
    assert all(hit.clause.document_id == ACADEMY for hit in hits)


def test_chatgpt_unscoped_top5_has_ai_section(hybrid: HybridRetriever) -> None:
    hits = hybrid.retrieve("ChatGPT school information", k=5)
    assert any(hit.clause.document_id == SCHOOL_2025 and hit.clause.section == "8" for hit in hits)


def test_staff_wording_finds_the_rule(hybrid: HybridRetriever) -> None:
    hits = hybrid.retrieve("Can I add a kid I used to teach on insta?", k=3)
    assert ("2.14/2.12", ACADEMY) in {(hit.clause.clause_id, hit.clause.document_id) for hit in hits}


def test_scope_to_several_documents(hybrid: HybridRetriever) -> None:
    hits = hybrid.retrieve("social media friends", documents=[SCHOOL_2025, SOUTHOVER], k=10)
    assert len(hits) == 10
    assert {hit.clause.document_id for hit in hits} <= {SCHOOL_2025, SOUTHOVER}


def test_unknown_document_raises(hybrid: HybridRetriever) -> None:
    with pytest.raises(UnknownDocumentError):
        hybrid.retrieve("email", documents=["not-a-policy"])


def test_detailed_hits_carry_raw_scores(hybrid: HybridRetriever) -> None:
    hits = hybrid.retrieve("personal email account for trust business", k=10)
    assert len(hits) == 10
    fused = [hit.score for hit in hits]
    assert fused == sorted(fused, reverse=True)
    assert all(0 <= score <= 1 for score in fused) and fused[0] > fused[-1]
    top = hits[0]
    assert top.dense is not None and 0 < top.dense <= 1
    assert top.lexical > 0 and top.dense_rank is not None and top.lexical_rank is not None
    assert [hit.scored().clause for hit in hits] == [hit.clause for hit in hits]


def test_empty_query_and_zero_k(hybrid: HybridRetriever) -> None:
    assert hybrid.retrieve("   ") == []
    assert hybrid.retrieve("email", k=0) == []


def test_matrix_dense_search_scopes_and_sorts(matrix_dense: MatrixDenseSearch, embedder: Embedder) -> None:
    vector = embedder.embed(["personal use of the internet"])[0]
    hits = matrix_dense.search(vector, k=5, documents=[SOUTHOVER])
    assert len(hits) == 5 and {hit.clause.document_id for hit in hits} == {SOUTHOVER}
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    with pytest.raises(UnknownDocumentError):
        matrix_dense.search(vector, k=5, documents=["nope"])


@dataclass
class _FakeIndex:
    """Stands in for ingest.store.ClauseIndex: clauses, documents, and cosine search over given vectors."""

    dense: MatrixDenseSearch
    clause_list: list[Clause]
    metas: list[DocumentMeta] = field(default_factory=list)

    def clauses(self, document_id: str | None = None) -> list[Clause]:
        return [c for c in self.clause_list if document_id in (None, c.document_id)]

    def documents(self) -> list[DocumentMeta]:
        return self.metas

    def search(self, vector: np.ndarray, *, k: int, documents: Sequence[str] = ()) -> list[ScoredClause]:
        return self.dense.search(vector, k=k, documents=documents)


@dataclass
class _Settings:
    vocabulary_path: Path
    rrf_k: int = 60


def test_build_retriever_from_index(
    policy_corpus: tuple[list[Clause], dict[str, str]],
    matrix_dense: MatrixDenseSearch,
    embedder: Embedder,
    tmp_path: Path,
) -> None:
    clauses, titles = policy_corpus
    metas = [DocumentMeta(doc, title, "src", "hash") for doc, title in titles.items()]
    index = _FakeIndex(matrix_dense, clauses, metas)
    retriever = build_retriever(index=index, embedder=embedder, settings=_Settings(VOCABULARY))
    assert set(retriever.document_ids) == set(titles)
    assert retriever.retrieve("ChatGPT", k=3)[0].clause.document_id == SCHOOL_2025
    missing_vocabulary = build_retriever(index=index, embedder=embedder, settings=_Settings(tmp_path / "none.yaml"))
    assert missing_vocabulary.retrieve("email", k=1)
    with pytest.raises(IndexNotReadyError):
        build_retriever(index=_FakeIndex(matrix_dense, []), embedder=embedder, settings=_Settings(tmp_path))


def test_rrf_fusion_mode_and_per_clause_cap(
    matrix_dense: MatrixDenseSearch, embedder: Embedder, lexical_index: LexicalIndex, vocabulary: Vocabulary
) -> None:
    rrf = HybridRetriever(matrix_dense, embedder, lexical_index, vocabulary, fusion="rrf", rrf_k=10, per_clause=None)
    hits = rrf.retrieve("who monitors our emails", k=10)
    assert len(hits) == 10 and all(0 < hit.score <= 1 for hit in hits)
    capped = HybridRetriever(matrix_dense, embedder, lexical_index, vocabulary, per_clause=1)
    keys = [(hit.clause.document_id, hit.clause.clause_id) for hit in capped.retrieve("who monitors our emails", k=10)]
    assert len(keys) == len(set(keys)) == 10
    with pytest.raises(ValueError, match="fusion"):
        HybridRetriever(matrix_dense, embedder, lexical_index, vocabulary, fusion="max")  # type: ignore[arg-type]


def test_with_embedder_swaps_only_the_embedder(hybrid: HybridRetriever, embedder: Embedder) -> None:
    calls: list[list[str]] = []

    class _Spy:
        def embed(self, texts: Sequence[str]) -> np.ndarray:
            calls.append(list(texts))
            return embedder.embed(texts)

    twin = hybrid.with_embedder(_Spy())
    assert twin.retrieve("USB memory stick", k=3) == hybrid.retrieve("USB memory stick", k=3)
    assert len(calls) == 1 and calls[0][0].startswith("USB memory stick")
