"""Case histories from 1998 to today, simulated for all cases at once in rounds.

A case is a sequence of episodes: approved-unemployed (U), in a fleksjob (F, one employment per
episode; a job-to-job change starts a new F episode the next day), paused (P), until it ends (E).
Each round draws, for every case still running, competing times to the next event of its current
episode (job found / job ended / pause over, pause / job change, exit, folkepension, the 4½-year
review) and keeps the earliest; an event after ``today`` leaves the episode open.

The population is the stock on 1 January 2005 (with a short pre-history), new visitations from
2005 to today, later re-visitations of some ended cases, and, at small scales, a top-up so that
every municipality has its minimum of active cases.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from functools import cache
from typing import NamedTuple

import numpy as np

from fleksjob.core.synth.columns import Columns

from . import calibration as cal
from .days import FAR, NONE, add_months, day
from .municipal import Municipalities
from .municipal import build as build_municipalities
from .people import LOW_EDUCATION, People, make_people

U, F, P, E = 0, 1, 2, 3
OPEN = -1
REASONS = (
    "state_pension",
    "disability_pension",
    "ordinary_job",
    "no_longer_eligible",
    "moved_abroad",
    "deceased",
    "other",
)
_R = {r: i for i, r in enumerate(REASONS)}
T0 = day(cal.HISTORY_START)
REFORM = day(cal.REFORM_2013)
SCHEME_START = day(cal.SCHEME_START)


@dataclass(frozen=True)
class Params:
    median_unemployed_days: float  # baseline median time to a fleksjob (multiplier 1)
    inflow_per_year: float  # national new visitations in a year of shape 1.0


@dataclass
class Episodes(Columns):
    case: np.ndarray
    kind: np.ndarray
    start: np.ndarray
    end: np.ndarray  # NONE when open
    next: np.ndarray  # OPEN, U, F, P or E
    reason: np.ndarray  # index into REASONS when next == E, else −1


@dataclass
class Cases(Columns):
    citizen: np.ndarray
    visit: np.ndarray
    end_day: np.ndarray  # NONE while active
    end_reason: np.ndarray  # −1 while active


@dataclass
class Population:
    municipalities: Municipalities
    people: People
    cases: Cases
    episodes: Episodes  # sorted by case, then start
    params: Params
    today: int


def _draw_reasons(rng: np.random.Generator, table: dict[str, float], n: int) -> np.ndarray:
    names = list(table)
    p = np.array([table[k] for k in names])
    codes = np.array([_R[k] for k in names], dtype=np.int8)
    return codes[rng.choice(len(names), size=n, p=p / p.sum())]


def _weibull_scale(median_days: float | np.ndarray, shape: float) -> np.ndarray:
    return np.asarray(median_days) / np.log(2) ** (1 / shape)


class _World(NamedTuple):
    """What every part of the simulation draws from: the random stream, the municipalities, the
    calibrated parameters and the day it runs up to."""

    rng: np.random.Generator
    muni: Municipalities
    params: Params
    today: int


def _simulate(
    world: _World,
    people: People,
    citizen: np.ndarray,
    visit: np.ndarray,
    kind: np.ndarray,
    ep_start: np.ndarray,
    t_draw: np.ndarray,
    first_job: np.ndarray,
) -> tuple[Cases, Episodes]:
    """Run the cases from their current episode (started ``ep_start``, drawn from ``t_draw``)."""
    rng, muni, params, today = world
    n = len(citizen)
    kind = kind.astype(np.int8).copy()
    ep_start = ep_start.copy()
    t = t_draw.copy()
    first_job = first_job.copy()
    had_job = first_job != NONE
    alive = np.ones(n, dtype=bool)
    review = (rng.random(n) < cal.REVIEW_ENDS_CASE) & (visit >= REFORM)
    end_day = np.full(n, NONE, dtype=np.int64)
    end_reason = np.full(n, -1, dtype=np.int8)
    scale_u = _weibull_scale(params.median_unemployed_days, cal.JOB_FINDING_SHAPE)
    scale_f_old = _weibull_scale(cal.JOB_DURATION_MEDIAN_YEARS_OLD * 365.25, cal.JOB_DURATION_SHAPE)
    scale_f_new = _weibull_scale(cal.JOB_DURATION_MEDIAN_YEARS_NEW * 365.25, cal.JOB_DURATION_SHAPE)
    needs_n = people.needs.sum(axis=1)
    out: dict[str, list[np.ndarray]] = {f.name: [] for f in fields(Episodes)}

    while True:
        idx = np.flatnonzero(alive)
        m = idx.size
        if m == 0:
            break
        k = kind[idx]
        t0 = t[idx]
        cit = citizen[idx]
        age = (t0 - people.birth[cit]) / 365.25
        d = np.full((m, 5), float(FAR))
        rate = cal.EXIT_RATE_BASE + cal.EXIT_RATE_SLOPE * np.maximum(age - 45, 0)
        rate = rate + np.where(k == F, cal.ORDINARY_JOB_RATE, 0.0)
        d[:, 2] = rng.exponential(365.25 / rate)
        d[:, 3] = people.pension[cit] - t0
        fj = first_job[idx]
        has_review = review[idx] & (fj != NONE)
        rev_day = np.where(
            has_review, add_months(np.where(has_review, fj, t0), cal.REVIEW_MONTHS), FAR
        )
        d[:, 4] = np.where(rev_day > t0, rev_day - t0, FAR)

        u = k == U
        if u.any():
            mu = people.muni[cit[u]]
            local = muni.unemployment_at(mu, t0[u])
            edu = people.education[cit[u]]
            log_mult = (
                muni.effectiveness[mu]
                - cal.LOCAL_UNEMPLOYMENT_ELASTICITY
                * np.log(local / cal.LOCAL_UNEMPLOYMENT_REFERENCE)
                + cal.AGE_EFFECT_PER_YEAR * (age[u] - 45)
                + cal.LOW_EDUCATION_EFFECT * np.isin(edu, LOW_EDUCATION)
                + cal.HIGH_EDUCATION_EFFECT * (edu >= 4)
                + cal.MALE_EFFECT * ~people.female[cit[u]]
                + cal.NEEDS_EFFECT_PER_NEED * np.maximum(needs_n[cit[u]] - 2, 0)
                + cal.PREVIOUS_FLEKSJOB_EFFECT * had_job[idx[u]]
            )
            e = rng.exponential(size=u.sum())
            d[u, 0] = scale_u * (e / np.exp(log_mult)) ** (1 / cal.JOB_FINDING_SHAPE)
            d[u, 1] = rng.exponential(365.25 / cal.PAUSE_RATE, size=u.sum())
        f = k == F
        if f.any():
            scale = np.where(ep_start[idx[f]] < REFORM, scale_f_old, scale_f_new)
            d[f, 0] = scale * rng.weibull(cal.JOB_DURATION_SHAPE, size=f.sum())
            d[f, 1] = rng.exponential(365.25 / cal.JOB_CHANGE_RATE, size=f.sum())
        p = k == P
        if p.any():
            d[p, 0] = cal.PAUSE_MEDIAN_DAYS * np.exp(cal.PAUSE_SIGMA * rng.standard_normal(p.sum()))

        ev = d.argmin(axis=1)
        dmin = np.maximum(np.ceil(d[np.arange(m), ev]), 1).astype(np.int64)
        nxt = t0 + dmin
        is_open = nxt > today

        nk = np.full(m, E, dtype=np.int8)
        reason = np.full(m, -1, dtype=np.int8)
        nk[(ev == 0) & u] = F
        nk[(ev == 0) & f] = U
        nk[(ev == 1) & u] = P
        nk[(ev == 1) & f] = F
        pause_over = (ev == 0) & p
        pause_ends = pause_over & (rng.random(m) < cal.PAUSE_ENDS_CASE)
        nk[pause_over & ~pause_ends] = U
        exit_ = ev == 2
        for state, table in (
            (U, cal.EXIT_REASONS_UNEMPLOYED),
            (F, cal.EXIT_REASONS_IN_FLEKSJOB),
            (P, cal.EXIT_REASONS_PAUSED),
        ):
            sel = exit_ & (k == state)
            if state == F:
                # The ordinary-job rate was added to F's exit rate; split it back out.
                ordinary = sel & (rng.random(m) < cal.ORDINARY_JOB_RATE / rate)
                reason[ordinary] = _R["ordinary_job"]
                sel = sel & ~ordinary
            reason[sel] = _draw_reasons(rng, table, int(sel.sum()))
        reason[pause_ends] = _draw_reasons(rng, cal.EXIT_REASONS_PAUSED, int(pause_ends.sum()))
        reason[ev == 3] = _R["state_pension"]
        reason[ev == 4] = _R["no_longer_eligible"]
        nk[is_open] = OPEN
        reason[is_open] = -1

        out["case"].append(idx)
        out["kind"].append(k)
        out["start"].append(ep_start[idx])
        out["end"].append(np.where(is_open, NONE, nxt - 1))
        out["next"].append(nk)
        out["reason"].append(reason)

        ended = nk == E
        alive[idx[is_open | ended]] = False
        end_day[idx[ended]] = nxt[ended]
        end_reason[idx[ended]] = reason[ended]
        go = ~is_open & ~ended
        gi = idx[go]
        kind[gi] = nk[go]
        ep_start[gi] = nxt[go]
        t[gi] = nxt[go]
        job = nk[go] == F
        had_job[gi[job]] = True
        fresh = gi[job & (first_job[gi] == NONE)]
        first_job[fresh] = t[fresh]

    episodes = Episodes(**{name: np.concatenate(parts) for name, parts in out.items()})
    return Cases(citizen, visit, end_day, end_reason), episodes


# ---------------------------------------------------------------------------------------------
# Who enters: the 2005 stock, new visitations, re-visitations, top-ups
# ---------------------------------------------------------------------------------------------


@dataclass
class _Batch:
    cases: Cases
    episodes: Episodes


def _stock(world: _World, scale, people_parts, n_people) -> _Batch:
    rng, muni = world.rng, world.muni
    counts = {
        F: round(cal.IN_FLEKSJOB_2005 * scale),
        U: round(cal.UNEMPLOYED_2005 * scale),
        P: round(cal.PAUSED_2005 * scale),
    }
    n = sum(counts.values())
    state = np.repeat(np.array([F, U, P], dtype=np.int8), [counts[F], counts[U], counts[P]])
    m_idx = rng.choice(len(muni), size=n, p=muni.case_weight)
    ref = np.full(n, T0, dtype=np.int64)
    people = make_people(
        rng,
        muni,
        m_idx,
        ref,
        cal.STOCK_AGE_MEAN,
        cal.STOCK_AGE_SD,
        cal.STOCK_AGE_MAX,
        cal.STOCK_AGE_MIN,
    )
    people_parts.append(people)
    citizen = n_people + np.arange(n)

    # Visitation between 1998-07 and 2004-12, skewed toward recent years (the stock grew).
    span = T0 - 30 - SCHEME_START
    visit = T0 - 30 - np.floor(span * rng.beta(*cal.STOCK_VISIT_BETA, n)).astype(np.int64)
    visit = np.maximum(visit, people.birth + int(cal.MIN_AGE_AT_VISITATION * 365.25))
    visit = np.minimum(visit, T0 - 1)

    pre_case, pre_kind, pre_start, pre_end, pre_next = [], [], [], [], []

    def pre(sel, kinds, starts, ends, nexts):
        pre_case.append(np.flatnonzero(sel) if sel.dtype == bool else sel)
        pre_kind.append(np.full(len(pre_case[-1]), kinds, dtype=np.int8))
        pre_start.append(starts)
        pre_end.append(ends)
        pre_next.append(np.full(len(pre_case[-1]), nexts, dtype=np.int8))

    ep_start = visit.copy()
    first_job = np.full(n, NONE, dtype=np.int64)
    room = T0 - visit  # days between visitation and 2005

    # In a fleksjob on 1 January 2005: the current job started after an unemployed spell or
    # directly at visitation.
    inf = state == F
    direct = inf & (rng.random(n) < cal.DIRECT_TO_FLEKSJOB_BEFORE_2013)
    gap = np.minimum(rng.exponential(cal.STOCK_WAIT_MEAN_DAYS, n).astype(np.int64) + 14, room - 1)
    job_start = np.where(direct | (gap < 1), visit, visit + np.maximum(gap, 1))
    waited = inf & (job_start > visit)
    pre(waited, U, visit[waited], job_start[waited] - 1, F)
    ep_start[inf] = job_start[inf]
    first_job[inf] = job_start[inf]

    # Unemployed on 1 January 2005: some had a fleksjob before.
    unemp = state == U
    prior = unemp & (room > 200) & (rng.random(n) < cal.STOCK_UNEMPLOYED_WITH_PRIOR_JOB)
    s_prev = visit + (rng.random(n) * np.maximum(room - 150, 1) * 0.5).astype(np.int64) + 1
    e_prev = s_prev + 30 + (rng.random(n) * np.maximum(T0 - 60 - s_prev - 30, 1)).astype(np.int64)
    prior &= e_prev < T0 - 1
    pre(prior, U, visit[prior], s_prev[prior] - 1, F)
    pre(prior, F, s_prev[prior], e_prev[prior], U)
    ep_start[prior] = e_prev[prior] + 1
    first_job[prior] = s_prev[prior]

    # Paused on 1 January 2005, after an unemployed spell.
    paused = state == P
    p_start = visit + 1 + (rng.random(n) * np.maximum(room - 2, 1)).astype(np.int64)
    p_start = np.minimum(p_start, T0 - 1)
    pre(
        paused & (p_start > visit),
        U,
        visit[paused & (p_start > visit)],
        p_start[paused & (p_start > visit)] - 1,
        P,
    )
    ep_start[paused] = np.maximum(p_start[paused], visit[paused])

    cases, eps = _simulate(
        world,
        People.concat(people_parts),
        citizen,
        visit,
        state,
        ep_start,
        np.full(n, T0, dtype=np.int64),
        first_job,
    )
    pre_eps = Episodes(
        case=np.concatenate(pre_case).astype(np.int64),
        kind=np.concatenate(pre_kind),
        start=np.concatenate(pre_start),
        end=np.concatenate(pre_end),
        next=np.concatenate(pre_next),
        reason=np.full(sum(len(c) for c in pre_case), -1, dtype=np.int8),
    )
    return _Batch(cases, Episodes.concat([pre_eps, eps]))


def _new_visitations(world: _World, people_parts, n_people, muni_idx, visit) -> _Batch:
    rng, muni = world.rng, world.muni
    n = len(visit)
    people = make_people(
        rng,
        muni,
        muni_idx,
        visit,
        cal.AGE_AT_VISITATION_MEAN,
        cal.AGE_AT_VISITATION_SD,
        cal.MAX_AGE_AT_VISITATION,
    )
    people_parts.append(people)
    citizen = n_people + np.arange(n)
    direct_p = np.where(
        visit < REFORM, cal.DIRECT_TO_FLEKSJOB_BEFORE_2013, cal.DIRECT_TO_FLEKSJOB_FROM_2013
    )
    kind = np.where(rng.random(n) < direct_p, F, U).astype(np.int8)
    first_job = np.where(kind == F, visit, NONE)
    cases, eps = _simulate(
        world,
        People.concat(people_parts),
        citizen,
        visit,
        kind,
        visit,
        visit,
        first_job,
    )
    return _Batch(cases, eps)


def _inflow_days(rng, params, scale, today_date: dt.date) -> np.ndarray:
    parts = []
    for year in range(cal.HISTORY_START.year, today_date.year + 1):
        a = dt.date(year, 1, 1)
        b = min(dt.date(year, 12, 31), today_date)
        frac = (b - a).days / 365.0 + 1 / 365.0
        shape = cal.INFLOW_SHAPE_BY_YEAR.get(year, cal.INFLOW_SHAPE_LATER)
        k = rng.poisson(params.inflow_per_year * scale * shape * frac)
        parts.append(day(a) + rng.integers(0, (b - a).days + 1, size=k))
    days = np.concatenate(parts)
    days.sort()
    return days


def _revisits(world: _World, people_all: People, first: _Batch) -> _Batch | None:
    rng, today = world.rng, world.today
    c = first.cases
    ok_reason = np.isin(
        c.end_reason,
        [_R[r] for r in ("ordinary_job", "no_longer_eligible", "other", "moved_abroad")],
    )
    gap = (cal.REVISIT_GAP_MEAN_YEARS * 365.25 * rng.exponential(size=len(c))).astype(
        np.int64
    ) + 180
    visit = c.end_day + gap
    pick = ok_reason & (rng.random(len(c)) < cal.REVISIT_SHARE) & (visit <= today)
    pick &= visit < people_all.pension[c.citizen] - 365
    idx = np.flatnonzero(pick)
    if idx.size == 0:
        return None
    visit = visit[idx]
    kind = np.full(idx.size, U, dtype=np.int8)
    cases, eps = _simulate(
        world,
        people_all,
        c.citizen[idx],
        visit,
        kind,
        visit,
        visit,
        np.full(idx.size, NONE, dtype=np.int64),
    )
    return _Batch(cases, eps)


def _merge(batches: list[_Batch]) -> tuple[Cases, Episodes]:
    offset = 0
    eps = []
    for b in batches:
        e = b.episodes
        eps.append(Episodes(e.case + offset, e.kind, e.start, e.end, e.next, e.reason))
        offset += len(b.cases)
    return Cases.concat([b.cases for b in batches]), Episodes.concat(eps)


def active_by_municipality(pop_people: People, cases: Cases, n_muni: int) -> np.ndarray:
    active = cases.end_day == NONE
    return np.bincount(pop_people.muni[cases.citizen[active]], minlength=n_muni)


def simulate_population(
    rng: np.random.Generator,
    muni: Municipalities,
    params: Params,
    scale: float,
    today_date: dt.date,
    top_up: bool = True,
) -> Population:
    today = day(today_date)
    people_parts: list[People] = []
    world = _World(rng, muni, params, today)
    batches = [_stock(world, scale, people_parts, 0)]
    n_people = sum(len(p) for p in people_parts)
    visit = _inflow_days(rng, params, scale, today_date)
    m_idx = rng.choice(len(muni), size=len(visit), p=muni.case_weight)
    batches.append(_new_visitations(world, people_parts, n_people, m_idx, visit))
    people = People.concat(people_parts)
    first_cases, first_eps = _merge(batches)
    revisit = _revisits(world, people, _Batch(first_cases, first_eps))
    batches = [_Batch(first_cases, first_eps)] + ([revisit] if revisit else [])

    if top_up:
        need = np.array(
            [
                cal.PERSONA_MIN_ACTIVE_CITIZENS
                if c in cal.PERSONA_MUNICIPALITIES
                else cal.MIN_ACTIVE_CITIZENS
                for c in muni.codes
            ]
        )
        for attempt in range(6):
            cases, _ = _merge(batches)
            have = active_by_municipality(People.concat(people_parts), cases, len(muni))
            short = np.maximum(need - have, 0)
            if not short.any():
                break
            m_idx = np.repeat(np.arange(len(muni)), short * 2 if attempt < 5 else short * 4)
            # Recent visitations; the last attempt visits within the last month so they stay.
            window = 3 * 365 if attempt < 5 else 30
            visit = np.sort(today - rng.integers(0, window, size=len(m_idx)))
            n_people = sum(len(p) for p in people_parts)
            batches.append(_new_visitations(world, people_parts, n_people, m_idx, visit))

    people = People.concat(people_parts)
    cases, episodes = _merge(batches)
    order = np.lexsort((episodes.start, episodes.case))
    episodes = episodes.take(order)
    return Population(muni, people, cases, episodes, params, today)


# ---------------------------------------------------------------------------------------------
# Calibration by a pilot population
# ---------------------------------------------------------------------------------------------

PILOT_SCALE = 0.35
PILOT_ROUNDS = 2
_PILOT_SEED = 20050101


def headline(pop: Population) -> tuple[int, float]:
    """Active cases today and the approved-unemployed share among them."""
    eps = pop.episodes
    open_ = eps.end == NONE
    n_active = int(open_.sum())
    return n_active, float((eps.kind[open_] == U).mean()) if n_active else 0.0


@cache
def calibrate(today_date: dt.date) -> Params:
    """Job-finding median and inflow that give the target active count and unemployed share.

    A pilot population (fixed seed, independent of the user's seed) is simulated a few times;
    each round corrects the inflow by the ratio to the target and the median time to a job by
    the log-odds gap of the unemployed share (in steady state the odds are proportional to it).
    """
    params = Params(cal.JOB_FINDING_MEDIAN_DAYS_GUESS, cal.INFLOW_PER_YEAR_GUESS)
    target = cal.ACTIVE_CITIZENS_NATIONAL * PILOT_SCALE
    goal = cal.UNEMPLOYED_SHARE_TARGET
    for _ in range(PILOT_ROUNDS):
        rng = np.random.Generator(np.random.PCG64(_PILOT_SEED))
        muni = build_municipalities(rng, today_date, target)
        pop = simulate_population(rng, muni, params, PILOT_SCALE, today_date, top_up=False)
        active, share = headline(pop)
        logit_gap = np.log(share / (1 - share)) - np.log(goal / (1 - goal))
        params = Params(
            params.median_unemployed_days * float(np.exp(-logit_gap * 1.1)),
            params.inflow_per_year * target / max(active, 1),
        )
    return params
