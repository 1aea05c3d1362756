"""What drives an indicator: its counts broken down by who holds the cases behind them.

The indicators are defined once, in SQL over the event tables, per municipality. To break one
down by responsible caseworker (or fleksjobformidler) without a second definition, each case
(approval) becomes its own citizen and the holder of the case takes the place of the
municipality: the engine then computes every indicator "per holder" with the very same
numerator and denominator, and the holders add up to the municipality. A citizen's meetings
go with each of their cases (the indicators only count meetings inside a case's own spells).

Indicators about employers or staffing (employer contact, consultants per 100) are not about
cases and are not broken down (``case_indicators``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from .engine import compute_indicators
from .indicators import load_indicators

# Tables whose rows are not cases (the survey answers are kept apart from the case on purpose):
# an indicator that reads them is not broken down by holder.
_NOT_CASES = ("employer", "contact", "staffing", "survey_")
TOTAL = "__total__"


def case_indicators() -> list[str]:
    """Indicators computed from the case tables only (approvals, spells, jobs, hours,
    meetings)."""
    return [
        i.id
        for i in load_indicators().values()
        if not any(word in i.sql.lower() for word in _NOT_CASES)
    ]


def by_holder(
    tables: Mapping[str, pd.DataFrame],
    holder: Mapping[int, str],
    first_month: dt.date,
    last_month: dt.date,
    indicators: list[str] | None = None,
) -> pd.DataFrame:
    """Numerator and denominator of each case indicator per holder and month (``unit_id`` the
    holder's key, ``TOTAL`` for all cases together), from event tables of one municipality.
    ``holder`` maps approval id → key; a case missing from it goes to key "" (the queue)."""
    approvals = tables["approvals"].copy()
    key = approvals["approval_id"].map(lambda a: holder.get(int(a), "")).astype(str)
    citizens = approvals[["approval_id", "citizen_id"]].merge(
        tables["citizens"], on="citizen_id", how="left"
    )
    citizens = citizens.assign(
        citizen_id=citizens["approval_id"], municipality_id=key.to_numpy()
    ).drop(columns="approval_id")
    meetings = tables["meetings"].merge(approvals[["approval_id", "citizen_id"]], on="citizen_id")
    meetings = meetings.assign(citizen_id=meetings["approval_id"]).drop(columns="approval_id")
    keys = sorted(set(key))
    out = {
        **tables,
        "municipalities": pd.DataFrame(
            {"municipality_id": keys, "name": keys, "region_id": "-", "region": "-"}
        ),
        "citizens": citizens[tables["citizens"].columns],
        "approvals": approvals.assign(citizen_id=approvals["approval_id"]),
        "ledighedsydelse": tables["ledighedsydelse"].assign(
            citizen_id=tables["ledighedsydelse"]["approval_id"]
        ),
        "employments": tables["employments"].assign(
            citizen_id=tables["employments"]["approval_id"]
        ),
        "meetings": meetings[tables["meetings"].columns],
    }
    for name in ("employers", "contacts", "staffing", "conditions"):
        out[name] = tables[name].iloc[0:0]
    chosen = case_indicators() if indicators is None else indicators
    if not keys:
        return pd.DataFrame(columns=["unit_id", "period", "indicator", "numerator", "denominator"])
    long = compute_indicators(
        out, first_month, last_month, chosen, levels=("municipality", "country")
    )
    long.loc[long["unit_level"] == "country", "unit_id"] = TOTAL
    return long[["unit_id", "period", "indicator", "numerator", "denominator"]]
