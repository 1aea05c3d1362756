"""The indicators engine: DuckDB in-process over the event tables, every indicator for every
municipality, region and the country, per month.

Months are handled as integers k = year·12 + month − 1, and "on the month's last day" as a
range of months: something that holds from day a to day b (inclusive) is in force on the last
day of month k exactly when mi(a) ≤ k ≤ mend(b). Each indicator's SQL turns the events into
such ranges with their contribution to numerator and denominator; the engine adds +x at the
first month and −x after the last and takes running sums over a dense municipality × month
grid, so the cost grows with the number of events, not events × months.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from .indicators import Indicator, load_indicators
from .schemas import TABLES, conform

LEVELS = ("municipality", "region", "country")
COUNTRY = "DK"
# The SQL is assembled from package data (indicator files) and integers only, never from input.

_SETUP = """
CREATE MACRO mi(d) AS (year(d) * 12 + month(d) - 1);
CREATE MACRO mend(d) AS CASE WHEN d IS NULL THEN 2147483647
    WHEN CAST(d AS DATE) = last_day(CAST(d AS DATE)) THEN mi(d) ELSE mi(d) - 1 END;

-- Approvals active on a month's last day: from the visitation up to the day before ended_on.
CREATE VIEW approval_span AS
SELECT a.approval_id, a.citizen_id, c.municipality_id, a.visitation_date, a.ended_on,
       mi(a.visitation_date) AS k0,
       CASE WHEN a.ended_on IS NULL THEN 2147483647
            ELSE mend(CAST(a.ended_on - INTERVAL 1 DAY AS DATE)) END AS k1
FROM approvals a JOIN citizens c USING (citizen_id);

-- Ledighedsydelse on a month's last day, within the approval it belongs to.
CREATE VIEW lyd_span AS
SELECT s.spell_id, s.citizen_id, s.approval_id, a.municipality_id, s.start, s."end",
       greatest(mi(s.start), a.k0) AS k0, least(mend(s."end"), a.k1) AS k1
FROM ledighedsydelse s JOIN approval_span a USING (approval_id);

-- Fleksjobs running on a month's last day (the citizen's municipality).
CREATE VIEW job_span AS
SELECT e.employment_id, e.citizen_id, e.approval_id, e.employer_id, c.municipality_id,
       e.start, e."end", mi(e.start) AS k0, mend(e."end") AS k1
FROM employments e JOIN citizens c USING (citizen_id)
WHERE e.kind = 'fleksjob';

CREATE VIEW first_job AS
SELECT approval_id, min(start) AS first_start FROM job_span GROUP BY approval_id;

-- Weekly hours in force on a month's last day: the latest change on or before it.
CREATE VIEW hours_seg AS
SELECT h.employment_id, j.municipality_id, h.hours_per_week AS hours,
       greatest(mi(h.valid_from), j.k0) AS k0,
       least(coalesce(mi(lead(h.valid_from) OVER w) - 1, 2147483647), j.k1) AS k1,
       row_number() OVER w AS seq
FROM hours h JOIN job_span j USING (employment_id)
WINDOW w AS (PARTITION BY h.employment_id ORDER BY h.valid_from);

-- Months in which an employer has at least one fleksjob running (merged ranges).
CREATE VIEW fleksjob_employer_islands AS
WITH r AS (
  SELECT employer_id, k0, k1,
         max(k1) OVER (PARTITION BY employer_id ORDER BY k0, k1
                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
  FROM job_span WHERE employer_id IS NOT NULL AND k0 <= k1
), g AS (
  SELECT *, sum(CASE WHEN reach IS NULL OR k0 > reach + 1 THEN 1 ELSE 0 END)
            OVER (PARTITION BY employer_id ORDER BY k0, k1 ROWS UNBOUNDED PRECEDING) AS island
  FROM r
)
SELECT employer_id, min(k0) AS k0, max(k1) AS k1 FROM g GROUP BY employer_id, island;

-- Months in which a case has at least one active offer running on the last day (merged, so
-- two offers at once count once).
CREATE VIEW offer_islands AS
WITH o AS (
  SELECT approval_id, mi(start) AS k0, mend("end") AS k1 FROM offers
), r AS (
  SELECT approval_id, k0, k1,
         max(k1) OVER (PARTITION BY approval_id ORDER BY k0, k1
                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
  FROM o WHERE k0 <= k1
), g AS (
  SELECT *, sum(CASE WHEN reach IS NULL OR k0 > reach + 1 THEN 1 ELSE 0 END)
            OVER (PARTITION BY approval_id ORDER BY k0, k1 ROWS UNBOUNDED PRECEDING) AS island
  FROM r
)
SELECT approval_id, min(k0) AS k0, max(k1) AS k1 FROM g GROUP BY approval_id, island;

-- Months whose trailing 12 months (the month and the 11 before) hold a contact (merged).
CREATE VIEW contact_islands AS
WITH c AS (SELECT DISTINCT employer_id, mi(contacted_on) AS k0, mi(contacted_on) + 11 AS k1
           FROM contacts),
r AS (
  SELECT employer_id, k0, k1,
         max(k1) OVER (PARTITION BY employer_id ORDER BY k0, k1
                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
  FROM c
), g AS (
  SELECT *, sum(CASE WHEN reach IS NULL OR k0 > reach + 1 THEN 1 ELSE 0 END)
            OVER (PARTITION BY employer_id ORDER BY k0, k1 ROWS UNBOUNDED PRECEDING) AS island
  FROM r
)
SELECT employer_id, min(k0) AS k0, max(k1) AS k1 FROM g GROUP BY employer_id, island;
"""


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def connect(
    tables: dict[str, pd.DataFrame], threads: int | None = None
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the event tables (checked against the schemas) and the views
    the indicator SQL uses. Nothing is fetched or installed."""
    data = conform(tables)
    con = duckdb.connect(
        ":memory:",
        config={"autoinstall_known_extensions": False, "autoload_known_extensions": False},
    )
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    for name, columns in TABLES.items():
        con.register(f"_{name}", data[name])
        select = ", ".join(
            f'CAST("{c.name}" AS DATE) AS "{c.name}"' if c.kind == "date" else f'"{c.name}"'
            for c in columns
        )
        con.execute(f'CREATE TABLE "{name}" AS SELECT {select} FROM "_{name}"')  # noqa: S608
        con.unregister(f"_{name}")
    con.execute(_SETUP)
    return con


def _indicator_sql(ind: Indicator, kmin: int, kmax: int) -> str:
    return f"""
SELECT '{ind.id}' AS indicator, municipality_id, k, num, den FROM (
  WITH iv AS ({ind.sql}),
  clipped AS (
    SELECT municipality_id, greatest(k0, {kmin}) AS k0, k1, num, den FROM iv
    WHERE k0 <= k1 AND k1 >= {kmin} AND k0 <= {kmax}
  ),
  deltas AS (
    SELECT municipality_id, k0 AS k, num AS dn, den AS dd FROM clipped
    UNION ALL
    SELECT municipality_id, k1 + 1, -num, -den FROM clipped WHERE k1 + 1 <= {kmax}
  ),
  agg AS (SELECT municipality_id, k, sum(dn) AS dn, sum(dd) AS dd FROM deltas GROUP BY ALL)
  SELECT grid.municipality_id, grid.k,
         sum(coalesce(agg.dn, 0)) OVER w AS num, sum(coalesce(agg.dd, 0)) OVER w AS den
  FROM (SELECT municipality_id, range AS k FROM municipalities
        CROSS JOIN range({kmin}, {kmax + 1})) grid
  LEFT JOIN agg USING (municipality_id, k)
  WINDOW w AS (PARTITION BY grid.municipality_id ORDER BY grid.k ROWS UNBOUNDED PRECEDING)
)"""  # noqa: S608


def compute_indicators(
    tables: dict[str, pd.DataFrame] | duckdb.DuckDBPyConnection,
    first_month: dt.date,
    last_month: dt.date,
    indicators: list[str] | None = None,
    levels: tuple[str, ...] = LEVELS,
) -> pd.DataFrame:
    """Every indicator for every municipality, region and the country, per month.

    ``tables`` are the event tables of ``schemas.TABLES`` (or a connection from ``connect``).
    Months run from ``first_month`` to ``last_month`` (any day in them), both included.
    Returns one long table: unit_level, unit_id, unit_name, period (first day of the month),
    indicator, numerator, denominator, value (multiplier · numerator / denominator; missing
    when the denominator is 0), sorted by indicator, unit_level, unit_id, period.
    """
    kmin, kmax = _month_index(first_month), _month_index(last_month)
    if kmin > kmax:
        raise ValueError("first_month is after last_month")
    unknown = [lv for lv in levels if lv not in LEVELS]
    if unknown:
        raise ValueError(f"unknown level(s) {', '.join(unknown)}")
    catalogue = load_indicators()
    chosen = list(catalogue) if indicators is None else list(indicators)
    missing = [i for i in chosen if i not in catalogue]
    if missing:
        raise ValueError(f"unknown indicator(s) {', '.join(missing)}")
    con = tables if isinstance(tables, duckdb.DuckDBPyConnection) else connect(tables)
    per_muni = "\nUNION ALL\n".join(_indicator_sql(catalogue[i], kmin, kmax) for i in chosen)
    mult = " ".join(f"WHEN '{i}' THEN {catalogue[i].multiplier!r}" for i in chosen)
    parts = []
    if "municipality" in levels:
        parts.append("""SELECT 'municipality' AS unit_level, m.municipality_id AS unit_id,
            m.name AS unit_name, r.indicator, r.k, r.num, r.den
            FROM r JOIN municipalities m USING (municipality_id)""")
    if "region" in levels:
        parts.append("""SELECT 'region', m.region_id, any_value(m.region), r.indicator, r.k,
            sum(r.num), sum(r.den)
            FROM r JOIN municipalities m USING (municipality_id)
            GROUP BY m.region_id, r.indicator, r.k""")
    if "country" in levels:
        parts.append(f"""SELECT 'country', '{COUNTRY}', 'Danmark', indicator, k, sum(num), sum(den)
            FROM r GROUP BY indicator, k""")  # noqa: S608
    sql = f"""
WITH r AS ({per_muni}),
u AS ({" UNION ALL ".join(parts)})
SELECT unit_level, unit_id, unit_name,
       make_date(CAST(k // 12 AS INTEGER), CAST(k % 12 + 1 AS INTEGER), 1) AS period,
       indicator, CAST(num AS DOUBLE) AS numerator, CAST(den AS DOUBLE) AS denominator,
       CASE WHEN den > 0 THEN (CASE indicator {mult} END) * num / den END AS value
FROM u
ORDER BY indicator, unit_level, unit_id, period
"""  # noqa: S608
    out = con.execute(sql).df()
    out["period"] = out["period"].dt.date
    return out
