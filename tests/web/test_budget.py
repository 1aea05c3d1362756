"""The municipal budget run from the database, checked by hand arithmetic for a whole past year."""

from __future__ import annotations

import datetime as dt

import pytest

from fleksjob.citizens.models import BenefitSpell
from fleksjob.core.rules import rules_for
from fleksjob.economics.budget import municipal_budget
from fleksjob.employment.models import Employment, HoursChange
from tests.factories import ApprovalFactory, EmployerFactory

pytestmark = pytest.mark.django_db


def test_a_year_of_one_unemployed_and_one_fleksjobber(personas):
    unemployed = ApprovalFactory(citizen__municipality_id="350")
    BenefitSpell.objects.create(
        citizen=unemployed.citizen,
        approval=unemployed,
        start=dt.date(2020, 3, 2),
        rate_category="dagpenge_89",
    )
    worker = ApprovalFactory(citizen__municipality_id="350", status="in_fleksjob")
    job = Employment.objects.create(
        citizen=worker.citizen,
        approval=worker,
        kind="fleksjob",
        employer=EmployerFactory(municipality_id="350"),
        start=dt.date(2019, 5, 1),
        hourly_wage=200,
    )
    HoursChange.objects.create(employment=job, valid_from=dt.date(2019, 5, 1), hours_per_week=10)
    HoursChange.objects.create(employment=job, valid_from=dt.date(2025, 7, 1), hours_per_week=15)
    ApprovalFactory(citizen__municipality_id="230")  # another municipality: not counted

    result, people = municipal_budget("350", 2025, today=dt.date(2025, 12, 31))
    assert people == 2
    r = rules_for(dt.date(2025, 6, 1))
    # Both have had ydelser for years: every week is past the 52nd, so refusion is 20 %.
    ly_year = 12 * 0.89 * r.hoejeste_dagpengesats  # no income: the full rate every month
    wage10, wage15 = 200 * 10 * 52 / 12, 200 * 15 * 52 / 12
    sub10 = min(r.fleksloentilskud_max - 0.30 * wage10, 200 * 37 * 52 / 12 - wage10)
    sub15 = min(
        r.fleksloentilskud_max
        - 0.30 * min(wage15, r.reduction_threshold)
        - 0.55 * max(wage15 - r.reduction_threshold, 0),
        200 * 37 * 52 / 12 - wage15,
    )
    totals = result.totals()
    assert totals["ledighedsydelse"] == pytest.approx(ly_year, rel=1e-3)
    assert totals["fleksloentilskud"] == pytest.approx(6 * sub10 + 6 * sub15, rel=1e-6)
    assert totals["refusion"] == pytest.approx(0.20 * totals["gross"], rel=1e-6)
    assert totals["net"] == pytest.approx(0.80 * totals["gross"], rel=1e-6)
