"""The format corpus: every Word, PDF, HTML and Markdown rendering of a bundled policy parses like its .txt."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from eval.formats import POLICIES, VARIANTS, build
from eval.formats.compare import compare
from ingest.loaders import load_document

STEMS = sorted(path.stem for path in POLICIES.glob("*.txt"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[tuple[str, str], Path]:
    built = build(tmp_path_factory.mktemp("formats"))
    return {(item.variant, item.path.stem): item.path for item in built}


def test_every_policy_is_built_in_every_variant_and_word_numbers_are_mostly_automatic(tmp_path):
    built = build(tmp_path)
    assert {(item.variant, item.path.stem) for item in built} == {(v, s) for v in VARIANTS for s in STEMS}
    automatic = [item for item in built if item.variant == "docx-auto"]
    assert sum(item.automatic for item in automatic) > 2 * sum(item.typed for item in automatic)
    for item in automatic:  # Word computes these numbers: they are not in the document's text
        assert b"numbering.xml" in item.path.read_bytes()


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("stem", STEMS)
def test_a_variant_yields_the_clause_ids_and_texts_of_its_original(corpus, variant, stem):
    comparison = compare(POLICIES / f"{stem}.txt", corpus[(variant, stem)])
    assert comparison.original, "the original parses into clauses"
    assert comparison.equal, comparison.differences()


@pytest.mark.parametrize("stem", STEMS)
def test_the_pdf_variant_has_pages_and_no_running_furniture(corpus, stem):
    loaded = load_document(corpus[("pdf", stem)])
    assert len(loaded.page_starts) >= 2
    assert "Uncontrolled when printed" not in loaded.text
    assert not any(line.startswith("Page ") and " of " in line for line in loaded.text.splitlines())


@pytest.mark.integration
@pytest.mark.skipif(not os.environ.get("EVAL_FORMATS"), reason="heavy: set EVAL_FORMATS=1 (make test-formats)")
def test_each_variant_scores_within_two_points_of_the_original(tmp_path, real_embedder):
    import json

    from eval.formats.measure import measure

    floors = json.loads((Path(__file__).resolve().parents[2] / "eval" / "floors.json").read_text(encoding="utf-8"))
    results = measure(tmp_path, ids=floors["qa_ids"], embedder=real_embedder, say=lambda _line: None)
    original = results.pop("txt")
    assert all(value is not None for value in original.values())
    for variant, figures in results.items():
        for name, value in figures.items():
            assert value is not None and abs(value - original[name]) <= 0.02, (variant, name, value, original[name])
