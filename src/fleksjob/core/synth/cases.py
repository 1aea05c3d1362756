"""What the episodes imply for each case: status log, current status, first fleksjob."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .days import FAR, NONE
from .history import F, Population

STATUS_NAMES = ("approved_unemployed", "in_fleksjob", "paused", "ended")


@dataclass
class CaseView:
    first_job: np.ndarray  # day of the first fleksjob in the case, NONE if none
    status: np.ndarray  # U, F, P or E today
    status_since: np.ndarray
    # The status log, sorted by case and date; from_status −1 is the first entry ("").
    t_case: np.ndarray
    t_from: np.ndarray
    t_to: np.ndarray
    t_on: np.ndarray
    t_reason: np.ndarray  # end reason index for transitions to E, else −1


def derive(pop: Population) -> CaseView:
    eps = pop.episodes
    n = len(pop.cases)
    first = np.ones(len(eps), dtype=bool)
    first[1:] = eps.case[1:] != eps.case[:-1]
    change = (eps.next >= 0) & (eps.next != eps.kind)

    t_case = np.concatenate([eps.case[first], eps.case[change]])
    t_from = np.concatenate([np.full(first.sum(), -1, dtype=np.int8), eps.kind[change]])
    t_to = np.concatenate([eps.kind[first], eps.next[change]])
    t_on = np.concatenate([eps.start[first], eps.end[change] + 1])
    t_reason = np.concatenate([np.full(first.sum(), -1, dtype=np.int8), eps.reason[change]])
    order = np.lexsort((t_on, t_case))
    t_case, t_from, t_to, t_on, t_reason = (
        a[order] for a in (t_case, t_from, t_to, t_on, t_reason)
    )

    last = np.ones(len(t_case), dtype=bool)
    last[:-1] = t_case[:-1] != t_case[1:]
    status = np.empty(n, dtype=np.int8)
    status_since = np.empty(n, dtype=np.int64)
    status[t_case[last]] = t_to[last]
    status_since[t_case[last]] = t_on[last]

    fj = np.full(n, FAR, dtype=np.int64)
    is_f = eps.kind == F
    np.minimum.at(fj, eps.case[is_f], eps.start[is_f])
    first_job = np.where(fj == FAR, NONE, fj)
    return CaseView(first_job, status, status_since, t_case, t_from, t_to, t_on, t_reason)
