"""The citizen page shows the rules engine's view of the case: deadlines, jobsamtaler, income."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fleksjob.citizens.models import BenefitSpell
from fleksjob.core.rules import rules_for
from fleksjob.core.rules.deadlines import add_months
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


def test_fleksjobber_sees_income_at_more_hours(login):
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
    response = login("sagsbehandler.lejre").get(f"/borgere/{approval.citizen_id}/")
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
