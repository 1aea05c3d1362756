"""`stats compute` on a seeded database: values stored per run, checked against an ORM recount."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Q

from fleksjob.benchmarking.compute import latest_run
from fleksjob.benchmarking.models import IndicatorRun, IndicatorValue
from fleksjob.citizens.models import Approval

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(personas):
    call_command("seed", scale="tiny", seed=3, replace=False, today=dt.date(2026, 10, 15))


def _unemployed_share(municipality: str, month_end: dt.date) -> tuple[int, int]:
    """Recount from the case tables: approvals active on the day, and those on ledighedsydelse."""
    active = Approval.objects.filter(
        citizen__municipality_id=municipality, visitation_date__lte=month_end
    ).exclude(status="ended", status_since__lte=month_end)
    on_benefit = active.filter(
        Q(benefit_spells__start__lte=month_end)
        & (Q(benefit_spells__end__isnull=True) | Q(benefit_spells__end__gte=month_end))
    ).distinct()
    return on_benefit.values("citizen").distinct().count(), active.values(
        "citizen"
    ).distinct().count()


@pytest.mark.slow
def test_compute_stores_a_run_that_matches_a_recount(seeded, capsys):
    call_command("compute_indicators", first="2025-01", last="2026-09")
    assert "indikatorværdier" in capsys.readouterr().out
    run = latest_run()
    assert run.first_month == dt.date(2025, 1, 1) and run.rows == run.values.count()
    for municipality, month in [("350", dt.date(2026, 9, 1)), ("751", dt.date(2025, 6, 1))]:
        end = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        stored = IndicatorValue.objects.get(
            run=run,
            indicator="ledighedsydelse_share",
            unit_level="municipality",
            unit_id=municipality,
            period=month,
        )
        assert (stored.numerator, stored.denominator) == _unemployed_share(municipality, end)
    country = IndicatorValue.objects.get(
        run=run, indicator="ledighedsydelse_share", unit_level="country", period=dt.date(2026, 9, 1)
    )
    municipal = IndicatorValue.objects.filter(
        run=run,
        indicator="ledighedsydelse_share",
        unit_level="municipality",
        period=dt.date(2026, 9, 1),
    )
    assert country.denominator == sum(v.denominator for v in municipal)
    # A second run replaces the first.
    call_command("compute_indicators", first="2026-01", last="2026-09")
    assert IndicatorRun.objects.count() == 1


def test_bad_months_are_refused():
    with pytest.raises(CommandError, match="ugyldig måned"):
        call_command("compute_indicators", first="2026-13")
    with pytest.raises(CommandError, match="efter"):
        call_command("compute_indicators", first="2026-05", last="2026-01")
