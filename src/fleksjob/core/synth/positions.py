"""Positions: filled/closed ones behind recent fleksjobs, and open, draft and closed vacancies.

Open positions are made so matching has real work to do: half are modelled on one of the
municipality's unemployed citizens (their needs provided, their hours inside the range), the rest
are drawn from employers' sectors; a share are academic positions (lawyer, HR…) at ~13 hours.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fleksjob.core.records.limits import MAX_WEEKLY_HOURS
from fleksjob.core.synth.columns import Columns

from . import calibration as cal
from .citizens import CitizenState
from .days import NONE
from .employers import Employers
from .history import Population
from .jobs import Jobs
from .occupations import ACADEMIC_CODES, OCCUPATIONS
from .people import NEED_KEYS, round_half
from .profiles import SECTOR_KEYS, lower_first

STATUSES = ("draft", "open", "filled", "closed")
_KEY = {k: i for i, k in enumerate(NEED_KEYS)}
_CODE_INDEX = {o.code: i for i, o in enumerate(OCCUPATIONS)}
# How often a fleksjob-minded workplace can offer each skånehensyn.  [assumption]
_BASE_PROVIDES = {
    "short_days": 0.55,
    "fixed_days": 0.5,
    "flexible_start": 0.6,
    "extra_breaks": 0.55,
    "gradual_increase": 0.6,
    "no_evening_night": 0.55,
    "no_heavy_lifting": 0.35,
    "limited_standing": 0.3,
    "limited_walking": 0.3,
    "no_repetitive_strain": 0.3,
    "ergonomic_workstation": 0.3,
    "wheelchair_access": 0.15,
    "hearing_support": 0.1,
    "vision_support": 0.1,
    "quiet_environment": 0.3,
    "few_interruptions": 0.3,
    "clear_instructions": 0.5,
    "low_time_pressure": 0.35,
    "limited_customer_contact": 0.3,
    "mentor": 0.45,
    "language_support": 0.25,
    "limited_reading_writing": 0.25,
    "no_allergens_fragrance": 0.2,
    "no_outdoor_work": 0.5,
}
_BASE = np.array([_BASE_PROVIDES[k] for k in NEED_KEYS])
_OCC_PROVIDES = np.array(
    [[0.85 if k in o.provides else 0.0 for k in NEED_KEYS] for o in OCCUPATIONS]
)
_OUTDOOR = np.array([o.task_type == "outdoor" for o in OCCUPATIONS])
_REMOTE_TASKS = ("administrative", "it", "professional", "creative")
_REMOTE = np.array([o.task_type in _REMOTE_TASKS for o in OCCUPATIONS])
_ACADEMIC = np.array([_CODE_INDEX[c] for c in ACADEMIC_CODES])
_BY_SECTOR = [
    np.array([i for i, o in enumerate(OCCUPATIONS) if s in o.sectors]) for s in SECTOR_KEYS
]


@dataclass
class Positions(Columns):
    employer: np.ndarray
    occupation: np.ndarray
    hours_min: np.ndarray
    hours_max: np.ndarray
    provides: np.ndarray  # (n, len(NEED_KEYS)) bool
    remote: np.ndarray
    openings: np.ndarray
    split_off: np.ndarray
    status: np.ndarray  # index into STATUSES
    created: np.ndarray


def _provides(rng: np.random.Generator, occ: np.ndarray, must: np.ndarray | None) -> np.ndarray:
    p = np.maximum(_BASE[None, :], _OCC_PROVIDES[occ])
    out = rng.random(p.shape) < p
    out[_OUTDOOR[occ], _KEY["no_outdoor_work"]] = False
    if must is not None:
        out |= must
    return out


def _hours_range(rng: np.random.Generator, occ: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    k = len(occ)
    low = rng.choice(
        np.array([2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 12.0, 15.0, 20.0]),
        size=k,
        p=[0.05, 0.08, 0.1, 0.12, 0.12, 0.13, 0.14, 0.1, 0.1, 0.06],
    )
    width = rng.choice(np.array([0.0, 2.0, 3.0, 5.0, 8.0, 10.0]), size=k)
    academic = np.isin(occ, _ACADEMIC)
    low = np.where(academic, rng.choice(np.array([8.0, 10.0, 12.0]), size=k), low)
    high = np.where(academic, low + rng.choice(np.array([3.0, 5.0, 7.0]), size=k), low + width)
    return low, np.minimum(high, MAX_WEEKLY_HOURS)


def _make(employer, occ, hmin, hmax, provides, status, created, rng) -> Positions:
    k = len(employer)
    return Positions(
        employer=employer.astype(np.int64),
        occupation=occ.astype(np.int64),
        hours_min=hmin,
        hours_max=hmax,
        provides=provides,
        remote=rng.random(k) < np.where(_REMOTE[occ], 0.35, 0.03),
        openings=np.where(rng.random(k) < 0.1, rng.integers(2, 4, k), 1),
        split_off=rng.random(k) < 0.35,
        status=np.full(k, status, dtype=np.int8),
        created=created.astype(np.int64),
    )


def _sector_occupation(
    rng: np.random.Generator, emp: Employers, employer: np.ndarray
) -> np.ndarray:
    occ = np.empty(len(employer), dtype=np.int64)
    for s, cand in enumerate(_BY_SECTOR):
        rows = np.flatnonzero(emp.sector[employer] == s)
        if rows.size:
            w = np.array([OCCUPATIONS[i].weight for i in cand])
            occ[rows] = cand[rng.choice(len(cand), size=rows.size, p=w / w.sum())]
    return occ


def linked_positions(
    rng: np.random.Generator, pop: Population, jobs: Jobs, offset: int
) -> Positions:
    """Positions behind fleksjobs that started recently; sets ``jobs.position``."""
    sel = np.flatnonzero(
        (jobs.start >= pop.today - cal.POSITION_LINK_DAYS) & (rng.random(len(jobs)) < 0.9)
    )
    occ = jobs.occupation[sel]
    h = jobs.initial_hours[sel]
    hmin = np.maximum(0.5, h - rng.choice(np.array([0.0, 1.0, 2.0, 3.0]), size=len(sel)))
    hmax = np.minimum(
        MAX_WEEKLY_HOURS, h + rng.choice(np.array([0.0, 2.0, 4.0, 6.0]), size=len(sel))
    )
    must = pop.people.needs[jobs.citizen[sel]]
    status = np.where(jobs.end[sel] == NONE, STATUSES.index("filled"), STATUSES.index("closed"))
    created = jobs.start[sel] - rng.integers(14, 91, size=len(sel))
    pos = _make(jobs.employer[sel], occ, hmin, hmax, _provides(rng, occ, must), 0, created, rng)
    pos.status = status.astype(np.int8)
    pos.openings[:] = 1
    jobs.position[sel] = offset + np.arange(len(sel))
    return pos


def _per_municipality(base: float, weight: np.ndarray, floor: np.ndarray) -> np.ndarray:
    return np.maximum(np.round(base * weight).astype(int), floor)


def vacancies(
    rng: np.random.Generator,
    pop: Population,
    emp: Employers,
    state: CitizenState,
    occupation1: np.ndarray,
    unemployed: np.ndarray,
    scale: float,
) -> Positions:
    """Open, draft and closed-unfilled positions in every municipality."""
    muni = pop.municipalities
    n_m = len(muni)
    today = pop.today
    floor = np.array(
        [
            cal.PERSONA_MIN_OPEN_POSITIONS
            if c in cal.PERSONA_MUNICIPALITIES
            else cal.MIN_OPEN_POSITIONS
            for c in muni.codes
        ]
    )
    n_open = _per_municipality(cal.OPEN_POSITIONS_NATIONAL * scale, muni.case_weight, floor)

    emp_order = np.argsort(emp.muni, kind="stable")
    bounds = np.searchsorted(emp.muni[emp_order], np.arange(n_m + 1))
    size_w = np.array([1.0, 2.0, 4.0, 8.0])[emp.size]
    # Unemployed citizens (today) by municipality, for templated positions.
    u_cit = np.sort(unemployed)
    u_muni = pop.people.muni[u_cit]
    u_order = np.argsort(u_muni, kind="stable")
    u_bounds = np.searchsorted(u_muni[u_order], np.arange(n_m + 1))

    employers, templates = [], []
    for m in range(n_m):
        cand = emp_order[bounds[m] : bounds[m + 1]]
        k = int(n_open[m])
        # The first positions go to distinct employers, so every municipality has several.
        distinct = rng.permutation(cand)[: min(k, len(cand), floor[m])]
        rest = k - len(distinct)
        w = size_w[cand]
        more = cand[rng.choice(len(cand), size=rest, p=w / w.sum())] if rest > 0 else cand[:0]
        employers.append(np.concatenate([distinct, more]))
        us = u_cit[u_order[u_bounds[m] : u_bounds[m + 1]]]
        t = np.full(k, -1, dtype=np.int64)
        if us.size:
            use = rng.random(k) < cal.TEMPLATED_OPEN_SHARE
            use[:2] = True  # so every municipality has open positions its unemployed fit
            t[use] = us[rng.integers(0, us.size, use.sum())]
        templates.append(t)
    employer = np.concatenate(employers)
    template = np.concatenate(templates)
    k = len(employer)

    occ = _sector_occupation(rng, emp, employer)
    academic = (template < 0) & (rng.random(k) < cal.ACADEMIC_OPEN_SHARE)
    occ[academic] = _ACADEMIC[rng.integers(0, len(_ACADEMIC), academic.sum())]
    hmin, hmax = _hours_range(rng, occ)

    tpl = template >= 0
    tc = template[tpl]
    occ[tpl] = occupation1[tc]
    lo, hi = state.hours_min[tc], state.capacity[tc]
    h = round_half(lo + rng.random(tc.size) * (hi - lo))
    hmin[tpl] = np.maximum(1.0, h - rng.choice(np.array([0.0, 1.0, 2.0, 3.0]), size=tc.size))
    hmax[tpl] = np.minimum(
        MAX_WEEKLY_HOURS, h + rng.choice(np.array([0.0, 2.0, 4.0, 6.0]), size=tc.size)
    )
    must = np.zeros((k, len(NEED_KEYS)), dtype=bool)
    must[tpl] = pop.people.needs[tc]
    created = today - rng.integers(0, 181, size=k)
    open_pos = _make(employer, occ, hmin, hmax, _provides(rng, occ, must), 1, created, rng)

    # Persona municipalities always offer a lawyer and an HR position at about 13 hours.
    extra = []
    for code in cal.PERSONA_MUNICIPALITIES:
        m = muni.codes.index(code)
        cand = emp_order[bounds[m] : bounds[m + 1]]
        public = cand[emp.public[cand]]
        business = cand[emp.sector[cand] == SECTOR_KEYS.index("finance_business")]
        for occ_code, pool in (("2611", business if business.size else public), ("2423", public)):
            e = np.array([pool[0] if pool.size else cand[0]])
            o = np.array([_CODE_INDEX[occ_code]])
            extra.append(
                _make(
                    e,
                    o,
                    np.array([12.0]),
                    np.array([14.0]),
                    _provides(rng, o, None),
                    1,
                    np.array([today - int(rng.integers(0, 60))]),
                    rng,
                )
            )

    # Drafts (recent) and positions closed without a hire (older), spread like the open ones.
    def spread(total: float) -> np.ndarray:
        n = rng.poisson(total * scale)
        return rng.choice(n_m, size=n, p=muni.case_weight)

    parts = [open_pos, *extra]
    for status, total, age in (
        ("draft", cal.DRAFT_POSITIONS_NATIONAL, (0, 31)),
        ("closed", cal.CLOSED_UNFILLED_POSITIONS_NATIONAL, (180, 3 * 365)),
    ):
        m_idx = spread(total)
        if m_idx.size == 0:
            continue
        starts, ends = bounds[m_idx], bounds[m_idx + 1]
        e = emp_order[starts + (rng.random(m_idx.size) * (ends - starts)).astype(np.int64)]
        o = _sector_occupation(rng, emp, e)
        lo_h, hi_h = _hours_range(rng, o)
        created = today - rng.integers(age[0], age[1], size=m_idx.size)
        parts.append(
            _make(e, o, lo_h, hi_h, _provides(rng, o, None), STATUSES.index(status), created, rng)
        )
    return Positions.concat(parts)


def position_texts(rng: np.random.Generator, pos: Positions) -> tuple[list[str], list[str]]:
    """Titles and Danish task descriptions."""
    r = rng.integers(0, 1 << 30, size=(len(pos), 2)).tolist()
    titles, texts = [], []
    for i, (o, lo, hi, split) in enumerate(
        zip(
            pos.occupation.tolist(),
            pos.hours_min.tolist(),
            pos.hours_max.tolist(),
            pos.split_off.tolist(),
            strict=True,
        )
    ):
        occ = OCCUPATIONS[o]
        titles.append(occ.title)
        n = len(occ.tasks)
        a = r[i][0] % n
        tasks = [lower_first(occ.tasks[(a + j) % n]) for j in range(min(3, n))]
        listed = ", ".join(tasks[:-1]) + f" og {tasks[-1]}" if len(tasks) > 1 else tasks[0]
        hours = _da(lo) if lo == hi else f"{_da(lo)}–{_da(hi)}"
        text = (
            f"Opgaverne er {listed}. Arbejdstiden er {hours} timer om ugen og tilrettelægges "
            "efter dine skånehensyn."
        )
        if split:
            text += " Stillingen er skabt ved at samle opgaver fra flere kolleger."
        texts.append(text)
    return titles, texts


def _da(hours: float) -> str:
    return f"{hours:g}".replace(".", ",")
