"""The detector on the golden questions, over the five bundled policies as ingest parses them."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.retrieval.aliases import load_alias_file
from assistant.retrieval.scope import PolicyNames
from assistant.settings import REPO_ROOT
from ingest.parser import parse_document
from tests.assistant.retrieval.scope_golden import NAMED, NOT_NAMED

MIN_PRECISION = 0.95
MIN_RECALL = 0.85


@pytest.fixture(scope="module")
def names() -> PolicyNames:
    parsed = [
        parse_document(path.read_text(encoding="utf-8"), document_id=path.stem, source=str(path))
        for path in sorted((REPO_ROOT / "data" / "policies").glob("*.txt"))
    ]
    return PolicyNames.build(
        [doc.meta for doc in parsed],
        texts={doc.meta.document_id: " ".join(c.text for c in doc.clauses) for doc in parsed},
        configured=load_alias_file(Path(REPO_ROOT / "data" / "policy_aliases.yaml")),
    )


def _score(names: PolicyNames) -> tuple[int, int, int]:
    """Return true positives, false positives and false negatives over every golden case (document level)."""
    tp = fp = fn = 0
    cases = [(q, h, set(want)) for q, h, want in NAMED] + [(q, h, set()) for q, h in NOT_NAMED]
    for question, history, want in cases:
        got = set(names.detect_conversation(question, history).documents)
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
    return tp, fp, fn


def test_the_golden_set_has_25_named_and_10_unnamed_questions() -> None:
    assert len(NAMED) == 25
    assert len(NOT_NAMED) == 10


def test_detection_precision_and_recall_on_the_golden_questions(names: PolicyNames) -> None:
    tp, fp, fn = _score(names)
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    print(f"policy-name detection: precision {precision:.3f} recall {recall:.3f} (tp {tp}, fp {fp}, fn {fn})")
    assert precision >= MIN_PRECISION
    assert recall >= MIN_RECALL


@pytest.mark.parametrize(("question", "history"), NOT_NAMED)
def test_misleading_words_name_no_policy(names: PolicyNames, question: str, history: tuple[str, ...]) -> None:
    assert names.detect_conversation(question, history).documents == ()
