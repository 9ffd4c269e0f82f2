"""The SQLite feedback store: ratings and comments per cited clause, never question text."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from assistant.errors import InvalidRequestError
from assistant.feedback import ClauseFeedback, FeedbackStore

CITED = [("school-social-media-electronic-comms-2025", "7.4.2"), ("academy-trust-it-comms-social-media", "2.14/2.12")]


def _store(tmp_path: Path) -> FeedbackStore:
    return FeedbackStore(tmp_path / "nested" / "feedback.sqlite3")


def test_creates_the_file_and_schema_on_first_use(tmp_path: Path) -> None:
    store = _store(tmp_path)
    assert not store.path.exists()
    assert store.counts_by_clause() == []
    assert store.path.exists()
    with sqlite3.connect(store.path) as conn:
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_counts_up_down_and_comments_per_clause(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.record(answer_id="a1", rating=1, comment=None, clauses=CITED)
    store.record(answer_id="a2", rating=-1, comment="Quote was cut short", clauses=CITED[:1])
    store.record(answer_id="a3", rating=-1, comment="   ", clauses=CITED[:1])
    counts = store.counts_by_clause()
    assert counts == [
        ClauseFeedback("school-social-media-electronic-comms-2025", "7.4.2", up=1, down=2, comments=1),
        ClauseFeedback("academy-trust-it-comms-social-media", "2.14/2.12", up=1, down=0, comments=0),
    ]
    assert store.totals() == (1, 2)


def test_comments_for_a_clause_newest_first(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.record(answer_id="a1", rating=1, comment="Helpful", clauses=CITED)
    store.record(answer_id="a2", rating=-1, comment="Wrong clause", clauses=CITED[:1])
    comments = store.comments_for(document=CITED[0][0], clause=CITED[0][1])
    assert [(c.rating, c.comment) for c in comments] == [(-1, "Wrong clause"), (1, "Helpful")]
    assert [c.comment for c in store.comments_for(document=CITED[1][0], clause=CITED[1][1])] == ["Helpful"]


def test_answers_without_citations_still_count_in_totals(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.record(answer_id="a1", rating=-1, comment=None)
    assert store.counts_by_clause() == []
    assert store.totals() == (0, 1)


def test_duplicate_clause_ids_are_counted_once_per_answer(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.record(answer_id="a1", rating=1, comment=None, clauses=[CITED[0], CITED[0]])
    assert store.counts_by_clause()[0].up == 1


def test_stores_only_ids_rating_comment_and_time(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.record(answer_id="a1", rating=1, comment="ok", clauses=CITED[:1])
    with sqlite3.connect(store.path) as conn:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(feedback)")}
        columns |= {row[1] for row in conn.execute("PRAGMA table_info(feedback_clause)")}
    assert columns == {"id", "answer_id", "rating", "comment", "created_at", "feedback_id", "document", "clause"}


@pytest.mark.parametrize(
    ("answer_id", "rating", "comment"), [("a1", 0, None), ("a1", 2, None), ("  ", 1, None), ("a1", 1, "x" * 2_001)]
)
def test_rejects_invalid_feedback(tmp_path: Path, answer_id: str, rating: int, comment: str | None) -> None:
    store = _store(tmp_path)
    with pytest.raises(InvalidRequestError):
        store.record(answer_id=answer_id, rating=rating, comment=comment, clauses=CITED)
    assert store.totals() == (0, 0)


def test_concurrent_writers_from_threads(tmp_path: Path) -> None:
    store = _store(tmp_path)

    def write(n: int) -> None:
        for i in range(10):
            store.record(answer_id=f"{n}-{i}", rating=1 if i % 2 else -1, comment=None, clauses=CITED[:1])

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.counts_by_clause()[0].up + store.counts_by_clause()[0].down == 40


def test_a_second_store_on_the_same_file_sees_the_data(tmp_path: Path) -> None:
    _store(tmp_path).record(answer_id="a1", rating=1, comment=None, clauses=CITED[:1])
    assert _store(tmp_path).totals() == (1, 0)
