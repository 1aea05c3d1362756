"""What drives an indicator on a municipality's own profile: its numerator and denominator per
responsible caseworker and per fleksjobformidler (``core.stats.drivers``), for its own staff.

Aggregates only (counts of cases per holder); the case data never leaves this module. Managers
see every holder; a caseworker or consultant sees their own row, the queue and the whole
municipality (a colleague's figures are a colleague's work, for the manager to follow up).
No disclosure suppression: every reader here may open the cases behind the counts; a share
over fewer than ``MIN_FOR_SHARE`` cases is left out as too noisy to judge anyone by.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from django.core.cache import cache
from django.db.models import F, Q

from fleksjob.accounts.models import Role, User
from fleksjob.benchmarking.events import event_tables
from fleksjob.benchmarking.models import IndicatorRun
from fleksjob.citizens.models import ASSIGNED, Approval
from fleksjob.core.stats.drivers import TOTAL, by_holder, case_indicators

MIN_FOR_SHARE = 10
QUEUE = ""
_WITH_CONSULTANT = Q(
    consultant__isnull=False,
    consultant__is_active=True,
    consultant__role="consultant",
    consultant__municipality=F("citizen__municipality"),
)
CACHE_SECONDS = 600


def _holders(code: str) -> dict[int, str]:
    """approval id → "caseworker|consultant" keys (user ids; "" for nobody)."""
    cases = Approval.objects.filter(citizen__municipality_id=code)
    caseworker = dict(cases.filter(ASSIGNED).values_list("pk", "caseworker_id"))
    consultant = dict(cases.filter(_WITH_CONSULTANT).values_list("pk", "consultant_id"))
    return {
        pk: f"{caseworker.get(pk, '')}|{consultant.get(pk, '')}"
        for pk in cases.values_list("pk", flat=True)
    }


def _counts(run: IndicatorRun, code: str, period: dt.date) -> pd.DataFrame:
    """Every case indicator per holder pair for one month, cached a while per run."""
    key = f"drivers:{run.pk}:{run.started_at.isoformat()}:{code}:{period.isoformat()}"
    if (cached := cache.get(key)) is not None:
        return cached
    frame = by_holder(event_tables(code), _holders(code), period, period)
    cache.set(key, frame, CACHE_SECONDS)
    return frame


def _rows(frame: pd.DataFrame, side: int, names: dict[str, str]) -> list[dict]:
    parts = frame[frame["unit_id"] != TOTAL]
    holder = parts["unit_id"].str.split("|").str[side]
    grouped = parts.groupby(holder.to_numpy())[["numerator", "denominator"]].sum()
    rows = []
    for key, row in grouped.iterrows():
        if key != QUEUE and key not in names:
            continue  # not shown to this reader
        rows.append(_row(names.get(key), row["numerator"], row["denominator"], key == QUEUE))
    rows.sort(key=lambda r: (r["queue"], r["name"] or ""))
    return rows


def _row(name, numerator: float, denominator: float, queue: bool = False) -> dict:
    share = numerator / denominator if denominator >= MIN_FOR_SHARE else None
    return {
        "name": name,
        "queue": queue,
        "numerator": numerator,
        "denominator": denominator,
        "rest": denominator - numerator,  # for a share: the cases not (yet) in the numerator
        "share": share,
    }


def drivers(run: IndicatorRun, user: User, code: str, indicator_id: str, period: dt.date):
    """{"by_caseworker", "by_consultant", "total"} for the indicator in ``period``; None when
    the indicator is not about cases (employers, staffing)."""
    if indicator_id not in case_indicators():
        return None
    frame = _counts(run, code, period)
    frame = frame[frame["indicator"] == indicator_id]
    staff = User.objects.filter(municipality_id=code, role__in=[Role.CASEWORKER, Role.CONSULTANT])
    if user.role != Role.MANAGER:
        staff = staff.filter(pk=user.pk)
    names = {
        str(pk): f"{first} {last}".strip() or username
        for pk, first, last, username in staff.values_list(
            "pk", "first_name", "last_name", "username"
        )
    }
    total = frame[frame["unit_id"] == TOTAL]
    return {
        "by_caseworker": _rows(frame, 0, names),
        "by_consultant": _rows(frame, 1, names),
        "total": _row(None, *(total[["numerator", "denominator"]].sum().tolist())),
        "everyone": user.role == Role.MANAGER,
    }
