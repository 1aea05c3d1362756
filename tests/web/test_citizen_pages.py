"""The citizen's own pages: their case in plain language, whether more hours pay in their own
fleksjob (before and after tax), and everything held about them as self-service, audited."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from fleksjob.accounts.models import Role, User
from fleksjob.audit.models import AuditEvent
from fleksjob.citizens.protection import protector
from fleksjob.employment.models import Employment
from fleksjob.selfservice.access import link_citizen
from tests.factories import PositionFactory, in_fleksjob_since_2021

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_fleksjob(personas):
    case = in_fleksjob_since_2021()
    position = PositionFactory(employer__municipality_id="350")
    job = Employment.objects.create(
        citizen=case.citizen,
        approval=case,
        employer=position.employer,
        position=position,
        kind="fleksjob",
        start=dt.date(2021, 9, 1),
        hourly_wage=Decimal(200),
    )
    job.hours_history.create(valid_from=dt.date(2021, 9, 1), hours_per_week=Decimal(20))
    user = User.objects.create_user("borger.test", role=Role.CITIZEN)
    link_citizen(user, case.citizen)
    client = Client()
    client.force_login(user)
    return case.citizen, client


def test_the_citizen_sees_whether_more_hours_pay(in_fleksjob):
    _citizen, client = in_fleksjob
    html = client.get(reverse("selfservice:home")).content.decode()
    assert 'data-testid="my-outlook"' in html
    assert "Kan det betale sig at arbejde flere timer?" in html
    assert "Efter skat" in html  # Lejre's own tax rate is in the rule data
    assert "20 (nu)" in html and ">25<" in html


def test_the_citizen_gets_everything_held_about_them(in_fleksjob):
    citizen, client = in_fleksjob
    page = client.get(reverse("my_data:export"))
    assert page.status_code == 200 and 'data-testid="my-data"' in page.content.decode()
    printed = client.post(reverse("my_data:export"), {"format": "html"})
    assert printed.status_code == 200
    assert citizen.full_name in printed.content.decode()
    assert reverse("citizens:list") not in printed.content.decode()  # no staff links
    download = client.post(reverse("my_data:export"), {"format": "json"})
    assert download["Content-Disposition"].startswith("attachment")
    data = json.loads(download.content)
    digits = protector().decrypt(citizen.cpr_encrypted)
    assert data["citizen"][0]["cpr"] == f"{digits[:6]}-{digits[6:]}"
    assert (
        AuditEvent.objects.filter(
            action="export", citizen_id=citizen.pk, username="borger.test"
        ).count()
        == 2
    )
    assert client.post(reverse("my_data:export"), {"format": "xml"}).status_code == 400
