"""Load and validate the evaluation sets (JSONL, one item a line), so a school can bring its own.

QA item: ``{"id", "question", "documents": [ids], "history": [earlier user turns], "expected": [{"document",
"clause"}] ([] when not covered), "stance", "must_mention": [...], "notes"}``.
Guard item: ``{"id", "prompt", "expected": "refuse" | "allow", "categories": [...], "notes"}``.
Every error names the file and the line, never the question or prompt text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from assistant.errors import PolicyAssistantError
from assistant.models import Stance

GUARD_VERDICTS = ("refuse", "allow")
# The batches eval/data/qa.jsonl was written in (first and last id number; see eval/data/README.md). Each was
# written blind of the system's answers, so cross-validation holds out one batch at a time.
QA_BATCHES: tuple[tuple[int, int], ...] = (
    (1, 178),
    (179, 228),
    (229, 268),
    (269, 318),
    (319, 368),
    (369, 418),
    (419, 468),
    (469, 518),
    (519, 568),
    (569, 628),
    (629, 678),
    (679, 728),
)
# Ids past the last listed batch, and ids with another prefix ("u001"), fall into blocks of BATCH_BLOCK.
BATCH_BLOCK = 50


def batch_of(item_id: str) -> str:
    """Return the batch label of an item id: "q179-q228" for q-ids (eval/data/README.md), blocks of 50 otherwise."""
    prefix = item_id.rstrip("0123456789")
    digits = item_id[len(prefix) :]
    if not digits:
        return prefix or item_id
    number, width = int(digits), max(3, len(digits))
    if prefix.lower() == "q":
        for low, high in QA_BATCHES:
            if low <= number <= high:
                return f"{prefix}{low:0{width}d}-{prefix}{high:0{width}d}"
        start = QA_BATCHES[-1][1] + 1
    else:
        start = 1
    low = start + max(0, (number - start) // BATCH_BLOCK) * BATCH_BLOCK
    return f"{prefix}{low:0{width}d}-{prefix}{low + BATCH_BLOCK - 1:0{width}d}"


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


_T = TypeVar("_T", bound=_Identified)


class DatasetError(PolicyAssistantError):
    """An evaluation file is missing, not JSONL, or an item breaks the format."""

    def __init__(self, path: Path | str, line: int | None, reason: str) -> None:
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {reason}")
        self.path = str(path)
        self.line = line
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ExpectedClause:
    """A clause a correct answer retrieves and cites."""

    document: str
    clause: str


@dataclass(frozen=True, slots=True)
class QAItem:
    """One question with what the policies decide about it."""

    id: str
    question: str
    stance: Stance
    documents: tuple[str, ...] = ()
    history: tuple[str, ...] = ()
    expected: tuple[ExpectedClause, ...] = ()
    must_mention: tuple[str, ...] = ()
    notes: str = ""

    @property
    def covered(self) -> bool:
        """Return True when the policies answer the question."""
        return self.stance is not Stance.NOT_COVERED

    @property
    def follow_up(self) -> bool:
        """Return True when the question continues earlier turns."""
        return bool(self.history)


@dataclass(frozen=True, slots=True)
class GuardItem:
    """One prompt with the verdict the guard should reach."""

    id: str
    prompt: str
    expected: str
    categories: tuple[str, ...] = ()
    notes: str = ""

    @property
    def should_refuse(self) -> bool:
        """Return True when the guard must refuse the prompt."""
        return self.expected == "refuse"


def load_qa(path: Path | str) -> list[QAItem]:
    """Read and validate a QA set; raises DatasetError naming the file and line."""
    return _load(Path(path), _qa_item)


def load_guard(path: Path | str) -> list[GuardItem]:
    """Read and validate a guard set; raises DatasetError naming the file and line."""
    return _load(Path(path), _guard_item)


def select(items: Sequence[_T], *, ids: Sequence[str] | None = None, limit: int | None = None) -> list[_T]:
    """Keep the items with the given ids (in file order), then the first ``limit``; unknown ids raise."""
    chosen = list(items)
    if ids is not None:
        wanted = set(ids)
        missing = sorted(wanted - {item.id for item in chosen})
        if missing:
            raise DatasetError("<selection>", None, "unknown item id(s): " + ", ".join(missing))
        chosen = [item for item in chosen if item.id in wanted]
    return chosen[:limit] if limit is not None else chosen


def _load(path: Path, parse: Callable[[dict[str, Any]], _T]) -> list[_T]:
    if not path.is_file():
        raise DatasetError(path, None, "file not found")
    items: list[_T] = []
    seen: dict[str, int] = {}
    for line_no, raw in _lines(path):
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise DatasetError(path, line_no, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
        if not isinstance(record, dict):
            raise DatasetError(path, line_no, "each line must be a JSON object")
        try:
            item = parse(record)
        except (KeyError, TypeError, ValueError) as exc:
            raise DatasetError(path, line_no, _reason(exc)) from None
        item_id = item.id
        if item_id in seen:
            raise DatasetError(path, line_no, f"duplicate id {item_id!r} (first on line {seen[item_id]})")
        seen[item_id] = line_no
        items.append(item)
    if not items:
        raise DatasetError(path, None, "no items")
    return items


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    with path.open(encoding="utf-8") as handle:
        for line_no, raw in enumerate(handle, start=1):
            if raw.strip():
                yield line_no, raw


def _reason(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"missing field {exc.args[0]!r}"
    return str(exc)


def _qa_item(record: dict[str, Any]) -> QAItem:
    stance_value = _text(record, "stance")
    try:
        stance = Stance(stance_value)
    except ValueError:
        allowed = ", ".join(s.value for s in Stance)
        raise ValueError(f"unknown stance {stance_value!r} (one of {allowed})") from None
    expected = tuple(_expected(entry) for entry in _list(record, "expected", required=True))
    if stance is Stance.NOT_COVERED and expected:
        raise ValueError('"expected" must be [] when the stance is not_covered')
    if stance is not Stance.NOT_COVERED and not expected:
        raise ValueError(f'"expected" is empty but the stance is {stance.value}')
    return QAItem(
        id=_text(record, "id"),
        question=_text(record, "question"),
        stance=stance,
        documents=tuple(_strings(record, "documents")),
        history=tuple(_strings(record, "history")),
        expected=expected,
        must_mention=tuple(_strings(record, "must_mention")),
        notes=_optional_text(record, "notes"),
    )


def _guard_item(record: dict[str, Any]) -> GuardItem:
    expected = _text(record, "expected")
    if expected not in GUARD_VERDICTS:
        raise ValueError(f'"expected" must be "refuse" or "allow", got {expected!r}')
    categories = tuple(_strings(record, "categories"))
    return GuardItem(
        id=_text(record, "id"),
        prompt=_text(record, "prompt"),
        expected=expected,
        categories=categories,
        notes=_optional_text(record, "notes"),
    )


def _expected(entry: Any) -> ExpectedClause:
    if not isinstance(entry, dict):
        raise TypeError('each "expected" entry must be an object {"document", "clause"}')
    return ExpectedClause(document=_text(entry, "document"), clause=_text(entry, "clause"))


def _text(record: dict[str, Any], key: str) -> str:
    value = record[key]
    if not isinstance(value, str) or not value.strip():
        raise TypeError(f"field {key!r} must be a non-empty string")
    return value


def _optional_text(record: dict[str, Any], key: str) -> str:
    value = record.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"field {key!r} must be a string")
    return value


def _list(record: dict[str, Any], key: str, *, required: bool = False) -> list[Any]:
    value = record[key] if required else record.get(key, [])
    if value is None:
        value = []
    if not isinstance(value, list):
        raise TypeError(f"field {key!r} must be a list")
    return value


def _strings(record: dict[str, Any], key: str) -> list[str]:
    values = _list(record, key)
    if not all(isinstance(value, str) and value.strip() for value in values):
        raise TypeError(f"field {key!r} must be a list of non-empty strings")
    return values
