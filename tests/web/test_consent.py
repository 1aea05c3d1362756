"""Consent item by item: the citizen gives and withdraws each item on Mit fleksjob, staff record
a paper consent on the citizen's page; every change is a history row and an audit event, the
single consent to share the profile stays derived (the name item), and the former single consent
became every item given."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from fleksjob.accounts.models import Role, User
from fleksjob.audit.models import AuditEvent
from fleksjob.citizens.actions import register_citizen, update_profile
from fleksjob.citizens.consent import given_by_citizen, given_items, set_consent
from fleksjob.citizens.models import Citizen, ConsentChange
from fleksjob.core.casework.consent import ITEMS, ConsentItem, Via
from fleksjob.core.errors import InvalidField, StaleVersion
from fleksjob.core.versions import version_of
from fleksjob.placements.actions import move_placement, propose_match
from fleksjob.selfservice.access import link_citizen
from tests.factories import ApprovalFactory, CitizenFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen_client():
    case = ApprovalFactory(citizen__municipality_id="350")
    user = User.objects.create_user("borger.test", role=Role.CITIZEN)
    link_citizen(user, case.citizen)
    client = Client()
    client.force_login(user)
    return case.citizen, user, client


def test_each_change_is_a_history_row_and_an_audit_event(personas):
    citizen = CitizenFactory()
    staff = personas["sagsbehandler.lejre"]
    assert set_consent(staff, citizen, ["hours", "competences"], via=Via.STAFF) == [
        (ConsentItem.COMPETENCES, True),
        (ConsentItem.HOURS, True),
    ]
    assert set_consent(staff, citizen, ["hours", "competences"], via=Via.STAFF) == []
    set_consent(staff, citizen, ["competences", "name_contact"], via=Via.STAFF)
    assert given_items(citizen) == {ConsentItem.COMPETENCES, ConsentItem.NAME_CONTACT}
    rows = list(ConsentChange.objects.filter(citizen=citizen).order_by("pk"))
    assert [(r.item, r.given, r.via, r.by_id) for r in rows] == [
        ("competences", True, "staff", staff.pk),
        ("hours", True, "staff", staff.pk),
        ("hours", False, "staff", staff.pk),
        ("name_contact", True, "staff", staff.pk),
    ]
    events = AuditEvent.objects.filter(citizen_id=citizen.pk, detail__startswith="samtykke")
    assert sorted(events.values_list("detail", flat=True)) == [
        "samtykke givet: competences (staff)",
        "samtykke givet: hours (staff)",
        "samtykke givet: name_contact (staff)",
        "samtykke trukket tilbage: hours (staff)",
    ]
    citizen.refresh_from_db()
    assert citizen.consent_share_profile and citizen.consent_recorded_at is not None


def test_the_name_item_is_what_presenting_a_candidate_needs(personas):
    staff = personas["sagsbehandler.lejre"]
    case = ApprovalFactory(citizen__municipality_id="350")
    position = PositionFactory(employer__municipality_id="350")
    placement = propose_match(staff, case.citizen, position, on=dt.date(2026, 3, 2))
    set_consent(staff, case.citizen, ["competences", "hours", "provisions"], via=Via.STAFF)
    with pytest.raises(Exception, match="samtykke"):
        move_placement(staff, placement, "presented", on=dt.date(2026, 3, 2))
    set_consent(staff, case.citizen, ["name_contact"], via=Via.STAFF)
    assert (
        move_placement(staff, placement, "presented", on=dt.date(2026, 3, 2)).stage == "presented"
    )
    set_consent(staff, case.citizen, [], via=Via.STAFF)  # withdrawn: derived boolean follows
    assert not Citizen.objects.get(pk=case.citizen.pk).consent_share_profile


def test_stale_version_and_unknown_items_are_refused(personas):
    citizen = CitizenFactory()
    staff = personas["sagsbehandler.lejre"]
    seen = version_of(citizen)
    set_consent(staff, citizen, ["hours"], via=Via.STAFF, expected_version=seen)
    with pytest.raises(StaleVersion):
        set_consent(staff, citizen, ["competences"], via=Via.STAFF, expected_version=seen)
    with pytest.raises(InvalidField):
        set_consent(staff, citizen, ["diagnosis"], via=Via.STAFF)
    assert given_items(citizen) == {ConsentItem.HOURS}


def test_registration_and_the_profile_edit_give_or_withdraw_every_item(personas):
    staff = personas["sagsbehandler.lejre"]
    citizen = register_citizen(
        staff,
        cpr="0101901234",
        visitation_date=dt.date(2026, 1, 5),
        municipality_id="350",
        first_name="A",
        last_name="B",
        lat=55.6,
        lon=11.9,
        education="vocational",
        hours_min=5,
        hours_capacity=10,
        hours_target=15,
        goal="progression",
        consent_share_profile=True,
    )
    assert given_items(citizen) == frozenset(ITEMS)
    assert set(ConsentChange.objects.filter(citizen=citizen).values_list("via", flat=True)) == {
        "registration"
    }
    update_profile(
        staff, citizen, {"consent_share_profile": False}, expected_version=version_of(citizen)
    )
    assert given_items(citizen) == frozenset()


def test_the_former_single_consent_becomes_every_item_given():
    migration = importlib.import_module("fleksjob.citizens.migrations.0009_consent_items")
    at = dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC)
    yes = CitizenFactory()
    Citizen.objects.filter(pk=yes.pk).update(consent_share_profile=True, consent_recorded_at=at)
    no = CitizenFactory()
    migration.items_from_single_consent(apps, None)
    assert given_by_citizen([yes.pk, no.pk]) == {yes.pk: frozenset(ITEMS), no.pk: frozenset()}
    rows = ConsentChange.objects.filter(citizen=yes)
    assert {(r.at, r.via, r.by_id) for r in rows} == {(at, "migrated", None)}


def test_the_citizen_changes_one_item_on_their_page(citizen_client):
    citizen, user, client = citizen_client
    url = reverse("selfservice:consent")
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "Aldrig din diagnose" in html
    version = page.context["form"].initial["version"]
    response = client.post(url, {"items": ["hours"], "version": version})
    assert response.status_code == 302
    assert given_items(citizen) == {ConsentItem.HOURS}
    row = ConsentChange.objects.get(citizen=citizen)
    assert (row.via, row.by_id) == ("citizen", user.pk)
    again = client.get(url).content.decode()
    assert "trukket tilbage" not in again and "Dine timer" in again
    # The form drawn before is stale now: nothing is written.
    stale = client.post(url, {"items": [], "version": version})
    assert stale.status_code == 422 and given_items(citizen) == {ConsentItem.HOURS}
    assert AuditEvent.objects.filter(detail="borger: samtykke", citizen_id=citizen.pk).exists()


def test_the_caseworker_records_a_paper_consent(personas):
    citizen = ApprovalFactory(citizen__municipality_id="350").citizen
    client = Client()
    client.force_login(personas["sagsbehandler.lejre"])
    url = reverse("citizens:consent", args=[citizen.pk])
    page = client.get(url)
    assert page.status_code == 200
    version = page.context["form"].initial["version"]
    response = client.post(url, {"items": ["competences", "provisions"], "version": version})
    assert response.status_code == 302
    assert given_items(citizen) == {ConsentItem.COMPETENCES, ConsentItem.PROVISIONS}
    assert set(ConsentChange.objects.filter(citizen=citizen).values_list("via", flat=True)) == {
        "staff"
    }
    html = client.get(url).content.decode()
    assert "registreret af jobcentret" in html
    detail = client.get(reverse("citizens:detail", args=[citizen.pk])).content.decode()
    assert "Kompetencer, Hensyn, arbejdspladsen skal tage" in detail
    # Another municipality's caseworker: 404 like a citizen that does not exist.
    other = Client()
    other.force_login(personas["sagsbehandler.rudersdal"])
    assert other.post(url, {"items": ["hours"], "version": version}).status_code == 404
