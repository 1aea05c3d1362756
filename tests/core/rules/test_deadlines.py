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


# --- Danish working days (holidays package + 24/12, 31/12 and Grundlovsdag) ---
from fleksjob.core.rules.deadlines import case_deadlines, jobsamtale_plan  # noqa: E402
from fleksjob.core.rules.workdays import WorkCalendar, next_working_day  # noqa: E402


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2025, 4, 17), dt.date(2025, 4, 22)),  # skærtorsdag → past langfredag, påske
        (dt.date(2025, 4, 20), dt.date(2025, 4, 22)),  # påskedag (Sunday), 2. påskedag Monday
        (dt.date(2024, 3, 29), dt.date(2024, 4, 2)),  # langfredag 2024 → Tuesday after Easter
        (dt.date(2025, 6, 5), dt.date(2025, 6, 6)),  # grundlovsdag (Thursday)
        (dt.date(2025, 12, 24), dt.date(2025, 12, 29)),  # 24, 25, 26 Dec, weekend
        (dt.date(2025, 12, 31), dt.date(2026, 1, 2)),  # 31 Dec, nytårsdag
        (dt.date(2023, 5, 5), dt.date(2023, 5, 8)),  # store bededag 2023 (still a holiday)
        (dt.date(2024, 4, 26), dt.date(2024, 4, 26)),  # store bededag abolished from 2024
        (dt.date(2025, 5, 29), dt.date(2025, 5, 30)),  # Kristi himmelfartsdag
        (dt.date(2025, 6, 9), dt.date(2025, 6, 10)),  # 2. pinsedag
        (dt.date(2024, 2, 29), dt.date(2024, 2, 29)),  # leap day, a Thursday
        (dt.date(2025, 3, 1), dt.date(2025, 3, 3)),  # Saturday
    ],
)
def test_next_working_day(day, expected):
    assert next_working_day(day) == expected


def test_extra_days_off_are_configurable():
    plain = WorkCalendar(extra_days_off=())
    assert plain.next_working_day(dt.date(2025, 6, 5)) == dt.date(2025, 6, 5)
    assert plain.next_working_day(dt.date(2025, 12, 24)) == dt.date(2025, 12, 24)


def test_leap_day_start():
    start = dt.date(2020, 2, 29)
    items = {d.key: d for d in case_deadlines(start, until=dt.date(2023, 1, 1))}
    assert items["temporary_until"].calendar_date == dt.date(2025, 2, 28)
    assert items["review"].calendar_date == dt.date(2024, 8, 29)
    assert items["conversation"].calendar_date == dt.date(2022, 8, 29)


def test_deadlines_move_to_next_working_day_and_are_sorted():
    start = dt.date(2021, 6, 5)  # 5 years later: grundlovsdag 2026 is a Friday
    items = case_deadlines(start, until=dt.date(2031, 1, 1))
    temp = next(d for d in items if d.key == "temporary_until")
    assert temp.calendar_date == dt.date(2026, 6, 5)
    assert temp.due == dt.date(2026, 6, 8)
    assert [d.due for d in items] == sorted(d.due for d in items)
    conversations = [d.calendar_date for d in items if d.key == "conversation"]
    assert conversations == [dt.date(2023, 12, 5), dt.date(2026, 6, 5), dt.date(2028, 12, 5)]


def test_jobsamtaler_within_six_months():
    start = dt.date(2024, 12, 20)
    [item] = case_deadlines(ledighedsydelse_start=start)
    assert item.calendar_date == dt.date(2025, 6, 20)
    plan = jobsamtale_plan(start)
    assert len(plan) == 4
    assert plan == sorted(plan) and plan[-1] <= item.due
    assert all(WorkCalendar().is_working_day(d) for d in plan)


def test_old_scheme_fleksjob_has_no_temporary_or_review_deadline():
    assert case_deadlines(dt.date(2012, 12, 31)) == []
    keys = {d.key for d in case_deadlines(dt.date(2013, 1, 1))}
    assert {"temporary_until", "review", "conversation"} <= keys
