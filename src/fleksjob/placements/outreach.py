"""Outreach from people on the operational database: the municipality's waiting citizens
against each employer's open positions and the provisions its workplace has offered
(``fleksjob.core.matching.outreach``; docs/outreach.md).

The open positions and the prepared candidates are the matching's own cached index and
candidates (``placements.matching``), so a match here is feasible exactly as the position page
counts it, with the workplace's offered provisions added to each position's own.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, Sum

from fleksjob.citizens.models import Citizen
from fleksjob.core.matching.outreach import Fit, Reach, fits_for, reach
from fleksjob.core.matching.tables import PositionTable
from fleksjob.employers.models import Employer, Position, PositionStatus
from fleksjob.placements.matching import _LOCK, _prepared, position_index

_REACH: dict[str, tuple] = {}  # code → (index, prepared, offered version, reach)


def offered_provisions(municipality_code: str, employer_pk: int | None = None) -> dict[str, set]:
    """Per employer id: every provision its positions have offered, open, filled or closed
    (not drafts, never offered). One query."""
    rows = Position.objects.filter(employer__municipality_id=municipality_code).exclude(
        status=PositionStatus.DRAFT
    )
    if employer_pk is not None:
        rows = rows.filter(employer_id=employer_pk)
    offered: dict[str, set] = defaultdict(set)
    for employer_id, provides in rows.values_list("employer_id", "provides"):
        offered[str(employer_id)].update(provides or ())
    return offered


def _offered_version(municipality_code: str) -> tuple:
    """What the offered provisions are read from, summed up in one aggregate: any position
    added, removed or saved changes it."""
    rows = Position.objects.filter(employer__municipality_id=municipality_code).exclude(
        status=PositionStatus.DRAFT
    )
    return tuple(rows.aggregate(n=Count("pk"), ids=Sum("pk"), at=Max("updated_at")).values())


def municipality_reach(municipality_code: str, today: dt.date) -> dict[int, Reach]:
    """Per employer pk with an open position: its matches and near misses. Kept per process
    until the index, the waiting citizens or the offered provisions change (their keys are read
    on every call, as the matching's caches are)."""
    built = position_index(municipality_code)
    if built is None:
        return {}
    index = built[0]
    citizens, prepared = _prepared(municipality_code, index, today)
    if not citizens:
        return {}
    offered = _offered_version(municipality_code)
    with _LOCK:
        cached = _REACH.get(municipality_code)
        # The very objects the matching's caches hold now (not ids, which can be reused).
        if cached and cached[0] is index and cached[1] is prepared and cached[2] == offered:
            return cached[3]
    found = reach(prepared.table, index.table, offered_provisions(municipality_code))
    result = {int(e): r for e, r in found.items()}
    with _LOCK:
        _REACH[municipality_code] = (index, prepared, offered, result)
    return result


def reach_for(user, today: dt.date) -> dict[int, Reach]:
    """The user's municipality's reach (the employers' outreach page shows it per employer)."""
    return municipality_reach(user.municipality_id, today)


@dataclass(frozen=True)
class Visit:
    """One employer's candidates for a visit: each fit with its citizen and positions, and the
    provisions its workplace has offered."""

    fits: list[Fit]
    citizens: dict[str, Citizen]
    positions: dict[str, Position]
    offered: frozenset[str] = frozenset()


def visit_for(employer: Employer, today: dt.date) -> Visit:
    """The employer's matches and near misses among the municipality's waiting citizens."""
    code = employer.municipality_id
    offered = frozenset(offered_provisions(code, employer.pk).get(str(employer.pk), ()))
    built = position_index(code)
    if built is None:
        return Visit([], {}, {}, offered)
    index, by_id = built
    mine = [p for p in index.table.records if p.employer_id == str(employer.pk)]
    positions = {p.id: by_id[p.id] for p in mine}
    citizens, prepared = _prepared(code, index, today) if mine else ({}, None)
    if not citizens:
        return Visit([], {}, positions, offered)
    fits = fits_for(prepared.table, PositionTable.build(mine), offered)
    return Visit(fits, citizens, positions, offered)
