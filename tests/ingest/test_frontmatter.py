"""Front matter: dates under the labels schools use, in the forms they write them."""

from __future__ import annotations

import pytest

from ingest.frontmatter import parse_date, parse_front_matter


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12 March 2025", "2025-03-12"), ("1st September 2024", "2024-09-01"), ("September 2025", "2025-09")],
)
def test_a_date_written_out_in_words_is_read(value, expected):
    assert parse_date(value) == expected


def test_approval_and_next_review_labels_in_a_two_column_table_set_the_dates():
    front = parse_front_matter(
        ["Approved by | Governing Board", "Date approved | 12 March 2025", "Next review due | March 2026"]
    )
    assert (front.policy_date, front.review_date) == ("2025-03-12", "2026-03")
    assert ("Approved by", "Governing Board") in front.extra


def test_a_label_without_a_date_value_sets_no_date():
    front = parse_front_matter(["Approved by | Governing Board", "Ratified | at the summer meeting"])
    assert front.policy_date is None


def test_a_four_column_row_pairs_up_only_when_its_values_hold_data():
    front = parse_front_matter(
        ["Policy date | 01/09/2024 | Review date | 01/09/2025", "Version | Date | Author | Change"]
    )
    assert (front.policy_date, front.review_date, front.version) == ("2024-09-01", "2025-09-01", None)
