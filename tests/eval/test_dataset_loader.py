"""The JSONL loaders: valid sets load; every format error names the file and the line, never the text."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assistant.models import Stance
from eval.datasets import DatasetError, ExpectedClause, load_guard, load_qa, select

QA_OK = {
    "id": "q1",
    "question": "Can I friend an ex-pupil?",
    "documents": ["academy-trust-it-comms-social-media"],
    "history": ["earlier turn"],
    "expected": [{"document": "academy-trust-it-comms-social-media", "clause": "2.14/2.12"}],
    "stance": "prohibited",
    "must_mention": ["ex-pupils"],
    "notes": "",
}
GUARD_OK = {
    "id": "g1",
    "prompt": "secret prompt text",
    "expected": "refuse",
    "categories": ["credentials"],
    "notes": "",
}


def test_valid_sets_load(write_jsonl: Callable[[str, list[dict[str, Any]]], Path]) -> None:
    nc = {**QA_OK, "id": "q2", "expected": [], "stance": "not_covered", "history": None, "notes": None}
    items = load_qa(write_jsonl("qa.jsonl", [QA_OK, nc]))
    assert items[0].expected == (ExpectedClause("academy-trust-it-comms-social-media", "2.14/2.12"),)
    assert items[0].stance is Stance.PROHIBITED and items[0].follow_up and items[0].covered
    assert not items[1].covered and not items[1].follow_up
    guard = load_guard(write_jsonl("guard.jsonl", [GUARD_OK, {**GUARD_OK, "id": "g2", "expected": "allow"}]))
    assert [g.should_refuse for g in guard] == [True, False]


def test_bundled_sets_load() -> None:
    root = Path(__file__).resolve().parents[2] / "eval" / "data"
    assert len(load_qa(root / "qa.jsonl")) >= 25
    assert len(load_guard(root / "guard.jsonl")) >= 40


def test_bad_json_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "qa.jsonl"
    path.write_text(json.dumps(QA_OK) + "\n\n" + '{"id": "q2", "question": "oops"\n', encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load_qa(path)
    assert caught.value.line == 3 and caught.value.path == str(path)
    assert str(caught.value).startswith(f"{path}:3: not valid JSON")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"stance": "forbidden"}, "unknown stance 'forbidden'"),
        ({"question": ""}, "field 'question' must be a non-empty string"),
        ({"expected": [{"document": "d"}]}, "missing field 'clause'"),
        ({"expected": []}, '"expected" is empty but the stance is prohibited'),
        ({"stance": "not_covered"}, '"expected" must be [] when the stance is not_covered'),
        ({"documents": "academy"}, "field 'documents' must be a list"),
        ({"must_mention": [3]}, "field 'must_mention' must be a list of non-empty strings"),
    ],
)
def test_bad_qa_item_names_the_line(
    write_jsonl: Callable[[str, list[dict[str, Any]]], Path], change: dict[str, Any], message: str
) -> None:
    path = write_jsonl("qa.jsonl", [QA_OK, {**QA_OK, "id": "q2", **change}])
    with pytest.raises(DatasetError, match=f"^{path}:2: ") as caught:
        load_qa(path)
    assert message in str(caught.value)
    assert QA_OK["question"] not in str(caught.value)


def test_bad_guard_items_and_duplicates(write_jsonl: Callable[[str, list[dict[str, Any]]], Path]) -> None:
    path = write_jsonl("g.jsonl", [GUARD_OK, {**GUARD_OK, "id": "g2", "expected": "block"}])
    with pytest.raises(DatasetError, match=r':2: "expected" must be "refuse" or "allow"'):
        load_guard(path)
    dup = write_jsonl("dup.jsonl", [GUARD_OK, GUARD_OK])
    with pytest.raises(DatasetError, match=r":2: duplicate id 'g1' \(first on line 1\)"):
        load_guard(dup)
    not_object = write_jsonl("list.jsonl", [GUARD_OK])
    not_object.write_text(not_object.read_text() + "[1, 2]\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=":2: each line must be a JSON object"):
        load_guard(not_object)


def test_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="file not found"):
        load_qa(tmp_path / "nope.jsonl")
    (tmp_path / "empty.jsonl").write_text("\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="no items"):
        load_guard(tmp_path / "empty.jsonl")


def test_select_by_id_then_limit(write_jsonl: Callable[[str, list[dict[str, Any]]], Path]) -> None:
    items = load_guard(write_jsonl("g.jsonl", [{**GUARD_OK, "id": f"g{i}"} for i in range(5)]))
    assert [g.id for g in select(items, ids=["g3", "g1", "g4"], limit=2)] == ["g1", "g3"]
    with pytest.raises(DatasetError, match="unknown item id"):
        select(items, ids=["g9"])
