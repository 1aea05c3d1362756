"""The citizen page shows the rules engine's view of the case: deadlines, jobsamtaler, income."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fleksjob.citizens.models import BenefitSpell
from fleksjob.core.rules import rules_for
from fleksjob.core.rules.deadlines import add_months
from fleksjob.core.rules.income_tax import tax_years
from fleksjob.employment.models import Employment, HoursChange
from fleksjob.followup.models import FollowUpMeeting
from tests.factories import ApprovalFactory, EmployerFactory

pytestmark = pytest.mark.django_db


def test_unemployed_case_shows_jobsamtaler_against_the_minimum(login):
    today = timezone.localdate()
    approval = ApprovalFactory(
        citizen__municipality_id="350",
        visitation_date=today - dt.timedelta(days=90),
        status_since=today - dt.timedelta(days=90),
    )
    start = today - dt.timedelta(days=60)
    BenefitSpell.objects.create(
        citizen=approval.citizen, approval=approval, start=start, rate_category="dagpenge_89"
    )
    for days in (50, 20, 1):
        FollowUpMeeting.objects.create(
            citizen=approval.citizen,
            approval=approval,
            kind="jobsamtale",
            channel="phone",
            held_on=today - dt.timedelta(days=days),
        )
    FollowUpMeeting.objects.create(
        citizen=approval.citizen,
        approval=approval,
        kind="other",
        channel="phone",
        held_on=today - dt.timedelta(days=2),
    )
    page = login("sagsbehandler.lejre").get(f"/borgere/{approval.citizen_id}/")
    text = page.content.decode()
    assert "3 af mindst 4" in text
    assert "Mindst 4 jobsamtaler" in text  # the deadline row, 6 months after the spell started
    assert f"{add_months(start, 6).year}" in text


def _fleksjobber_page(login):
    """A Lejre citizen in fleksjob for 400 days (10 hours a week at 250 kr), and their page."""
    today = timezone.localdate()
    start = today - dt.timedelta(days=400)
    approval = ApprovalFactory(
        citizen__municipality_id="350",
        status="in_fleksjob",
        visitation_date=start - dt.timedelta(days=30),
        status_since=start,
        first_fleksjob_start=start,
    )
    job = Employment.objects.create(
        citizen=approval.citizen,
        approval=approval,
        kind="fleksjob",
        employer=EmployerFactory(municipality_id="350"),
        start=start,
        hourly_wage=250,
    )
    HoursChange.objects.create(employment=job, valid_from=start, hours_per_week=10)
    return today, login("sagsbehandler.lejre").get(f"/borgere/{approval.citizen_id}/")


def test_fleksjobber_sees_income_at_more_hours(login):
    today, response = _fleksjobber_page(login)
    outlook = response.context["outlook"]
    assert [r["hours_per_week"] for r in outlook] == [10, 11, 12, 13, 14, 15]
    # By hand: wage 250 × h × 52/12 per month; subsidy = max − 30 % of wage while under T, and
    # wage + subsidy stays under the lønloft (the full-time wage, 250 × 37 × 52/12).
    rules = rules_for(today)
    for row in outlook:
        wage = 250 * row["hours_per_week"] * 52 / 12
        assert wage < rules.reduction_threshold
        expected = min(wage + rules.fleksloentilskud_max - 0.3 * wage, 250 * 37 * 52 / 12)
        assert row["total_income"] == pytest.approx(expected, abs=0.02)
    keys = [d.key for d in response.context["deadlines"]]
    assert "review" in keys and "temporary_until" in keys


def test_income_at_more_hours_after_tax_in_the_citizen_s_municipality(login):
    """The case page's outlook adds the net income in the citizen's municipality (no kirkeskat:
    membership is not recorded); a year without tax data keeps the gross columns only."""
    from types import SimpleNamespace

    from fleksjob.citizens.casefacts import income_outlook

    job = SimpleNamespace(hourly_wage=200)
    rows = income_outlook(job, 20, dt.date(2025, 6, 1), "350")
    assert [r["hours_per_week"] for r in rows] == [20, 21, 22, 23, 24, 25]
    # Hand-worked (tests/core/rules/test_income_tax.py), here without kirkeskat: at 20 hours
    # the member's tax 112.164,0292 less kirkeskat 2.985,6201 = 109.178,4091 a year, so the net
    # is (361.431,36 − 109.178,4091) / 12 = 21.021,08 kr. a month.
    assert rows[0]["net_income"] == pytest.approx((361431.36 - 109178.4091) / 12, abs=0.01)
    for row in rows:
        expected = row["net_income"] - rows[0]["net_income"]
        assert row["net_gain_vs_now"] == pytest.approx(expected, abs=0.011)
    gross_only = income_outlook(job, 20, dt.date(2024, 6, 1), "350")
    assert gross_only and "net_income" not in gross_only[0]
    assert income_outlook(job, 20, dt.date(2025, 6, 1)) is not None


def test_case_page_shows_the_outlook_after_tax(login):
    today, response = _fleksjobber_page(login)
    covered = today.year in tax_years()
    assert response.context["outlook_net"] is covered
    html = response.content.decode()
    assert ("Mere end nu efter skat" in html) is covered
