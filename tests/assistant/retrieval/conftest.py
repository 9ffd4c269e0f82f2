"""Shared fixtures: the five real policies parsed once, the real embedding model loaded once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant.protocols import Embedder
from assistant.retrieval.dense import MatrixDenseSearch
from assistant.retrieval.expansion import Vocabulary
from assistant.retrieval.hybrid import HybridRetriever
from assistant.retrieval.lexical import LexicalIndex
from assistant.settings import REPO_ROOT, Settings
from ingest.clause import Clause
from ingest.embedder import embedding_text, load_embedder
from ingest.parser import parse_document

POLICIES = REPO_ROOT / "data" / "policies"
VOCABULARY = REPO_ROOT / "data" / "vocabulary.yaml"


@pytest.fixture(scope="session")
def policy_corpus() -> tuple[list[Clause], dict[str, str]]:
    """Return every clause of the five real policies and their document titles."""
    clauses: list[Clause] = []
    titles: dict[str, str] = {}
    for path in sorted(Path(POLICIES).glob("*.txt")):
        parsed = parse_document(path.read_text(encoding="utf-8"), document_id=path.stem, source=str(path))
        clauses.extend(parsed.clauses)
        titles[path.stem] = parsed.meta.title
    return clauses, titles


@pytest.fixture(scope="session")
def lexical_index(policy_corpus: tuple[list[Clause], dict[str, str]]) -> LexicalIndex:
    clauses, _ = policy_corpus
    return LexicalIndex.build(clauses)


@pytest.fixture(scope="session")
def vocabulary() -> Vocabulary:
    return Vocabulary.load(VOCABULARY)


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """Return the real bundled all-MiniLM-L6-v2, loaded offline once per session."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return load_embedder(Settings())


@pytest.fixture(scope="session")
def matrix_dense(policy_corpus: tuple[list[Clause], dict[str, str]], embedder: Embedder) -> MatrixDenseSearch:
    """Return exact in-memory dense search over the clauses, embedded as ingest embeds them."""
    clauses, titles = policy_corpus
    return MatrixDenseSearch.build(clauses, embedder=embedder, titles=titles, text=embedding_text)


@pytest.fixture(scope="session")
def hybrid(
    matrix_dense: MatrixDenseSearch, embedder: Embedder, lexical_index: LexicalIndex, vocabulary: Vocabulary
) -> HybridRetriever:
    return HybridRetriever(matrix_dense, embedder, lexical_index, vocabulary)
