"""The calibration command's id-range slicing (held-out evaluation of a tuning change)."""

from __future__ import annotations

import pytest

from assistant.answer.calibrate import in_ranges, parse_id_ranges


def test_id_ranges_select_a_held_out_slice() -> None:
    ranges = parse_id_ranges("q001-q178, q229-q268")
    assert ranges == [(1, 178), (229, 268)]
    assert in_ranges("q178", ranges) and in_ranges("q229", ranges)
    assert not in_ranges("q200", ranges)
    assert in_ranges("q200", parse_id_ranges(""))
    assert parse_id_ranges("q7") == [(7, 7)]


def test_malformed_id_ranges_are_rejected() -> None:
    with pytest.raises(ValueError):
        parse_id_ranges("q1-qx")
