"""Schema and consistency checks for the labelled evaluation sets in eval/data/."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from assistant.guard.verdict import Category

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "eval" / "data"
POLICIES = ROOT / "data" / "policies"

UPN_LIKE = re.compile(r"\b[A-Z]\d{12}\b")
UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
STANCES = {
    "prohibited",
    "discouraged",
    "permitted",
    "permitted_with_conditions",
    "required",
    "informational",
    "not_covered",
}
QA_REQUIRED: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "question": str,
    "documents": list,
    "expected": list,
    "stance": str,
    "must_mention": list,
    "notes": str,
}
GUARD_REQUIRED: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "prompt": str,
    "expected": str,
    "categories": list,
    "notes": str,
}


def _load(name: str) -> list[dict[str, Any]]:
    """Read one JSONL file, failing on blank or malformed lines."""
    rows = []
    for number, line in enumerate((DATA / name).read_text(encoding="utf-8").splitlines(), start=1):
        assert line.strip(), f"{name}:{number} is blank"
        row = json.loads(line)
        assert isinstance(row, dict), f"{name}:{number} is not an object"
        rows.append(row)
    return rows


def _within(cited: str, expected: str) -> bool:
    """Apply the matching rule: equal, or nested inside the expected clause."""
    return cited == expected or cited.startswith(expected + ".")


@pytest.fixture(scope="module")
def qa() -> list[dict[str, Any]]:
    return _load("qa.jsonl")


@pytest.fixture(scope="module")
def guard() -> list[dict[str, Any]]:
    return _load("guard.jsonl")


@pytest.fixture(scope="module")
def document_ids() -> set[str]:
    return {path.stem for path in POLICIES.iterdir() if path.is_file()}


def test_matching_rule_examples() -> None:
    assert _within("7.4.2", "7.4")
    assert _within("2.14/2.12", "2.14/2")
    assert _within("10", "10")
    assert not _within("8", "8.3")
    assert not _within("7.41", "7.4")
    assert not _within("7.4", "7.4.2")


def test_qa_fields_and_types(qa: list[dict[str, Any]]) -> None:
    for row in qa:
        for field, kind in QA_REQUIRED.items():
            assert isinstance(row.get(field), kind), f"{row.get('id')}: {field} missing or not {kind}"
        assert row["question"].strip(), row["id"]
        assert row["stance"] in STANCES, row["id"]
        assert all(isinstance(d, str) for d in row["documents"]), row["id"]
        assert all(isinstance(m, str) and m.strip() for m in row["must_mention"]), row["id"]
        assert all(set(e) == {"document", "clause"} for e in row["expected"]), row["id"]
        assert all(isinstance(e["clause"], str) and e["clause"] for e in row["expected"]), row["id"]
        if "history" in row:
            history = row["history"]
            assert isinstance(history, list) and history, row["id"]
            assert all(isinstance(turn, str) and turn.strip() for turn in history), row["id"]


def test_qa_ids_unique_and_sized(qa: list[dict[str, Any]]) -> None:
    ids = [row["id"] for row in qa]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("q") for i in ids)
    assert len(qa) >= 90


def test_qa_stance_matches_expected(qa: list[dict[str, Any]]) -> None:
    for row in qa:
        if row["stance"] == "not_covered":
            assert row["expected"] == [], row["id"]
            assert row["must_mention"] == [], row["id"]
        else:
            assert row["expected"], row["id"]
            assert row["must_mention"], row["id"]


def test_qa_expected_within_scope(qa: list[dict[str, Any]], document_ids: set[str]) -> None:
    for row in qa:
        assert set(row["documents"]) <= document_ids, row["id"]
        assert len(row["documents"]) == len(set(row["documents"])), row["id"]
        for expected in row["expected"]:
            assert expected["document"] in document_ids, row["id"]
            if row["documents"]:
                assert expected["document"] in row["documents"], f"{row['id']}: expected clause outside scope"
        pairs = [(e["document"], e["clause"]) for e in row["expected"]]
        assert len(pairs) == len(set(pairs)), f"{row['id']}: duplicate expected clause"


def test_qa_coverage_mix(qa: list[dict[str, Any]], document_ids: set[str]) -> None:
    stances = Counter(row["stance"] for row in qa)
    assert stances["not_covered"] >= 12
    assert sum(1 for row in qa if row.get("history")) >= 10
    assert sum(1 for row in qa if not row["documents"]) >= len(qa) // 5
    assert any(len(row["documents"]) == 2 for row in qa)
    assert sum(1 for row in qa if len(row["expected"]) > 1) >= 20
    per_document = Counter(d for row in qa for d in {*row["documents"], *(e["document"] for e in row["expected"])})
    for document in document_ids:
        assert per_document[document] >= 15, document


def test_guard_fields_and_types(guard: list[dict[str, Any]]) -> None:
    allowed = {str(category) for category in Category}
    for row in guard:
        for field, kind in GUARD_REQUIRED.items():
            assert isinstance(row.get(field), kind), f"{row.get('id')}: {field} missing or not {kind}"
        assert row["prompt"].strip(), row["id"]
        assert row["expected"] in {"refuse", "allow"}, row["id"]
        assert set(row["categories"]) <= allowed, row["id"]
        assert len(row["categories"]) == len(set(row["categories"])), row["id"]
        if row["expected"] == "refuse":
            assert row["categories"], f"{row['id']}: a refusal names its categories"
        else:
            assert row["categories"] == [], f"{row['id']}: an allow item has no categories"


def test_guard_ids_unique_and_balanced(guard: list[dict[str, Any]]) -> None:
    ids = [row["id"] for row in guard]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("g") for i in ids)
    assert len(guard) >= 120
    refused = sum(1 for row in guard if row["expected"] == "refuse")
    assert 0.4 <= refused / len(guard) <= 0.6
    assert len({row["prompt"] for row in guard}) == len(guard), "duplicate prompt"


def test_guard_covers_every_category(guard: list[dict[str, Any]]) -> None:
    seen = Counter(c for row in guard for c in row["categories"])
    for category in Category:
        assert seen[str(category)] >= 3, category


def _upn_check_letter(digits: str) -> str:
    """Return the DfE check letter for the 12 digits after it (weights 2..13, mod 23)."""
    total = sum(int(digit) * weight for digit, weight in zip(digits, range(2, 14), strict=True))
    return UPN_CHECK_LETTERS[total % 23]


def test_upn_check_letter_known_value() -> None:
    assert _upn_check_letter("820200101001") == "U"


def test_guard_upns_are_valid_and_only_in_refusals(guard: list[dict[str, Any]]) -> None:
    found = 0
    for row in guard:
        for upn in UPN_LIKE.findall(row["prompt"]):
            found += 1
            assert upn[0] == _upn_check_letter(upn[1:]), f"{row['id']}: UPN with a wrong check letter"
            assert row["expected"] == "refuse" and "pupil_data" in row["categories"], row["id"]
    assert found >= 4


def test_expected_clauses_resolve_in_parsed_policies(qa: list[dict[str, Any]]) -> None:
    parser = pytest.importorskip("ingest.parser", reason="ingest/parser.py is not importable yet")
    parse_document = getattr(parser, "parse_document", None)
    if parse_document is None:
        pytest.skip("ingest.parser has no parse_document yet")
    clauses: dict[str, list[Any]] = {}
    for path in POLICIES.iterdir():
        parsed = parse_document(path.read_text(encoding="utf-8"), document_id=path.stem, source=str(path))
        clauses[path.stem] = list(parsed.clauses)
    for row in qa:
        _assert_resolves(row, clauses)


def _assert_resolves(row: dict[str, Any], clauses: dict[str, list[Any]]) -> None:
    """Every expected clause resolves to a parsed clause and holds the item's must-mention phrases."""
    texts: list[str] = []
    for expected in row["expected"]:
        hits = [c for c in clauses[expected["document"]] if _within(c.clause_id, expected["clause"])]
        assert hits, f"{row['id']}: {expected} does not resolve to a parsed clause"
        texts.extend(c.full_text.lower() for c in hits)
    for phrase in row["must_mention"]:
        assert any(phrase.lower() in text for text in texts), f"{row['id']}: {phrase!r} not in expected clauses"


UNSEEN_POLICIES = ROOT / "tests" / "fixtures" / "policies_blind"


def test_the_unseen_set_is_labelled_against_its_own_policies() -> None:
    from ingest.planning import parse_file

    rows = _load("qa_unseen.jsonl")
    clauses = {path.stem: list(parse_file(path).clauses) for path in UNSEEN_POLICIES.iterdir()}
    assert [row["id"] for row in rows] == [f"u{n:03d}" for n in range(1, len(rows) + 1)]
    for row in rows:
        assert set(QA_REQUIRED) <= set(row) and row["stance"] in STANCES, row["id"]
        assert set(row["documents"]) <= set(clauses), row["id"]
        _assert_resolves(row, clauses)
        assert (row["stance"] == "not_covered") == (not row["expected"]), row["id"]
