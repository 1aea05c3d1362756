"""The scenario engine: money against the rules engine case by case, flows and money against an
independent Monte Carlo simulation of the same hazards, zero change = baseline, and the refusion
clock through a temporary municipal job."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from fleksjob.core.rules.fleksloentilskud import employer_cost, subsidy
from fleksjob.core.rules.ledighedsydelse import ledighedsydelse
from fleksjob.core.rules.rates import RatesNotCovered, rules_for
from fleksjob.core.rules.refusion import Kind, Spell, clock, municipal_cost
from fleksjob.core.scenario import (
    Effect,
    History,
    LeverSetting,
    Pool,
    Rate,
    ScenarioError,
    run_scenario,
)

WAGE, CEILING = 200 * 12 * 52 / 12, 200 * 37 * 52 / 12  # 12 hours a week at 200 kr
NONE = Rate(0, 1e6)  # no events in plenty of exposure: draws stay near zero


def history(
    year=2024,
    stock_u=(),
    stock_f=(),
    u_to_f=NONE,
    u_exit=NONE,
    f_to_u=NONE,
    f_exit=NONE,
    inflow_u=NONE,
    inflow_f=NONE,
    high=1.0,
    wages=((WAGE, CEILING),),
) -> History:
    return History(
        dt.date(year, 1, 1),
        36,
        tuple(stock_u),
        tuple(stock_f),
        u_to_f,
        u_exit,
        f_to_u,
        f_exit,
        inflow_u,
        inflow_f,
        high,
        wages,
        float(len(stock_u)),
    )


def month_spells(start: dt.date, months: int, amount) -> list[Spell]:
    """One spell per calendar month with that month's amount (contiguous: one refusion period)."""
    spells = []
    for k in range(months):
        y, m = divmod(start.year * 12 + start.month - 1 + k, 12)
        first = dt.date(y, m + 1, 1)
        last = dt.date(y + (m + 1) // 12, (m + 1) % 12 + 1, 1) - dt.timedelta(days=1)
        spells.append(Spell(first, last, Kind.YDELSE, amount(rules_for(first))))
    return spells


def before(year: int, weeks: int) -> list[Spell]:
    """The ``weeks`` calendar weeks with ydelser up to 31 December before ``year`` (the engine's
    clock on 1 January counts a week spanning New Year once, as ``run_budget`` does)."""
    if weeks == 0:
        return []
    last = dt.date(year - 1, 12, 31)
    first = last - dt.timedelta(days=last.weekday()) - dt.timedelta(weeks=weeks - 1)
    return [Spell(first, last, Kind.YDELSE, 0.0)]  # no amount: only the clock counts it


def cost(spells: list[Spell], year: int, weeks: int):
    return yearly(municipal_cost(before(year, weeks) + spells, start=dt.date(year, 1, 1)))


def yearly(months) -> dict[int, tuple[float, float]]:
    out: dict[int, list[float]] = {}
    for m in months:
        acc = out.setdefault(int(m.month[:4]), [0.0, 0.0])
        acc[0] += m.gross
        acc[1] += m.refusion
    return {y: (g, r) for y, (g, r) in out.items()}


# --- money, case by case ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weeks", "high", "year", "years"),
    [(0, 1.0, 2024, 2), (10, 1.0, 2024, 1), (60, 0.0, 2025, 2), (3, 1.0, 2022, 5)],
)
def test_ledighedsydelse_money_matches_the_rules_engine(weeks, high, year, years):
    """One person on ledighedsydelse all along: the engine's gross and refusion per year equal
    the day-by-day ``refusion.municipal_cost`` of the same months at the month's rate."""
    h = history(year, stock_u=(weeks,), high=high)
    result = run_scenario(h, year, years, draws=1)
    spells = month_spells(
        dt.date(year, 1, 1),
        12 * years,
        lambda r: ledighedsydelse(r, 0.0, high == 1.0).ledighedsydelse,
    )
    expected = cost(spells, year, weeks)
    for row in result:
        gross, ref = expected[row.year]
        assert row.on_ledighedsydelse == pytest.approx(1.0)
        assert row.gross_cost == pytest.approx(gross, abs=0.05)
        assert row.refusion == pytest.approx(ref, abs=0.05 * 12)
        assert row.net_cost == pytest.approx(gross - ref, abs=0.05 * 12)


def test_fleksjob_money_matches_the_rules_engine():
    """One fleksjobber (12 hours at 200 kr, fresh clock) and one on ledighedsydelse at 30 weeks:
    the subsidy from ``subsidy`` month by month, refusion from ``municipal_cost``, added up."""
    h = history(2024, stock_u=(30,), stock_f=(0,))
    result = run_scenario(h, 2024, 2, draws=1)
    jobs = yearly(
        municipal_cost(
            month_spells(dt.date(2024, 1, 1), 24, lambda r: subsidy(r, WAGE, CEILING).subsidy)
        )
    )
    ly = cost(
        month_spells(dt.date(2024, 1, 1), 24, lambda r: ledighedsydelse(r).ledighedsydelse),
        2024,
        30,
    )
    for row in result:
        assert row.gross_cost == pytest.approx(jobs[row.year][0] + ly[row.year][0], abs=1)
        assert row.refusion == pytest.approx(jobs[row.year][1] + ly[row.year][1], abs=1)


def test_hand_worked_first_year_of_a_new_case():
    """A fresh case on ledighedsydelse from 1 January 2024 (a Monday) at the full 89 % rate of the
    rate table: each day carries the month's amount / its days, at 80 % in weeks 1-4, 40 % in
    5-26, 30 % in 27-52, and 2024 has 366 days = 52 weeks + 2 days: 30-31 December are in week 53
    at 20 %. Worked day by day here, without the rules engine."""
    amount = rules_for(2024).ledighedsydelse_high
    [row] = run_scenario(history(2024, stock_u=(0,)), 2024, 1, draws=1)
    days_in = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    refusion = 0.0
    day = 0
    for n in days_in:
        for _ in range(n):
            week = day // 7 + 1
            pct = 0.8 if week <= 4 else 0.4 if week <= 26 else 0.3 if week <= 52 else 0.2
            refusion += amount / n * pct
            day += 1
    assert row.gross_cost == pytest.approx(12 * amount)
    assert row.refusion == pytest.approx(refusion, rel=1e-9)


# --- flows and money against an independent simulation ---------------------------------------

HAZARDS = {"uf": 0.05, "ue": 0.02, "fu": 0.012, "fe": 0.015, "in_u": 2.0, "in_f": 0.5}


def simulate(rng: np.random.Generator, stock_u, stock_f, years: int):
    """Person by person, month by month: arrivals at the start of the month (Poisson), then each
    person leaves with probability 1 − exp(−Σλ) to one destination in proportion to the hazards.
    Returns every person as (weeks at start, entry month, path of 'U'/'F' per month in scheme)."""
    people = [[w, 0, "U"] for w in stock_u] + [[w, 0, "F"] for w in stock_f]
    paths = [[] for _ in people]
    alive = list(range(len(people)))
    state = {i: people[i][2] for i in alive}
    for t in range(12 * years):
        for kind, lam in (("U", HAZARDS["in_u"]), ("F", HAZARDS["in_f"])):
            for _ in range(rng.poisson(lam)):
                people.append([0, t, kind])
                paths.append([])
                state[len(people) - 1] = kind
        for i in list(state):
            s = state[i]
            paths[i].append(s)
            a, b = (HAZARDS["uf"], HAZARDS["ue"]) if s == "U" else (HAZARDS["fu"], HAZARDS["fe"])
            x = rng.random()
            leave = 1 - math.exp(-(a + b))
            if x < leave * a / (a + b):
                state[i] = "F" if s == "U" else "U"
            elif x < leave:
                del state[i]
    return [(p[0], p[1], "".join(path)) for p, path in zip(people, paths, strict=True)]


def test_flows_and_money_match_a_monte_carlo_of_the_same_hazards():
    year, years = 2024, 2
    stock_u, stock_f = (0,) * 10 + (60,) * 20, (60,) * 40
    h = history(
        year,
        stock_u=stock_u,
        stock_f=stock_f,
        **{
            key: Rate(HAZARDS[name] * 1000, 1000)
            for key, name in (
                ("u_to_f", "uf"),
                ("u_exit", "ue"),
                ("f_to_u", "fu"),
                ("f_exit", "fe"),
                ("inflow_u", "in_u"),
                ("inflow_f", "in_f"),
            )
        },
    )
    result = run_scenario(h, year, years, draws=1)
    ly = lambda r: ledighedsydelse(r).ledighedsydelse  # noqa: E731
    sub = lambda r: subsidy(r, WAGE, CEILING).subsidy  # noqa: E731
    cache: dict[tuple, dict[int, tuple[float, float]]] = {}

    def money(weeks: int, entry: int, path: str):
        key = (weeks, entry, path)
        if key not in cache:
            spells = []
            for k, s in enumerate(path):
                spells += month_spells(
                    dt.date(year + (entry + k) // 12, (entry + k) % 12 + 1, 1),
                    1,
                    ly if s == "U" else sub,
                )
            cache[key] = cost(spells, year, weeks) if entry == 0 else cost(spells, year, 0)
        return cache[key]

    rng = np.random.default_rng(7)
    reps = []
    for _ in range(40):
        people = simulate(rng, stock_u, stock_f, years)
        per_year = {}
        for y in range(years):
            months = range(12 * y, 12 * y + 12)
            on_u = sum(
                1 for _, e, p in people for t in months if 0 <= t - e < len(p) and p[t - e] == "U"
            )
            gross = ref = 0.0
            for w, e, p in people:
                got = money(w, e, p).get(year + y)
                if got:
                    gross, ref = gross + got[0], ref + got[1]
            per_year[y] = (on_u / 12, gross, ref)
        reps.append(per_year)
    for y, row in enumerate(result):
        for k, engine in enumerate((row.on_ledighedsydelse, row.gross_cost, row.refusion)):
            values = np.array([r[y][k] for r in reps])
            se = values.std(ddof=1) / math.sqrt(len(values))
            assert abs(engine - values.mean()) < 4 * se, (y, k, engine, values.mean(), se)


# --- levers -----------------------------------------------------------------------------------

EFFECT = Effect("consultants_fte", coefficient=0.4, se=0.1, n_units=98, dispersion=1.3)


def test_a_scenario_with_zero_change_reproduces_the_baseline():
    h = history(
        2022,
        stock_u=(5, 60, 60),
        stock_f=(60,) * 6,
        u_to_f=Rate(20, 400),
        u_exit=Rate(8, 400),
        f_to_u=Rate(5, 900),
        f_exit=Rate(9, 900),
        inflow_u=Rate(30, 36),
        inflow_f=Rate(4, 36),
    )
    base = [r.as_dict() for r in run_scenario(h, 2022, 5, seed=3)]
    same = run_scenario(
        h,
        2022,
        5,
        seed=3,
        levers=(
            LeverSetting(EFFECT, 4.0, 4.0),
            LeverSetting(Effect("active_offer_share", 1.2, 0.5, 98, 1.0), 0.3, 0.3),
        ),
        pool=Pool("fuld_loen", 0, 190, 15),
    )
    assert [r.as_dict() for r in same] == base
    more = run_scenario(h, 2022, 5, seed=3, levers=(LeverSetting(EFFECT, 4.0, 6.0),))
    assert more[-1].on_ledighedsydelse < base[-1]["on_ledighedsydelse"]
    assert more[-1].placements > base[-1]["placements"]
    # the lever's uncertainty widens the interval (against the same effect known exactly)
    sure = Effect("consultants_fte", coefficient=0.4, se=0.0, n_units=98, dispersion=1.3)
    vague = Effect("consultants_fte", coefficient=0.4, se=0.4, n_units=98, dispersion=1.3)
    precise = history(
        2022, stock_u=(60,) * 100, stock_f=(60,) * 100, u_to_f=Rate(5000, 100_000),
        u_exit=Rate(2000, 100_000), f_to_u=Rate(500, 100_000), f_exit=Rate(1000, 100_000),
        inflow_u=Rate(3600, 3600),
    )  # fmt: skip
    known, unsure = (
        run_scenario(precise, 2022, 5, seed=3, levers=(LeverSetting(e, 4.0, 6.0),), chance=False)
        for e in (sure, vague)
    )
    assert known[-1].net_cost == unsure[-1].net_cost
    assert unsure[-1].high - unsure[-1].low > known[-1].high - known[-1].low


def test_chance_from_person_to_person_widens_the_interval_of_a_small_municipality():
    kw = dict(
        stock_u=(60,) * 5, stock_f=(60,) * 20, u_to_f=Rate(300, 18000), inflow_u=Rate(216, 36)
    )
    h = history(2024, **kw)
    rates_only = run_scenario(h, 2024, 3, chance=False)
    with_chance = run_scenario(h, 2024, 3)
    for a, b in zip(rates_only, with_chance, strict=True):
        assert a.net_cost == b.net_cost  # the point estimate is the expected value either way
        assert b.high - b.low > 1.2 * (a.high - a.low)
        assert b.low <= b.net_cost <= b.high


def test_the_interval_holds_the_point_estimate_and_narrows_with_more_history():
    kw = dict(stock_u=(60,) * 30, stock_f=(60,) * 60)
    small = run_scenario(history(2024, u_to_f=Rate(10, 200), inflow_u=Rate(36, 36), **kw), 2024, 3)
    large = run_scenario(
        history(2024, u_to_f=Rate(1000, 20000), inflow_u=Rate(3600, 3600), **kw), 2024, 3
    )
    for row in (*small, *large):
        assert row.low <= row.net_cost <= row.high
    assert large[-1].high - large[-1].low < small[-1].high - small[-1].low


# --- the refusion clock through a temporary municipal job --------------------------------------


def test_a_temporary_municipal_job_does_not_restart_the_refusion_clock():
    """Under finansieringsloven § 6, stk. 2 a week in subsidised employment is not
    self-support: 18 months in a temporary municipal fleksjob between two spells on
    ledighedsydelse leave the count running (the rules engine), and the scenario's refusion for
    those people stays at the lowest step, 20 %, before, during and after the job."""
    start = dt.date(2022, 1, 3)
    path = [
        Spell(start, start + dt.timedelta(weeks=104, days=-1), Kind.YDELSE),
        Spell(
            start + dt.timedelta(weeks=104), start + dt.timedelta(weeks=182, days=-1), Kind.STOETTET
        ),
        Spell(
            start + dt.timedelta(weeks=182), start + dt.timedelta(weeks=190, days=-1), Kind.YDELSE
        ),
    ]
    run = clock(path)
    assert run.resets == []
    assert run.current_week_number == 104 + 8  # the count went on, never back to week 1
    # ...whereas 78 weeks of real self-support would have restarted it
    real = clock([path[0], path[2]])
    assert real.resets and real.current_week_number == 8

    pool = Pool("midlertidig", places=10, hourly_wage=190, hours_per_week=15, months=12)
    h = history(2024, stock_u=(60,) * 10)
    for row in run_scenario(h, 2024, 3, pool=pool, draws=1):
        wages = row.in_pool * 12 * employer_cost(rules_for(row.year), 190, 15)["total"]
        assert row.in_pool == pytest.approx(10)  # everyone placed, refilled on return
        assert row.refusion == pytest.approx(0.20 * (row.gross_cost - wages), rel=1e-9)


def test_a_pool_for_those_without_refusion_takes_only_lowest_step_cases():
    pool = Pool("uden_refusion", places=5, hourly_wage=190, hours_per_week=15)
    fresh = run_scenario(history(2024, stock_u=(0,) * 5), 2024, 2, pool=pool, draws=1)
    assert fresh[0].in_pool == pytest.approx(0)  # nobody is at the lowest step in 2024
    assert fresh[1].in_pool == pytest.approx(5)  # from January 2025 (week 53 on) they are
    capped = Pool("fuld_loen", places=5, hourly_wage=190, hours_per_week=15, annual_cap=300_000)
    assert capped.effective_places == math.floor(300_000 / (12 * 190 * 15 * 52 / 12))
    [row] = run_scenario(history(2024, stock_u=(60,) * 5), 2024, 1, pool=capped, draws=1)
    assert row.in_pool == pytest.approx(capped.effective_places)


# --- refusals ----------------------------------------------------------------------------------


def test_years_outside_the_rate_tables_are_refused():
    with pytest.raises(RatesNotCovered):
        run_scenario(history(2021), 2021, 1)
    with pytest.raises(RatesNotCovered):
        run_scenario(history(2025), 2025, 3)
    with pytest.raises(ScenarioError):
        run_scenario(history(2024), 2024, 0)
    with pytest.raises(ScenarioError):
        run_scenario(history(2023), 2024, 1)  # history must end the day before


def test_the_printed_figures_add_up_exactly():
    from fleksjob.core.scenario import YearResult

    row = YearResult(2024, 1.0, 2.0, 3.0, 0.0, 100.6, 50.4, 50.2, 49.9, 50.3).as_dict()
    assert row["gross_cost"] - row["refusion"] == row["net_cost"] == 51
    assert row["low"] <= row["net_cost"] <= row["high"]


def test_a_levers_own_cost_is_in_the_gross_cost_without_refusion():
    h = history(
        2024, stock_u=(60,) * 20, stock_f=(60,) * 10, u_to_f=Rate(20, 400), u_exit=Rate(8, 400)
    )
    free = run_scenario(h, 2024, 2, levers=(LeverSetting(EFFECT, 4.0, 6.0),), seed=1)
    paid = run_scenario(h, 2024, 2, levers=(LeverSetting(EFFECT, 4.0, 6.0, 550_000),), seed=1)
    same = run_scenario(h, 2024, 2, levers=(LeverSetting(EFFECT, 4.0, 4.0, 550_000),), seed=1)
    base = run_scenario(h, 2024, 2, seed=1)
    for f, p, s, b in zip(free, paid, same, base, strict=True):
        assert p.gross_cost == pytest.approx(f.gross_cost + 2 * 550_000)  # two more FTE a year
        assert p.refusion == pytest.approx(f.refusion)
        assert p.on_ledighedsydelse == f.on_ledighedsydelse
        assert p.low == pytest.approx(f.low + 2 * 550_000)
        assert s.as_dict() == b.as_dict()  # no change in consultants: nothing to pay
