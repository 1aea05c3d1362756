"""Refusion clock cases. Source: finansieringsloven (LBK nr. 221 af 12/02/2021) § 5, stk. 2
(80/40/30/20 % for weeks 1-4, 5-26, 27-52, 53-) and § 6 (restart after 52 whole calendar weeks of
self-support in total within the last 3 years; subsidised employment is not self-support)."""

import datetime as dt

import pytest

from fleksjob.core.rules.rates import RatesNotCovered
from fleksjob.core.rules.refusion import Kind, Spell, WeekStatus, clock, municipal_cost

MONDAY = dt.date(2024, 1, 1)  # a Monday


def weeks(start_week: int, n: int, kind: Kind = Kind.YDELSE, amount: float = 0.0) -> Spell:
    start = MONDAY + dt.timedelta(weeks=start_week)
    return Spell(start, start + dt.timedelta(weeks=n, days=-1), kind, amount)


def numbers(run):
    return [w.week_number for w in run.weeks if w.week_number is not None]


def test_continuous_ydelse_climbs_the_staircase():
    run = clock([weeks(0, 60)])
    assert numbers(run) == list(range(1, 61))
    pct = [w.pct for w in run.weeks]
    assert pct[3] == 0.8 and pct[4] == 0.4  # week 4 / week 5
    assert pct[25] == 0.4 and pct[26] == 0.3  # week 26 / 27
    assert pct[51] == 0.3 and pct[52] == 0.2  # week 52 / 53


def test_a_pause_shorter_than_52_weeks_does_not_restart():
    run = clock([weeks(0, 10), weeks(40, 5)])  # 30 weeks of self-support in between
    assert numbers(run) == list(range(1, 16))
    assert run.resets == []


def test_52_whole_weeks_of_self_support_restart_the_count():
    run = clock([weeks(0, 10), weeks(62, 3)])  # exactly 52 weeks between
    assert numbers(run) == [*range(1, 11), 1, 2, 3]
    assert run.resets == [MONDAY + dt.timedelta(weeks=61)]


def test_self_support_counts_in_total_not_in_a_row():
    # 30 weeks self-support, 10 weeks ydelse, 22 weeks self-support: 52 in total within 3 years
    run = clock([weeks(0, 5), weeks(35, 10), weeks(67, 2)])
    assert numbers(run) == [*range(1, 16), 1, 2]


def test_self_support_older_than_three_years_does_not_count():
    # 26 self-support weeks, then 130 weeks ydelse, then 26 self-support: the first 26 are more
    # than 156 weeks back when the second 26 end, so no restart.
    run = clock([weeks(0, 1), weeks(27, 130), weeks(183, 1)])
    assert run.resets == []
    assert numbers(run)[-1] == 132


def test_subsidised_employment_is_not_self_support():
    run = clock([weeks(0, 10), weeks(10, 60, Kind.STOETTET), weeks(70, 2)])
    assert run.resets == []
    assert numbers(run) == list(range(1, 13))
    assert run.weeks[20].status is WeekStatus.NEUTRAL


def test_a_week_with_ydelse_on_one_day_counts():
    wednesday = MONDAY + dt.timedelta(days=2)
    run = clock([Spell(wednesday, wednesday, Kind.YDELSE)])
    assert numbers(run) == [1]


def test_initial_weeks_continue_an_earlier_period():
    run = clock([weeks(0, 3)], initial_weeks=50)
    assert numbers(run) == [51, 52, 53]
    assert run.current_week_number == 53


def test_monthly_cost_worked_example():
    """January 2024 (1 Jan is a Monday), 18.000 kr/md, fresh clock. Weeks 1-4 hold 28 days at
    80 %, week 5 holds 29-31 Jan (3 days) at 40 %: refusion = 18.000/31 × (28 × 0,8 + 3 × 0,4)
    = 18.000/31 × 23,6 = 13.703,23; net 4.296,77."""
    [month] = municipal_cost([Spell(MONDAY, dt.date(2024, 1, 31), Kind.YDELSE, 18000)])
    assert month.month == "2024-01"
    assert month.gross == pytest.approx(18000)
    assert month.refusion == pytest.approx(13703.23, abs=0.01)
    assert month.net == pytest.approx(4296.77, abs=0.01)


def test_cost_before_the_earliest_rate_table_is_refused():
    spell = Spell(dt.date(2021, 6, 1), dt.date(2022, 3, 31), Kind.YDELSE, 17000)
    with pytest.raises(RatesNotCovered):
        municipal_cost([spell])
    # ...but the history still counts weeks, and a cost from 2022 on is fine
    months = municipal_cost([spell], start=dt.date(2022, 1, 1))
    assert [m.month for m in months] == ["2022-01", "2022-02", "2022-03"]
    # 1 June 2021 lies in the week of Monday 31 May; the week of Monday 27 December 2021 (which
    # holds 1 January 2022) is 30 weeks later, so January 2022 is weeks 31-35: all at 30 %.
    assert months[0].refusion == pytest.approx(17000 * 0.3)


# --- property test against a brute-force reading of §§ 5-6 ---
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_STATUS = {"Y": Kind.YDELSE, "S": Kind.STOETTET}


def brute_force(pattern: str) -> list[int | None]:
    """Week by week: a ydelse week gets the next number; after each self-support week, count the
    self-support weeks since the period's first ydelse week within the last 156 weeks and start
    over at 52. Recomputed from scratch every week (no running state but the period start)."""
    out: list[int | None] = []
    period_first = None  # index of the first ydelse week of the current period
    period_start = 0  # index where the current period began
    for i, c in enumerate(pattern):
        if c == "Y":
            if period_first is None:
                period_first = i
            out.append(sum(1 for k in range(period_start, i + 1) if pattern[k] == "Y"))
            continue
        out.append(None)
        if c == "." and period_first is not None:
            lo = max(period_first + 1, i - 155)
            if sum(1 for k in range(lo, i + 1) if pattern[k] == ".") >= 52:
                period_first, period_start = None, i + 1
    return out


chunks = st.lists(st.tuples(st.sampled_from("YS."), st.integers(1, 60)), min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(chunks)
def test_clock_matches_brute_force(parts):
    pattern = "Y" + "".join(c * n for c, n in parts)  # starts with a ydelse week
    spells = [weeks(i, 1, _STATUS[c]) for i, c in enumerate(pattern) if c in _STATUS]
    run = clock(spells, until=MONDAY + dt.timedelta(weeks=len(pattern) - 1))
    assert [w.week_number for w in run.weeks] == brute_force(pattern)
