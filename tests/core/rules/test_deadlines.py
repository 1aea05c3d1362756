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


# --- Deadline states from the case's facts (issue 14: honest deadlines) ---
from fleksjob.core.rules.deadlines import (  # noqa: E402
    CaseFacts,
    DeadlineState,
    assess,
    case_deadline_states,
)

MET, OVERDUE, DUE, NOT_RELEVANT = (
    DeadlineState.MET,
    DeadlineState.OVERDUE,
    DeadlineState.DUE,
    DeadlineState.NOT_RELEVANT,
)
# Hand-worked case: first fleksjob from Monday 16 August 2021 (after the 2013 reform, so temporary
# for 5 years, § 122). Review (§ 123) 4½ years in: 16 February 2026, a Monday. The temporary period
# ends 16 August 2026, a Sunday, so its due date is Monday 17 August. 2½-year conversations:
# 16 February 2024 (Friday) and 16 August 2026 (due Monday 17 August).
START = dt.date(2021, 8, 16)
NOV_2026 = dt.date(2026, 11, 23)


def _states(
    facts: CaseFacts, today: dt.date = NOV_2026
) -> dict[tuple[str, dt.date], DeadlineState]:
    return {(s.key, s.due): s.state for s in case_deadline_states(facts, today)}


def test_a_review_held_on_time_meets_the_review_and_the_temporary_period():
    facts = CaseFacts(first_fleksjob_start=START, reviews_held=(dt.date(2026, 1, 20),))
    states = {s.key: s for s in case_deadline_states(facts, NOV_2026)}
    assert states["review"].due == dt.date(2026, 2, 16)
    assert states["review"].state == MET and states["review"].met_on == dt.date(2026, 1, 20)
    assert not states["review"].met_late
    assert states["temporary_until"].due == dt.date(2026, 8, 17)
    assert states["temporary_until"].state == MET
    # Today's code showed both as "overskredet" because their dates are past.
    assert not any(s.overdue for s in states.values())


def test_no_review_held_makes_both_overdue_once_past_and_due_before():
    facts = CaseFacts(first_fleksjob_start=START)
    assert _states(facts)[("review", dt.date(2026, 2, 16))] == OVERDUE
    assert _states(facts)[("temporary_until", dt.date(2026, 8, 17))] == OVERDUE
    # On the due day itself it is still due (overdue from the next day).
    on_the_day = _states(facts, dt.date(2026, 2, 16))
    assert on_the_day[("review", dt.date(2026, 2, 16))] == DUE
    assert _states(facts, dt.date(2026, 2, 17))[("review", dt.date(2026, 2, 16))] == OVERDUE


def test_a_late_review_is_met_late_not_overdue():
    facts = CaseFacts(first_fleksjob_start=START, reviews_held=(dt.date(2026, 3, 10),))
    review = next(s for s in case_deadline_states(facts, NOV_2026) if s.key == "review")
    assert review.state == MET and review.met_late


def test_a_permanent_fleksjob_has_no_temporary_period_or_review_left():
    facts = CaseFacts(first_fleksjob_start=START, permanent=True)
    states = _states(facts)
    assert states[("review", dt.date(2026, 2, 16))] == NOT_RELEVANT
    assert states[("temporary_until", dt.date(2026, 8, 17))] == NOT_RELEVANT
    # The 2½-year follow-up still applies to a permanent fleksjob: not held, it is overdue.
    assert states[("conversation", dt.date(2026, 8, 17))] == OVERDUE


def test_a_case_ended_before_a_deadline_makes_it_no_longer_relevant():
    facts = CaseFacts(first_fleksjob_start=START, ended_on=dt.date(2025, 3, 1))
    states = _states(facts)
    assert states[("review", dt.date(2026, 2, 16))] == NOT_RELEVANT
    assert states[("conversation", dt.date(2026, 8, 17))] == NOT_RELEVANT
    # Ended after a deadline passed unmet: that deadline stays overdue.
    late_end = CaseFacts(first_fleksjob_start=START, ended_on=dt.date(2026, 5, 1))
    assert _states(late_end)[("review", dt.date(2026, 2, 16))] == OVERDUE


def test_each_follow_up_conversation_meets_one_mark():
    # Only the latest past mark (5 years: due 17 August 2026) and the next ones are listed.
    on_time = CaseFacts(
        first_fleksjob_start=START,
        follow_ups_held=(dt.date(2024, 1, 10), dt.date(2026, 6, 1)),
    )
    states = case_deadline_states(on_time, NOV_2026)
    conversations = [s for s in states if s.key == "conversation"]
    assert [s.calendar_date for s in conversations] == [
        dt.date(2026, 8, 16),
        dt.date(2029, 2, 16),
    ]
    assert [s.state for s in conversations] == [MET, DUE]
    assert conversations[0].met_on == dt.date(2026, 6, 1)
    # The review is a follow-up conversation too: held in January 2026 it meets the 5-year mark.
    review_only = CaseFacts(
        first_fleksjob_start=START,
        follow_ups_held=(dt.date(2024, 1, 10),),
        reviews_held=(dt.date(2026, 1, 20),),
    )
    assert _states(review_only)[("conversation", dt.date(2026, 8, 17))] == MET
    # A 2½-year conversation held late (June 2024) meets its own mark, late, and not the next.
    late = CaseFacts(first_fleksjob_start=START, follow_ups_held=(dt.date(2024, 6, 1),))
    deadlines = case_deadlines(START, until=dt.date(2027, 1, 1))
    first, second = [d for d in deadlines if d.key == "conversation"]
    assert assess(first, late, NOV_2026).state == MET
    assert assess(first, late, NOV_2026).met_late
    assert assess(second, late, NOV_2026).state == OVERDUE


def test_jobsamtaler_are_met_by_the_fourth_inside_six_months():
    # Ledighedsydelse from 20 December 2024: the six months end Friday 20 June 2025.
    spell = dt.date(2024, 12, 20)
    four = (dt.date(2025, 1, 15), dt.date(2025, 2, 20), dt.date(2025, 4, 1), dt.date(2025, 6, 2))
    facts = CaseFacts(ledighedsydelse_start=spell, jobsamtaler_held=four)
    [item] = case_deadline_states(facts, dt.date(2025, 7, 1))
    assert (item.key, item.due, item.state, item.met_on) == (
        "jobsamtaler",
        dt.date(2025, 6, 20),
        MET,
        dt.date(2025, 6, 2),
    )
    # The fourth after the window does not make up for it: the legal minimum was missed.
    late = CaseFacts(
        ledighedsydelse_start=spell, jobsamtaler_held=(*four[:3], dt.date(2025, 6, 25))
    )
    [item] = case_deadline_states(late, dt.date(2025, 7, 1))
    assert item.state == OVERDUE
    # Three held so far and the window still open: due.
    [item] = case_deadline_states(
        CaseFacts(ledighedsydelse_start=spell, jobsamtaler_held=four[:3]), dt.date(2025, 6, 3)
    )
    assert item.state == DUE


def test_an_old_scheme_fleksjob_has_no_deadline_states():
    facts = CaseFacts(first_fleksjob_start=dt.date(2010, 5, 1), old_scheme=True)
    assert case_deadline_states(facts, NOV_2026) == []
