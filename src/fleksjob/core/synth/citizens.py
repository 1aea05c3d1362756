"""Citizen-level facts for today: latest case, weekly hours, goal, names, CPR, consent."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fleksjob.core.records.limits import MAX_WEEKLY_HOURS
from fleksjob.core.rules.cpr import build as build_cpr

from . import calibration as cal
from .cases import CaseView
from .days import NONE, DateCache
from .history import F, Population
from .jobs import Jobs
from .names import first_names, last_names
from .people import round_half

GOALS = tuple(cal.GOAL_SHARES)


@dataclass
class CitizenState:
    latest_case: np.ndarray
    hours_min: np.ndarray
    capacity: np.ndarray
    target: np.ndarray
    current_hours: np.ndarray  # hours of the open fleksjob, 0 when none
    goal: np.ndarray  # index into GOALS
    max_commute: np.ndarray
    remote_ok: np.ndarray


def citizen_state(
    rng: np.random.Generator, pop: Population, view: CaseView, jobs: Jobs, high_band: np.ndarray
) -> CitizenState:
    n = len(pop.people)
    latest = np.full(n, -1, dtype=np.int64)
    # Cases are in creation order and a re-visitation comes after the case it follows.
    np.maximum.at(latest, pop.cases.citizen, np.arange(len(pop.cases)))
    current = np.zeros(n)
    open_jobs = jobs.end == NONE
    current[jobs.citizen[open_jobs]] = jobs.last_hours[open_jobs]
    in_job = (view.status[latest] == F) & (current > 0)

    cap = pop.people.capacity
    capacity = np.where(in_job, np.maximum(cap, current), cap)
    # Wishes and capacity: some can do a little more than they work now.
    bump = round_half(rng.choice([0.0, 0.0, 1.0, 2.0, 3.0, 5.0], size=n))
    capacity = np.minimum(MAX_WEEKLY_HOURS, np.where(in_job, capacity + bump, capacity))
    low = np.where(in_job, np.minimum(current, capacity), capacity)
    hours_min = np.maximum(1.0, round_half(low * rng.uniform(0.45, 1.0, n)))
    hours_min = np.minimum(hours_min, capacity)
    goal = rng.choice(len(GOALS), size=n, p=np.array(list(cal.GOAL_SHARES.values())))
    step = rng.choice([2.0, 3.0, 5.0, 8.0, 10.0], size=n)
    target = np.where(
        goal == GOALS.index("progression"), np.minimum(MAX_WEEKLY_HOURS, capacity + step), capacity
    )
    max_commute = rng.choice(
        [10, 15, 20, 25, 30, 40, 50], size=n, p=[0.1, 0.15, 0.2, 0.25, 0.15, 0.1, 0.05]
    )
    remote_ok = rng.random(n) < np.where(high_band, 0.4, 0.12)
    return CitizenState(latest, hours_min, capacity, target, current, goal, max_commute, remote_ok)


def cpr_numbers(rng: np.random.Generator, pop: Population, dates: DateCache) -> list[str]:
    """Unique CPR numbers: within one birth date and sex every person gets its own serial."""
    people = pop.people
    n = len(people)
    sex_bit = (~people.female).astype(np.int64)
    order = np.lexsort((rng.random(n), sex_bit, people.birth))
    key = people.birth[order] * 2 + sex_bit[order]
    new_group = np.ones(n, dtype=bool)
    new_group[1:] = key[1:] != key[:-1]
    group_start = np.maximum.accumulate(np.where(new_group, np.arange(n), 0))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - group_start
    if rank.max() >= 500:  # pragma: no cover - would need 500 people born the same day
        raise ValueError("too many people share a birth date for unique CPR numbers")
    offset = rng.integers(0, 500, n)[order][group_start]  # one random offset per group
    serial = np.empty(n, dtype=np.int64)
    serial[order] = (rank[order] + offset) % 500
    choice = rng.integers(0, 6, n).tolist()
    births = dates.many(people.birth)
    sexes = np.where(people.female, "F", "M").tolist()
    return [
        build_cpr(b, s, x, c)
        for b, s, x, c in zip(births, serial.tolist(), sexes, choice, strict=True)
    ]


def person_names(rng: np.random.Generator, pop: Population) -> tuple[list[str], list[str]]:
    sexes = np.where(pop.people.female, "F", "M")
    return first_names(rng, sexes), last_names(rng, len(sexes))


def consent_days(
    rng: np.random.Generator, pop: Population, latest: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Consent flag and the day it was recorded (between visitation and the case's end/today)."""
    n = len(latest)
    consent = rng.random(n) < cal.CONSENT_SHARE
    visit = pop.cases.visit[latest]
    stop = np.where(pop.cases.end_day[latest] == NONE, pop.today, pop.cases.end_day[latest])
    on = visit + (rng.random(n) * np.maximum(stop - visit, 0)).astype(np.int64)
    return consent, np.where(consent, on, NONE)
