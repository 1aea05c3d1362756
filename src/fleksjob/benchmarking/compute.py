"""The indicator run: export the event tables, compute in DuckDB, store the long table.

Safe to re-run and to interrupt: the values of a run become visible only when the run is marked
finished, in the same transaction that stores them; older runs are then removed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import time
from collections.abc import Callable

from django.utils import timezone

from fleksjob.audit.writes import batch
from fleksjob.benchmarking.events import event_tables
from fleksjob.benchmarking.frames import records
from fleksjob.benchmarking.models import IndicatorRun, IndicatorValue
from fleksjob.core.stats import compute_indicators, connect
from fleksjob.core.stats.citizen_level import case_mix, first_fleksjob_survival
from fleksjob.core.stats.risk import risk_adjust
from fleksjob.core.stats.suppression import suppression_pattern
from fleksjob.operations.faults import pause_at

BATCH = 5000


SURVIVAL_COHORT_YEARS = 3


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def citizen_level_extras(con, as_of: dt.date) -> dict:
    """Risk-adjusted O/E of being on ledighedsydelse (case mix: age, sex, education, time since
    approval, local unemployment) and Kaplan–Meier months to the first fleksjob for approvals
    of the last three years, both as of ``as_of``."""
    extras: dict = {"as_of": as_of.isoformat()}
    frame = case_mix(con, as_of)
    if frame["unit"].nunique() >= 2 and frame["outcome"].nunique() == 2:
        units = risk_adjust(frame.dropna()).units
        extras["risk_adjusted"] = records(units)
    cohort_start = as_of.replace(year=as_of.year - SURVIVAL_COHORT_YEARS)
    survival = first_fleksjob_survival(con, as_of, cohort_start, as_of, within=12.0)
    extras["first_fleksjob"] = records(survival)
    return extras


def latest_run() -> IndicatorRun | None:
    return IndicatorRun.objects.filter(finished_at__isnull=False).order_by("-finished_at").first()


def run_indicators(
    first_month: dt.date,
    last_month: dt.date,
    progress: Callable[[str, int, int], None] | None = None,
) -> IndicatorRun:
    say = progress or (lambda stage, done, total: None)
    started = time.perf_counter()
    say("eksport", 0, 1)
    tables = event_tables()
    say("eksport", 1, 1)
    say("beregning", 0, 1)
    con = connect(tables)
    long = compute_indicators(con, first_month, last_month)
    # Suppression over the whole run (every indicator, month and level), with the regions the
    # engine summed by.
    regions = tables["municipalities"]
    hide_x, hide_n = suppression_pattern(
        long, region_of=dict(zip(regions["municipality_id"], regions["region_id"], strict=True))
    )
    long["suppressed"], long["denominator_suppressed"] = hide_x, hide_n
    extras = citizen_level_extras(con, month_end(last_month))
    say("beregning", 1, 1)
    records = long.to_dict("records")
    with batch():
        run = IndicatorRun.objects.create(
            first_month=first_month, last_month=last_month, extras=extras
        )
        for start in range(0, len(records), BATCH):
            IndicatorValue.objects.bulk_create(
                IndicatorValue(
                    run=run,
                    indicator=r["indicator"],
                    unit_level=r["unit_level"],
                    unit_id=str(r["unit_id"]),
                    unit_name=r["unit_name"],
                    period=r["period"],
                    numerator=float(r["numerator"]),
                    denominator=float(r["denominator"]),
                    value=None if r["value"] != r["value"] else float(r["value"]),  # NaN → None
                    suppressed=bool(r["suppressed"]),
                    denominator_suppressed=bool(r["denominator_suppressed"]),
                )
                for r in records[start : start + BATCH]
            )
            say("gemmer", min(start + BATCH, len(records)), len(records))
            pause_at("indicators.saving")
        run.rows = len(records)
        run.seconds = round(time.perf_counter() - started, 2)
        run.finished_at = timezone.now()
        run.save(update_fields=["rows", "seconds", "finished_at"])
        IndicatorRun.objects.exclude(pk=run.pk).delete()
    return run
