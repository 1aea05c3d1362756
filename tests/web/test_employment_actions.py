"""The employment app's write functions: starting a fleksjob, changing its weekly hours and
ending it, each in one transaction, audited, scoped to the user's municipality."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fleksjob.audit.models import AuditEvent
from fleksjob.citizens.models import BenefitSpell
from fleksjob.core.errors import InvalidField
from fleksjob.employment.actions import (
    EmploymentError,
    HireTerms,
    change_hours,
    end_employment,
    start_fleksjob,
)
from fleksjob.employment.models import Employment
from tests.factories import ApprovalFactory, PositionFactory, unemployed_since_2024

pytestmark = pytest.mark.django_db

START = dt.date(2026, 4, 1)


@pytest.fixture
def user(personas):
    return personas["sagsbehandler.lejre"]


@pytest.fixture
def approval():
    return unemployed_since_2024()


@pytest.fixture
def job(user, approval):
    position = PositionFactory(employer__municipality_id="350")
    return start_fleksjob(user, approval, position, HireTerms(START, Decimal(10), Decimal(180)))


def _hours(job: Employment) -> list[tuple[dt.date, Decimal]]:
    return list(job.hours_history.values_list("valid_from", "hours_per_week"))


def test_starting_a_fleksjob_moves_the_case_and_ends_the_benefit(job, approval):
    assert (job.kind, job.start, job.hourly_wage) == ("fleksjob", START, Decimal(180))
    assert _hours(job) == [(START, Decimal(10))]
    approval.refresh_from_db()
    assert (approval.status, approval.status_since) == ("in_fleksjob", START)
    assert approval.first_fleksjob_start == START
    assert BenefitSpell.objects.get(approval=approval).end == START - dt.timedelta(days=1)
    assert AuditEvent.objects.filter(object_type="Employment", detail="fleksjob ansat").exists()


def test_a_fleksjob_on_an_ended_case_is_refused_and_nothing_is_written(user):
    ended = ApprovalFactory(
        citizen__municipality_id="350", status="ended", ended_reason="state_pension"
    )
    position = PositionFactory(employer__municipality_id="350")
    with pytest.raises(EmploymentError, match="afsluttet"):
        start_fleksjob(user, ended, position, HireTerms(START, Decimal(10), Decimal(180)))
    assert not Employment.objects.exists()


@pytest.mark.parametrize(
    ("hours", "wage", "field"),
    [
        (Decimal(0), Decimal(180), "hours_per_week"),
        (Decimal("37.5"), Decimal(180), "hours_per_week"),
        (Decimal(10), Decimal(0), "hourly_wage"),
    ],
)
def test_terms_the_record_cannot_hold_name_their_field(user, approval, hours, wage, field):
    position = PositionFactory(employer__municipality_id="350")
    with pytest.raises(InvalidField) as refused:
        start_fleksjob(user, approval, position, HireTerms(START, hours, wage))
    assert refused.value.field == field
    assert not Employment.objects.exists()


def test_changing_hours_adds_a_step_and_a_second_change_on_a_day_replaces_it(user, job):
    later = START + dt.timedelta(days=90)
    change_hours(user, job, valid_from=later, hours_per_week=Decimal(14))
    change_hours(user, job, valid_from=later, hours_per_week=Decimal("15.5"))
    assert _hours(job) == [(START, Decimal(10)), (later, Decimal("15.5"))]
    assert AuditEvent.objects.filter(detail="timer pr. uge ændret").count() == 2


@pytest.mark.parametrize(
    ("days", "hours", "field"),
    [
        (-1, Decimal(12), "valid_from"),
        (30, Decimal(0), "hours_per_week"),
        (30, Decimal(38), "hours_per_week"),
    ],
)
def test_hours_outside_the_employment_or_the_range_are_refused(user, job, days, hours, field):
    with pytest.raises(InvalidField) as refused:
        change_hours(user, job, valid_from=START + dt.timedelta(days=days), hours_per_week=hours)
    assert refused.value.field == field
    assert _hours(job) == [(START, Decimal(10))]


def test_ending_an_employment_closes_it_once(user, job):
    last = START + dt.timedelta(days=200)
    ended = end_employment(user, job, on=last)
    assert Employment.objects.get(pk=job.pk).end == last == ended.end
    with pytest.raises(EmploymentError, match="allerede"):
        end_employment(user, job, on=last)
    with pytest.raises(EmploymentError, match="afsluttet"):
        change_hours(user, job, valid_from=last + dt.timedelta(days=1), hours_per_week=Decimal(5))
    assert AuditEvent.objects.filter(detail="ansættelse afsluttet").count() == 1


def test_an_end_before_the_start_or_before_recorded_hours_is_refused(user, job):
    change_hours(user, job, valid_from=START + dt.timedelta(days=60), hours_per_week=Decimal(12))
    for day in (START - dt.timedelta(days=1), START + dt.timedelta(days=59)):
        with pytest.raises(InvalidField) as refused:
            end_employment(user, job, on=day)
        assert refused.value.field == "end"
    assert Employment.objects.get(pk=job.pk).end is None


def test_another_municipalitys_employment_is_not_found(personas, job):
    other = personas["sagsbehandler.rudersdal"]
    with pytest.raises(Employment.DoesNotExist):
        change_hours(other, job, valid_from=START, hours_per_week=Decimal(20))
    with pytest.raises(Employment.DoesNotExist):
        end_employment(other, job, on=START)
    assert _hours(job) == [(START, Decimal(10))] and Employment.objects.get(pk=job.pk).end is None
