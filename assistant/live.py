"""The assistant of the live index generation, rebuilt in the background when an ingest publishes a new one.

A watcher thread checks the live-generation pointer every ``interval_s`` seconds (a small file read, or one
metadata read on a Chroma server). When it names a new generation, the thread builds a whole new assistant
and only then swaps the reference, so a request never sees a half-built one; a request that already holds
the old assistant finishes on it. A failed build is logged and the old assistant keeps serving.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable

from assistant.errors import IndexNotReadyError
from assistant.facade import AssistantAPI

log = logging.getLogger(__name__)

Probe = Callable[[], str | None]
Builder = Callable[[str], AssistantAPI]
Retire = Callable[[AssistantAPI], None]


class LiveAssistant:
    """Hold the assistant of the live generation; swap in a new one when the pointer moves."""

    def __init__(self, *, probe: Probe, build: Builder, interval_s: float, retire: Retire | None = None) -> None:
        self._probe = probe
        self._build = build
        self._retire = retire
        self._retiring: AssistantAPI | None = None  # replaced by the last swap; requests may still hold it
        self.interval_s = interval_s
        self._assistant: AssistantAPI | None = None
        self._generation: str | None = None
        self._tried: str | None = None  # the last generation a build was attempted for
        self._probe_failing = False
        self.error: str | None = None
        self.loaded = threading.Event()  # set once the first load attempt has finished
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @classmethod
    def fixed(cls, build: Callable[[], AssistantAPI]) -> LiveAssistant:
        """Return one that builds a single assistant and never reloads (fakes, or an index that never changes)."""
        return cls(probe=lambda: "fixed", build=lambda _name: build(), interval_s=0)

    @property
    def generation(self) -> str | None:
        """Return the generation the current assistant serves."""
        return self._generation

    def current(self) -> AssistantAPI | None:
        """Return the assistant to use for one whole request (None until the first load succeeds)."""
        return self._assistant

    def require(self) -> AssistantAPI:
        """Return the current assistant or raise IndexNotReadyError with the reason."""
        assistant = self._assistant
        if assistant is None:
            reason = "the policy index and models are still loading"
            raise IndexNotReadyError(f"{reason}: {self.error}" if self.error else reason)
        return assistant

    def start(self) -> None:
        """Load in a background thread, then keep watching the pointer every interval_s (0: never)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="assistant-loader", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop watching (the current assistant keeps serving)."""
        self._stop.set()

    def refresh(self) -> bool:
        """Check the pointer once; build and swap in the assistant of a new generation. Return whether it swapped."""
        with self._lock:  # one build at a time, whoever asks
            try:
                name = self._probe()
            except Exception as exc:  # an unreachable Chroma server must not stop the watcher
                if not self._probe_failing:  # say so once, not every interval
                    self._note_failure(None, exc)
                self._probe_failing = True
                return False
            self._probe_failing = False
            if name is None:
                if self._assistant is None:
                    self.error = "no clause index yet; run `policy-assistant ingest`"
                return False
            if name in (self._generation, self._tried):
                return False
            return self._swap(name)

    def _swap(self, name: str) -> bool:
        self._tried = name
        started = time.perf_counter()
        try:
            assistant = self._build(name)
        except Exception as exc:  # keep serving the old assistant; the next new generation is tried again
            self._note_failure(name, exc)
            return False
        replaced = self._assistant
        self._assistant, self._generation, self.error = assistant, name, None
        self._release(self._retiring)  # replaced a whole swap ago: no request still holds it
        self._retiring = replaced
        seconds = round(time.perf_counter() - started, 2)
        extra = {"event": "assistant_loaded", "generation": name, "seconds": seconds, "pid": os.getpid()}
        log.info("assistant loaded", extra=extra)
        return True

    def _release(self, assistant: AssistantAPI | None) -> None:
        """Let go of an old generation's resources (its Chroma client), if the builder said how."""
        if assistant is None or self._retire is None:
            return
        try:
            self._retire(assistant)
        except Exception:  # a failed clean-up must not stop serving
            log.warning("could not release an old index generation", extra={"event": "retire_failed"}, exc_info=True)

    def _note_failure(self, name: str | None, exc: Exception) -> None:
        if self._assistant is None:
            self.error = f"{type(exc).__name__}: {exc}"
        extra = {"event": "assistant_load_failed", "generation": name, "error": type(exc).__name__, "pid": os.getpid()}
        message = "new index generation failed to load; the previous one keeps serving" if self._assistant else ""
        log.error(message or "assistant failed to load", extra=extra, exc_info=True)

    def _run(self) -> None:
        try:
            self.refresh()
        finally:
            self.loaded.set()
        while self.interval_s > 0 and not self._stop.wait(self.interval_s):
            self.refresh()
