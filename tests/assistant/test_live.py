"""The live assistant holder: swaps in a fully built assistant when the generation pointer moves."""

from __future__ import annotations

import logging
import threading
import time

import pytest

from assistant.errors import IndexNotReadyError
from assistant.live import LiveAssistant


class Built:
    """Stands in for an assistant built over one generation."""

    def __init__(self, generation: str) -> None:
        self.generation = generation


class Pointer:
    """The live-generation pointer an ingest moves, and a builder that may fail or block."""

    def __init__(self, value: str | None) -> None:
        self.value = value
        self.builds: list[str] = []
        self.fail: set[str] = set()
        self.gate = threading.Event()
        self.gate.set()

    def probe(self) -> str | None:
        return self.value

    def build(self, generation: str) -> Built:
        self.builds.append(generation)
        self.gate.wait()
        if generation in self.fail:
            raise IndexNotReadyError(f"generation {generation} is incomplete")
        return Built(generation)


def _live(pointer: Pointer, *, interval_s: float = 0) -> LiveAssistant:
    return LiveAssistant(probe=pointer.probe, build=pointer.build, interval_s=interval_s)  # type: ignore[arg-type]


def test_a_new_generation_is_swapped_in_and_a_held_assistant_stays_on_its_own():
    pointer = Pointer("gen-000001")
    live = _live(pointer)
    assert live.refresh() and live.generation == "gen-000001"
    held = live.require()
    assert not live.refresh() and pointer.builds == ["gen-000001"]  # unchanged pointer: nothing rebuilt
    pointer.value = "gen-000002"
    assert live.refresh()
    assert held.generation == "gen-000001"  # type: ignore[attr-defined]
    assert live.require().generation == "gen-000002"  # type: ignore[attr-defined]


def test_requests_see_the_old_assistant_until_the_new_one_is_completely_built():
    pointer = Pointer("gen-000001")
    live = _live(pointer)
    live.refresh()
    old = live.current()
    pointer.value, pointer.gate = "gen-000002", threading.Event()
    building = threading.Thread(target=live.refresh)
    building.start()
    while pointer.builds[-1:] != ["gen-000002"]:
        time.sleep(0.01)
    assert live.current() is old  # mid-build
    pointer.gate.set()
    building.join()
    assert live.current() is not old and live.generation == "gen-000002"


def test_a_failed_reload_keeps_the_old_assistant_logs_without_text_and_is_not_retried(caplog):
    pointer = Pointer("gen-000001")
    live = _live(pointer)
    live.refresh()
    old = live.current()
    pointer.value = "gen-000002"
    pointer.fail.add("gen-000002")
    with caplog.at_level(logging.ERROR, logger="assistant.live"):
        assert not live.refresh()
    assert live.current() is old and live.error is None
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert [record.event for record in errors] == ["assistant_load_failed"]  # type: ignore[attr-defined]
    assert "incomplete" not in errors[0].getMessage()  # ids and types only; no text of any request
    assert not live.refresh() and pointer.builds == ["gen-000001", "gen-000002"]
    pointer.value = "gen-000003"
    assert live.refresh() and live.generation == "gen-000003"


def test_no_index_is_not_ready_until_an_ingest_publishes_one():
    pointer = Pointer(None)
    live = _live(pointer)
    assert not live.refresh()
    with pytest.raises(IndexNotReadyError, match="run `policy-assistant ingest`"):
        live.require()
    pointer.value = "gen-000001"
    assert live.refresh() and live.require().generation == "gen-000001"  # type: ignore[attr-defined]


def test_a_first_load_that_fails_says_why():
    pointer = Pointer("gen-000001")
    pointer.fail.add("gen-000001")
    live = _live(pointer)
    live.refresh()
    with pytest.raises(IndexNotReadyError, match="gen-000001 is incomplete"):
        live.require()


def test_the_watcher_thread_follows_the_pointer_by_itself():
    pointer = Pointer("gen-000001")
    live = _live(pointer, interval_s=0.02)
    live.start()
    try:
        assert live.loaded.wait(timeout=10) and live.generation == "gen-000001"
        pointer.value = "gen-000002"
        deadline = time.monotonic() + 10
        while live.generation != "gen-000002" and time.monotonic() < deadline:
            time.sleep(0.02)
        assert live.generation == "gen-000002"
    finally:
        live.stop()


def test_a_fixed_assistant_is_built_once_and_never_reloaded():
    calls: list[int] = []
    live = LiveAssistant.fixed(lambda: calls.append(1) or Built("fixed"))  # type: ignore[func-returns-value]
    assert live.refresh() and not live.refresh() and calls == [1]


def test_an_assistant_is_released_one_swap_after_it_was_replaced():
    pointer = Pointer("gen-000001")
    released: list[str] = []
    live = LiveAssistant(
        probe=pointer.probe,
        build=pointer.build,  # type: ignore[arg-type]
        interval_s=0,
        retire=lambda assistant: released.append(assistant.generation),  # type: ignore[attr-defined]
    )
    for number in range(1, 5):
        pointer.value = f"gen-{number:06d}"
        live.refresh()
    assert released == ["gen-000001", "gen-000002"]  # gen-000003 may still be in a request's hands
    assert live.generation == "gen-000004"
