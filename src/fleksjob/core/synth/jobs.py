"""Fleksjob employments (one per F episode): employer, occupation, wage and weekly hours history."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fleksjob.core.records.limits import FULL_TIME_HOURS, MAX_WEEKLY_HOURS

from . import calibration as cal
from .days import NONE, year_of
from .employers import SIZE_KEYS, Employers
from .history import REFORM, F, Population
from .occupations import OCCUPATIONS
from .people import round_half
from .profiles import SECTOR_KEYS

_OCC_BAND = np.array([o.band for o in OCCUPATIONS])
_OCC_SECTORS = [np.array([SECTOR_KEYS.index(s) for s in o.sectors]) for o in OCCUPATIONS]


@dataclass
class Jobs:
    case: np.ndarray
    citizen: np.ndarray
    start: np.ndarray
    end: np.ndarray  # NONE while open
    employer: np.ndarray
    occupation: np.ndarray  # OCCUPATIONS index
    wage: np.ndarray
    old: np.ndarray
    initial_hours: np.ndarray
    last_hours: np.ndarray  # hours in force today (open jobs) or at the end
    position: np.ndarray  # position index, −1 when not found through the system
    # HoursChange rows (first row of each job is its start)
    hc_job: np.ndarray
    hc_from: np.ndarray
    hc_hours: np.ndarray

    def __len__(self) -> int:
        return len(self.case)


def _choose_employers(
    rng: np.random.Generator,
    pop: Population,
    emp: Employers,
    muni_idx: np.ndarray,
    occ: np.ndarray,
) -> np.ndarray:
    """An employer in the municipality (or a neighbour) whose sector suits the occupation."""
    k = len(muni_idx)
    muni = pop.municipalities
    near = rng.random(k) < cal.EMPLOYMENT_IN_NEIGHBOUR
    m = np.where(near, muni.neighbours[muni_idx, rng.integers(0, 3, k)], muni_idx)
    pick = rng.integers(0, 1 << 30, k)
    n_sec = np.array([len(s) for s in _OCC_SECTORS])[occ]
    sector = np.array(
        [
            _OCC_SECTORS[o][p % n]
            for o, p, n in zip(occ.tolist(), pick.tolist(), n_sec.tolist(), strict=True)
        ],
        dtype=np.int64,
    )
    ns = len(SECTOR_KEYS)
    weight = np.array([cal.SIZE_HIRING_WEIGHT[s] for s in SIZE_KEYS])[emp.size]
    e_key = emp.muni * ns + emp.sector
    e_order = np.argsort(e_key, kind="stable")
    e_sorted = e_key[e_order]
    m_order = np.argsort(emp.muni, kind="stable")
    m_sorted = emp.muni[m_order]

    out = np.empty(k, dtype=np.int64)
    keys, inverse = np.unique(m * ns + sector, return_inverse=True)
    order = np.argsort(inverse, kind="stable")
    bounds = np.searchsorted(inverse[order], np.arange(len(keys) + 1))
    for g, key in enumerate(keys.tolist()):
        rows = order[bounds[g] : bounds[g + 1]]
        a, b = np.searchsorted(e_sorted, [key, key + 1])
        if b > a:
            cand = e_order[a:b]
        else:  # no employer of that sector there: any employer in the municipality
            mi = key // ns
            a, b = np.searchsorted(m_sorted, [mi, mi + 1])
            cand = m_order[a:b]
        w = weight[cand]
        out[rows] = cand[rng.choice(len(cand), size=len(rows), p=w / w.sum())]
    return out


def build_jobs(
    rng: np.random.Generator, pop: Population, emp: Employers, occ1: np.ndarray, occ2: np.ndarray
) -> Jobs:
    eps = pop.episodes
    sel = np.flatnonzero(eps.kind == F)
    case = eps.case[sel]
    citizen = pop.cases.citizen[case]
    start = eps.start[sel]
    end = eps.end[sel]
    k = len(sel)
    people = pop.people
    muni = pop.municipalities

    use_second = (occ2[citizen] >= 0) & (rng.random(k) < 0.25)
    occ = np.where(use_second, occ2[citizen], occ1[citizen])
    employer = _choose_employers(rng, pop, emp, people.muni[citizen], occ)

    old = start < REFORM
    year = year_of(start)
    band = _OCC_BAND[occ]
    wage = (
        np.array(cal.HOURLY_WAGE_2024)[band]
        * (1 + cal.WAGE_GROWTH) ** (year - 2024)
        * np.exp(cal.WAGE_SIGMA * rng.standard_normal(k))
    )
    wage = np.round(wage, 2)

    cap = people.capacity[citizen]
    h_old = round_half(np.clip(FULL_TIME_HOURS * rng.beta(5.0, 1.8, k), 15, FULL_TIME_HOURS))
    h_new = np.maximum(1.0, round_half(cap * rng.uniform(0.75, 1.0, k)))
    h0 = np.where(old, h_old, h_new)
    upper = np.where(old, FULL_TIME_HOURS, np.minimum(MAX_WEEKLY_HOURS, np.maximum(h0, cap) + 8))

    # Changes of hours: Poisson in the job's duration, more where follow-up works better.
    stop = np.where(end == NONE, pop.today, end)
    span = stop - start
    eff = muni.effectiveness[people.muni[citizen]]
    rate = np.where(
        old,
        cal.HOURS_CHANGE_RATE_OLD,
        cal.HOURS_CHANGE_RATE * np.exp(cal.HOURS_EFFECTIVENESS_LOADING * eff),
    )
    n_changes = np.where(span > 0, np.minimum(rng.poisson(rate * span / 365.25), 8), 0)
    c_job = np.repeat(np.arange(k), n_changes)
    c_day = start[c_job] + 1 + (rng.random(len(c_job)) * span[c_job]).astype(np.int64)
    c_day = np.minimum(c_day, stop[c_job])
    rise = rng.random(len(c_job)) < cal.HOURS_RISE_SHARE
    up = rng.choice(np.array([1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0]), size=len(c_job))
    down = rng.choice(np.array([1.0, 2.0, 3.0, 5.0]), size=len(c_job))
    delta = np.where(rise, up, -down)
    order = np.lexsort((c_day, c_job))
    c_job, c_day, delta = c_job[order], c_day[order], delta[order]
    keep = np.ones(len(c_job), dtype=bool)
    keep[1:] = (c_job[1:] != c_job[:-1]) | (c_day[1:] != c_day[:-1])
    c_job, c_day, delta = c_job[keep], c_day[keep], delta[keep]
    # Cumulative change within each job (running sum minus the sum before the job's first row).
    cum = np.cumsum(delta)
    first = np.ones(len(c_job), dtype=bool)
    first[1:] = c_job[1:] != c_job[:-1]
    first_row = np.maximum.accumulate(np.where(first, np.arange(len(c_job)), 0))
    c_hours = np.clip(h0[c_job] + cum - (cum - delta)[first_row], 1.0, upper[c_job])
    prev = np.where(first, h0[c_job], np.r_[0.0, c_hours[:-1]])
    changed = c_hours != prev
    c_job, c_day, c_hours = c_job[changed], c_day[changed], c_hours[changed]

    hc_job = np.concatenate([np.arange(k), c_job])
    hc_from = np.concatenate([start, c_day])
    hc_hours = np.concatenate([h0, c_hours])
    order = np.lexsort((hc_from, hc_job))
    hc_job, hc_from, hc_hours = hc_job[order], hc_from[order], hc_hours[order]
    last = np.ones(len(hc_job), dtype=bool)
    last[:-1] = hc_job[:-1] != hc_job[1:]
    last_hours = np.empty(k)
    last_hours[hc_job[last]] = hc_hours[last]

    return Jobs(
        case=case,
        citizen=citizen,
        start=start,
        end=end,
        employer=employer,
        occupation=occ,
        wage=wage,
        old=old,
        initial_hours=h0,
        last_hours=last_hours,
        position=np.full(k, -1, dtype=np.int64),
        hc_job=hc_job,
        hc_from=hc_from,
        hc_hours=hc_hours,
    )
