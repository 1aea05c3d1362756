"""Active offers and consultant capacity: the write functions, their pages and the consultants'
list of practices that could become fleksjobs (docs/active-offers.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from fleksjob.accounts.models import Role, User
from fleksjob.audit.models import AuditEvent
from fleksjob.core.casework.conversion import Practice, rank, tier
from fleksjob.core.errors import InvalidField, StaleVersion, VersionRequired
from fleksjob.core.versions import version_of
from fleksjob.employers.models import ContactLogEntry
from fleksjob.offers.actions import (
    OfferError,
    capacity_version,
    edit_offer,
    end_offer,
    record_offer,
    save_capacity,
)
from fleksjob.offers.models import ActiveOffer, ConsultantCapacity
from tests.factories import ApprovalFactory, EmployerFactory, PositionFactory, unemployed_since_2024

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _offer(user, citizen, **kw):
    values = {
        "kind": "practice",
        "employer": EmployerFactory(municipality_id="350"),
        "start": TODAY - dt.timedelta(days=14),
        "planned_end": TODAY + dt.timedelta(days=14),
        "weekly_hours": Decimal("12"),
        "purpose": "Afprøve kontorarbejde",
    }
    return record_offer(user, citizen, **(values | kw))


def test_an_offer_needs_ledighedsydelse_on_its_first_day(personas):
    user = personas["sagsbehandler.lejre"]
    approval = unemployed_since_2024()
    offer = _offer(user, approval.citizen)
    assert offer.approval_id == approval.pk and offer.running
    assert AuditEvent.objects.filter(action="create", citizen_id=approval.citizen_id).exists()
    # Before the spell started: refused, nothing written.
    with pytest.raises(OfferError):
        _offer(user, approval.citizen, start=dt.date(2024, 1, 2), planned_end=dt.date(2024, 2, 1))
    # A citizen approved but not on ledighedsydelse.
    other = ApprovalFactory(citizen__municipality_id="350")
    with pytest.raises(OfferError):
        _offer(user, other.citizen)
    assert ActiveOffer.objects.count() == 1


def test_workplace_offers_need_an_employer_of_the_municipality(personas):
    user = personas["sagsbehandler.lejre"]
    citizen = unemployed_since_2024().citizen
    with pytest.raises(InvalidField) as refused:
        _offer(user, citizen, employer=None)
    assert refused.value.field == "employer"
    with pytest.raises(InvalidField):
        _offer(user, citizen, employer=EmployerFactory(municipality_id="230"))
    mentor = _offer(user, citizen, kind="mentor", employer=None)
    assert mentor.employer is None
    # The same kind may not overlap; another kind may.
    _offer(user, citizen)
    with pytest.raises(OfferError):
        _offer(user, citizen, start=TODAY, planned_end=TODAY + dt.timedelta(days=30))


def test_edit_and_end_check_the_version_and_the_outcome(personas):
    user = personas["sagsbehandler.lejre"]
    citizen = unemployed_since_2024().citizen
    offer = _offer(user, citizen)
    seen = version_of(offer)
    fields = {
        "kind": "practice",
        "employer": offer.employer,
        "start": offer.start,
        "planned_end": offer.planned_end + dt.timedelta(days=7),
        "weekly_hours": Decimal("15"),
        "purpose": "",
    }
    with pytest.raises(VersionRequired):
        edit_offer(user, offer, expected_version=None, **fields)
    edited = edit_offer(user, offer, expected_version=seen, **fields)
    assert edited.weekly_hours == Decimal("15")
    with pytest.raises(StaleVersion):
        end_offer(user, offer, expected_version=seen, ended_on=TODAY, outcome="job", today=TODAY)
    now = version_of(edited)
    with pytest.raises(InvalidField):
        end_offer(
            user,
            offer,
            expected_version=now,
            ended_on=TODAY + dt.timedelta(days=1),
            outcome="job",
            today=TODAY,
        )
    ended = end_offer(
        user, offer, expected_version=now, ended_on=TODAY, outcome="fleksjob_same", today=TODAY
    )
    assert (ended.ended_on, ended.outcome) == (TODAY, "fleksjob_same")
    with pytest.raises(OfferError):
        end_offer(
            user,
            offer,
            expected_version=version_of(ended),
            ended_on=TODAY,
            outcome="job",
            today=TODAY,
        )
    mentor = _offer(user, citizen, kind="mentor", employer=None)
    with pytest.raises(InvalidField):  # a fleksjob at the same employer needs an employer
        end_offer(
            user,
            mentor,
            expected_version=version_of(mentor),
            ended_on=TODAY,
            outcome="fleksjob_same",
            today=TODAY,
        )


def test_the_pages_record_list_and_end_an_offer(login, personas):
    approval = unemployed_since_2024()
    employer = EmployerFactory(municipality_id="350")
    client = login("sagsbehandler.lejre")
    url = reverse("offers:citizen", args=[approval.citizen_id])
    body = {
        "kind": "practice",
        "cvr": employer.cvr,
        "start": TODAY.isoformat(),
        "planned_end": (TODAY + dt.timedelta(weeks=8)).isoformat(),
        "weekly_hours": "10",
        "purpose": "Afklaring",
    }
    assert client.post(url, body | {"cvr": "99999999"}).status_code == 422
    assert client.post(url, body).status_code == 302
    offer = ActiveOffer.objects.get()
    assert offer.employer == employer
    page = client.get(url)
    assert page.status_code == 200 and employer.name in page.content.decode()
    listing = client.get(reverse("offers:list"), {"kind": "practice"})
    assert approval.citizen.last_name in listing.content.decode()
    assert (
        approval.citizen.last_name
        not in client.get(reverse("offers:list"), {"kind": "mentor"}).content.decode()
    )
    detail = reverse("offers:detail", args=[offer.pk])
    stale = {"form": "end", "end-ended_on": TODAY.isoformat(), "end-outcome": "completed"}
    assert client.post(detail, stale | {"end-version": "old"}).status_code == 422
    ok = client.post(detail, stale | {"end-version": version_of(offer)})
    assert ok.status_code == 302
    offer.refresh_from_db()
    assert offer.outcome == "completed"
    ended = client.get(reverse("offers:list"), {"state": "ended"}).content.decode()
    assert approval.citizen.last_name in ended


def test_ranking_of_practices_that_could_become_fleksjobs():
    day = dt.date(2026, 5, 1)
    practices = [
        Practice(1, day + dt.timedelta(days=20), 0, 0, None),
        Practice(2, day + dt.timedelta(days=30), 1, 2, day),
        Practice(3, day + dt.timedelta(days=10), 0, 1, day),
        Practice(4, day + dt.timedelta(days=10), 0, 0, day),
        Practice(5, day + dt.timedelta(days=10), 0, 0, None),
    ]
    assert [p.offer_id for p in rank(practices)] == [2, 3, 5, 4, 1]
    assert [tier(p) for p in rank(practices)] == [0, 1, 2, 2, 2]


def test_the_conversion_list_ranks_practices_at_workplaces_with_fitting_positions(login, personas):
    user = personas["konsulent.aarhus"]
    rows = []
    for i, (hours, position) in enumerate([(12, None), (12, (8, 15)), (30, (8, 15))]):
        approval = unemployed_since_2024()
        approval.citizen.municipality_id = "751"
        approval.citizen.save()
        employer = EmployerFactory(municipality_id="751")
        if position:
            PositionFactory(employer=employer, hours_min=position[0], hours_max=position[1])
        ContactLogEntry.objects.create(
            employer=employer, on=TODAY - dt.timedelta(days=i), channel="phone", outcome="no_need"
        )
        rows.append(
            _offer(
                user,
                approval.citizen,
                employer=employer,
                weekly_hours=Decimal(hours),
                planned_end=TODAY + dt.timedelta(days=7 * (i + 1)),
            )
        )
    # Ending after the window: not listed.
    late = unemployed_since_2024()
    late.citizen.municipality_id = "751"
    late.citizen.save()
    _offer(
        user,
        late.citizen,
        employer=EmployerFactory(municipality_id="751"),
        planned_end=TODAY + dt.timedelta(weeks=20),
    )
    page = login("konsulent.aarhus").get(reverse("offers:conversions"), {"uger": "6"})
    assert page.status_code == 200
    shown = [o.pk for o in page.context["page_obj"]]
    # Fitting position first, then an open position whose hours do not fit, then none.
    assert shown == [rows[1].pk, rows[2].pk, rows[0].pk]
    assert [o.tier for o in page.context["page_obj"]] == [0, 1, 2]


def _hostile(personas) -> dict[str, tuple[User, type[Exception]]]:
    """Users who must not write Lejre's offers, with the refusal each gets from the write
    functions themselves: another municipality's staff do not find the record (404, as one that
    does not exist); every role without the offers (portal, admin, national, the visitation unit;
    some given Lejre as their municipality, so only the role check stops them) is refused."""

    def make(name, role, municipality):
        return User.objects.create_user(name, role=role, municipality_id=municipality)

    return {
        "caseworker of another municipality": (personas["sagsbehandler.rudersdal"], Http404),
        "manager of another municipality": (personas["leder.rudersdal"], Http404),
        "visitation unit": (personas["visitation.lejre"], PermissionDenied),
        "admin": (personas["admin"], PermissionDenied),
        "admin of the municipality": (make("admin.lejre", Role.ADMIN, "350"), PermissionDenied),
        "national": (make("national.x", Role.NATIONAL, None), PermissionDenied),
        "citizen portal": (make("borger.lejre", Role.CITIZEN, "350"), PermissionDenied),
        "employer portal": (make("firma.lejre", Role.EMPLOYER, "350"), PermissionDenied),
    }


def test_the_offer_writes_check_role_and_municipality_themselves(personas):
    own = personas["sagsbehandler.lejre"]
    citizen = unemployed_since_2024().citizen
    offer = _offer(own, citizen)
    seen = version_of(offer)
    fields = {
        "kind": "practice",
        "employer": offer.employer,
        "start": offer.start,
        "planned_end": offer.planned_end,
        "weekly_hours": Decimal("20"),
        "purpose": "",
    }
    end = {"expected_version": seen, "ended_on": TODAY, "outcome": "job", "today": TODAY}
    for who, (user, refusal) in _hostile(personas).items():
        with pytest.raises(refusal):
            _offer(user, citizen, kind="mentor", employer=None)
        with pytest.raises(refusal):
            edit_offer(user, offer, expected_version=seen, **fields)
        with pytest.raises(refusal):
            end_offer(user, offer, **end)
        assert ActiveOffer.objects.count() == 1, who
        offer.refresh_from_db()
        assert (offer.weekly_hours, offer.ended_on) == (Decimal("12"), None), who
    # Another municipality's offer answers as one that does not exist.
    missing = ActiveOffer(pk=offer.pk + 1000, citizen=citizen)
    with pytest.raises(Http404):
        end_offer(own, missing, **end)
    # The capacity: the municipality's managers only.
    year = TODAY.year
    for user in [own, personas["visitation.lejre"], personas["admin"]]:
        with pytest.raises(PermissionDenied):
            save_capacity(user, year, {1: (Decimal("1"), None)}, expected_version="*")
    assert not ConsultantCapacity.objects.exists()


def test_capacity_grid_saves_with_its_version_and_audit(login, personas):
    manager = personas["leder.rudersdal"]
    year = TODAY.year
    seen = capacity_version("230", year)
    months = {1: (Decimal("5.5"), Decimal("2")), 2: (Decimal("6"), None)}
    assert save_capacity(manager, year, months, expected_version=seen) == 2
    assert ConsultantCapacity.objects.filter(municipality_id="230").count() == 2
    assert AuditEvent.objects.filter(action="update", municipality_code="230").exists()
    with pytest.raises(StaleVersion):
        save_capacity(manager, year, months, expected_version=seen)
    now = capacity_version("230", year)
    with pytest.raises(InvalidField):
        save_capacity(manager, year, {3: (Decimal("2"), Decimal("3"))}, expected_version=now)
    with pytest.raises(InvalidField):
        save_capacity(manager, year, {3: (Decimal("501"), None)}, expected_version=now)
    # Unchanged months are not rewritten; an empty month is cleared.
    assert save_capacity(manager, year, months | {2: (None, None)}, expected_version=now) == 1
    assert ConsultantCapacity.objects.filter(municipality_id="230").count() == 1

    client = login("leder.rudersdal")
    url = reverse("offers:capacity")
    page = client.get(url, {"aar": year})
    assert page.status_code == 200
    version = page.context["form"].initial["version"]
    bad = client.post(f"{url}?aar={year}", {"version": version, "fte_4": "-1"})
    assert bad.status_code == 422
    grid = {"version": version, "fte_1": "5.5", "employer_fte_1": "2", "fte_4": "7"}
    ok = client.post(f"{url}?aar={year}", grid)
    assert ok.status_code == 302
    april = ConsultantCapacity.objects.get(municipality_id="230", month=dt.date(year, 4, 1))
    assert april.consultants_fte == Decimal("7") and april.updated_by == manager
    assert login("sagsbehandler.rudersdal").get(url).status_code == 403


def test_the_export_takes_entered_capacity_over_the_synthetic_figure(personas):
    from fleksjob.benchmarking.events import event_tables
    from fleksjob.municipalities.models import MonthlyConditions

    user = personas["sagsbehandler.lejre"]
    offer = _offer(user, unemployed_since_2024().citizen)
    common = {"unemployment_rate": 0.04, "share_age_50_plus": 0.3, "share_low_education": 0.2}
    for month, fte in ((dt.date(2026, 1, 1), 3.0), (dt.date(2026, 2, 1), 3.5)):
        MonthlyConditions.objects.create(
            municipality_id="350", month=month, consultants_fte=fte, **common
        )
    ConsultantCapacity.objects.create(
        municipality_id="350", month=dt.date(2026, 2, 1), consultants_fte=Decimal("4.25")
    )
    ConsultantCapacity.objects.create(
        municipality_id="350", month=dt.date(2026, 3, 1), consultants_fte=Decimal("5")
    )
    tables = event_tables("350")
    staffing = tables["staffing"].set_index("month")["consultants_fte"]
    assert staffing.to_dict() == {
        dt.datetime(2026, 1, 1): 3.0,
        dt.datetime(2026, 2, 1): 4.25,
        dt.datetime(2026, 3, 1): 5.0,
    }
    assert tables["offers"][["offer_id", "kind"]].values.tolist() == [[offer.pk, "practice"]]
    assert tables["offers"]["end"].isna().all()


def test_one_rule_for_an_offers_hours_in_the_write_function_the_form_and_the_database(
    login, personas
):
    """Hours a week from 0,5 to 37, one decimal (the record spec): the write function refuses
    what the page's form refuses, and the database holds the same range."""
    user = personas["sagsbehandler.lejre"]
    approval = unemployed_since_2024()
    citizen = approval.citizen
    for hours in ("0.4", "0.1", "0", "37.5", "2.25"):
        with pytest.raises(InvalidField) as refused:
            _offer(user, citizen, kind="mentor", employer=None, weekly_hours=Decimal(hours))
        assert refused.value.field == "weekly_hours", hours
    assert not ActiveOffer.objects.exists()
    low = _offer(user, citizen, kind="mentor", employer=None, weekly_hours=Decimal("0.5"))
    full = _offer(user, citizen, kind="guidance", employer=None, weekly_hours=37)
    assert (low.weekly_hours, full.weekly_hours) == (Decimal("0.5"), Decimal("37"))
    fields = {
        "kind": "mentor",
        "employer": None,
        "start": low.start,
        "planned_end": low.planned_end,
        "purpose": "",
    }
    with pytest.raises(InvalidField) as refused:
        edit_offer(user, low, expected_version=version_of(low), weekly_hours="0.4", **fields)
    assert refused.value.field == "weekly_hours"
    # The page's form: the same verdicts, at the field, nothing written.
    client = login("sagsbehandler.lejre")
    url = reverse("offers:citizen", args=[citizen.pk])
    body = {
        "kind": "other",
        "cvr": "",
        "start": TODAY.isoformat(),
        "planned_end": (TODAY + dt.timedelta(weeks=4)).isoformat(),
        "purpose": "",
    }
    for hours, status in (("0.4", 422), ("37.5", 422), ("0.5", 302)):
        answer = client.post(url, body | {"weekly_hours": hours})
        assert answer.status_code == status, hours
        if status == 422:
            assert "weekly_hours" in answer.context["form"].errors
    assert ActiveOffer.objects.count() == 3
    # The database refuses a value below the range, whoever writes it.
    with pytest.raises(IntegrityError), transaction.atomic():
        ActiveOffer.objects.filter(pk=low.pk).update(weekly_hours=Decimal("0.4"))
