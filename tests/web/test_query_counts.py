"""Pages run a bounded number of queries however many records they list."""

import pytest
from django.urls import reverse
from django.utils import timezone

from fleksjob.employers.models import PositionTask
from tests.factories import ApprovalFactory, PositionFactory, past_fleksjob

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("n", [3, 30])
def test_caseload_queries_do_not_grow_with_cases(login, django_assert_max_num_queries, n):
    ApprovalFactory.create_batch(n)
    client = login("sagsbehandler.lejre")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("citizens:list")).status_code == 200


@pytest.mark.parametrize("n", [3, 30])
def test_employer_list_and_consultant_home_are_bounded(login, django_assert_max_num_queries, n):
    PositionFactory.create_batch(n, employer__municipality_id="751")
    client = login("konsulent.aarhus")
    with django_assert_max_num_queries(10):
        assert client.get(reverse("employers:list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("n", [2, 20])
def test_caseworker_home_is_bounded(login, personas, django_assert_max_num_queries, n):
    # The caseworker's own cases (the home page is per person), and as many in the queue.
    ApprovalFactory.create_batch(
        n, citizen__municipality_id="350", caseworker=personas["sagsbehandler.lejre"]
    )
    ApprovalFactory.create_batch(n, citizen__municipality_id="350")
    client = login("sagsbehandler.lejre")
    # The legal deadlines' states: one query reads the version of the municipality's facts and,
    # when it changed (here: the first view), four read the cases, their open spells, meetings
    # and review decisions, for any number of cases; one picks the caseworker's own cases. One
    # more counts the queue of unassigned cases; one lists the messages waiting for the
    # jobcentre (and one more counts them when the list is full).
    with django_assert_max_num_queries(16):
        assert client.get(reverse("home")).status_code == 200


def test_admin_pages_render_for_the_admin_persona(login):
    client = login("admin")
    for url in [
        "/admin/",
        "/admin/accounts/user/",
        "/admin/audit/auditevent/",
        "/admin/municipalities/municipality/",
    ]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("n", [2, 20])
def test_citizen_page_queries_do_not_grow_with_history(login, django_assert_max_num_queries, n):
    import datetime as dt

    from fleksjob.followup.models import FollowUpMeeting
    from tests.factories import EmployerFactory

    approval = ApprovalFactory(citizen__municipality_id="350")
    employer = EmployerFactory(municipality_id="350")
    PositionFactory.create_batch(n, employer=employer)
    for i in range(n):
        past_fleksjob(approval, employer, i)
        FollowUpMeeting.objects.create(
            citizen=approval.citizen,
            held_on=dt.date(2024, 1, 1) + dt.timedelta(days=i),
            kind="jobsamtale",
            channel="phone",
        )
    client = login("sagsbehandler.lejre")
    with django_assert_max_num_queries(24):
        assert client.get(reverse("citizens:detail", args=[approval.citizen_id])).status_code == 200


@pytest.mark.parametrize("n", [2, 20])
def test_employer_and_position_pages_are_bounded(login, django_assert_max_num_queries, n):
    positions = PositionFactory.create_batch(n, employer__municipality_id="751")
    ApprovalFactory.create_batch(n, citizen__municipality_id="751")
    client = login("konsulent.aarhus")
    employer = positions[0].employer
    with django_assert_max_num_queries(12):
        assert client.get(reverse("employers:detail", args=[employer.pk])).status_code == 200
    # Job crafting: the position described as n tasks (the page lists them all, at most 30).
    for i in range(n):
        PositionTask.objects.create(
            position=positions[0], description=f"Opgave {i}", hours=1, skills=["writing"]
        )
    url = reverse("employers:position_detail", args=[employer.pk, positions[0].pk])
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200
    task = positions[0].tasks.first()
    for page in (
        reverse("employers:task_edit", args=[employer.pk, positions[0].pk, task.pk]),
        reverse("employers:assemble", args=[employer.pk]),
    ):
        with django_assert_max_num_queries(8):
            assert client.get(page).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("placements:list")).status_code == 200


@pytest.mark.parametrize("n", [2, 20])
def test_offer_lists_are_bounded(login, django_assert_max_num_queries, n):
    import datetime as dt

    from fleksjob.offers.models import ActiveOffer

    today = timezone.localdate()
    for approval in ApprovalFactory.create_batch(n, citizen__municipality_id="350"):
        position = PositionFactory(employer__municipality_id="350")
        ActiveOffer.objects.create(
            citizen=approval.citizen,
            approval=approval,
            kind="practice",
            employer=position.employer,
            start=today,
            planned_end=today + dt.timedelta(weeks=2),
            weekly_hours=10,
        )
    client = login("sagsbehandler.lejre")
    for name in ("offers:list", "offers:conversions"):
        with django_assert_max_num_queries(10):
            assert client.get(reverse(name)).status_code == 200
    citizen = ActiveOffer.objects.order_by("pk").first().citizen
    with django_assert_max_num_queries(12):
        assert client.get(reverse("offers:citizen", args=[citizen.pk])).status_code == 200


@pytest.mark.parametrize("n", [2, 12])
def test_pool_pages_are_bounded(login, personas, django_assert_max_num_queries, n):

    from fleksjob.accounts.models import Role, User
    from fleksjob.core.versions import version_of
    from fleksjob.pools.actions import (
        apply_for_place,
        decide_application,
        place_in_pool_job,
        save_pool,
    )

    manager = User.objects.create_user("leder.lejre", role=Role.MANAGER, municipality_id="350")
    caseworker, visitation = personas["sagsbehandler.lejre"], personas["visitation.lejre"]
    pools = [
        save_pool(manager, name=f"Pulje {i}", kind="full_wage", annual_cap=10**6, places=n // 2)
        for i in range(n)
    ]
    for i in range(n):
        citizen = ApprovalFactory(citizen__municipality_id="350").citizen
        application = apply_for_place(caseworker, pools[0], citizen, motivation="Puljejob")
        if i % 3:
            application = decide_application(
                visitation, application, approve=True, expected_version=version_of(application)
            )
        if application.status == "approved":
            place_in_pool_job(
                caseworker,
                application,
                workplace="Kommunen",
                weekly_hours=10,
                monthly_cost=20_000,
                start=timezone.localdate(),
            )
    pages = [reverse("pools:list"), reverse("pools:detail", args=[pools[0].pk])]
    for username, urls in (
        ("sagsbehandler.lejre", pages),
        ("visitation.lejre", [*pages, reverse("pools:queue")]),
    ):
        client = login(username)
        for url in urls:
            with django_assert_max_num_queries(12):
                assert client.get(url).status_code == 200, url
