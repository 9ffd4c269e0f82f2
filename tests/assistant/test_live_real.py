"""The live assistant over a real index: each ingest's generation is served in turn, old ones released."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.settings import Settings

pytestmark = pytest.mark.integration

PHONES = "# Phone Policy\n\n1. Phones\n\n1.1. Keep phones on silent in lessons.\n"


def test_successive_ingests_are_served_in_turn_and_old_generations_released(tmp_path: Path, real_embedder) -> None:
    from assistant.guard.presidio import build_analyzer
    from assistant.wiring import Models, live_assistant
    from ingest.pipeline import ingest_paths

    policies = tmp_path / "policies"
    policies.mkdir()
    settings = Settings(index_dir=tmp_path / "index", policies_dir=policies, chroma_host=None, reload_interval_s=0)
    live = live_assistant(settings, models=Models(embedder=real_embedder, analyzer=build_analyzer()))
    assert not live.refresh()  # nothing ingested yet
    held = []
    for number in range(1, 5):
        (policies / "phones.md").write_text(PHONES + f"1.2. Charge phones in room {number}.\n", encoding="utf-8")
        assert ingest_paths([], settings=settings, embedder=real_embedder).ok
        assert live.refresh() and live.generation == f"gen-{number:06d}"
        held.append(live.require())
        texts = [clause.text for clause in live.require().clauses("phones")]
        assert f"Charge phones in room {number}." in texts
    answer = live.require().ask("Where do I charge my phone?")
    assert not answer.refused and {citation.document for citation in answer.citations} == {"phones"}
    # The assistant replaced by the last swap still answers for a request that holds it.
    assert "Charge phones in room 3." in [clause.text for clause in held[2].clauses("phones")]
    assert held[2].ask("Where do I charge my phone?").citations


def test_the_models_come_from_the_loader_given_once_however_many_generations(tmp_path: Path, real_embedder) -> None:
    from assistant.guard.presidio import build_analyzer
    from assistant.wiring import Models, live_assistant
    from ingest.pipeline import ingest_paths

    policies = tmp_path / "policies"
    policies.mkdir()
    settings = Settings(index_dir=tmp_path / "index", policies_dir=policies, chroma_host=None, reload_interval_s=0)
    loads: list[Models] = []

    def load() -> Models:  # the UI passes its shared holder, so the Manage page's library embeds with the same model
        loads.append(Models(embedder=real_embedder, analyzer=build_analyzer()))
        return loads[-1]

    live = live_assistant(settings, load=load)
    for number in (1, 2):
        (policies / "phones.md").write_text(PHONES + f"1.2. Charge phones in room {number}.\n", encoding="utf-8")
        assert ingest_paths([], settings=settings, embedder=real_embedder).ok
        assert live.refresh()
    assert len(loads) == 1
    assert live.require().ask("Where do I charge my phone?").citations
