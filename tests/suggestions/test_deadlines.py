"""The clock of a suggestion: three months, six when complex, clamped to a month's end."""

import datetime

import pytest

from suggestions.deadlines import deadline_for, months_later, working_days_after

D = datetime.date


@pytest.mark.parametrize(
    "assigned, complex, deadline",
    [
        (D(2025, 3, 15), False, D(2025, 6, 15)),
        (D(2025, 3, 15), True, D(2025, 9, 15)),
        (D(2025, 11, 30), False, D(2026, 2, 28)),  # no 30 February
        (D(2023, 11, 30), False, D(2024, 2, 29)),  # a leap year's February
        (D(2025, 8, 31), True, D(2026, 2, 28)),
        (D(2025, 3, 31), False, D(2025, 6, 30)),
        (D(2025, 12, 31), False, D(2026, 3, 31)),  # into the next year
        (D(2025, 10, 1), True, D(2026, 4, 1)),
        (D(2024, 2, 29), False, D(2024, 5, 29)),
    ],
)
def test_the_deadline_is_the_same_day_months_later_or_the_months_last(assigned, complex, deadline):
    assert deadline_for(assigned, complex) == deadline


def test_months_later_across_years():
    assert months_later(D(2025, 1, 31), 13) == D(2026, 2, 28)
    assert months_later(D(2025, 5, 31), 0) == D(2025, 5, 31)


@pytest.mark.parametrize(
    "start, end, days",
    [
        (D(2025, 3, 7), D(2025, 3, 7), 0),  # the day of 交办 is not counted
        (D(2025, 3, 7), D(2025, 3, 9), 0),  # Friday → Sunday
        (D(2025, 3, 7), D(2025, 3, 10), 1),  # → Monday
        (D(2025, 3, 7), D(2025, 3, 14), 5),  # → next Friday
        (D(2025, 3, 7), D(2025, 3, 17), 6),
        (D(2025, 3, 3), D(2025, 3, 31), 20),  # four whole weeks
        (D(2025, 3, 10), D(2025, 3, 9), 0),
    ],
)
def test_working_days_are_monday_to_friday_after_the_start(start, end, days):
    assert working_days_after(start, end) == days
