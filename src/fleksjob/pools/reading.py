"""What the pool pages read: places taken, spend against the cap, the waiting list in order."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Q

from fleksjob.core.pools import ApplicationStatus, CapStatus, Cost, cap_status, waiting_order
from fleksjob.core.pools import Waiting as WaitingEntry
from fleksjob.core.scenario.pool import WEEKS_PER_MONTH
from fleksjob.core.scenario.pool import Pool as ScenarioPool
from fleksjob.pools.models import Pool, PoolApplication, PoolPlacement


def with_places(pools) -> Iterable[Pool]:
    """The pools annotated with ``taken`` (granted applications) and ``pending`` counts."""
    return pools.annotate(
        taken=Count("applications", filter=Q(applications__status=ApplicationStatus.APPROVED)),
        pending=Count("applications", filter=Q(applications__status=ApplicationStatus.PENDING)),
        waiting=Count("applications", filter=Q(applications__status=ApplicationStatus.WAITING)),
    )


def costs_by_pool(pool_ids: list[int], year: int) -> dict[int, list[Cost]]:
    """The wage costs of the pools' jobs that touch ``year`` (one query)."""
    rows = PoolPlacement.objects.filter(
        pool_id__in=pool_ids, start__lte=dt.date(year, 12, 31)
    ).filter(Q(end__isnull=True) | Q(end__gte=dt.date(year, 1, 1)))
    found: dict[int, list[Cost]] = defaultdict(list)
    for pool_id, start, end, monthly in rows.values_list("pool_id", "start", "end", "monthly_cost"):
        found[pool_id].append(Cost(start, end, monthly))
    return found


def statuses(pools: list[Pool], today: dt.date) -> dict[int, CapStatus]:
    costs = costs_by_pool([p.pk for p in pools], today.year)
    return {p.pk: cap_status(costs.get(p.pk, []), p.annual_cap, today) for p in pools}


def waiting_in_order(pool: Pool) -> list[PoolApplication]:
    """The pool's waiting list, first in line first."""
    rows = list(
        pool.applications.filter(
            status=ApplicationStatus.WAITING, citizen__municipality_id=pool.municipality_id
        ).select_related("citizen")
    )
    by_id = {a.pk: a for a in rows}
    order = waiting_order(WaitingEntry(a.pk, a.waitlisted_at, a.applied_at) for a in rows)
    return [by_id[w.id] for w in order]


# The scenario's pool kinds (core/scenario/pool.py) for the pools' kinds.
SCENARIO_KINDS = {
    "full_wage": "fuld_loen",
    "no_refusion": "uden_refusion",
    "temporary": "midlertidig",
}


# What a pool without open pool jobs is costed with, and a temporary pool's average stay, unless
# told otherwise: the defaults of the page *Scenarier* and of ``fleksjob scenario --pool-id``.
DEFAULT_HOURLY_WAGE = 190
DEFAULT_HOURS = 15
DEFAULT_MONTHS = 12


def municipality_pool(code: str, pk: int) -> Pool | None:
    """The municipality's pool ``pk``; another municipality's pool is None, as one that does
    not exist (the command line's lookup; the page takes it from its scoped form)."""
    return Pool.objects.filter(municipality_id=code, pk=pk).first()


def scenario_pool(
    pool: Pool,
    *,
    hourly_wage: float = DEFAULT_HOURLY_WAGE,
    hours: float = DEFAULT_HOURS,
    months: float = DEFAULT_MONTHS,
) -> ScenarioPool:
    """The scenario lever of a municipality's own pool (docs/scenarios.md), for the page and the
    command alike: its kind, places and cap; the hourly wage and weekly hours its open pool jobs
    average (the given ones when it has none); ``months`` for a temporary pool."""
    jobs = list(
        pool.placements.filter(end__isnull=True).values_list("monthly_cost", "weekly_hours")
    )
    hours_sum = sum(float(h) for _cost, h in jobs)
    if hours_sum > 0:
        hourly_wage = sum(cost for cost, _h in jobs) / (hours_sum * WEEKS_PER_MONTH)
        hours = hours_sum / len(jobs)
    kind = SCENARIO_KINDS[pool.kind]
    return ScenarioPool(
        kind,
        pool.places,
        float(hourly_wage),
        float(hours),
        float(months) if kind == "midlertidig" else None,
        float(pool.annual_cap),
    )
