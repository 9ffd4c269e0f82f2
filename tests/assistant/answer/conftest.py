"""Golden fixtures for the answer tests: the five real policies, parsed once by the real parser."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from assistant.protocols import ScoredClause
from assistant.settings import REPO_ROOT
from ingest.clause import Clause, DocumentMeta
from ingest.loaders import load_document
from ingest.parser import parse_document

POLICIES = REPO_ROOT / "data" / "policies"
ACADEMY = "academy-trust-it-comms-social-media"
SCHOOL_2025 = "school-social-media-electronic-comms-2025"
STAFF_ADVICE = "school-staff-advice-electronic-comms"
SOUTHOVER = "southover-computer-internet-email-social-media"
TEACHERS_TOGETHER = "teachers-together-it-comms-social-media"


@pytest.fixture(scope="session")
def parsed_policies() -> tuple[dict[str, DocumentMeta], dict[str, list[Clause]]]:
    """Return the real policies' metadata and clauses, keyed by document id."""
    metas: dict[str, DocumentMeta] = {}
    clauses: dict[str, list[Clause]] = {}
    for path in sorted(Path(POLICIES).glob("*.txt")):
        loaded = load_document(path)
        parsed = parse_document(loaded.text, document_id=path.stem, source=str(path))
        metas[path.stem] = parsed.meta
        clauses[path.stem] = list(parsed.clauses)
    return metas, clauses


@pytest.fixture(scope="session")
def metas(parsed_policies: tuple[dict[str, DocumentMeta], dict[str, list[Clause]]]) -> dict[str, DocumentMeta]:
    """Return the real documents' metadata."""
    return parsed_policies[0]


@pytest.fixture(scope="session")
def all_clauses(parsed_policies: tuple[dict[str, DocumentMeta], dict[str, list[Clause]]]) -> dict[str, list[Clause]]:
    """Return the real clauses by document id."""
    return parsed_policies[1]


@pytest.fixture(scope="session")
def clause(all_clauses: dict[str, list[Clause]]) -> Callable[..., Clause]:
    """Return a finder: clause(document, clause_id, containing="...") -> the real Clause."""

    def find(document: str, clause_id: str, containing: str = "") -> Clause:
        for item in all_clauses[document]:
            if item.clause_id == clause_id and containing in item.text:
                return item
        raise LookupError(f"{document} §{clause_id} containing {containing!r} not parsed")

    return find


def scored(clauses: Sequence[Clause], *, top: float = 1.0, step: float = 0.1) -> list[ScoredClause]:
    """Rank clauses as a retriever would: descending scores in the given order."""
    return [ScoredClause(c, max(0.01, top - step * i)) for i, c in enumerate(clauses)]


@pytest.fixture(scope="session")
def rank() -> Callable[..., list[ScoredClause]]:
    """Return the ranking helper ``scored`` (test modules cannot import conftest under importlib mode)."""
    return scored


@pytest.fixture(autouse=True)
def rule_based_confidence(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compose with the pre-calibration decisions (fixed coverage thresholds, always sure) unless a test passes a model.

    The tests here pin the composer's stance and wording on hand-built rankings without retrieval evidence; the
    fitted model's behaviour is tested in test_answer_confidence.py.
    """
    from assistant.answer import compose
    from assistant.answer.confidence_model import ConfidenceModel

    monkeypatch.setattr(compose, "default_model", lambda: ConfidenceModel.rule_based())
