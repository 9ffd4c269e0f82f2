"""Local SQLite store for staff feedback on answers: ratings, optional comments, cited clause ids, issued answer ids.

Never stores question text. The caller runs the guard on a comment first and does not store a refused one.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from assistant.errors import InvalidRequestError

MAX_COMMENT_CHARS = 2_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    answer_id TEXT NOT NULL,
    rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
    comment TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback_clause (
    feedback_id INTEGER NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
    document TEXT NOT NULL,
    clause TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_clause_key ON feedback_clause (document, clause);
CREATE TABLE IF NOT EXISTS issued_answer (
    answer_id TEXT PRIMARY KEY,
    issued_at TEXT NOT NULL
);
"""

_COUNTS = """
SELECT fc.document, fc.clause,
       SUM(CASE WHEN f.rating > 0 THEN 1 ELSE 0 END) AS up,
       SUM(CASE WHEN f.rating < 0 THEN 1 ELSE 0 END) AS down,
       SUM(CASE WHEN f.comment IS NOT NULL THEN 1 ELSE 0 END) AS comments
FROM feedback_clause fc JOIN feedback f ON f.id = fc.feedback_id
GROUP BY fc.document, fc.clause
ORDER BY down DESC, up DESC, fc.document, fc.clause
"""


@dataclass(frozen=True, slots=True)
class ClauseFeedback:
    """Feedback totals for one cited clause."""

    document: str
    clause: str
    up: int
    down: int
    comments: int


@dataclass(frozen=True, slots=True)
class FeedbackComment:
    """One stored comment on an answer that cited a clause."""

    rating: int
    comment: str
    created_at: str


class FeedbackStore:
    """Feedback in one SQLite file; a short-lived connection per call, so any thread may use it."""

    def __init__(self, path: Path) -> None:
        self._path = Path(path)
        self._ready = False
        self._setup_lock = threading.Lock()

    @property
    def path(self) -> Path:
        """Return the database file path."""
        return self._path

    def record(
        self, *, answer_id: str, rating: int, comment: str | None, clauses: Sequence[tuple[str, str]] = ()
    ) -> None:
        """Store one rating (+1 or -1) for an answer, with its cited (document, clause) ids."""
        if rating not in (-1, 1):
            raise InvalidRequestError("rating must be +1 or -1")
        if not answer_id.strip():
            raise InvalidRequestError("answer_id is required")
        text = (comment or "").strip() or None
        if text is not None and len(text) > MAX_COMMENT_CHARS:
            raise InvalidRequestError(f"comment is longer than {MAX_COMMENT_CHARS} characters")
        unique = list(dict.fromkeys((doc, clause) for doc, clause in clauses))
        created = datetime.now(UTC).isoformat(timespec="seconds")
        with self._connect() as conn:
            cursor = conn.execute(
                "INSERT INTO feedback (answer_id, rating, comment, created_at) VALUES (?, ?, ?, ?)",
                (answer_id, rating, text, created),
            )
            conn.executemany(
                "INSERT INTO feedback_clause (feedback_id, document, clause) VALUES (?, ?, ?)",
                [(cursor.lastrowid, doc, clause) for doc, clause in unique],
            )

    def issue(self, answer_id: str) -> None:
        """Remember that the service gave out this answer id (shared by all workers), so feedback can name only it."""
        created = datetime.now(UTC).isoformat(timespec="seconds")
        with self._connect() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO issued_answer (answer_id, issued_at) VALUES (?, ?)", (answer_id, created)
            )

    def was_issued(self, answer_id: str) -> bool:
        """Return True when the service gave out this answer id."""
        with self._connect() as conn:
            row = conn.execute("SELECT 1 FROM issued_answer WHERE answer_id = ?", (answer_id,)).fetchone()
        return row is not None

    def counts_by_clause(self) -> list[ClauseFeedback]:
        """Return up/down/comment counts per cited clause, most thumbs-down first."""
        with self._connect() as conn:
            rows = conn.execute(_COUNTS).fetchall()
        return [
            ClauseFeedback(doc, clause, int(up), int(down), int(comments)) for doc, clause, up, down, comments in rows
        ]

    def comments_for(self, *, document: str, clause: str, limit: int = 50) -> list[FeedbackComment]:
        """Return the newest comments on answers that cited one clause."""
        query = (
            "SELECT f.rating, f.comment, f.created_at FROM feedback f JOIN feedback_clause fc ON f.id = fc.feedback_id "
            "WHERE fc.document = ? AND fc.clause = ? AND f.comment IS NOT NULL ORDER BY f.id DESC LIMIT ?"
        )
        with self._connect() as conn:
            rows = conn.execute(query, (document, clause, limit)).fetchall()
        return [FeedbackComment(int(rating), str(text), str(created)) for rating, text, created in rows]

    def totals(self) -> tuple[int, int]:
        """Return (thumbs up, thumbs down) over all answers, cited or not."""
        with self._connect() as conn:
            up, down = conn.execute(
                "SELECT COALESCE(SUM(rating > 0), 0), COALESCE(SUM(rating < 0), 0) FROM feedback"
            ).fetchone()
        return int(up), int(down)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """Open a connection, creating the file and schema on first use; commit on success."""
        self._path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self._path, timeout=10)
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            # Switching to WAL takes an exclusive lock that ignores the busy timeout: set up once, serially.
            with self._setup_lock:
                if not self._ready:
                    conn.execute("PRAGMA journal_mode = WAL")
                    conn.executescript(_SCHEMA)
                    self._ready = True
            with conn:
                yield conn
        finally:
            conn.close()
