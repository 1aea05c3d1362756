"""The forward budget: a municipality's people on ledighedsydelse (U), in a fleksjob (F) and in a
pool job (P) month by month, and what they cost by the rules in force each month.

The flows are expected values of a discrete-time Markov chain with the municipality's own
monthly hazards (``history``): at the start of each month the inflows arrive and vacant pool
places are filled from U; the month's money is paid on that stock; then each person leaves their
state with the competing hazards (probability of leaving 1 − exp(−Σλ), split in proportion to the
hazards). Levers multiply the hazard of leaving ledighedsydelse for a fleksjob by their estimated
effect; a pool moves people mechanically.

Money comes from the rules engine: a month's ledighedsydelse and fleksløntilskud from
``ledighedsydelse``/``subsidy_array`` with the month's rule set, and refusion from ``run_budget``
run on one row per *vintage* (everyone in the scheme on the start date with the same clock, and
everyone entering in the same month). Within the scheme a person receives a ydelse every month
(ledighedsydelse, or fleksløntilskud in a fleksjob or pool job), and fleksjob weeks are never
self-support (finansieringsloven § 6, stk. 2), so a vintage's clock runs on whatever its members
do: nobody's refusion starts over while they stay in the scheme, a temporary municipal job
included. Those who leave leave the model (a later return is new inflow on a fresh clock).

Uncertainty: ``draws`` parameter sets, the first the point estimate, the others with each hazard
drawn from its Gamma posterior (events + ½, exposure), each lever coefficient from its normal
approximation, and Poisson chance in the month's arrivals and moves; ``low``/``high`` are the
5th and 95th percentiles of the net cost (a 90 % interval; rule changes are not in it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from fleksjob.core.rules.budget import LEDIGHEDSYDELSE, BudgetInput, run_budget
from fleksjob.core.rules.fleksloentilskud import employer_cost, subsidy, subsidy_array
from fleksjob.core.rules.ledighedsydelse import ledighedsydelse
from fleksjob.core.rules.rates import RatesNotCovered, covered_range, rules_for
from fleksjob.core.scenario.effects import Effect
from fleksjob.core.scenario.history import History, Rate
from fleksjob.core.scenario.pool import Pool

INTERVAL = (5.0, 95.0)
MAX_YEARS = 10


class ScenarioError(ValueError):
    """A scenario that cannot be run as asked (the message says why, in Danish)."""


@dataclass(frozen=True)
class LeverSetting:
    """A lever moved from ``current`` to ``target`` through its estimated ``effect``."""

    effect: Effect
    current: float
    target: float
    annual_cost: float = 0.0  # kr a year per unit of the lever (a consultant's FTE), no refusion

    @property
    def monthly_cost(self) -> float:
        """The lever's own cost per month: the change in units times the cost of one."""
        return (self.target - self.current) * self.annual_cost / 12


@dataclass(frozen=True)
class YearResult:
    year: int
    placements: float  # new fleksjobs in the year (from ledighedsydelse, direct, pool places)
    on_ledighedsydelse: float  # average number over the year's months
    in_fleksjob: float  # average number in an ordinary fleksjob
    in_pool: float  # average number in a pool job
    gross_cost: float  # kr: ledighedsydelse + fleksløntilskud + pool wages + levers' own cost
    refusion: float  # kr
    net_cost: float  # kr
    low: float  # kr: interval for net_cost
    high: float

    def as_dict(self) -> dict[str, float | int]:
        """Rounded to whole kr so that net = gross − refusion and low ≤ net ≤ high hold exactly."""
        gross, refusion = round(self.gross_cost), round(self.refusion)
        net = gross - refusion
        return {
            "year": self.year,
            "placements": round(self.placements, 1),
            "on_ledighedsydelse": round(self.on_ledighedsydelse, 1),
            "in_fleksjob": round(self.in_fleksjob, 1),
            "in_pool": round(self.in_pool, 1),
            "gross_cost": gross,
            "refusion": refusion,
            "net_cost": net,
            "low": min(round(self.low), net),
            "high": max(round(self.high), net),
        }


def check_years(from_year: int, years: int) -> None:
    """Refuse years the rate tables do not cover (RatesNotCovered) or a bad length."""
    if not 1 <= years <= MAX_YEARS:
        raise ScenarioError(f"antal år skal være mellem 1 og {MAX_YEARS}")
    first, last = covered_range()
    if from_year < first.year or from_year + years - 1 > last.year:
        raise RatesNotCovered(
            f"satstabellerne dækker {first.year}–{last.year}: et scenarie for "
            f"{from_year}–{from_year + years - 1} kan ikke regnes efter reglerne"
        )


def _draw(rng: np.random.Generator, rate: Rate, draws: int) -> NDArray[np.float64]:
    if rate.exposure <= 0:
        return np.zeros(draws)
    return np.concatenate(
        [[rate.per_month], rng.gamma(rate.events + 0.5, 1.0 / rate.exposure, draws - 1)]
    )


def _split(a: NDArray[np.float64], b: NDArray[np.float64]) -> tuple[NDArray, NDArray]:
    """Monthly probabilities of two competing exits with hazards a and b."""
    total = a + b
    leave = -np.expm1(-total)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(total > 0, a / total, 0.0)
    return leave * share, leave * (1 - share)


def _step(
    blocks: list[tuple[NDArray, NDArray, NDArray]],
    probs: tuple[NDArray, ...],
    noise: np.random.Generator | None = None,
) -> None:
    """One month's moves, in place, for every block of (U, F, P) columns: U → F or out, F → U or
    out, pool → U or out.

    With ``noise`` the draws after the first (the point estimate) get chance from person to
    person: each kind of move happens a Poisson number of times around its expected number
    (summed over the columns), shared out over the columns in proportion to their expected
    moves and never more than a column holds."""
    rates = np.stack(probs)  # (6, draws): U→F, U→out, F→U, F→out, P→U, P→out
    moves = []
    for u, f, p in blocks:
        stock = np.stack([u, u, f, f, p, p])
        moves.append(stock * (rates if u.ndim == 1 else rates[:, :, None]))
    if noise is not None:
        expected = sum(m if m.ndim == 2 else m.sum(axis=2) for m in moves)
        with np.errstate(invalid="ignore", divide="ignore"):
            factor = np.where(expected > 0, noise.poisson(expected) / expected, 1.0)
        factor[:, 0] = 1.0
        moves = [m * (factor if m.ndim == 2 else factor[:, :, None]) for m in moves]
    for (u, f, p), (uf, ue, fu, fe, pu, pe) in zip(blocks, moves, strict=True):
        uf = np.minimum(uf, u)
        ue = np.minimum(ue, u - uf)
        fu = np.minimum(fu, f)
        fe = np.minimum(fe, f - fu)
        pu = np.minimum(pu, p)
        pe = np.minimum(pe, p - pu)
        u += fu + pu - uf - ue
        f += uf - fu - fe
        p -= pu + pe


def refusion_fractions(
    year0: int, years: int, weeks: NDArray[np.int64], entry: NDArray[np.int64]
) -> NDArray[np.float64]:
    """(months, vintages): the state's share of a ydelse paid in each month to a vintage that
    has received one every month since ``entry`` (month index; 0 = the first month) with
    ``weeks`` counted before it, by ``run_budget`` — the rules engine's refusion."""
    v = len(weeks)
    out = np.zeros((12 * years, v))
    carried = weeks.astype(np.int64).copy()
    december = (weeks > 0) & (entry == 0)
    for k in range(years):
        months = np.arange(12 * k, 12 * k + 12)
        kind = np.where(entry[:, None] <= months[None, :], LEDIGHEDSYDELSE, 0).astype(np.int8)
        result = run_budget(
            BudgetInput(
                year=year0 + k,
                kind=kind,
                wage_income=np.zeros((v, 12)),
                wage_ceiling=np.full(v, np.nan),
                high_rate=np.ones(v, dtype=bool),
                forsorger=np.zeros(v, dtype=bool),
                weeks_before=carried,
                december_before=december,
            )
        )
        with np.errstate(invalid="ignore", divide="ignore"):
            out[12 * k : 12 * k + 12] = np.where(
                result.ledighedsydelse > 0, result.refusion / result.ledighedsydelse, 0.0
            ).T
        carried = result.weeks_after
        december = kind[:, 11] == LEDIGHEDSYDELSE
    return out


def run_scenario(
    history: History,
    from_year: int,
    years: int,
    levers: tuple[LeverSetting, ...] = (),
    pool: Pool | None = None,
    draws: int = 200,
    seed: int = 0,
    chance: bool = True,
) -> list[YearResult]:
    """Expected flows and money per year, with an interval for the net cost.

    The draws use separate random streams for the rates, each lever and the chance from person
    to person (``chance``), so two scenarios with the same seed share their random numbers and
    differ only by what was changed."""
    check_years(from_year, years)
    if history.as_of != dt.date(from_year, 1, 1):
        raise ScenarioError("historikken skal slutte dagen før scenariets første år")
    if draws < 1:
        raise ScenarioError("antal træk skal være mindst 1")
    has_f = history.stock_f or history.u_to_f.events or history.inflow_f.events or pool
    if has_f and not history.wages and not pool:
        raise ScenarioError("historikken har ingen fleksjob med løn og timer at regne tilskud af")
    months = 12 * years
    groups = np.array(sorted(set(history.stock_u) | set(history.stock_f)), dtype=np.int64)
    g = len(groups)
    weeks = np.concatenate([groups, np.zeros(months, dtype=np.int64)])
    entry = np.concatenate([np.zeros(g, dtype=np.int64), np.arange(months)])
    frac = refusion_fractions(from_year, years, weeks, entry)
    lowest = min(rules_for(from_year).refusion.pct)

    rates_seed, levers_seed, chance_seed = np.random.SeedSequence(seed).spawn(3)
    rng = np.random.default_rng(rates_seed)
    lever_rngs = [np.random.default_rng(s) for s in levers_seed.spawn(len(levers))]
    noise = np.random.default_rng(chance_seed) if chance and draws > 1 else None
    lam_uf, lam_ue, lam_fu, lam_fe, in_u, in_f = (
        _draw(rng, r, draws)
        for r in (
            history.u_to_f,
            history.u_exit,
            history.f_to_u,
            history.f_exit,
            history.inflow_u,
            history.inflow_f,
        )
    )
    mult = np.ones(draws)
    lever_cost = sum(lever.monthly_cost for lever in levers)
    for lever, lever_rng in zip(levers, lever_rngs, strict=True):
        coefs = np.concatenate(
            [
                [lever.effect.coefficient],
                lever_rng.normal(lever.effect.coefficient, lever.effect.se, draws - 1),
            ]
        )
        mult *= np.array([lever.effect.multiplier(lever.current, lever.target, b) for b in coefs])
    p_uf, p_ue = _split(lam_uf * mult, lam_ue)
    p_fu, p_fe = _split(lam_fu, lam_fe)
    back = 1.0 / pool.months if pool and pool.kind == "midlertidig" and pool.months else 0.0
    p_pu, p_pe = _split(lam_fu + back, lam_fe)
    places = pool.effective_places if pool else 0.0
    probs = (p_uf, p_ue, p_fu, p_fe, p_pu, p_pe)

    # Columns: the stock's clock groups (most weeks first), then one vintage per entry month.
    # A column whose refusion has reached the lowest step for good is merged into one settled
    # bucket (its people stay in the totals; only their refusion share no longer differs), so
    # the month's work is on the few columns still climbing down the staircase.
    v = g + months
    u = np.zeros((draws, v))
    f = np.zeros((draws, v))
    p = np.zeros((draws, v))
    u[:, :g] = [sum(1 for w in history.stock_u if w == x) for x in groups]
    f[:, :g] = [sum(1 for w in history.stock_f if w == x) for x in groups]
    low_for_good = np.flip(np.logical_and.accumulate(np.flip(frac <= lowest + 1e-12, 0), 0), 0)
    settle = np.where(low_for_good.any(axis=0), np.argmax(low_for_good, axis=0), months)
    buckets = np.zeros((3, draws))  # settled u, f, p
    lo = 0
    wage = np.array([w for w, _ in history.wages]) if history.wages else np.zeros(1)
    ceiling = np.array([c for _, c in history.wages]) if history.wages else np.zeros(1)
    share_high = history.high_rate_share

    per_month = {k: np.zeros((draws, months)) for k in ("gross", "ref", "u", "f", "p", "placed")}
    for t in range(months):
        day = dt.date(from_year + t // 12, t % 12 + 1, 1)
        rules = rules_for(day)
        arrive_u, arrive_f = in_u, in_f
        if noise is not None:  # Poisson arrivals around the rate (the point estimate keeps it)
            arrive_u = np.concatenate([in_u[:1], noise.poisson(in_u[1:])])
            arrive_f = np.concatenate([in_f[:1], noise.poisson(in_f[1:])])
        u[:, g + t] += arrive_u
        f[:, g + t] += arrive_f
        while lo < g + t + 1 and settle[lo] <= t:
            buckets += (u[:, lo], f[:, lo], p[:, lo])
            lo += 1
        hi = g + t + 1
        uy, fy, py = u[:, lo:hi], f[:, lo:hi], p[:, lo:hi]  # views: updated in place
        ft = frac[t, lo:hi]
        placed = np.asarray(arrive_f, dtype=float).copy()
        if pool:
            if pool.kind == "uden_refusion":
                mask = ft <= lowest + 1e-12
                available = buckets[0] + uy @ mask
            else:
                mask = np.ones(hi - lo, dtype=bool)
                available = buckets[0] + uy.sum(axis=1)
            fill = np.minimum(np.maximum(places - buckets[2] - py.sum(axis=1), 0.0), available)
            with np.errstate(invalid="ignore", divide="ignore"):
                r = np.where(available > 0, fill / available, 0.0)
            moved = uy * (r[:, None] * mask)
            uy -= moved
            py += moved
            buckets[2] += buckets[0] * r
            buckets[0] -= buckets[0] * r
            placed += fill
        ly_unit = (
            share_high * ledighedsydelse(rules, 0.0, True).ledighedsydelse
            + (1 - share_high) * ledighedsydelse(rules, 0.0, False).ledighedsydelse
        )
        sub_unit = float(subsidy_array(rules, wage, ceiling).mean()) if history.wages else 0.0
        pool_sub = pool_wage = 0.0
        if pool:
            pool_sub = subsidy(rules, pool.monthly_wage, pool.wage_ceiling).subsidy
            pool_wage = employer_cost(rules, pool.hourly_wage, pool.hours_per_week)["total"]
        u_all = buckets[0] + uy.sum(axis=1)
        f_all = buckets[1] + fy.sum(axis=1)
        p_all = buckets[2] + py.sum(axis=1)
        ydelse_all = u_all * ly_unit + f_all * sub_unit + p_all * pool_sub
        young = (uy * ly_unit + fy * sub_unit + py * pool_sub) @ (ft - lowest)
        per_month["gross"][:, t] = ydelse_all + p_all * pool_wage + lever_cost
        per_month["ref"][:, t] = ydelse_all * lowest + young
        per_month["u"][:, t] = u_all
        per_month["f"][:, t] = f_all
        per_month["p"][:, t] = p_all
        per_month["placed"][:, t] = placed + u_all * p_uf
        _step([(buckets[0], buckets[1], buckets[2]), (uy, fy, py)], probs, noise)

    out = []
    for k in range(years):
        cols = slice(12 * k, 12 * k + 12)
        gross = per_month["gross"][:, cols].sum(axis=1)
        ref = per_month["ref"][:, cols].sum(axis=1)
        net = gross - ref
        low, high = np.percentile(net, INTERVAL)
        out.append(
            YearResult(
                year=from_year + k,
                placements=float(per_month["placed"][0, cols].sum()),
                on_ledighedsydelse=float(per_month["u"][0, cols].mean()),
                in_fleksjob=float(per_month["f"][0, cols].mean()),
                in_pool=float(per_month["p"][0, cols].mean()),
                gross_cost=float(gross[0]),
                refusion=float(ref[0]),
                net_cost=float(net[0]),
                low=float(min(low, net[0])),
                high=float(max(high, net[0])),
            )
        )
    return out
