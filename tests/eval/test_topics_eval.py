"""The topic truth table is consistent with the policies and the topics file; the threshold fit is what it says."""

from __future__ import annotations

import pytest

from assistant.owners.topics import load_topics
from assistant.settings import REPO_ROOT, Settings
from eval.topics import load_truth
from eval.topics_metrics import balanced_accuracy, figures, fit_threshold
from ingest.loaders import load_document
from ingest.parser import parse_document

FOLDERS = (REPO_ROOT / "data" / "policies", REPO_ROOT / "tests" / "fixtures" / "policies")


def _parsed_ids() -> dict[str, set[str]]:
    ids = {}
    for folder in FOLDERS:
        for path in sorted(folder.iterdir()):
            loaded = load_document(path)
            parsed = parse_document(loaded.text, document_id=path.stem, source=str(path))
            ids[path.stem] = {c.clause_id for c in parsed.clauses}
    return ids


def test_every_document_has_every_topic_and_every_named_clause_exists():
    sets, truth = load_truth()
    topics = {t.id for t in load_topics(Settings(_env_file=None).topics_path)}  # type: ignore[call-arg]
    ids = _parsed_ids()
    assert set(sets["bundled"]) == {p.stem for p in FOLDERS[0].iterdir()}
    assert set(sets["held_out"]) == {p.stem for p in FOLDERS[1].iterdir()}
    assert set(truth) == set(sets["bundled"]) | set(sets["held_out"])
    for document, row in truth.items():
        assert set(row) == topics, document
        for topic, cell in row.items():
            assert isinstance(cell["covered"], bool)
            assert bool(cell["clauses"]) == cell["covered"], (document, topic)
            missing = set(cell["clauses"]) - ids[document]
            assert not missing, (document, topic, missing)


def test_only_the_2025_policy_covers_ai_in_the_table():
    _, truth = load_truth()
    assert [doc for doc, row in truth.items() if row["ai-tools"]["covered"]] == [
        "school-social-media-electronic-comms-2025"
    ]


def test_the_fitted_cut_separates_what_can_be_separated():
    assert fit_threshold([False, False, True, True], [0.2, 0.3, 0.5, 0.7]) == pytest.approx(0.4)
    # A covered cell below an uncovered one: the cut with the best balanced accuracy (0.83) wins.
    cut = fit_threshold([False, True, False, True, True], [0.1, 0.35, 0.4, 0.6, 0.8])
    assert cut == pytest.approx(0.5)


def test_figures_count_each_kind_of_cell():
    result = figures([True, True, False, False, True], [True, False, False, True, True])
    counts = [result[k] for k in ("true_positive", "false_negative", "true_negative", "false_positive")]
    assert counts == [2, 1, 1, 1]
    assert result["precision"] == pytest.approx(2 / 3, abs=1e-3) and result["recall"] == pytest.approx(2 / 3, abs=1e-3)
    assert result["agreement"] == pytest.approx(0.6)
    assert balanced_accuracy([True, False], [True, True]) == pytest.approx(0.5)
