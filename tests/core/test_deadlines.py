import datetime as dt

import pytest

from fleksjob.core.rules.deadlines import add_months, review_due, temporary_until


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2023, 1, 31), 1, dt.date(2023, 2, 28)),
        (dt.date(2024, 12, 15), 1, dt.date(2025, 1, 15)),
        (dt.date(2024, 3, 31), -1, dt.date(2024, 2, 29)),
        (dt.date(2020, 2, 29), 60, dt.date(2025, 2, 28)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_first_fleksjob_deadlines():
    start = dt.date(2021, 8, 16)
    assert temporary_until(start) == dt.date(2026, 8, 16)  # five years
    assert review_due(start) == dt.date(2026, 2, 16)  # four and a half years
