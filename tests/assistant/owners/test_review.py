"""Review dates: every form policies write them in, and the state on a fixed day."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.owners.review import parse_review_date, review_state

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-09", date(2026, 9, 1)),
        ("2018-10", date(2018, 10, 1)),
        ("2024-12-17", date(2024, 12, 17)),
        ("September 2026", date(2026, 9, 1)),
        ("Sept 2026", date(2026, 9, 1)),
        ("sep. 2026", date(2026, 9, 1)),
        ("17 December 2024", date(2024, 12, 17)),
        ("1st March 2027", date(2027, 3, 1)),
        ("12/03/2027", date(2027, 3, 12)),  # day first, as UK policies write it
        ("01.09.25", date(2025, 9, 1)),
        ("  2027 ", date(2027, 1, 1)),
    ],
)
def test_every_written_form_parses_to_the_day_it_means(text, expected):
    assert parse_review_date(text) == expected


@pytest.mark.parametrize("text", ["", "when needed", "31/02/2027", "2026-13", "Smarch 2026", "annually"])
def test_unreadable_dates_are_none(text):
    assert parse_review_date(text) is None


def test_the_bundled_policies_dates_on_4_december_2026():
    assert review_state("2026-09", today=TODAY, due_days=60) == ("overdue", -94)
    assert review_state("2018-10", today=TODAY, due_days=60) == ("overdue", -2986)
    assert review_state(None, today=TODAY, due_days=60) == ("none_stated", None)


def test_a_month_only_date_is_due_from_the_first_of_the_month():
    # December 2026 starts on the 1st: by the 4th its review is already overdue, never "current".
    assert review_state("December 2026", today=TODAY, due_days=60) == ("overdue", -3)
    assert review_state("2027-01", today=TODAY, due_days=60) == ("due_soon", 28)


@pytest.mark.parametrize(
    ("review", "state", "days"),
    [
        ("2026-12-03", "overdue", -1),
        ("2026-12-04", "due_soon", 0),  # due today is not yet overdue
        ("2027-02-02", "due_soon", 60),  # the window's last day
        ("2027-02-03", "current", 61),
        ("12/03/2027", "current", 98),
    ],
)
def test_the_due_soon_window_edges(review, state, days):
    assert review_state(review, today=TODAY, due_days=60) == (state, days)


def test_the_window_follows_due_days_and_an_unreadable_date_counts_as_none_stated():
    assert review_state("2027-02-03", today=TODAY, due_days=90)[0] == "due_soon"
    assert review_state("2026-12-20", today=TODAY, due_days=0)[0] == "current"
    assert review_state("when the law changes", today=TODAY, due_days=60) == ("none_stated", None)
