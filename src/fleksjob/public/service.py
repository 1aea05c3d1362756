"""The open comparison's figures: what an outsider may see, and nothing more.

Every figure comes from benchmarking's reads of the stored run (``benchmarking.service``), on
the path a viewer from another municipality takes: the run's suppression pattern applies to
every municipality, and no municipality's own exact counts are ever read here (no
``own_counts``, no ``own_row`` with counts, no ``exact`` trend). So a hidden cell shows nothing,
and neither does anything derived from it: its interval, funnel flag, label, shrunk value and
rank are blank (``core.stats.suppression.publish``). Only aggregates: no model with personal
data is read here except ``Citizen.synthetic`` as an existence check (is the data made up?).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from fleksjob.benchmarking import service as benchmarking
from fleksjob.benchmarking.frames import plain
from fleksjob.benchmarking.models import ImportedFigure, IndicatorRun, IndicatorValue
from fleksjob.citizens.models import Citizen
from fleksjob.core.stats import official
from fleksjob.core.stats.intervals import wilson_interval
from fleksjob.core.stats.suppression import THRESHOLD, publish

# The source of a row of the open data.
SYNTHETIC = "syntetisk"
COMPUTED = "beregnet"
OFFICIAL = "officiel (Jobindsats)"


def is_synthetic() -> bool:
    """The run was computed on made-up data: the demo, or a database holding synthetic
    citizens (``fleksjob seed``). Cached for a minute: every public page asks."""
    found = cache.get("public:synthetic")
    if found is None:
        found = bool(settings.DEMO) or Citizen.objects.filter(synthetic=True).exists()
        cache.set("public:synthetic", found, 60)
    return found


def run_source() -> str:
    return SYNTHETIC if is_synthetic() else COMPUTED


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str


# The open data's columns, in order; the data dictionary page lists them with these texts.
COLUMNS = (
    Column("kommunekode", _("Kommunens kode (tre cifre), som i Danmarks Statistiks liste.")),
    Column("kommune", _("Kommunens navn.")),
    Column("indikator", _("Indikatorens kode; ordbogen forklarer hver indikator.")),
    Column("periode", _("Måneden tallene gælder, ÅÅÅÅ-MM.")),
    Column("taeller", _("Tælleren: antal borgere med det, indikatoren måler. Tom, når skjult.")),
    Column(
        "naevner",
        _(
            "Nævneren: antal borgere, tallet er regnet af (for et tal pr. konsulent: "
            "konsulenternes årsværk). Tom, når skjult."
        ),
    ),
    Column(
        "vaerdi",
        _("Værdien: en andel mellem 0 og 1, et gennemsnit eller et forhold. Tom, når skjult."),
    ),
    Column(
        "nedre95",
        _(
            "Nedre grænse for et 95 %-interval (Wilson) om andelen. Kun for andele; tom, "
            "når skjult."
        ),
    ),
    Column("oevre95", _("Øvre grænse for samme interval.")),
    Column(
        "skjult",
        _(
            "1, når tallet er skjult (diskretionering): under 5 borgere, eller et tal der ville "
            "afsløre et andet skjult tal; ellers 0."
        ),
    ),
    Column(
        "kilde",
        _(
            "»syntetisk«: beregnet på opdigtede demodata; »beregnet«: beregnet af fleksjob på "
            "kommunernes egne data; »officiel (Jobindsats)«: et tal importeret fra Jobindsats "
            "(STAR), som det blev offentliggjort."
        ),
    ),
    Column(
        "jobindsats_tabel",
        _("Jobindsats-tabellen for et officielt tal (fx Y09A02); ellers tom."),
    ),
    Column(
        "jobindsats_del",
        _(
            "For et officielt tal: om det svarer til indikatorens »taeller« eller »naevner« "
            "(det står da i den kolonne); ellers tom."
        ),
    ),
)


def _published_values(run: IndicatorRun) -> pd.DataFrame:
    """Every municipality's value of every indicator and month of the run, as the public may
    see it: the run's pattern applied (``publish``), with a Wilson interval for shares."""
    frame = benchmarking.values_frame(
        IndicatorValue.objects.filter(run=run, unit_level="municipality").order_by(
            "unit_id", "indicator", "period"
        )
    )
    shares = {i.id for i in benchmarking.catalogue().values() if i.is_proportion}
    is_share = frame["indicator"].isin(shares).to_numpy()
    lower = np.full(len(frame), np.nan)
    upper = np.full(len(frame), np.nan)
    x = frame["numerator"].to_numpy(dtype=float)
    n = frame["denominator"].to_numpy(dtype=float)
    ok = is_share & (n > 0)
    if ok.any():
        lower[ok], upper[ok] = wilson_interval(x[ok], n[ok])
    frame["wilson_lower95"], frame["wilson_upper95"] = lower, upper
    # The one gate: on a hidden row everything but who it is (and a published denominator)
    # is blanked, the interval included.
    return publish(frame)


def _number(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{float(value):.6g}"


def csv_rows(run: IndicatorRun) -> list[list[str]]:
    """The open data's rows (``COLUMNS``' order): one per municipality, indicator and month
    of the run, then the imported Jobindsats figures that match an indicator's count, as
    published (a figure under 5 is left out like any other small count)."""

    def build():
        table = _published_values(run)
        source = run_source()
        out = []
        for row in table.itertuples(index=False):
            out.append(
                [
                    row.unit_id,
                    row.unit_name,
                    row.indicator,
                    f"{row.period:%Y-%m}",
                    _number(row.numerator),
                    _number(row.denominator),
                    _number(row.value),
                    _number(row.wilson_lower95),
                    _number(row.wilson_upper95),
                    "1" if row.suppressed else "0",
                    source,
                    "",
                    "",
                ]
            )
        out.extend(official_rows(run))
        return out

    return benchmarking._once_per_run(run, "public:csv", build)


def official_rows(run: IndicatorRun) -> list[list[str]]:
    """Imported Jobindsats figures for a whole municipality in a month of the run that match
    an indicator's count; a figure hidden at the source or under 5 is shown as hidden."""
    tables = {m.table for m in official.MATCHES}
    figures = (
        ImportedFigure.objects.filter(level="municipality", table__in=tables)
        .select_related("municipality")
        .order_by("municipality_id", "table", "period", "pk")
    )
    out = []
    for figure in figures:
        month = official.month_of(figure.period)
        if month is None or not run.first_month <= month <= run.last_month:
            continue
        found = official.beside(
            [
                {
                    "table": figure.table,
                    "label": figure.label,
                    "measure": figure.measure,
                    "period": figure.period,
                    "dimensions": figure.dimensions,
                    "value": figure.value,
                }
            ],
            month,
        )
        for indicator, matches in sorted(found.items()):
            for match in matches:
                value = match["value"]
                hidden = value is None or value < THRESHOLD
                shown = "" if hidden else _number(value)
                out.append(
                    [
                        figure.municipality_id,
                        figure.municipality.name,
                        indicator,
                        f"{month:%Y-%m}",
                        shown if match["part"] == "numerator" else "",
                        shown if match["part"] == "denominator" else "",
                        "",
                        "",
                        "",
                        "1" if hidden else "0",
                        OFFICIAL,
                        match["table"],
                        "taeller" if match["part"] == "numerator" else "naevner",
                    ]
                )
    return out


# The columns of a published comparison row, empty where the row is hidden or has none.
ROW_COLUMNS = (
    "wilson_lower95",
    "wilson_upper95",
    "shrunk_rate",
    "shrunk_lower95",
    "shrunk_upper95",
    "rank",
    "rank_lower",
    "rank_upper",
    "label",
    "label_text",
)


def municipality_summary(run: IndicatorRun, code: str, period: dt.date) -> list[dict]:
    """Each indicator's published row for one municipality in one month, with the country's
    comparison figures (target, the number of municipalities compared)."""
    out = []
    for indicator in benchmarking.catalogue().values():
        try:
            result = benchmarking.comparison(run, indicator.id, period)
        except benchmarking.NoData:
            continue
        mine = result.table[result.table["unit_id"] == code]
        if mine.empty:
            continue
        row = dict.fromkeys(ROW_COLUMNS)
        row.update(plain(mine.iloc[0].to_dict()))
        out.append(
            {
                **row,
                "indicator": indicator,
                "title": benchmarking.text(indicator.title),
                "description": benchmarking.text(indicator.description),
                "target": result.summary.get("target"),
                "n_units": result.summary.get("n_units"),
            }
        )
    return out


def official_beside(code: str, period: dt.date) -> dict[str, list[dict]]:
    """The municipality's imported Jobindsats figures for the month that match an indicator,
    a value under 5 hidden like every other small count."""
    found = benchmarking.official_beside(code, period)
    return {
        indicator: [
            {**o, "value": None if o["value"] is None or o["value"] < THRESHOLD else o["value"]}
            for o in figures
        ]
        for indicator, figures in found.items()
    }
