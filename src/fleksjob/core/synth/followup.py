"""Follow-up: jobsamtaler in ledighedsydelse spells, follow-ups in fleksjob, reviews, and plans.

Meetings are kept from MEETINGS_FROM (jobsamtaler) and for the last FLEKSJOB_FOLLOW_UP_YEARS
(follow-ups in a fleksjob) to bound the row count; see docs/synthetic-denmark.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from fleksjob.core.records.limits import MAX_WEEKLY_HOURS
from fleksjob.core.synth.columns import Columns

from . import calibration as cal
from .cases import CaseView
from .citizens import GOALS, CitizenState
from .days import NONE, add_months, add_years, day
from .history import REFORM, E, F, Population
from .jobs import Jobs
from .people import round_half

KINDS = ("jobsamtale", "follow_up", "review", "other")
CHANNELS = ("in_person", "phone", "video", "workplace")
PURPOSES = ("more_hours", "foothold", "education")
_PURPOSE_OF_GOAL = {"progression": 0, "retention": 1, "education": 2}
_EARLY_OFFSETS = np.array([7, 45, 95, 150])  # days into the spell: four within six months
VIDEO_FROM = day(dt.date(2020, 3, 1))  # video meetings became common with COVID-19


@dataclass
class Meetings(Columns):
    case: np.ndarray
    held: np.ndarray
    kind: np.ndarray  # index into KINDS
    channel: np.ndarray  # index into CHANNELS
    spell: np.ndarray  # the ledighedsydelse spell (index) of a jobsamtale, else −1


def _slots(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row → owner index and the row's number within its owner, for ``counts`` rows each."""
    owner = np.repeat(np.arange(len(counts)), counts)
    first = np.cumsum(counts) - counts
    return owner, np.arange(len(owner)) - first[owner]


def jobsamtaler(
    rng: np.random.Generator,
    pop: Population,
    sp_case: np.ndarray,
    sp_start: np.ndarray,
    sp_end: np.ndarray,
) -> Meetings:
    stop = np.where(sp_end == NONE, pop.today, sp_end)
    sel = np.flatnonzero(stop >= day(cal.MEETINGS_FROM))
    start, stop, case = sp_start[sel], stop[sel], sp_case[sel]
    dur = stop - start
    interval = cal.JOBSAMTALE_INTERVAL_AFTER_6_MONTHS
    n_after = np.where(dur > 183, (dur - 183) // interval + 1, 0)
    owner, j = _slots(len(_EARLY_OFFSETS) + n_after)
    early = j < len(_EARLY_OFFSETS)
    offset = np.where(
        early,
        _EARLY_OFFSETS[np.minimum(j, 3)] + rng.integers(-7, 8, len(j)),
        183 + (j - len(_EARLY_OFFSETS)) * interval + rng.integers(-10, 11, len(j)),
    )
    muni = pop.people.muni[pop.cases.citizen[case]]
    compliance = pop.municipalities.compliance[muni]
    n_early = np.where(rng.random(len(sel)) < compliance, 4, rng.integers(1, 4, len(sel)))
    held = start[owner] + np.maximum(offset, 0)
    keep = (~early | (j < n_early[owner])) & (held <= stop[owner])
    keep &= held >= day(cal.MEETINGS_FROM)
    owner, held = owner[keep], held[keep]
    video_ok = held >= VIDEO_FROM
    ch = np.where(
        video_ok,
        rng.choice(3, size=len(held), p=[0.55, 0.25, 0.2]),
        rng.choice(2, size=len(held), p=[0.75, 0.25]),
    )
    return Meetings(
        case[owner], held, np.zeros(len(held), dtype=np.int8), ch.astype(np.int8), sel[owner]
    )


def fleksjob_follow_ups(rng: np.random.Generator, pop: Population, jobs: Jobs) -> Meetings:
    window = int(add_years(np.array([pop.today]), -cal.FLEKSJOB_FOLLOW_UP_YEARS)[0])
    stop = np.where(jobs.end == NONE, pop.today, jobs.end)
    sel = np.flatnonzero(stop >= window)
    start, stop = jobs.start[sel], stop[sel]
    step = cal.FOLLOW_UP_INTERVAL_IN_FLEKSJOB
    j0 = np.maximum(0, (window - start) // step - 1)
    n = np.maximum((stop - start) // step + 2 - j0, 0)
    owner, j = _slots(n)
    j = j + j0[owner]
    first_after = rng.integers(30, 91, len(sel))
    held = (
        start[owner]
        + first_after[owner]
        + j * step
        + np.where(j > 0, rng.integers(-30, 31, len(j)), 0)
    )
    keep = (held >= window) & (held <= stop[owner]) & (held >= start[owner])
    owner, held = owner[keep], held[keep]
    ch = rng.choice([3, 1, 0, 2], size=len(held), p=[0.5, 0.3, 0.1, 0.1])
    return Meetings(
        jobs.case[sel][owner],
        held,
        np.ones(len(held), dtype=np.int8),
        ch.astype(np.int8),
        np.full(len(held), -1),
    )


def reviews(rng: np.random.Generator, pop: Population, view: CaseView) -> Meetings:
    """The 4½-year review of new-scheme cases that reached it."""
    c = pop.cases
    has = (view.first_job != NONE) & (c.visit >= REFORM)
    idx = np.flatnonzero(has)
    due = add_months(view.first_job[idx], cal.REVIEW_MONTHS) - rng.integers(1, 31, len(idx))
    ok = (due <= pop.today) & ((c.end_day[idx] == NONE) | (due < c.end_day[idx]))
    ok &= due >= view.first_job[idx]
    idx, due = idx[ok], due[ok]
    return Meetings(
        idx,
        due,
        np.full(len(idx), 2, dtype=np.int8),
        np.zeros(len(idx), dtype=np.int8),
        np.full(len(idx), -1),
    )


@dataclass
class Plans:
    case: np.ndarray
    purpose: np.ndarray
    cadence: np.ndarray
    agreed: np.ndarray
    next_due: np.ndarray
    active: np.ndarray
    # hours steps
    s_plan: np.ndarray
    s_date: np.ndarray
    s_hours: np.ndarray


def plans(rng: np.random.Generator, pop: Population, view: CaseView, state: CitizenState) -> Plans:
    today = pop.today
    c = pop.cases
    act = np.flatnonzero(view.status != E)
    cit = c.citizen[act]
    goal_names = np.array(GOALS)[state.goal[cit]]
    purpose = np.array([_PURPOSE_OF_GOAL[g] for g in goal_names.tolist()], dtype=np.int8)
    in_job = view.status[act] == F
    cadence = np.where(in_job, np.where(purpose == 0, 26, 52), 13)
    a = np.maximum(view.status_since[act], today - 300)
    agreed = a + (rng.random(len(act)) * (today - a)).astype(np.int64)
    due = agreed + cadence * 7
    late = np.maximum(today - 45 - due, 0)
    due = due + -(-late // (cadence * 7)) * cadence * 7

    # An earlier, replaced plan for some cases.
    older = rng.random(len(act)) < 0.3
    old_agreed = agreed - rng.integers(120, 721, len(act))
    older &= old_agreed >= c.visit[act]
    o = np.flatnonzero(older)
    old_purpose = rng.integers(0, 3, len(o)).astype(np.int8)
    old_cadence = np.full(len(o), 13)

    case = np.concatenate([act, act[o]])
    plan = Plans(
        case=case,
        purpose=np.concatenate([purpose, old_purpose]),
        cadence=np.concatenate([cadence, old_cadence]),
        agreed=np.concatenate([agreed, old_agreed[o]]),
        next_due=np.concatenate([due, old_agreed[o] + old_cadence * 7]),
        active=np.concatenate([np.ones(len(act), bool), np.zeros(len(o), bool)]),
        s_plan=np.zeros(0, dtype=np.int64),
        s_date=np.zeros(0, dtype=np.int64),
        s_hours=np.zeros(0),
    )

    # Hours steps toward the target for active "more hours" plans.
    now = np.where(in_job, state.current_hours[cit], state.hours_min[cit])
    target = state.target[cit]
    steps = np.where((purpose == 0) & (target - now >= 1.0), rng.integers(1, 4, len(act)), 0)
    steps = np.minimum(steps, ((target - now) // 0.5).astype(np.int64))
    owner, j = _slots(steps)
    j = j + 1
    hours = round_half(now[owner] + (target[owner] - now[owner]) * j / steps[owner])
    hours = np.clip(hours, 0.5, MAX_WEEKLY_HOURS)
    plan.s_plan = owner  # active plans are the first len(act) plans
    plan.s_date = agreed[owner] + j * 13 * 7
    plan.s_hours = hours
    return plan
