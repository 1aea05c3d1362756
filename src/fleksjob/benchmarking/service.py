"""Reads of the stored indicator run, shaped for pages, exports and the API.

Everything here is aggregated, and every table passes the core's one gate,
``core.stats.suppression.publish``, before it leaves: the run's values carry the suppression
pattern computed over the whole run (``compute``), and the citizen-level figures (O/E, time to
first fleksjob) are suppressed here. So no count below 5, no cell that subtraction would give
back, and nothing derived from a hidden cell leaves this module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fleksjob.benchmarking.compute import latest_run
from fleksjob.benchmarking.frames import plain
from fleksjob.benchmarking.models import ImportedFigure, IndicatorRun, IndicatorValue
from fleksjob.core.stats import official
from fleksjob.core.stats.benchmark import (
    compare,
    framework_peer_details,
    limit_lines,
    own_figures,
    trend,
)
from fleksjob.core.stats.compare import LABELS_DA, LABELS_EN, comparison_label
from fleksjob.core.stats.indicators import Indicator, load_indicators
from fleksjob.core.stats.poisson import ratio_limits
from fleksjob.core.stats.spc import episodes
from fleksjob.core.stats.suppression import THRESHOLD, publish
from fleksjob.municipalities.models import MonthlyConditions, Municipality

HEADLINE = "ledighedsydelse_share"
TREND_MONTHS = 36


class NoData(LookupError):
    """No finished indicator run (or nothing for the requested period)."""


def text(field: dict[str, str]) -> str:
    return field["en"] if (get_language() or "da").startswith("en") else field["da"]


def label_text(code: str | None) -> str | None:
    """The label in the page's language; None for a hidden row (it has no label)."""
    if not isinstance(code, str):
        return None
    return (LABELS_EN if (get_language() or "da").startswith("en") else LABELS_DA)[code]


def catalogue() -> dict[str, Indicator]:
    return load_indicators()


def current_run() -> IndicatorRun:
    run = latest_run()
    if run is None:
        raise NoData("ingen indikatorkørsel endnu: kør `fleksjob stats compute`")
    return run


def parse_period(value: str | None, run: IndicatorRun) -> dt.date:
    """YYYY-MM within the run (default: its last month); outside it is NoData."""
    if not value:
        return run.last_month
    try:
        period = dt.date.fromisoformat(f"{value}-01")
    except ValueError:
        raise NoData("perioden skal have formen ÅÅÅÅ-MM") from None
    if not run.first_month <= period <= run.last_month:
        raise NoData(f"ingen tal for {value}")
    return period


def values_frame(queryset) -> pd.DataFrame:
    """Stored indicator values as a frame (the columns every comparison reads)."""
    fields = [
        "unit_level",
        "unit_id",
        "unit_name",
        "period",
        "indicator",
        "numerator",
        "denominator",
        "value",
        "suppressed",
        "denominator_suppressed",
    ]
    return pd.DataFrame.from_records(list(queryset.values_list(*fields)), columns=fields)


@dataclass
class Comparison:
    indicator: Indicator
    period: dt.date
    table: pd.DataFrame  # one row per municipality, already suppressed
    summary: dict
    funnel_limits: pd.DataFrame | None  # published denominators' range with the limits


def _once_per_run(run: IndicatorRun, name: str, build):
    """``build()`` worked out once per stored run and process (a run never changes once
    stored; the key carries its start so a restored database with reused ids misses)."""
    key = f"{name}:{run.pk}:{run.started_at.isoformat()}"
    if (cached := cache.get(key)) is None:
        cached = build()
        cache.set(key, cached, None)
    return cached


def comparison(run: IndicatorRun, indicator_id: str, period: dt.date) -> Comparison:
    indicators = catalogue()
    if indicator_id not in indicators:
        raise NoData(f"ukendt indikator {indicator_id!r}")
    indicator = indicators[indicator_id]

    def build():
        rows = values_frame(
            IndicatorValue.objects.filter(
                run=run, indicator=indicator_id, period=period, unit_level="municipality"
            ).order_by("unit_id")
        )
        if rows.empty:
            return None
        table, summary = compare(rows, indicator)
        table.insert(1, "unit_name", rows["unit_name"].to_numpy())
        limits = limit_lines(table) if indicator.is_proportion else None
        return table, summary, limits

    # The profile asks for every indicator on each view; the labels' language is per request.
    found = _once_per_run(run, f"comparison:{indicator_id}:{period.isoformat()}", build)
    if found is None:
        raise NoData("ingen tal for perioden")
    table, summary, limits = found
    table = table.copy()
    table["label_text"] = [label_text(code) for code in table["label"]]
    return Comparison(indicator, period, table, summary, limits)


def is_own_staff(user, code: str) -> bool:
    """The municipality's own staff (caseworkers, consultants, managers): they see its exact
    counts. The run's suppression pattern is safe against exactly this reader (see
    ``core.stats.suppression``: each municipality is assumed to know its own counts)."""
    return bool(getattr(user, "is_municipal", False)) and user.municipality_id == code


def exact_for_own(indicator_id: str) -> bool:
    """Whether the municipality's own staff may see this indicator's counts exactly: not the
    survey indicators, whose counts are of pseudonymous answers (``Indicator.pseudonymous``)."""
    indicator = catalogue().get(indicator_id)
    return indicator is None or not indicator.pseudonymous


def own_counts(run: IndicatorRun, code: str, period: dt.date) -> dict[str, tuple[float, float]]:
    """indicator → (numerator, denominator) of one municipality in one month, unsuppressed:
    for its own staff only (the survey indicators left out: ``exact_for_own``)."""
    rows = IndicatorValue.objects.filter(
        run=run, unit_level="municipality", unit_id=code, period=period
    ).values_list("indicator", "numerator", "denominator")
    return {indicator: (x, n) for indicator, x, n in rows if exact_for_own(indicator)}


def own_row(result: Comparison, code: str, counts: tuple[float, float] | None) -> dict | None:
    """The municipality's row of a comparison as its own staff see it: the published row, or
    when that is hidden its exact figures (``own_figures``), marked ``own``."""
    mine = result.table[result.table["unit_id"] == code]
    if mine.empty:
        return None
    row = plain(mine.iloc[0].to_dict())
    if not row["suppressed"] or counts is None:
        return row
    row.update(own_figures(result.table, *counts, result.indicator))
    row.update(suppressed=False, own=True, label_text=label_text(row["label"]))
    return row


def viewer_table(user, run: IndicatorRun, result: Comparison) -> pd.DataFrame:
    """A comparison's table as ``user`` may read it, with a column ``own``: the published rows,
    and for the municipality's own staff its own row exact where the run hides it
    (``own_row``, ``own`` True). Every other row stays as published, so the overview, the
    exports and the API give the own staff the same figures, and everyone else the public
    table. The run's pattern is safe against this reader (``core.stats.suppression``)."""
    table = result.table.assign(own=False)
    code = getattr(user, "municipality_id", None)
    if not code or not is_own_staff(user, code):
        return table
    mine = own_row(result, code, own_counts(run, code, result.period).get(result.indicator.id))
    if mine is None or not mine.get("own"):
        return table
    at = table.index[table["unit_id"] == code]
    for column, value in mine.items():
        if column not in table or (isinstance(value, str) and table[column].dtype != object):
            table[column] = table.get(column, pd.Series(None, index=table.index)).astype(object)
        table.loc[at, column] = value
    return table


def series(
    run: IndicatorRun,
    unit_ids: list[str],
    indicator_id: str,
    until: dt.date,
    exact_for: str | None = None,
) -> pd.DataFrame:
    """Monthly values of an indicator for some units (and the country), small cells hidden;
    ``exact_for``: a unit shown unsuppressed (to its own staff)."""
    since = (pd.Timestamp(until) - pd.DateOffset(months=TREND_MONTHS - 1)).date()
    raw = values_frame(
        IndicatorValue.objects.filter(
            run=run, indicator=indicator_id, period__gte=since, period__lte=until
        ).filter(unit_id__in=[*unit_ids, "DK"])
    )
    if raw.empty:
        return raw
    rows = publish(raw)
    if exact_for is not None and exact_for_own(indicator_id):
        mine = (raw["unit_id"] == exact_for).to_numpy()
        for column in ("numerator", "denominator", "value"):
            rows.loc[mine, column] = raw.loc[mine, column]
        rows.loc[mine, "suppressed"] = False
    return rows


def trend_lines(
    run: IndicatorRun,
    code: str,
    indicator_id: str,
    until: dt.date,
    label: str,
    peers: list[str] = (),
    exact: bool = False,
) -> list[dict]:
    """Chart rows (period, series, value, status) for a municipality, its peers' median and
    the country: one row per series and month of the window, so a month without a figure is
    there as missing (value None; status "hidden" when suppressed, "missing" when the run has
    no figure), never interpolated or skipped: the chart breaks its line there. ``exact``: the
    municipality's own line unsuppressed (for its own staff)."""
    rows = series(run, [code, *peers], indicator_id, until, code if exact else None)
    if rows.empty:
        return []
    since = max(
        (pd.Timestamp(until) - pd.DateOffset(months=TREND_MONTHS - 1)).date(), run.first_month
    )
    months = [m.date() for m in pd.date_range(since, until, freq="MS")]
    parts = [(label, rows[rows["unit_id"] == code])]
    if peers:
        peer_rows = rows[rows["unit_id"].isin(peers) & ~rows["suppressed"]]
        median = peer_rows.groupby("period", as_index=False)["value"].median()
        parts.append((_("Sammenlignelige kommuner (median)"), median.assign(suppressed=False)))
    parts.append((_("Hele landet"), rows[rows["unit_id"] == "DK"]))
    out = []
    for name, part in parts:
        by_month = {p: (v, bool(s)) for p, v, s in part[["period", "value", "suppressed"]].values}
        for month in months:
            value, hidden = by_month.get(month, (None, False))
            shown = not hidden and value is not None and pd.notna(value)
            status = "shown" if shown else "hidden" if hidden else "missing"
            out.append(
                {
                    "period": month.isoformat(),
                    "series": name,
                    "value": float(value) if shown else None,
                    "status": status,
                }
            )
    return out


_CONDITIONS = ("unemployment_rate", "share_age_50_plus", "share_low_education")


def official_beside(code: str, period: dt.date) -> dict[str, list[dict]]:
    """indicator → the imported Jobindsats figures for the municipality and month that match
    one of its counts (``core.stats.official``); one query."""
    tables = {m.table for m in official.MATCHES}
    rows = ImportedFigure.objects.filter(
        municipality_id=code, table__in=tables, period=f"{period:%Y}M{period:%m}"
    ).values("table", "label", "measure", "period", "dimensions", "value")
    return official.beside(rows, period)


def peer_reasons(code: str, month: dt.date) -> dict | None:
    """The municipality's peers in framework conditions and why (``framework_peer_details``):
    its own conditions, and per peer its conditions, its distance and how far each condition
    lies from the municipality's (in standard deviations). None without conditions that month."""
    rows = MonthlyConditions.objects.filter(month=month).values_list(
        "municipality_id", "month", *_CONDITIONS, "municipality__population", "municipality__name"
    )
    frame = pd.DataFrame.from_records(
        list(rows), columns=["municipality_id", "month", *_CONDITIONS, "population", "name"]
    )
    if frame.empty or code not in set(frame["municipality_id"]):
        return None
    found = framework_peer_details(frame, month).get(code, [])
    by_code = frame.set_index("municipality_id")

    def conditions(unit: str) -> dict:
        row = by_code.loc[unit]
        return {c: float(row[c]) for c in _CONDITIONS} | {"population": int(row["population"])}

    return {
        "own": {"code": code, "name": by_code.at[code, "name"], **conditions(code)},
        "peers": [
            {
                "code": p.unit,
                "name": by_code.at[p.unit, "name"],
                "distance": p.distance,
                **conditions(p.unit),
            }
            for p in found
        ],
    }


def peers_of(code: str, month: dt.date) -> list[str]:
    reasons = peer_reasons(code, month)
    return [p["code"] for p in reasons["peers"]] if reasons else []


def risk_adjusted(run: IndicatorRun) -> pd.DataFrame | None:
    """O/E of the headline share per municipality with Poisson limits and a label. A unit is
    hidden (with its expected count, O/E, limits and label) when the headline comparison of
    the same month hides it or its own counts are small, and more by secondary suppression
    (the expected counts add up to the observed total). None when the run has no case-mix
    model (too few units or outcomes)."""
    if not run.extras.get("risk_adjusted"):
        return None

    def build():
        table = pd.DataFrame(run.extras["risk_adjusted"]).rename(columns={"unit": "unit_id"})
        names = dict(Municipality.objects.values_list("code", "name"))
        table.insert(1, "unit_name", table["unit_id"].map(names))
        table["label"] = comparison_label(table["flag"].to_numpy(), "low_is_good")
        headline = comparison(run, HEADLINE, run.last_month).table
        hidden = table["unit_id"].isin(headline.loc[headline["suppressed"], "unit_id"])
        table = publish(
            table, numerator="observed", denominator="n", share=True, also_hide=hidden.to_numpy()
        )
        return table.sort_values("unit_name")

    table = _once_per_run(run, "risk_adjusted", build).copy()
    table["label_text"] = [label_text(code) for code in table["label"]]
    return table


def oe_limits(expected: pd.Series) -> pd.DataFrame | None:
    """Poisson limits over the range of the published expected counts (None if none is)."""
    shown = expected.dropna()
    if shown.empty:
        return None
    grid = np.geomspace(max(0.5, shown.min() * 0.8), shown.max() * 1.1, 60)
    return pd.DataFrame({"expected": grid, **ratio_limits(grid)})


def first_fleksjob(run: IndicatorRun, unit_id: str) -> dict | None:
    """Kaplan–Meier months to the first fleksjob for a unit ("DK" for the country), or None
    when it is hidden: the cohort, those with a first fleksjob, those without, and the share
    within 12 months times the cohort (about a count of people too, and its complement) must
    each be at least 5, with secondary suppression of the cohort and event counts."""
    return _published_first_fleksjob(run).get(unit_id)


def _published_first_fleksjob(run: IndicatorRun) -> dict[str, dict]:
    """The published (unsuppressed) rows of a run's time to first fleksjob, by unit. A run never
    changes once stored, so the suppression is worked out once per run and process: the home
    page and the profile ask for a municipality and the country on every view."""
    return _once_per_run(run, "first_fleksjob", lambda: _first_fleksjob_rows(run))


def _first_fleksjob_rows(run: IndicatorRun) -> dict[str, dict]:
    rows = run.extras.get("first_fleksjob", [])
    published: dict[str, dict] = {}
    if rows:
        table = pd.DataFrame(rows)
        n, share = table["n"].astype(float), table["share_within"].astype(float)
        small = ((n * share) < THRESHOLD) | ((n * (1 - share)) < THRESHOLD)
        table = publish(
            table, numerator="events", denominator="n", share=True, also_hide=small.to_numpy()
        )
        for row in table[~table["suppressed"]].to_dict("records"):
            published.setdefault(str(row["unit_id"]), plain(row))
    return published


def own_citizen_level(run: IndicatorRun, code: str) -> tuple[dict | None, dict | None]:
    """(time to first fleksjob, risk-adjusted O/E) of one municipality exactly as the run
    computed them, for its own staff: the published tables' patterns are safe against a
    reader who knows their own counts (``core.stats.suppression``)."""
    km = next(
        (
            plain(r)
            for r in run.extras.get("first_fleksjob", [])
            if r.get("unit_level", "municipality") == "municipality" and str(r["unit_id"]) == code
        ),
        None,
    )
    oe = next(
        (dict(r) for r in run.extras.get("risk_adjusted", []) if str(r["unit"]) == code), None
    )
    if oe is not None:
        oe["label"] = str(comparison_label([oe.get("flag")], "low_is_good")[0])
        oe["label_text"] = label_text(oe["label"])
    return km, oe


def trend_signals(
    run: IndicatorRun, unit_id: str, indicator_id: str, until: dt.date, exact: bool = False
) -> list[dict]:
    """Special-cause signals in the unit's own series (p-chart rules: a point beyond 3σ, a run
    of 8 on one side of the centre, a trend of 6), one per episode: consecutive flagged months
    are one signal with its first and last month and every rule that fired in it. ``exact``:
    on every month (for the unit's own staff), else on the published months only."""
    if not catalogue()[indicator_id].is_proportion:
        return []
    since = (pd.Timestamp(until) - pd.DateOffset(months=TREND_MONTHS - 1)).date()
    rows = values_frame(
        IndicatorValue.objects.filter(
            run=run,
            indicator=indicator_id,
            unit_id=unit_id,
            unit_level="municipality",
            period__gte=since,
            period__lte=until,
        ).order_by("period")
    )
    # Only the published months: a signal must not rest on (or point at) a hidden count.
    exact = exact and exact_for_own(indicator_id)
    rows = rows.assign(suppressed=False) if exact else publish(rows)
    rows = rows[~rows["suppressed"] & (rows["denominator"] > 0)]
    if len(rows) < 8:
        return []
    periods = rows.sort_values("period")["period"].tolist()
    return [
        {"start": periods[e.start], "end": periods[e.end], "kinds": list(e.kinds)}
        for e in episodes(trend(rows))
    ]
