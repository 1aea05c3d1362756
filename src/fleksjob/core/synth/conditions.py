"""Monthly framework conditions and consultant staffing per municipality (labelled synthetic).

* ``unemployment_rate``: the local unemployment the simulation used (national curve × the
  municipality's relative level × a slow wobble).
* ``share_age_50_plus`` / ``share_low_education``: among the municipality's active approved
  citizens on the first of the month, shrunk toward the national share with
  COVARIATE_PSEUDO_COUNT pseudo-citizens so small municipalities at small scales stay stable.
  "Low education" is primary or upper-secondary only (no vocational education).
* ``consultants_fte``: CONSULTANTS_PER_100_UNEMPLOYED × the municipality's staffing factor ×
  its approved-unemployed caseload (12-month trailing mean) / 100.
"""

from __future__ import annotations

import numpy as np

from . import calibration as cal
from .days import NONE, add_years
from .history import Population, U
from .people import LOW_EDUCATION


def _monthly_counts(
    months: np.ndarray, n_muni: int, muni: np.ndarray, first: np.ndarray, last: np.ndarray
) -> np.ndarray:
    """How many intervals [first, last] (days, inclusive) cover each month's first day."""
    i0 = np.searchsorted(months, first, side="left")
    i1 = np.searchsorted(months, last, side="right") - 1
    ok = i0 <= i1
    nm = len(months)
    diff = np.zeros(n_muni * (nm + 1))
    np.add.at(diff, muni[ok] * (nm + 1) + i0[ok], 1)
    np.add.at(diff, muni[ok] * (nm + 1) + i1[ok] + 1, -1)
    return np.cumsum(diff.reshape(n_muni, nm + 1), axis=1)[:, :nm]


def monthly_conditions(pop: Population) -> dict[str, np.ndarray]:
    m = pop.municipalities
    months = m.months
    n = len(m)
    c = pop.cases
    people = pop.people
    muni = people.muni[c.citizen]
    last = np.where(c.end_day == NONE, pop.today, c.end_day - 1)
    active = _monthly_counts(months, n, muni, c.visit, last)
    from50 = np.maximum(c.visit, add_years(people.birth[c.citizen], 50))
    age50 = _monthly_counts(months, n, muni, from50, last)
    low = np.isin(people.education[c.citizen], LOW_EDUCATION)
    low_edu = _monthly_counts(months, n, muni[low], c.visit[low], last[low])

    k = cal.COVARIATE_PSEUDO_COUNT
    tot = np.maximum(active.sum(axis=0), 1)
    share50 = (age50 + k * age50.sum(axis=0) / tot) / (active + k)
    share_low = (low_edu + k * low_edu.sum(axis=0) / tot) / (active + k)

    eps = pop.episodes
    u = eps.kind == U
    u_last = np.where(eps.end[u] == NONE, pop.today, eps.end[u])
    unemployed = _monthly_counts(
        months, n, people.muni[c.citizen[eps.case[u]]], eps.start[u], u_last
    )
    kernel = np.ones(12) / 12
    trailing = np.array([np.convolve(row, kernel)[: len(months)] for row in unemployed])
    # The first months average over fewer months.
    ramp = np.minimum(np.arange(1, len(months) + 1), 12) / 12
    trailing = trailing / ramp
    fte = cal.CONSULTANTS_PER_100_UNEMPLOYED * m.staffing[:, None] * trailing / 100
    return {
        "unemployment_rate": np.round(m.unemployment, 4),
        "share_age_50_plus": np.round(np.clip(share50, 0, 1), 4),
        "share_low_education": np.round(np.clip(share_low, 0, 1), 4),
        "consultants_fte": np.round(fte, 2),
        "active": active,
        "unemployed": unemployed,
    }
