"""Case ownership (issue 14): each case has a responsible caseworker (and a named consultant);
the caseload, home page and reminders are per person; managers reassign (one case or the
selected ones, audited), caseworkers take cases from the queue of unassigned ones."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import reverse

from fleksjob.accounts.models import ApiToken, Role, User
from fleksjob.audit.models import AuditEvent
from fleksjob.citizens.models import Approval
from fleksjob.citizens.ownership import NO_SUCH, assign_case, assign_cases
from fleksjob.core.errors import InvalidField, Refused
from fleksjob.followup import reminders
from fleksjob.followup.actions import agree_plan
from fleksjob.followup.models import Reminder
from tests.factories import ApprovalFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def staff(personas):
    make = User.objects.create_user
    return {
        **personas,
        "leder.lejre": make(
            "leder.lejre", role=Role.MANAGER, municipality_id="350", email="leder@lejre.invalid"
        ),
        "sagsbehandler2.lejre": make(
            "sagsbehandler2.lejre",
            role=Role.CASEWORKER,
            municipality_id="350",
            email="sb2@lejre.invalid",
            first_name="Søren",
            last_name="Second",
        ),
        "konsulent.lejre": make("konsulent.lejre", role=Role.CONSULTANT, municipality_id="350"),
    }


@pytest.fixture
def cases(staff):
    """Three Lejre cases: Louise's, the second caseworker's, and one in the queue; one in
    Rudersdal."""
    return {
        "mine": ApprovalFactory(
            citizen__last_name="Andersen", caseworker=staff["sagsbehandler.lejre"]
        ),
        "colleague": ApprovalFactory(
            citizen__last_name="Bech", caseworker=staff["sagsbehandler2.lejre"]
        ),
        "queue": ApprovalFactory(citizen__last_name="Christensen"),
        "rudersdal": ApprovalFactory(
            citizen__municipality_id="230",
            citizen__last_name="Dam",
            caseworker=staff["sagsbehandler.rudersdal"],
        ),
    }


@pytest.fixture
def login(staff):
    """A test client logged in as the named user (the personas and the Lejre staff above)."""

    def _login(username: str) -> Client:
        client = Client()
        client.force_login(staff[username])
        return client

    return _login


def _holders(approval) -> tuple:
    approval.refresh_from_db()
    return approval.caseworker_id, approval.consultant_id


# --- the write functions --------------------------------------------------------------------


def test_a_manager_assigns_a_caseworker_and_a_consultant_audited(staff, cases):
    case = cases["queue"]
    assign_case(
        staff["leder.lejre"], case, caseworker="sagsbehandler2.lejre", consultant="konsulent.lejre"
    )
    assert _holders(case) == (staff["sagsbehandler2.lejre"].pk, staff["konsulent.lejre"].pk)
    audit = AuditEvent.objects.filter(object_type="Approval", object_id=str(case.pk)).get()
    assert audit.username == "leder.lejre" and audit.citizen_id == case.citizen_id
    assert audit.detail == (
        "ansvarlig sagsbehandler: – → sagsbehandler2.lejre; fleksjobformidler: – → konsulent.lejre"
    )
    # Cleared again: the case is back in the queue.
    assign_case(staff["leder.lejre"], case, caseworker=None)
    assert _holders(case) == (None, staff["konsulent.lejre"].pk)
    assert Approval.objects.unassigned().filter(pk=case.pk).exists()


@pytest.mark.parametrize(
    "name",
    [
        "sagsbehandler.rudersdal",  # a caseworker elsewhere
        "findes.ikke",  # nobody
        "konsulent.lejre",  # own municipality, wrong role
        "leder.lejre",  # own municipality, a manager
    ],
)
def test_no_assignment_outside_the_municipality_or_role_and_one_answer_for_all(staff, cases, name):
    """A hostile insider can neither assign to another municipality's user nor learn which user
    names exist there: the same refusal, word for word, for every name that cannot be assigned."""
    with pytest.raises(InvalidField) as refused:
        assign_case(staff["leder.lejre"], cases["queue"], caseworker=name)
    assert (refused.value.field, str(refused.value)) == ("caseworker", NO_SUCH["caseworker"])
    assert name not in str(refused.value)
    assert _holders(cases["queue"]) == (None, None)
    with pytest.raises(InvalidField) as refused:
        assign_case(staff["leder.lejre"], cases["queue"], consultant="konsulent.aarhus")
    assert str(refused.value) == NO_SUCH["consultant"]


def test_a_deactivated_caseworker_cannot_be_assigned_and_their_cases_go_to_the_queue(staff, cases):
    User.objects.filter(username="sagsbehandler2.lejre").update(is_active=False)
    with pytest.raises(InvalidField):
        assign_case(staff["leder.lejre"], cases["queue"], caseworker="sagsbehandler2.lejre")
    queue = set(Approval.objects.visible_to(staff["leder.lejre"]).unassigned())
    assert queue == {cases["colleague"], cases["queue"]}


def test_a_caseworker_takes_an_unassigned_case_but_moves_no_one_elses(staff, cases):
    me = staff["sagsbehandler.lejre"]
    assign_case(me, cases["queue"], caseworker="sagsbehandler.lejre")
    assert _holders(cases["queue"]) == (me.pk, None)
    with pytest.raises(Refused):  # the colleague's case is theirs until a manager moves it
        assign_case(me, cases["colleague"], caseworker="sagsbehandler.lejre")
    with pytest.raises(PermissionDenied):  # giving a case to someone else is the manager's
        assign_case(me, cases["mine"], caseworker="sagsbehandler2.lejre")
    with pytest.raises(PermissionDenied):
        assign_case(me, cases["mine"], consultant="konsulent.lejre")
    with pytest.raises(PermissionDenied):  # consultants do not fordele cases
        assign_case(staff["konsulent.lejre"], cases["queue"], caseworker="konsulent.lejre")
    assert _holders(cases["colleague"]) == (staff["sagsbehandler2.lejre"].pk, None)


def test_another_municipality_case_is_not_found_and_ended_cases_are_refused(staff, cases):
    with pytest.raises(Http404):
        assign_case(staff["leder.rudersdal"], cases["queue"], caseworker="sagsbehandler.rudersdal")
    ended = ApprovalFactory(status="ended", ended_reason="pension")
    with pytest.raises(Refused):
        assign_case(staff["leder.lejre"], ended, caseworker="sagsbehandler.lejre")


def test_bulk_assignment_is_all_or_none_and_audits_each_case(staff, cases):
    manager = staff["leder.lejre"]
    ids = [cases["mine"].pk, cases["queue"].pk]
    # A case of another municipality among the selected ones: refused as if it did not exist,
    # and nothing is written.
    with pytest.raises(InvalidField) as refused:
        assign_cases(manager, [*ids, cases["rudersdal"].pk], caseworker="sagsbehandler2.lejre")
    assert refused.value.field == "cases"
    with pytest.raises(InvalidField) as unknown:
        assign_cases(manager, [*ids, 987654], caseworker="sagsbehandler2.lejre")
    assert str(unknown.value) == str(refused.value)
    assert _holders(cases["queue"]) == (None, None)
    assert not AuditEvent.objects.filter(object_type="Approval").exists()

    changed = assign_cases(manager, ids, caseworker="sagsbehandler2.lejre")
    assert changed == 2
    worker = staff["sagsbehandler2.lejre"].pk
    assert _holders(cases["mine"]) == _holders(cases["queue"]) == (worker, None)
    events = AuditEvent.objects.filter(object_type="Approval").order_by("object_id")
    assert [e.object_id for e in events] == sorted(str(pk) for pk in ids)
    assert {e.citizen_id for e in events} == {cases["mine"].citizen_id, cases["queue"].citizen_id}
    # Again: nothing changes, nothing more is logged.
    assert assign_cases(manager, ids, caseworker="sagsbehandler2.lejre") == 0
    assert events.count() == 2
    with pytest.raises(InvalidField):
        assign_cases(manager, [], caseworker="sagsbehandler2.lejre")


def test_a_caseworker_takes_queued_cases_in_bulk_only_when_all_are_unassigned(staff, cases):
    me = staff["sagsbehandler.lejre"]
    other = ApprovalFactory()
    with pytest.raises(Refused):
        assign_cases(me, [cases["queue"].pk, cases["colleague"].pk], caseworker=me.username)
    assert _holders(cases["queue"]) == (None, None)
    assert assign_cases(me, [cases["queue"].pk, other.pk], caseworker=me.username) == 2
    assert set(Approval.objects.owned_by(me)) == {cases["mine"], cases["queue"], other}


# --- per person: caseload, home page, reminders ----------------------------------------------


def _rows(html: str) -> list[str]:
    table = html[html.find("<tbody>") : html.find("</tbody>")] if "<tbody>" in html else ""
    names = ("Andersen", "Bech", "Christensen", "Dam")
    return sorted((n for n in names if n in table), key=table.index)


def test_the_caseload_is_mine_by_default_with_the_queue_and_the_whole_municipality(
    staff, cases, login
):
    client = login("sagsbehandler.lejre")
    page = client.get(reverse("citizens:list")).content.decode()
    assert _rows(page) == ["Andersen"] and "Mine sager" in page
    page = client.get(reverse("citizens:list") + "?owner=unassigned").content.decode()
    assert _rows(page) == ["Christensen"]
    assert 'data-testid="bulk-assign"' in page  # the queue's cases can be taken in bulk
    page = client.get(reverse("citizens:list") + "?owner=all").content.decode()
    assert _rows(page) == ["Andersen", "Bech", "Christensen"]
    # The manager starts on the whole municipality and filters one caseworker's cases.
    manager = login("leder.lejre")
    page = manager.get(reverse("citizens:list")).content.decode()
    assert _rows(page) == ["Andersen", "Bech", "Christensen"]
    worker = staff["sagsbehandler2.lejre"]
    page = manager.get(reverse("citizens:list") + f"?owner=u{worker.pk}").content.decode()
    assert _rows(page) == ["Bech"]


def test_an_empty_caseload_says_where_to_look(staff, login):
    ApprovalFactory(citizen__last_name="Christensen")
    page = login("sagsbehandler.lejre").get(reverse("citizens:list")).content.decode()
    assert "Du er ikke ansvarlig for nogen sager" in page
    assert "?owner=unassigned" in page


def test_the_caseworker_home_page_counts_only_own_cases(staff, cases, login):
    ApprovalFactory(caseworker=staff["sagsbehandler2.lejre"], status="in_fleksjob")
    page = login("sagsbehandler.lejre").get("/").content.decode()
    figures = page[page.find('data-testid="key-figures"') :]
    assert '<span class="value">1</span>aktive fleksjobsager' in figures.replace("\n", "")
    assert "1 ufordelt sag venter i køen" in page
    manager = login("leder.lejre").get("/").content.decode()
    assert '<span class="value">4</span>aktive fleksjobsager' in manager.replace("\n", "")
    assert "1 ufordelt sag i køen" in manager


def _plan(user, approval, days_overdue: int):
    agree_plan(
        user,
        approval,
        purpose="foothold",
        cadence_weeks=4,
        agreed_on=TODAY - dt.timedelta(weeks=4, days=days_overdue),
    )


def test_reminders_go_to_the_responsible_caseworker_only(staff, cases):
    """Before issue 14 every caseworker of the municipality got every case's reminder."""
    me = staff["sagsbehandler.lejre"]
    for name, days in (("mine", 3), ("colleague", 2), ("queue", 1), ("rudersdal", 1)):
        _plan(me if name != "rudersdal" else staff["sagsbehandler.rudersdal"], cases[name], days)
    report = reminders.send_due_reminders(today=TODAY, limit=100)
    assert (report.sent, report.skipped_no_recipient, report.emails) == (3, 1, 3)
    by_address = {m.to[0]: m.body for m in mail.outbox}
    assert set(by_address) == {
        "sagsbehandler.lejre@demo.invalid",
        "sb2@lejre.invalid",
        "sagsbehandler.rudersdal@demo.invalid",
    }
    link = "/borgere/{}/".format
    assert link(cases["mine"].citizen_id) in by_address["sagsbehandler.lejre@demo.invalid"]
    assert link(cases["colleague"].citizen_id) not in by_address["sagsbehandler.lejre@demo.invalid"]
    assert link(cases["colleague"].citizen_id) in by_address["sb2@lejre.invalid"]
    for body in by_address.values():
        assert link(cases["queue"].citizen_id) not in body
    # The unassigned case's reminder is settled as having no recipient, shown to the manager.
    queued = Reminder.objects.get(plan__approval=cases["queue"])
    assert queued.outcome == "no_recipient"
    assert report.by_municipality == {"350": 2, "230": 1}


# --- pages -----------------------------------------------------------------------------------


def test_the_manager_reassigns_on_the_case_page_and_errors_name_no_user(staff, cases, login):
    client = login("leder.lejre")
    url = reverse("citizens:assign", args=[cases["queue"].citizen_id])
    page = client.get(url)
    assert page.status_code == 200 and "sagsbehandler2.lejre" in page.content.decode()
    assert "sagsbehandler.rudersdal" not in page.content.decode()  # only own colleagues offered
    refused = client.post(url, {"caseworker": "sagsbehandler.rudersdal", "consultant": "-"})
    body = refused.content.decode()
    assert refused.status_code == 422 and "ingen aktiv sagsbehandler" in body
    assert "sagsbehandler.rudersdal" not in body
    done = client.post(url, {"caseworker": "sagsbehandler2.lejre", "consultant": "-"})
    assert done.status_code == 302
    assert _holders(cases["queue"]) == (staff["sagsbehandler2.lejre"].pk, None)
    detail = client.get(done.url).content.decode()
    assert "sagsbehandler2.lejre" in detail and "Skift ansvarlig" in detail


def test_a_caseworker_takes_a_case_from_its_page(staff, cases, login):
    client = login("sagsbehandler.lejre")
    url = reverse("citizens:assign", args=[cases["queue"].citizen_id])
    assert 'data-testid="take-form"' in client.get(url).content.decode()
    assert client.post(url, {"take": "1"}).status_code == 302
    assert _holders(cases["queue"]) == (staff["sagsbehandler.lejre"].pk, None)
    taken = reverse("citizens:assign", args=[cases["colleague"].citizen_id])
    assert 'data-testid="take-form"' not in client.get(taken).content.decode()
    assert client.post(taken, {"take": "1"}).status_code == 409
    assert client.post(taken, {"caseworker": "sagsbehandler.lejre"}).status_code == 403
    # Another municipality's case: 404, as for a case that does not exist.
    other = reverse("citizens:assign", args=[cases["rudersdal"].citizen_id])
    assert client.get(other).status_code == 404


def test_bulk_reassignment_from_the_caseload_list(staff, cases, login):
    client = login("leder.lejre")
    ids = [cases["mine"].pk, cases["queue"].pk]
    back = reverse("citizens:list") + "?owner=all"
    response = client.post(
        reverse("citizens:assign_bulk"),
        {"cases": ids, "caseworker": "sagsbehandler2.lejre", "consultant": "", "next": back},
    )
    assert response.status_code == 302 and response.url == back
    assert "2 sager er fordelt." in client.get(response.url).content.decode()
    worker = staff["sagsbehandler2.lejre"].pk
    assert _holders(cases["mine"])[0] == _holders(cases["queue"])[0] == worker
    # A foreign id among them: nothing is written, and the message names no case.
    response = client.post(
        reverse("citizens:assign_bulk"),
        {"cases": [cases["mine"].pk, cases["rudersdal"].pk], "caseworker": "-"},
    )
    page = client.get(response.url).content.decode()
    assert "Sagerne er ikke fordelt: en eller flere af de valgte sager findes ikke." in page
    assert _holders(cases["mine"])[0] == worker
    assert _holders(cases["rudersdal"])[0] == staff["sagsbehandler.rudersdal"].pk
    # Off-site "next" is not followed.
    response = client.post(
        reverse("citizens:assign_bulk"),
        {"cases": [cases["mine"].pk], "caseworker": "-", "next": "https://evil.example/"},
    )
    assert response.url == reverse("citizens:list")


def test_the_team_view_shows_caseload_per_caseworker_and_the_queue(staff, cases, login):
    assign_case(staff["leder.lejre"], cases["mine"], consultant="konsulent.lejre")
    page = login("leder.lejre").get(reverse("citizens:team"))
    assert page.status_code == 200
    html = page.content.decode()
    per_worker = html[html.find('data-testid="caseload-per-caseworker"') :]
    for worker, n in (("sagsbehandler.lejre", 1), ("sagsbehandler2.lejre", 1)):
        pk = staff[worker].pk
        assert f"<td>{worker}</td>" in per_worker
        assert f'?owner=u{pk}">{n}</a>' in per_worker
    assert "sagsbehandler.rudersdal" not in html
    queue = html[html.find('data-testid="queue-count"') :]
    assert queue.startswith('data-testid="queue-count"><span class="value">1</span>')
    assert "konsulent.lejre" in html[html.find('data-testid="caseload-per-consultant"') :]
    assert login("sagsbehandler.lejre").get(reverse("citizens:team")).status_code == 403


# --- API -------------------------------------------------------------------------------------


def test_the_api_shows_and_sets_who_is_responsible(staff, cases):
    def call(username, method, path, body=None):
        token = ApiToken.issue(staff[username])[1]
        kwargs = {"content_type": "application/json", "data": json.dumps(body)} if body else {}
        return getattr(Client(), method)(
            path, headers={"Authorization": f"Bearer {token}"}, **kwargs
        )

    citizen = cases["queue"].citizen_id
    path = f"/api/v1/citizens/{citizen}/responsible"
    assert call("sagsbehandler.lejre", "get", path).json() == {
        "approval": cases["queue"].pk,
        "caseworker": None,
        "consultant": None,
    }
    body = {"caseworker": "sagsbehandler2.lejre", "consultant": "konsulent.lejre"}
    response = call("leder.lejre", "put", path, body)
    assert response.status_code == 200, response.content
    assert response.json()["caseworker"] == "sagsbehandler2.lejre"
    profile = call("sagsbehandler.lejre", "get", f"/api/v1/citizens/{citizen}").json()
    assert (profile["caseworker"], profile["consultant"]) == (
        "sagsbehandler2.lejre",
        "konsulent.lejre",
    )
    approvals = call("sagsbehandler.lejre", "get", f"/api/v1/citizens/{citizen}/approvals")
    assert approvals.json()["items"][0]["caseworker"] == "sagsbehandler2.lejre"
    listed = call("sagsbehandler.lejre", "get", "/api/v1/citizens/").json()["items"]
    assert {c["id"]: c["caseworker"] for c in listed}[cases["mine"].citizen_id] == (
        "sagsbehandler.lejre"
    )
    # One answer for a user elsewhere and for no user at all.
    elsewhere = call("leder.lejre", "put", path, {"caseworker": "sagsbehandler.rudersdal"})
    unknown = call("leder.lejre", "put", path, {"caseworker": "findes.ikke"})
    assert elsewhere.status_code == unknown.status_code == 422
    assert elsewhere.json() == unknown.json()
    assert "rudersdal" not in elsewhere.content.decode()
    # Only managers move a held case; a caseworker gets 403, another municipality 404.
    assert call("sagsbehandler.lejre", "put", path, {"consultant": None}).status_code == 403
    assert call("leder.rudersdal", "put", path, {"caseworker": None}).status_code == 404
    assert call("leder.lejre", "put", path, {}).status_code == 422
    assert _holders(cases["queue"]) == (
        staff["sagsbehandler2.lejre"].pk,
        staff["konsulent.lejre"].pk,
    )


# --- the demo --------------------------------------------------------------------------------


def test_the_demo_gives_the_personas_their_own_cases_and_leaves_a_queue(personas, client):
    from fleksjob.demo.caseload import assign_demo_caseloads

    lejre = [ApprovalFactory() for _ in range(20)]
    aarhus = [ApprovalFactory(citizen__municipality_id="751") for _ in range(6)]
    ApprovalFactory(status="ended", ended_reason="pension")
    given = assign_demo_caseloads()
    assert given == {"350": 17}  # 15 % of Lejre's 20 wait in the queue; Rudersdal has none
    me = personas["sagsbehandler.lejre"]
    assert Approval.objects.owned_by(me).count() == 17
    assert Approval.objects.filter(pk__in=[a.pk for a in lejre]).unassigned().count() == 3
    # Aarhus has no caseworker persona: its cases wait in the queue; nothing is re-dealt later.
    assert (
        Approval.objects.filter(pk__in=[a.pk for a in aarhus], caseworker__isnull=False).count()
        == 0
    )
    assert assign_demo_caseloads() == {}
    client.force_login(me)
    page = client.get(reverse("citizens:list")).content.decode()
    rows = page[page.find("<tbody>") : page.find("</tbody>")]
    assert rows.count("<tr>") == 17 and "ufordelt" not in rows


def test_a_transferred_case_arrives_in_the_receiving_queue(staff, cases):
    """The sending municipality's caseworker and consultant do not come along: after a release
    the case waits in the receiving municipality's queue, and the old caseworker's reminders,
    caseload and home page no longer name it."""
    from fleksjob.citizens.protection import protector
    from fleksjob.transfers.actions import release_transfer, request_transfer

    case = cases["mine"]
    assign_case(staff["leder.lejre"], case, consultant="konsulent.lejre")
    cpr = protector().decrypt(case.citizen.cpr_encrypted)
    transfer = request_transfer(staff["sagsbehandler.rudersdal"], cpr=cpr)
    release_transfer(staff["leder.lejre"], transfer)
    assert _holders(case) == (None, None)
    rudersdal = Approval.objects.visible_to(staff["leder.rudersdal"])
    assert case in set(rudersdal.unassigned())
    assert not Approval.objects.owned_by(staff["sagsbehandler.lejre"]).filter(pk=case.pk).exists()
