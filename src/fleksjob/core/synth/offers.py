"""Active offers for citizens on ledighedsydelse, and consultant capacity (labelled synthetic).

* Offers: each ledighedsydelse spell draws offers as a Poisson process over its days at
  OFFER_RATE_PER_YEAR × the municipality's staffing factor (mean 1); København at half the
  average rate (active offers are used about twice as much outside it). Kinds, durations and
  weekly hours per kind below; a workplace offer goes to a random employer of the citizen's
  municipality. An offer starts inside the spell and ends at its planned end or when the spell
  ends; one still going on ``today`` is running (no actual end, no outcome).
* Capacity: the consultants of the monthly conditions for the last CAPACITY_MONTHS months,
  with København and Aarhus anchored to their known staffing (about 5 and 17 full-time
  equivalents today at national scale, scaled with the data set), and the employer-facing
  share EMPLOYER_FACING_SHARE of it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .calibration import PERSONA_MUNICIPALITIES
from .days import NONE

OFFER_RATE_PER_YEAR = 1.2  # [assumption] offers per year on ledighedsydelse outside København
COPENHAGEN_FACTOR = 0.5  # [assumption] "about twice as much outside København"
KINDS = ("practice", "wage_subsidy", "mentor", "guidance", "other")
KIND_SHARES = np.array([0.6, 0.03, 0.12, 0.18, 0.07])  # [assumption]
# Planned length in days (uniform between) and weekly hours (uniform between), per kind.
DAYS = np.array([[28, 91], [91, 182], [56, 182], [14, 56], [14, 91]])
HOURS = np.array([[6, 20], [10, 25], [1, 4], [6, 15], [4, 15]])
WORKPLACE = np.array([True, True, False, False, False])
EARLY_END_SHARE = 0.15  # [assumption] offers ended before their planned end (afbrudt)


PERSONA_RUNNING_PRACTICES = 3
ANCHORS = {"101": 5.0, "751": 17.0}  # consultants (FTE) today at national scale
CAPACITY_MONTHS = 36
EMPLOYER_FACING_SHARE = 0.7  # [assumption]
OUTCOMES = ("job", "fleksjob_same", "fleksjob_other", "interrupted", "completed")


@dataclass
class Offers:
    case: np.ndarray  # index into cases
    kind: np.ndarray  # index into KINDS
    employer: np.ndarray  # index into employers, -1 for none
    start: np.ndarray  # days
    planned_end: np.ndarray
    ended: np.ndarray  # days, NONE while running
    hours: np.ndarray
    outcome: np.ndarray  # index into OUTCOMES, -1 while running


def build_offers(
    rng: np.random.Generator,
    *,
    today: int,
    codes: list[str],
    staffing: np.ndarray,
    sp_case: np.ndarray,
    sp_muni: np.ndarray,
    sp_start: np.ndarray,
    sp_end: np.ndarray,
    sp_then_job: np.ndarray,
    emp_muni: np.ndarray,
) -> Offers:
    """``sp_then_job``: the spell ended in a fleksjob (the next status of the case)."""
    last = np.where(sp_end == NONE, today, sp_end)
    years = np.maximum(last - sp_start + 1, 0) / 365.25
    factor = staffing.copy()
    # København at half the average rate, whatever its staffing draw.
    factor[[i for i, c in enumerate(codes) if c == "101"]] = COPENHAGEN_FACTOR
    n = rng.poisson(OFFER_RATE_PER_YEAR * factor[sp_muni] * years)
    spell = np.repeat(np.arange(len(sp_case)), n)
    m = len(spell)
    start = sp_start[spell] + np.floor(rng.random(m) * (last[spell] - sp_start[spell] + 1)).astype(
        np.int64
    )
    kind = rng.choice(len(KINDS), size=m, p=KIND_SHARES)
    lo, hi = DAYS[kind, 0], DAYS[kind, 1]
    planned_end = start + lo + np.floor(rng.random(m) * (hi - lo + 1)).astype(np.int64) - 1
    hours = np.round((HOURS[kind, 0] + rng.random(m) * (HOURS[kind, 1] - HOURS[kind, 0])) * 2) / 2

    # A workplace offer at a random employer of the municipality (none there: guidance).
    muni = sp_muni[spell]
    order = np.argsort(emp_muni, kind="stable")
    first = np.searchsorted(emp_muni[order], muni, side="left")
    count = np.searchsorted(emp_muni[order], muni, side="right") - first
    workplace = WORKPLACE[kind]
    kind = np.where(workplace & (count == 0), KINDS.index("guidance"), kind)
    workplace = WORKPLACE[kind]
    pick = first + np.floor(rng.random(m) * np.maximum(count, 1)).astype(np.int64)
    employer = np.where(workplace, order[np.minimum(pick, len(order) - 1)], -1)

    # The end: planned, earlier when interrupted, and never after the spell's last day.
    early = rng.random(m) < EARLY_END_SHARE
    cut = start + np.floor(rng.random(m) * (planned_end - start + 1)).astype(np.int64)
    end = np.where(early, cut, planned_end)
    spell_ends = sp_end[spell] != NONE
    end = np.where(spell_ends, np.minimum(end, sp_end[spell]), end)
    running = end > today
    ended = np.where(running, NONE, end)
    to_job = spell_ends & (sp_end[spell] <= end + 30) & sp_then_job[spell]
    outcome = np.where(
        early & ~to_job,
        OUTCOMES.index("interrupted"),
        np.where(
            to_job,
            np.where(
                workplace & (rng.random(m) < 0.6),
                OUTCOMES.index("fleksjob_same"),
                OUTCOMES.index("fleksjob_other"),
            ),
            np.where(rng.random(m) < 0.03, OUTCOMES.index("job"), OUTCOMES.index("completed")),
        ),
    )
    outcome = np.where(running, -1, outcome)

    # The demo's persona municipalities always have a few practices running now, ending within
    # the consultants' default window (their "could become fleksjobs" list is never empty).
    busy = np.zeros(len(sp_case), dtype=bool)
    busy[spell[running]] = True
    extra = []
    for code in PERSONA_MUNICIPALITIES:
        if code not in codes:
            continue
        mi = codes.index(code)
        if not (emp_muni == mi).any():
            continue
        fits = (sp_muni == mi) & (sp_end == NONE) & (sp_start <= today - 21) & ~busy
        extra += np.flatnonzero(fits)[:PERSONA_RUNNING_PRACTICES].tolist()
    if extra:
        e = np.array(extra, dtype=np.int64)
        k = len(e)
        pool = [np.flatnonzero(emp_muni == sp_muni[i]) for i in e]
        spell = np.r_[spell, e]
        kind = np.r_[kind, np.full(k, KINDS.index("practice"))]
        employer = np.r_[employer, [p[int(rng.integers(len(p)))] for p in pool]]
        start = np.r_[start, np.full(k, today - 21)]
        planned_end = np.r_[planned_end, today + 7 * (2 + np.arange(k) % 4)]
        ended = np.r_[ended, np.full(k, NONE)]
        hours = np.r_[hours, np.full(k, 10.0)]
        outcome = np.r_[outcome, np.full(k, -1)]
    keep = np.lexsort((start, sp_case[spell]))
    return Offers(
        case=sp_case[spell][keep],
        kind=kind[keep],
        employer=employer[keep],
        start=start[keep],
        planned_end=planned_end[keep],
        ended=ended[keep],
        hours=hours[keep],
        outcome=outcome[keep],
    )


def capacity(codes: list[str], consultants_fte: np.ndarray, scale: float) -> np.ndarray:
    """Consultants (FTE) per municipality and month: the monthly conditions' figures, with the
    anchored municipalities scaled to their known level today."""
    fte = consultants_fte.astype(float).copy()
    for i, code in enumerate(codes):
        if code in ANCHORS and fte[i, -1] > 0:
            fte[i] *= ANCHORS[code] * scale / fte[i, -1]
    return np.round(fte, 2)
