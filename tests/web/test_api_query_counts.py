"""The API's list and detail endpoints run the same number of queries however many rows they
return (as tests/web/test_query_counts.py asserts for the pages): no query per row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fleksjob.employers.models import ContactLogEntry
from fleksjob.followup.models import FollowUpMeeting
from fleksjob.placements.models import Placement
from tests.factories import ApprovalFactory, EmployerFactory, PositionFactory, past_fleksjob

pytestmark = pytest.mark.django_db

FEW, MANY = 2, 12


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def _assert_flat(client, url: str, add: Callable[[int], object]) -> None:
    """The query count of ``url`` with FEW rows equals the count with MANY rows."""
    add(FEW)
    few = _queries(client, url)
    add(MANY - FEW)
    many = _queries(client, url)
    assert many == few, f"{url}: {few} queries for {FEW} rows, {many} for {MANY}"


@pytest.fixture
def lejre(login):
    return login("sagsbehandler.lejre")


def test_citizen_list(lejre):
    _assert_flat(
        lejre,
        "/api/v1/citizens/",
        lambda n: ApprovalFactory.create_batch(n, citizen__municipality_id="350"),
    )


def test_employer_and_position_lists(lejre):
    _assert_flat(
        lejre,
        "/api/v1/employers/",
        lambda n: EmployerFactory.create_batch(n, municipality_id="350"),
    )
    _assert_flat(
        lejre,
        "/api/v1/positions/",
        lambda n: PositionFactory.create_batch(n, employer__municipality_id="350"),
    )


def test_placement_list(lejre):
    position = PositionFactory(employer__municipality_id="350")

    def add(n: int) -> None:
        for approval in ApprovalFactory.create_batch(n, citizen__municipality_id="350"):
            Placement.objects.create(
                citizen=approval.citizen,
                approval=approval,
                position=position,
                stage="proposed",
                stage_since=dt.date(2025, 4, 1),
            )

    _assert_flat(lejre, "/api/v1/placements/", add)


def test_citizen_detail_and_its_lists(lejre, personas):
    approval = ApprovalFactory(citizen__municipality_id="350")
    employer = EmployerFactory(municipality_id="350")
    citizen = approval.citizen
    count = {"jobs": 0, "meetings": 0}

    def add_jobs(n: int) -> None:
        for _ in range(n):
            past_fleksjob(approval, employer, count["jobs"])
            count["jobs"] += 1

    def add_meetings(n: int) -> None:
        for _ in range(n):
            FollowUpMeeting.objects.create(
                citizen=citizen,
                held_on=dt.date(2024, 1, 1) + dt.timedelta(days=count["meetings"]),
                kind="jobsamtale",
                channel="phone",
            )
            count["meetings"] += 1

    _assert_flat(lejre, f"/api/v1/citizens/{citizen.pk}/employments", add_jobs)
    _assert_flat(lejre, f"/api/v1/citizens/{citizen.pk}/meetings", add_meetings)
    _assert_flat(
        lejre,
        f"/api/v1/citizens/{citizen.pk}/approvals",
        lambda n: ApprovalFactory.create_batch(
            n, citizen=citizen, status="ended", ended_reason="ordinary_job"
        ),
    )
    # The profile itself lists nothing, but its count must not follow the history either.
    _assert_flat(lejre, f"/api/v1/citizens/{citizen.pk}", add_jobs)


def test_employer_detail_and_contact_log(lejre, personas):
    employer = EmployerFactory(municipality_id="350")

    def add_contacts(n: int) -> None:
        for i in range(n):
            ContactLogEntry.objects.create(
                employer=employer,
                consultant=personas["sagsbehandler.lejre"],
                on=dt.date(2025, 1, 1) + dt.timedelta(days=i),
                channel="phone",
                outcome="no_need",
            )

    _assert_flat(lejre, f"/api/v1/employers/{employer.pk}/contact-log", add_contacts)
    _assert_flat(
        lejre,
        f"/api/v1/employers/{employer.pk}",
        lambda n: PositionFactory.create_batch(n, employer=employer),
    )
