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


def test_shared_plan_message_and_submission_lists(lejre, personas):
    """Issue 15's lists: proposals, activities (with their history), threads (with their
    message count) and proposed positions."""
    from django.utils import timezone

    from fleksjob.accounts.models import Role, User
    from fleksjob.employers.models import ContactPerson
    from fleksjob.employers.submissions import save_submission
    from fleksjob.followup.agreement import answer_change, propose_activity, set_activity_status
    from fleksjob.selfservice.access import link_citizen
    from fleksjob.selfservice.messaging import reply, start_thread

    staff = personas["sagsbehandler.lejre"]
    approval = ApprovalFactory(citizen__municipality_id="350")
    citizen, today = approval.citizen, timezone.localdate()
    citizen_user = User.objects.create_user("borger.test", role=Role.CITIZEN)
    link_citizen(citizen_user, citizen)
    person = ContactPerson.objects.create(
        employer=PositionFactory(employer__municipality_id="350").employer, name="Kontakt"
    )

    def activities(n):  # agreed and moved: each has a proposal and a history row
        for i in range(n):
            p = propose_activity(
                staff, approval, title=f"A{i}", kind="course", starts_on=today, owner="citizen"
            )
            answer_change(citizen_user, p, accept=True, expected_version="*")
            set_activity_status(staff, p.activity, status="in_progress", expected_version="*")

    def threads(n):
        for i in range(n):
            reply(staff, start_thread(staff, citizen, subject=f"T{i}", body="Hej"), body="Igen")

    def submissions(n):
        for i in range(n):
            save_submission(
                staff,
                person,
                None,
                title=f"Jurist {i}",
                occupation="2611",
                tasks=[{"description": "Kontrakter", "hours": 8, "skills": ["law_contracts"]}],
                send=True,
            )

    base = f"/api/v1/citizens/{citizen.pk}"
    _assert_flat(lejre, f"{base}/plan-activities", activities)
    _assert_flat(lejre, f"{base}/plan-proposals", activities)
    _assert_flat(lejre, f"{base}/message-threads", threads)
    _assert_flat(lejre, "/api/v1/position-submissions/", submissions)
