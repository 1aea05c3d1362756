"""Active offers and consultant capacity over the API (docs/api.md, docs/active-offers.md): record
an offer, list (running by default), end it with its outcome (If-Match), the capacity grid of a
year for managers (GET, PUT with If-Match), and the refusals the pages give."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from fleksjob.core.records.offer import OFFER_KINDS, OFFER_OUTCOMES
from fleksjob.offers.models import ActiveOffer, ConsultantCapacity, OfferKind, OfferOutcome
from tests.factories import EmployerFactory, unemployed_since_2024

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_the_spec_holds_the_models_choices():
    assert tuple(OfferKind.values) == OFFER_KINDS
    assert tuple(OfferOutcome.values) == OFFER_OUTCOMES


def _body(citizen, **kw):
    return {
        "citizen": citizen.pk,
        "kind": "practice",
        "employer": EmployerFactory(municipality_id="350").pk,
        "start": (TODAY - dt.timedelta(days=7)).isoformat(),
        "planned_end": (TODAY + dt.timedelta(days=21)).isoformat(),
        "weekly_hours": 12,
        "purpose": "Afprøve lagerarbejde",
    } | kw


def test_record_list_and_end_an_offer(personas, api_as):
    api = api_as("sagsbehandler.lejre")
    approval = unemployed_since_2024()
    made = api("post", "/active-offers/", _body(approval.citizen))
    assert made.status_code == 201, made.content
    offer = made.json()
    assert (offer["approval"], offer["kind"], offer["outcome"], offer["ended_on"]) == (
        approval.pk,
        "practice",
        "",
        None,
    )
    # The same kind again in the period: the write function's 409.
    assert api("post", "/active-offers/", _body(approval.citizen)).status_code == 409
    # Values the spec refuses: 422 naming the field; the order of the dates by the write function.
    refused = [("weekly_hours", h) for h in (0.25, 0.4, 38)] + [("kind", "job")]
    for field, value in refused:
        answer = api(
            "post", "/active-offers/", _body(approval.citizen, kind="mentor") | {field: value}
        )
        assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == field
    backwards = _body(approval.citizen, kind="mentor", planned_end="2024-01-01")
    answer = api("post", "/active-offers/", backwards)
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "planned_end"
    # An employer of another municipality is refused like the page refuses it.
    elsewhere = _body(approval.citizen, employer=EmployerFactory(municipality_id="230").pk)
    answer = api("post", "/active-offers/", elsewhere | {"kind": "wage_subsidy"})
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "employer"
    assert ActiveOffer.objects.count() == 1
    listed = api("get", "/active-offers/").json()
    assert [o["id"] for o in listed["items"]] == [offer["id"]]
    # End it: If-Match required; a future last day is refused (422).
    path = f"/active-offers/{offer['id']}/end"
    end = {"ended_on": TODAY.isoformat(), "outcome": "fleksjob_same"}
    assert api("post", path, end).status_code == 428
    assert api("post", path, end, **{"If-Match": '"old"'}).status_code == 412
    etag = api("get", f"/active-offers/{offer['id']}")["ETag"]
    later = end | {"ended_on": (TODAY + dt.timedelta(days=1)).isoformat()}
    assert api("post", path, later, **{"If-Match": etag}).status_code == 422
    ended = api("post", path, end, **{"If-Match": etag})
    assert ended.status_code == 200, ended.content
    assert (ended.json()["ended_on"], ended.json()["outcome"]) == (end["ended_on"], "fleksjob_same")
    assert ended["ETag"] != etag
    assert api("get", "/active-offers/").json()["count"] == 0  # running by default
    assert api("get", "/active-offers/?state=ended").json()["count"] == 1
    assert api("post", path, end, **{"If-Match": ended["ETag"]}).status_code == 409
    # Another municipality's offer is a 404, as one that does not exist.
    rudersdal = api_as("sagsbehandler.rudersdal")
    assert rudersdal("get", f"/active-offers/{offer['id']}").status_code == 404
    assert rudersdal("get", "/active-offers/?state=all").json()["count"] == 0


def test_the_capacity_grid_for_managers(personas, api_as):
    year = TODAY.year
    api = api_as("leder.rudersdal")
    path = f"/consultant-capacity?year={year}"
    read = api("get", path)
    assert read.status_code == 200
    assert [m["month"] for m in read.json()["months"]] == list(range(1, 13))
    body = {
        "months": [
            {"month": 1, "consultants_fte": 10, "employer_fte": 4},
            {"month": 2, "consultants_fte": 10.5},
        ]
    }
    assert api("put", path, body).status_code == 428
    saved = api("put", path, body, **{"If-Match": read["ETag"]})
    assert saved.status_code == 200, saved.content
    rows = {c.month.month: c for c in ConsultantCapacity.objects.filter(municipality_id="230")}
    assert rows[1].consultants_fte == Decimal("10") and rows[1].employer_fte == Decimal("4")
    assert rows[2].consultants_fte == Decimal("10.5") and rows[2].employer_fte is None
    assert sorted(rows) == [1, 2]
    # The old ETag is stale now; a month left out is cleared (PUT replaces the year).
    assert api("put", path, body, **{"If-Match": read["ETag"]}).status_code == 412
    one = {"months": [{"month": 2, "consultants_fte": 9}]}
    assert api("put", path, one, **{"If-Match": saved["ETag"]}).status_code == 200
    assert list(
        ConsultantCapacity.objects.filter(municipality_id="230").values_list("month", flat=True)
    ) == [dt.date(year, 2, 1)]
    # Refusals name the body's fields.
    etag = api("get", path)["ETag"]
    more = {"months": [{"month": 4, "consultants_fte": 2, "employer_fte": 3}]}
    answer = api("put", path, more, **{"If-Match": etag})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "months.0.employer_fte"
    twice = {"months": [{"month": 4, "consultants_fte": 2}, {"month": 4, "consultants_fte": 3}]}
    answer = api("put", path, twice, **{"If-Match": etag})
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "months.1.month"
    for value in (501, -1, 1.234):
        bad = {"months": [{"month": 4, "consultants_fte": value}]}
        answer = api("put", path, bad, **{"If-Match": etag})
        assert answer.status_code == 422, value
        assert answer.json()["errors"][0]["field"] == "months.0.consultants_fte"
    assert api("get", f"/consultant-capacity?year={year + 2}").status_code == 422
    assert api("get", "/consultant-capacity?year=1999").json()["errors"][0]["field"] == "year"
    # Caseworkers and consultants: 403, as on the page.
    assert api_as("sagsbehandler.rudersdal")("get", path).status_code == 403


def test_the_offer_list_reads_no_query_per_row(personas, login):
    from tests.web.test_api_query_counts import _assert_flat

    def offers(n):
        for _ in range(n):
            ActiveOffer.objects.create(
                citizen=(approval := unemployed_since_2024()).citizen,
                approval=approval,
                kind="mentor",
                start=TODAY,
                planned_end=TODAY + dt.timedelta(days=30),
                weekly_hours=5,
            )

    _assert_flat(login("sagsbehandler.lejre"), "/api/v1/active-offers/", offers)


def test_correct_a_running_offer(personas, api_as):
    """PATCH /active-offers/{id} goes through edit_offer: If-Match required, the fields sent
    change and the rest stay, the hours by the one rule of the record spec (0,5 to 37), an
    ended offer can no longer be corrected (409), another municipality's is a 404."""
    api = api_as("sagsbehandler.lejre")
    approval = unemployed_since_2024()
    made = api("post", "/active-offers/", _body(approval.citizen, kind="mentor", employer=None))
    assert made.status_code == 201, made.content
    offer = made.json()
    path = f"/active-offers/{offer['id']}"
    assert api("patch", path, {"weekly_hours": 15}).status_code == 428
    assert api("patch", path, {"weekly_hours": 15}, **{"If-Match": '"old"'}).status_code == 412
    etag = made["ETag"]
    # The hours: below 0,5 or above 37 refused at the field, as the page and the write refuse.
    for hours in (0.4, 0, 37.5):
        wrong = api("patch", path, {"weekly_hours": hours}, **{"If-Match": etag})
        assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "weekly_hours"
    later = (TODAY + dt.timedelta(days=60)).isoformat()
    fixed = api("patch", path, {"weekly_hours": 0.5, "planned_end": later}, **{"If-Match": etag})
    assert fixed.status_code == 200, fixed.content
    after = fixed.json()
    assert (Decimal(str(after["weekly_hours"])), after["planned_end"]) == (Decimal("0.5"), later)
    assert (after["kind"], after["purpose"], after["start"]) == (
        "mentor",
        offer["purpose"],
        offer["start"],
    )
    assert fixed["ETag"] != etag
    # The old version is stale now; a practice needs an employer, one of the municipality's.
    assert api("patch", path, {"purpose": "x"}, **{"If-Match": etag}).status_code == 412
    etag = fixed["ETag"]
    no_employer = api("patch", path, {"kind": "practice"}, **{"If-Match": etag})
    assert no_employer.status_code == 422
    assert no_employer.json()["errors"][0]["field"] == "employer"
    elsewhere = EmployerFactory(municipality_id="230").pk
    theirs = {"kind": "practice", "employer": elsewhere}
    answer = api("patch", path, theirs, **{"If-Match": etag})
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "employer"
    employer = EmployerFactory(municipality_id="350").pk
    practice = api("patch", path, theirs | {"employer": employer}, **{"If-Match": etag})
    assert practice.status_code == 200 and practice.json()["employer"] == employer
    stored = ActiveOffer.objects.get(pk=offer["id"])
    assert (stored.kind, stored.employer_id, stored.weekly_hours) == (
        "practice",
        employer,
        Decimal("0.5"),
    )
    # Another municipality's staff: 404, as an offer that does not exist.
    rudersdal = api_as("sagsbehandler.rudersdal")
    assert rudersdal("patch", path, {"purpose": "x"}, **{"If-Match": "*"}).status_code == 404
    # Ended, it can no longer be corrected.
    end = {"ended_on": TODAY.isoformat(), "outcome": "completed"}
    assert api("post", f"{path}/end", end, **{"If-Match": "*"}).status_code == 200
    assert api("patch", path, {"purpose": "x"}, **{"If-Match": "*"}).status_code == 409
