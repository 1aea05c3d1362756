"""The consultants' task list of follow-ups: overdue, today and coming; settled by marking it
done (a write function, audited) or by logging a later contact with the employer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from fleksjob.accounts.models import Role, User
from fleksjob.audit.models import AuditEvent
from fleksjob.core.errors import Refused
from fleksjob.employers.actions import log_contact, settle_follow_up
from fleksjob.employers.models import ContactLogEntry
from tests.factories import EmployerFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _entry(user, employer, follow_up, on=None, **fields):
    on = on or min(follow_up, TODAY) - dt.timedelta(days=3)
    return log_contact(
        user,
        employer,
        on=on,
        channel="phone",
        outcome="follow_up",
        follow_up_on=follow_up,
        **fields,
    )


@pytest.fixture
def tasks(personas):
    me = personas["konsulent.aarhus"]
    colleague = User.objects.create_user(
        "konsulent2.aarhus", role=Role.CONSULTANT, municipality_id="751"
    )
    employers = [EmployerFactory(municipality_id="751", name=f"Firma {i} A/S") for i in range(4)]
    return {
        "me": me,
        "colleague": colleague,
        "overdue": _entry(me, employers[0], TODAY - dt.timedelta(days=2)),
        "today": _entry(me, employers[1], TODAY),
        "coming": _entry(me, employers[2], TODAY + dt.timedelta(days=9)),
        "theirs": _entry(colleague, employers[3], TODAY),
        "employers": employers,
    }


def test_my_follow_ups_overdue_today_coming(login, tasks):
    response = login("konsulent.aarhus").get(reverse("employers:follow_ups"))
    assert response.status_code == 200
    html = response.content.decode()
    rows = html.split('data-testid="follow-ups"')[1]
    assert [s.split('"')[0] for s in rows.split('data-state="')[1:]] == [
        "overdue",
        "today",
        "coming",
    ]
    assert "Firma 3 A/S" not in html  # the colleague's
    assert response.context["figures"] == {"overdue": 1, "today": 1, "coming": 1}
    everyone = login("konsulent.aarhus").get(reverse("employers:follow_ups") + "?who=all")
    assert "Firma 3 A/S" in everyone.content.decode()
    assert everyone.context["figures"] == {"overdue": 1, "today": 2, "coming": 1}
    only_today = login("konsulent.aarhus").get(reverse("employers:follow_ups") + "?when=today")
    assert [e.employer.name for e in only_today.context["page_obj"]] == ["Firma 1 A/S"]
    odd = login("konsulent.aarhus").get("/virksomheder/opfoelgninger/?who=x&when=y")
    assert odd.status_code == 200


def test_a_later_contact_settles_it_a_backdated_one_does_not(tasks):
    open_ = ContactLogEntry.objects.open_follow_ups
    employer = tasks["employers"][0]
    _entry(tasks["colleague"], employer, TODAY, on=tasks["overdue"].on - dt.timedelta(days=5))
    assert open_().filter(pk=tasks["overdue"].pk).exists()  # an older contact entered late
    log_contact(tasks["colleague"], employer, on=TODAY, channel="visit", outcome="interested")
    assert not open_().filter(pk=tasks["overdue"].pk).exists()


def test_mark_done_is_audited_refused_twice_and_scoped(login, tasks):
    entry = tasks["today"]
    url = reverse("employers:follow_up_done", args=[entry.pk])
    assert login("sagsbehandler.rudersdal").post(url).status_code == 404
    client = login("konsulent.aarhus")
    response = client.post(url, {"who": "all"})
    assert response.status_code == 302 and response.url.endswith("?who=all")
    entry.refresh_from_db()
    assert entry.follow_up_done_on == timezone.localdate()
    assert entry.follow_up_done_by == tasks["me"]
    event = AuditEvent.objects.get(detail="opfølgning udført")
    assert (event.username, event.action, event.object_id) == (
        "konsulent.aarhus",
        "update",
        str(entry.pk),
    )
    again = client.post(url, follow=True)
    assert "allerede afsluttet" in again.content.decode()
    assert AuditEvent.objects.filter(detail="opfølgning udført").count() == 1
    assert client.get(reverse("employers:follow_ups")).context["figures"]["today"] == 0
    assert client.get(url).status_code == 405


def test_settle_refuses_an_entry_without_follow_up_and_owns_its_transaction(tasks):
    plain = log_contact(
        tasks["me"], tasks["employers"][0], on=TODAY, channel="email", outcome="no_need"
    )
    with pytest.raises(Refused):
        settle_follow_up(tasks["me"], plain, on=TODAY)
    with pytest.raises(RuntimeError), transaction.atomic():
        settle_follow_up(tasks["me"], tasks["coming"], on=TODAY)


def test_home_counts_the_consultants_follow_ups(login, tasks):
    html = login("konsulent.aarhus").get(reverse("home")).content.decode()
    block = html.split('data-testid="my-follow-ups"')[1].split("</div>\n</div>")[0]
    assert [part.split("<")[0] for part in block.split('class="value">')[1:]] == ["1", "1", "1"]
    assert reverse("employers:follow_ups") in html


def test_empty_states(login, personas):
    html = login("konsulent.aarhus").get(reverse("employers:follow_ups")).content.decode()
    assert "Du har ingen åbne opfølgninger" in html
    html = login("konsulent.aarhus").get("/virksomheder/opfoelgninger/?who=all").content.decode()
    assert "Ingen åbne opfølgninger i kommunen" in html


@pytest.mark.parametrize("n", [3, 30])
def test_follow_up_list_is_bounded(login, personas, django_assert_max_num_queries, n):
    me = personas["konsulent.aarhus"]
    for i in range(n):
        _entry(me, EmployerFactory(municipality_id="751"), TODAY + dt.timedelta(days=i - 5))
    client = login("konsulent.aarhus")
    with django_assert_max_num_queries(8):
        assert client.get(reverse("employers:follow_ups") + "?who=all").status_code == 200
