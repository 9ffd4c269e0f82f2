"""Refuse replayed Teams activities: an id seen before, or a timestamp far from now (signatures alone allow replays)."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime


class ReplayGuard:
    """Remember activity ids for the replay window; each uvicorn worker keeps its own, so the window bounds the rest."""

    def __init__(self, *, window_s: float, max_ids: int = 50_000, clock: Callable[[], float] = time.time) -> None:
        self.window_s = window_s
        self.max_ids = max_ids
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def problem(self, *, activity_id: str | None, timestamp: str | None) -> str | None:
        """Return why the activity must be refused (stale, or seen), or None; remember its id when it passes."""
        now = self._clock()
        if timestamp is not None:
            sent = _epoch(timestamp)
            if sent is None:
                return "the activity timestamp is not an ISO 8601 date-time"
            if abs(now - sent) > self.window_s:
                return "the activity timestamp is outside the replay window"
        if not activity_id:
            return None
        with self._lock:
            oldest = now - self.window_s
            while self._seen and (next(iter(self._seen.values())) < oldest or len(self._seen) > self.max_ids):
                self._seen.popitem(last=False)
            if activity_id in self._seen:
                return "this activity was already received"
            self._seen[activity_id] = now
        return None


def _epoch(timestamp: str) -> float | None:
    """Return seconds since the epoch for an ISO 8601 time with an offset ("...Z" included), else None."""
    try:
        parsed = datetime.fromisoformat(timestamp.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.timestamp() if parsed.tzinfo is not None else None
