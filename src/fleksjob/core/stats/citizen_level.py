"""Citizen-level extracts from the event tables, for survival and risk adjustment.

Both read a connection from ``engine.connect`` (or the event tables themselves) and return
pseudonymous rows: ids of cases, never names or CPR.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from .engine import connect
from .survival import summarise

DAYS_PER_MONTH = 365.25 / 12


def _con(source) -> duckdb.DuckDBPyConnection:
    return source if isinstance(source, duckdb.DuckDBPyConnection) else connect(source)


def time_to_first_fleksjob(
    source, as_of: dt.date, approved_from: dt.date, approved_to: dt.date
) -> pd.DataFrame:
    """unit, time, event for approvals dated approved_from…approved_to (inclusive): months from
    visitation to the first fleksjob (event 1), or to the end of the approval or ``as_of``,
    whichever comes first (event 0, censored). Feed it to ``survival.summarise``."""
    sql = """
    WITH c AS (
      SELECT a.approval_id, a.municipality_id, a.visitation_date, f.first_start,
             least(coalesce(a.ended_on, $3), $3) AS stop
      FROM approval_span a LEFT JOIN first_job f USING (approval_id)
      WHERE a.visitation_date BETWEEN $1 AND $2 AND a.visitation_date <= $3
    )
    SELECT municipality_id AS unit,
           date_diff('day', visitation_date,
                     CASE WHEN first_start <= stop THEN first_start ELSE stop END) / $4 AS time,
           CASE WHEN first_start <= stop THEN 1 ELSE 0 END AS event
    FROM c ORDER BY approval_id
    """
    out = _con(source).execute(sql, [approved_from, approved_to, as_of, DAYS_PER_MONTH]).df()
    out["time"] = out["time"].clip(lower=0.0)
    return out


def case_mix(source, as_of: dt.date) -> pd.DataFrame:
    """One row per approval active on ``as_of``: unit, outcome (1 = on ledighedsydelse that day)
    and the case-mix factors the municipality does not control: age, sex, education,
    years_since_approval and the local unemployment_rate of that month. For ``risk_adjust``."""
    sql = """
    SELECT a.municipality_id AS unit,
           CASE WHEN EXISTS (SELECT 1 FROM ledighedsydelse s WHERE s.approval_id = a.approval_id
                             AND s.start <= $1 AND (s."end" IS NULL OR s."end" >= $1))
                THEN 1 ELSE 0 END AS outcome,
           date_diff('day', c.birth_date, $1) / 365.25 AS age,
           c.sex, c.education,
           date_diff('day', a.visitation_date, $1) / 365.25 AS years_since_approval,
           k.unemployment_rate
    FROM approval_span a
    JOIN citizens c USING (citizen_id)
    LEFT JOIN conditions k ON k.municipality_id = a.municipality_id
         AND k.month = date_trunc('month', CAST($1 AS DATE))
    WHERE a.visitation_date <= $1 AND (a.ended_on IS NULL OR a.ended_on > $1)
    ORDER BY a.approval_id
    """
    return _con(source).execute(sql, [as_of]).df()


def first_fleksjob_survival(
    source,
    as_of: dt.date,
    approved_from: dt.date,
    approved_to: dt.date,
    tau: float | None = None,
    within: float = 12.0,
) -> pd.DataFrame:
    """Kaplan–Meier summaries of months from approval to first fleksjob for every
    municipality, region and the country: unit_level, unit_id, n, events, km_median, rmst,
    share_within (see ``survival.summarise``; tau defaults to the longest time observed)."""
    con = _con(source)
    spells = time_to_first_fleksjob(con, as_of, approved_from, approved_to)
    if spells.empty:
        return pd.DataFrame(
            columns=["unit_level", "unit_id", "n", "events", "km_median", "rmst", "share_within"]
        )
    region = con.execute("SELECT municipality_id, region_id FROM municipalities").df()
    spells["region"] = spells["unit"].map(region.set_index("municipality_id")["region_id"])
    tau = float(spells["time"].max()) if tau is None else tau
    parts = []
    for level, key in (("municipality", spells["unit"]), ("region", spells["region"])):
        for s in summarise(key.to_numpy(), spells["time"], spells["event"], tau, within):
            parts.append((level, s))
    for s in summarise(["DK"] * len(spells), spells["time"], spells["event"], tau, within):
        parts.append(("country", s))
    return pd.DataFrame(
        [(lv, s.unit, s.n, s.events, s.km_median, s.rmst, s.share_within) for lv, s in parts],
        columns=["unit_level", "unit_id", "n", "events", "km_median", "rmst", "share_within"],
    )
