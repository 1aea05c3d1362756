"""The pools' API (docs/api.md, docs/pools.md): places and spend by month against the cap, the
application's way through the visitation unit (roles as on the pages, If-Match), the waiting list
in line order across a page boundary, pool jobs, and scoping (another municipality's record is
a 404, as one that does not exist)."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools

import pytest
from django.utils import timezone

from fleksjob.accounts.models import Role, User
from fleksjob.audit.models import AuditEvent
from fleksjob.pools.actions import save_pool
from fleksjob.pools.models import PoolApplication, PoolPlacement
from tests.factories import ApprovalFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def lejre(personas, api_as):
    manager = User.objects.create_user("leder.lejre", role=Role.MANAGER, municipality_id="350")
    return {
        "manager": manager,
        "caseworker": api_as("sagsbehandler.lejre"),
        "visitation": api_as("visitation.lejre"),
    }


def _pool(manager, places=1, **kw):
    fields = {"name": "Kommunal pulje", "kind": "full_wage", "annual_cap": 1_000_000}
    return save_pool(manager, places=places, **(fields | kw))


def _citizen(code="350"):
    return ApprovalFactory(citizen__municipality_id=code).citizen


def _apply(api, pool, citizen=None):
    body = {"pool": pool.pk, "citizen": (citizen or _citizen()).pk, "motivation": "Vil arbejde"}
    response = api("post", "/pool-applications/", body)
    assert response.status_code == 201, response.content
    return response


def _decide(api, application_id, body, etag="*"):
    headers = {"If-Match": etag} if etag else {}
    return api("post", f"/pool-applications/{application_id}/decision", body, **headers)


def test_an_application_through_the_visitation_unit(lejre):
    pool = _pool(lejre["manager"], places=2)
    applied = _apply(lejre["caseworker"], pool)
    application = applied.json()
    assert application["status"] == "pending" and application["placement"] is None
    assert applied["ETag"]
    url = f"/pool-applications/{application['id']}"
    # Only the visitation unit decides: not the caseworker who applied.
    assert (
        _decide(lejre["caseworker"], application["id"], {"decision": "approve"}).status_code == 403
    )
    # The version the caller read is required, and must be current.
    assert (
        _decide(
            lejre["visitation"], application["id"], {"decision": "approve"}, etag=None
        ).status_code
        == 428
    )
    stale = _decide(lejre["visitation"], application["id"], {"decision": "approve"}, etag='"x"')
    assert stale.status_code == 412
    # A refusal needs a reason: 422 naming it; nothing written.
    refused = _decide(
        lejre["visitation"], application["id"], {"decision": "refuse"}, applied["ETag"]
    )
    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {"field": "reason", "reason": "skriv en begrundelse for afslaget"}
    ]
    assert PoolApplication.objects.get().status == "pending"
    read = lejre["visitation"]("get", url)
    assert read.status_code == 200 and read["ETag"] == applied["ETag"]
    granted = _decide(lejre["visitation"], application["id"], {"decision": "approve"}, read["ETag"])
    assert granted.status_code == 200 and granted.json()["status"] == "approved"
    assert granted["ETag"] != read["ETag"]
    # The visitation unit may not apply for a citizen.
    body = {"pool": pool.pk, "citizen": _citizen().pk, "motivation": "x"}
    assert lejre["visitation"]("post", "/pool-applications/", body).status_code == 403
    # A pool job for the granted application; a second one is refused (409).
    job = {
        "workplace": "Lejre Kommune",
        "weekly_hours": 12.5,
        "monthly_cost": 24000,
        "start": TODAY.isoformat(),
    }
    placed = lejre["caseworker"]("post", f"{url}/placement", job)
    assert placed.status_code == 201, placed.content
    assert (
        placed.json()["weekly_hours"] in ("12.5", 12.5) and placed.json()["monthly_cost"] == 24000
    )
    assert lejre["caseworker"]("post", f"{url}/placement", job).status_code == 409
    assert lejre["caseworker"]("get", url).json()["placement"] == placed.json()["id"]
    # Out of range values are 422s naming the field, before anything is written.
    for field, value in (("weekly_hours", 37.5), ("monthly_cost", 0), ("weekly_hours", 1.25)):
        answer = lejre["caseworker"]("post", f"{url}/placement", job | {field: value})
        assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == field
    assert PoolPlacement.objects.count() == 1
    assert (
        AuditEvent.objects.filter(channel="api", detail__startswith="puljeafgørelse").count() == 1
    )


def test_a_refusal_with_its_reason(lejre):
    pool = _pool(lejre["manager"])
    application = _apply(lejre["caseworker"], pool).json()
    body = {"decision": "refuse", "reason": "Borgeren opfylder ikke målgruppen"}
    refused = _decide(lejre["visitation"], application["id"], body)
    assert refused.status_code == 200
    assert refused.json()["status"] == "refused" and refused.json()["reason"] == body["reason"]
    # Decided: a second decision is refused (409).
    assert (
        _decide(lejre["visitation"], application["id"], {"decision": "approve"}).status_code == 409
    )


def test_the_waiting_list_in_line_order_across_pages_and_the_freed_place(lejre):
    pool = _pool(lejre["manager"], places=1)
    ids = [_apply(lejre["caseworker"], pool).json()["id"] for _ in range(4)]
    statuses = [
        _decide(lejre["visitation"], pk, {"decision": "approve"}).json()["status"] for pk in ids
    ]
    assert statuses == ["approved", "waiting", "waiting", "waiting"]
    first = lejre["caseworker"]("get", f"/pools/{pool.pk}/waiting-list?page_size=2")
    assert first.json()["count"] == 3
    assert [(a["id"], a["position"]) for a in first.json()["items"]] == [(ids[1], 1), (ids[2], 2)]
    second = lejre["caseworker"]("get", f"/pools/{pool.pk}/waiting-list?page_size=2&page=2")
    assert [(a["id"], a["position"]) for a in second.json()["items"]] == [(ids[3], 3)]
    # No free place yet: a grant is refused.
    grant = lejre["visitation"]("post", f"/pool-applications/{ids[1]}/grant", {})
    assert grant.status_code == 409
    job = {
        "workplace": "Lejre Kommune",
        "weekly_hours": 10,
        "monthly_cost": 20000,
        "start": TODAY.isoformat(),
    }
    placement = lejre["caseworker"]("post", f"/pool-applications/{ids[0]}/placement", job).json()
    end = {"end": TODAY.isoformat(), "reason": "Ordinært job"}
    path = f"/pool-placements/{placement['id']}/end"
    assert lejre["caseworker"]("post", path, end).status_code == 428
    etag = lejre["caseworker"]("get", f"/pool-placements/{placement['id']}")["ETag"]
    ended = lejre["caseworker"]("post", path, end, **{"If-Match": etag})
    assert ended.status_code == 200, ended.content
    assert ended.json()["next_in_line"] == ids[1] and ended.json()["placement"]["end"] == end["end"]
    # Only the first in line gets the free place; the caseworker may not grant.
    assert lejre["visitation"]("post", f"/pool-applications/{ids[2]}/grant", {}).status_code == 409
    assert lejre["caseworker"]("post", f"/pool-applications/{ids[1]}/grant", {}).status_code == 403
    granted = lejre["visitation"]("post", f"/pool-applications/{ids[1]}/grant", {})
    assert granted.status_code == 200 and granted.json()["status"] == "approved"
    left = lejre["caseworker"]("get", f"/pools/{pool.pk}/waiting-list").json()
    assert [(a["id"], a["position"]) for a in left["items"]] == [(ids[2], 1), (ids[3], 2)]
    # Withdraw the last: it leaves the waiting list.
    withdrawn = lejre["caseworker"]("post", f"/pool-applications/{ids[3]}/withdraw", {})
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    jobs = lejre["visitation"]("get", f"/pools/{pool.pk}/placements?state=ended").json()
    assert [j["id"] for j in jobs["items"]] == [placement["id"]]
    assert (
        lejre["visitation"]("get", f"/pools/{pool.pk}/placements?state=open").json()["count"] == 0
    )


def _expected_months(start: dt.date, monthly: int) -> list[float]:
    """A pool job from ``start`` running to the year's end, by hand: the month's cost times its
    active days over its days."""
    found = []
    for month in range(1, 13):
        days = calendar.monthrange(start.year, month)[1]
        first, last = dt.date(start.year, month, 1), dt.date(start.year, month, days)
        active = 0 if last < start else (last - max(first, start)).days + 1
        found.append(monthly * active / days)
    return found


def test_a_pool_with_its_spend_by_month_against_the_cap(lejre):
    pool = _pool(lejre["manager"], places=3, annual_cap=100_000, name="Aalborg-modellen")
    application = _apply(lejre["caseworker"], pool).json()
    _decide(lejre["visitation"], application["id"], {"decision": "approve"})
    job = {
        "workplace": "Plejecenter",
        "weekly_hours": 20,
        "monthly_cost": 31000,
        "start": TODAY.isoformat(),
    }
    lejre["caseworker"]("post", f"/pool-applications/{application['id']}/placement", job)
    detail = lejre["visitation"]("get", f"/pools/{pool.pk}")
    assert detail.status_code == 200 and detail["ETag"]
    body = detail.json()
    expected = _expected_months(TODAY, 31000)
    assert [m["month"] for m in body["months"]] == [f"{TODAY.year}-{m:02d}" for m in range(1, 13)]
    assert [m["amount"] for m in body["months"]] == [round(x) for x in expected]
    assert body["projected"] == round(sum(expected))
    days = calendar.monthrange(TODAY.year, TODAY.month)[1]
    assert body["spent"] == round(31000 / days)  # today only
    assert body["remaining"] == 100_000 - body["projected"]
    assert body["level"] == (
        "over" if sum(expected) >= 100_000 else "warning" if sum(expected) >= 90_000 else "ok"
    )
    assert (body["places"], body["taken"], body["free"], body["pending"], body["waiting"]) == (
        3,
        1,
        2,
        0,
        0,
    )
    listed = lejre["caseworker"]("get", "/pools/").json()
    assert listed["count"] == 1
    row = listed["items"][0]
    assert {k: row[k] for k in ("id", "projected", "spent", "free")} == {
        "id": pool.pk,
        "projected": body["projected"],
        "spent": body["spent"],
        "free": 2,
    }


def test_another_municipalitys_records_are_not_found_like_none(lejre, api_as):
    pool = _pool(lejre["manager"], places=1)
    application = _apply(lejre["caseworker"], pool).json()
    rudersdal = api_as("sagsbehandler.rudersdal")
    missing = 10**9
    for path in ("/pools/{}", "/pool-applications/{}", "/pools/{}/waiting-list"):
        pk = application["id"] if "applications" in path else pool.pk
        theirs, none = rudersdal("get", path.format(pk)), rudersdal("get", path.format(missing))
        assert theirs.status_code == none.status_code == 404
        assert theirs.json() == none.json()
    # Applying to Lejre's pool, or for Lejre's citizen, from Rudersdal: 404 like a missing id.
    body = {"pool": pool.pk, "citizen": _citizen("230").pk, "motivation": "x"}
    assert rudersdal("post", "/pool-applications/", body).status_code == 404
    assert rudersdal("get", "/pools/").json()["count"] == 0
    assert rudersdal("get", "/pool-applications/").json()["count"] == 0


def test_the_lists_read_no_query_per_row(lejre, login):
    from tests.web.test_api_query_counts import _assert_flat

    client = login("visitation.lejre")
    pool = _pool(lejre["manager"], places=1)
    numbers = itertools.count()

    def pools(n):
        for _ in range(n):
            _pool(lejre["manager"], name=f"Pulje {next(numbers)}")

    def waiting(n):
        for _ in range(n):
            applied = _apply(lejre["caseworker"], pool).json()
            _decide(lejre["visitation"], applied["id"], {"decision": "approve"})

    _assert_flat(client, "/api/v1/pools/", pools)
    waiting(1)  # the place is taken: everyone after is on the waiting list
    _assert_flat(client, f"/api/v1/pools/{pool.pk}/waiting-list", waiting)
    _assert_flat(client, "/api/v1/pool-applications/", waiting)


def test_managers_set_up_and_change_a_pool_as_on_the_pages(lejre, api_as, personas):
    """POST /pools/ and PATCH /pools/{id} go through save_pool: managers only (the pages' rule:
    caseworkers, consultants and the visitation unit 403), into the manager's own municipality,
    the spec's defaults for the optional fields, If-Match on a change, the pool's name unique in
    the municipality, an audit event for each write."""
    manager = api_as(lejre["manager"])
    body = {"name": "Løntilskudspuljen", "kind": "no_refusion", "annual_cap": 500_000, "places": 4}
    made = manager("post", "/pools/", body)
    assert made.status_code == 201, made.content
    pool = made.json()
    assert (pool["name"], pool["kind"], pool["annual_cap"], pool["places"]) == (
        "Løntilskudspuljen",
        "no_refusion",
        500_000,
        4,
    )
    # The optional fields took the form's defaults: open, no rule on ledighedsydelse.
    assert (pool["active"], pool["requires_ledighedsydelse"]) == (True, False)
    assert (pool["min_weeks_on_ledighedsydelse"], pool["eligibility"]) == (0, "")
    assert (pool["free"], pool["spent"]) == (4, 0)
    assert AuditEvent.objects.filter(action="create", municipality_code="350").exists()
    # The same name again in the municipality: 422 at the name; out-of-range values: 422 too.
    twice = manager("post", "/pools/", body)
    assert twice.status_code == 422 and twice.json()["errors"][0]["field"] == "name"
    for field, value in (("places", -1), ("annual_cap", 10**12), ("kind", "other")):
        wrong = manager("post", "/pools/", body | {"name": "Ny", field: value})
        assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == field
    # Rudersdal's manager sets up a pool of Rudersdal's, never seen by Lejre.
    theirs = api_as("leder.rudersdal")("post", "/pools/", body)
    assert theirs.status_code == 201
    lejre_ids = [p["id"] for p in manager("get", "/pools/").json()["items"]]
    assert lejre_ids == [pool["id"]]
    # Roles that may not set up a pool on the pages may not here either.
    for who in (lejre["caseworker"], lejre["visitation"], api_as("konsulent.aarhus")):
        assert who("post", "/pools/", body | {"name": "Ikke"}).status_code == 403
    # A change: If-Match required, the fields sent change, the rest stay.
    path = f"/pools/{pool['id']}"
    change = {"places": 6, "active": False}
    assert manager("patch", path, change).status_code == 428
    assert manager("patch", path, change, **{"If-Match": '"old"'}).status_code == 412
    etag = manager("get", path)["ETag"]
    changed = manager("patch", path, change, **{"If-Match": etag})
    assert changed.status_code == 200, changed.content
    after = changed.json()
    assert (after["places"], after["active"], after["annual_cap"]) == (6, False, 500_000)
    assert (after["name"], after["free"]) == ("Løntilskudspuljen", 6)
    assert changed["ETag"] != etag
    assert AuditEvent.objects.filter(action="update", municipality_code="350").exists()
    for who in (lejre["caseworker"], lejre["visitation"]):
        assert who("patch", path, change, **{"If-Match": "*"}).status_code == 403
    # Another municipality's manager: 404, as a pool that does not exist.
    rudersdal = api_as("leder.rudersdal")
    assert rudersdal("patch", path, change, **{"If-Match": "*"}).status_code == 404
    assert rudersdal("patch", "/pools/999999", change, **{"If-Match": "*"}).status_code == 404
