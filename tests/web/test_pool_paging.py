"""A pool's page pages its waiting list, its open pool jobs and its applications, each with a
page parameter of its own (``ui/paging.py``), with the project's pagination links."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from fleksjob.accounts.models import Role, User
from fleksjob.audit.models import AuditEvent
from fleksjob.core.versions import version_of
from fleksjob.pools.actions import apply_for_place, decide_application, place_in_pool_job, save_pool
from tests.factories import ApprovalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_pool(personas, settings):
    """A pool of 3 places, all in pool jobs (starting on three days), and 3 on the waiting list;
    pages of 2 rows."""
    settings.FLEKSJOB = {**settings.FLEKSJOB, "PAGE_SIZE": 2}
    manager = User.objects.create_user("leder.lejre", role=Role.MANAGER, municipality_id="350")
    caseworker, visitation = personas["sagsbehandler.lejre"], personas["visitation.lejre"]
    pool = save_pool(manager, name="Pulje", kind="full_wage", annual_cap=10**7, places=3)
    jobs, waiting = [], []
    today = timezone.localdate()
    for n in range(6):
        citizen = ApprovalFactory(citizen__municipality_id="350").citizen
        applied = apply_for_place(caseworker, pool, citizen, motivation="Puljejob")
        decided = decide_application(
            visitation, applied, approve=True, expected_version=version_of(applied)
        )
        if n < 3:
            assert decided.status == "approved"
            place_in_pool_job(
                caseworker,
                decided,
                workplace=f"Arbejdsplads {n}",
                weekly_hours=10,
                monthly_cost=20_000,
                start=today + dt.timedelta(days=n),
            )
            jobs.append(citizen)
        else:
            assert decided.status == "waiting"
            waiting.append(decided)
    return {"pool": pool, "manager": manager, "jobs": jobs, "waiting": waiting}


def _page(login, pool, **params):
    response = login("visitation.lejre").get(reverse("pools:detail", args=[pool.pk]), params)
    assert response.status_code == 200
    return response, response.content.decode()


def _section(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.index("</section>", start)]


def test_the_waiting_list_pages_in_line_order(full_pool, login):
    pool, waiting = full_pool["pool"], full_pool["waiting"]
    first, _page1 = _page(login, pool)
    block = _section(_page1, "waiting")
    assert [a.pk for a in first.context["waiting"]["page_obj"]] == [w.pk for w in waiting[:2]]
    for a in waiting[:2]:
        assert a.citizen.last_name in block
    assert waiting[2].citizen.last_name not in block
    assert '<ol start="1">' in block and "Side 1 af 2 (3 i alt)" in block
    assert 'href="?venteliste=2"' in block
    assert '<span class="badge">3</span>' in block  # the whole list's length, not the page's
    # Across the boundary: the third in line, numbered 3.
    second, html = _page(login, pool, venteliste=2)
    block = _section(html, "waiting")
    assert [a.pk for a in second.context["waiting"]["page_obj"]] == [waiting[2].pk]
    assert '<ol start="3">' in block and waiting[2].citizen.last_name in block
    assert waiting[0].citizen.last_name not in block
    assert 'href="?venteliste=1"' in block
    # The other lists stay on their first page.
    assert second.context["jobs"]["page_obj"].number == 1


def test_only_the_first_in_line_gets_the_free_place_button(full_pool, login):
    pool, waiting = full_pool["pool"], full_pool["waiting"]
    pool = save_pool(
        full_pool["manager"],
        pool,
        name=pool.name,
        kind=pool.kind,
        annual_cap=pool.annual_cap,
        places=4,
        expected_version=version_of(pool),
    )
    _response, html = _page(login, pool)
    grant = reverse("pools:grant", args=[waiting[0].pk])
    assert html.count('data-testid="grant"') == 1 and f'action="{grant}"' in html
    _response, html = _page(login, pool, venteliste=2)
    assert 'data-testid="grant"' not in html


def test_the_pool_jobs_page_on_their_own(full_pool, login):
    pool, citizens = full_pool["pool"], full_pool["jobs"]
    first, html = _page(login, pool, venteliste=2)
    block = _section(html, "jobs")
    # Oldest start first; the next link keeps the waiting list's page.
    assert [j.citizen_id for j in first.context["jobs"]["page_obj"]] == [c.pk for c in citizens[:2]]
    assert citizens[2].last_name not in block
    assert 'href="?venteliste=2&amp;puljejob=2"' in block
    second, html = _page(login, pool, venteliste=2, puljejob=2)
    block = _section(html, "jobs")
    assert [j.citizen_id for j in second.context["jobs"]["page_obj"]] == [citizens[2].pk]
    assert citizens[2].last_name in block and citizens[0].last_name not in block
    assert second.context["waiting"]["page_obj"].number == 2
    # The page's read names exactly the citizens it showed: the third in line, the third pool
    # job's citizen and the applications' first page (the newest two: the waiting list's last).
    event = AuditEvent.objects.filter(action="search", detail="fleksjobpulje").latest("pk")
    shown = {int(pk) for pk in event.citizen_ids.strip(",").split(",")}
    waiting = full_pool["waiting"]
    assert shown == {waiting[2].citizen_id, citizens[2].pk, waiting[1].citizen_id}


def test_a_page_beyond_the_end_shows_the_last(full_pool, login):
    response, _html = _page(login, full_pool["pool"], venteliste=99, puljejob="x")
    assert response.context["waiting"]["page_obj"].number == 2
    assert response.context["jobs"]["page_obj"].number == 1
