"""The per-batch honest-answer table: grouping by batch, the figures, and the target stars."""

from __future__ import annotations

import pytest

from assistant.models import Stance
from eval.batches import HEADER, batch_figures, batch_rows, by_batch
from eval.datasets import batch_of
from eval.metrics import QAScore


def _score(item_id: str, expected: Stance, got: Stance, *, confident: bool, correct: int = 1, cited: int = 2,
           refused: bool = False) -> QAScore:  # fmt: skip
    return QAScore(
        id=item_id, expected_stance=expected, got_stance=got, refused=refused, follow_up=False, n_expected=1,
        ranks=(1,), positions=(1,), citations=tuple(("doc", f"{n}") for n in range(cited)), correct_citations=correct,
        missing_terms=(), n_terms=1, latency_ms=20.0, wall_ms=20.0, confidence=0.9 if confident else 0.3,
        confident=confident,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("item_id", "batch"), [("u001", "u001-u050"), ("u050", "u001-u050"), ("u051", "u051-u100"), ("x7", "x001-x050")]
)
def test_other_prefixes_fall_into_blocks_of_fifty(item_id: str, batch: str) -> None:
    assert batch_of(item_id) == batch


def test_figures_count_confident_verdicts_citations_and_refusals() -> None:
    scores = [
        _score("q001", Stance.PROHIBITED, Stance.DISCOURAGED, confident=True),  # right direction
        _score("q002", Stance.PERMITTED, Stance.PROHIBITED, confident=True, correct=0),  # wrong, no correct citation
        _score("q003", Stance.REQUIRED, Stance.REQUIRED, confident=False),
        _score("q004", Stance.NOT_COVERED, Stance.PROHIBITED, confident=True, correct=0, cited=1),
        # refused by the guard: never answered, counted as a covered refusal
        _score("q005", Stance.REQUIRED, Stance.NOT_COVERED, confident=False, correct=0, cited=0, refused=True),
    ]
    figures = batch_figures(scores)
    assert figures["confident_n"] == 3
    assert figures["confident_accuracy"] == pytest.approx(1 / 3)
    assert figures["confident_covered"] == pytest.approx(2 / 3)  # refused items are not answered
    assert figures["confident_not_covered"] == 1.0
    assert figures["citation_precision"] == pytest.approx(2 / 6)  # covered items only
    assert figures["citation_hit"] == pytest.approx(2 / 4)
    assert figures["covered_refused"] == 1.0
    assert figures["p50_ms"] == pytest.approx(20.0)


def test_rows_star_the_figures_that_miss_their_targets() -> None:
    scores = [_score("q001", Stance.PROHIBITED, Stance.PROHIBITED, confident=True),
              _score("q679", Stance.PERMITTED, Stance.PROHIBITED, confident=True, correct=0)]  # fmt: skip
    table = by_batch(scores)
    assert list(table) == ["q001-q178", "q679-q728", "all"]
    rows = {row[0]: row for row in batch_rows(table)}
    assert len(rows["all"]) == len(HEADER)
    good, bad = rows["q001-q178"], rows["q679-q728"]
    accuracy = HEADER.index("confident_accuracy >= 0.92")
    assert good[accuracy] == "1.000" and bad[accuracy] == "0.000*"
    assert bad[HEADER.index("citation_hit >= 0.9")] == "0.000*"
