"""Fleksjob pools (docs/pools.md): the write functions' rules, refusals, audit, versions and
scoping, and the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from fleksjob.accounts.models import Role, User
from fleksjob.audit.models import AuditEvent
from fleksjob.citizens.models import Approval, BenefitSpell
from fleksjob.core.errors import InvalidField, StaleVersion, VersionRequired
from fleksjob.core.versions import version_of
from fleksjob.pools.actions import (
    PoolError,
    apply_for_place,
    decide_application,
    end_pool_job,
    grant_from_waiting_list,
    place_in_pool_job,
    save_pool,
    withdraw_application,
)
from fleksjob.pools.models import Pool, PoolApplication
from tests.factories import ApprovalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lejre(personas):
    manager = User.objects.create_user("leder.lejre", role=Role.MANAGER, municipality_id="350")
    return {
        "caseworker": personas["sagsbehandler.lejre"],
        "visitation": personas["visitation.lejre"],
        "manager": manager,
    }


def _pool(manager, places=1, **kw):
    fields = {"name": "Kommunal pulje", "kind": "full_wage", "annual_cap": 1_000_000}
    return save_pool(manager, places=places, **(fields | kw))


def _citizen(code="350"):
    return ApprovalFactory(citizen__municipality_id=code).citizen


def _apply(user, pool, citizen=None):
    return apply_for_place(user, pool, citizen or _citizen(), motivation="Vil gerne arbejde")


def _decide(user, application, approve=True, reason=""):
    return decide_application(
        user,
        application,
        approve=approve,
        reason=reason,
        expected_version=version_of(application),
    )


def test_apply_decide_waiting_list_and_a_freed_place(lejre):
    pool = _pool(lejre["manager"], places=1)
    first = _apply(lejre["caseworker"], pool)
    second = _apply(lejre["caseworker"], pool)
    third = _apply(lejre["caseworker"], pool)
    assert _decide(lejre["visitation"], first).status == "approved"
    # No free place: a yes puts the application on the waiting list, first come first served.
    assert _decide(lejre["visitation"], second).status == "waiting"
    assert _decide(lejre["visitation"], third).status == "waiting"
    with pytest.raises(PoolError, match="ingen ledig plads"):
        grant_from_waiting_list(lejre["visitation"], second)
    job = place_in_pool_job(
        lejre["caseworker"],
        first,
        workplace="Aalborg Kommune, Park og Vej",
        weekly_hours="15",
        monthly_cost=28_000,
        start=timezone.localdate(),
    )
    nxt = end_pool_job(
        lejre["caseworker"],
        job,
        end=timezone.localdate(),
        reason="ordinært job",
        expected_version=version_of(job),
    )
    assert nxt == second
    first.refresh_from_db()
    assert first.status == "ended"
    with pytest.raises(PoolError, match="ikke den næste"):
        grant_from_waiting_list(lejre["visitation"], third)
    assert grant_from_waiting_list(lejre["visitation"], second).status == "approved"
    kinds = list(
        AuditEvent.objects.filter(object_type__in=["PoolApplication", "PoolPlacement"])
        .order_by("pk")
        .values_list("detail", flat=True)
    )
    assert sum("puljeafgørelse" in d for d in kinds) == 4
    assert all("Vil gerne" not in d for d in kinds)  # the motivation stays out of the audit


def test_refusals(lejre):
    pool = _pool(lejre["manager"], places=2, requires_ledighedsydelse=True)
    citizen = _citizen()
    with pytest.raises(PoolError, match="ikke på ledighedsydelse"):
        _apply(lejre["caseworker"], pool, citizen)
    approval = citizen.approvals.get()
    BenefitSpell.objects.create(
        citizen=citizen, approval=approval, start=dt.date(2025, 1, 1), rate_category="kontanthjaelp"
    )
    application = _apply(lejre["caseworker"], pool, citizen)
    with pytest.raises(PoolError, match="allerede en åben"):
        _apply(lejre["caseworker"], pool, citizen)
    with pytest.raises(InvalidField) as missing:
        apply_for_place(lejre["caseworker"], pool, _citizen(), motivation="  ")
    assert missing.value.field == "motivation"
    # Only the visitation unit decides: not the caseworker, not the manager.
    for user in (lejre["caseworker"], lejre["manager"]):
        with pytest.raises(PermissionDenied):
            _decide(user, application)
    with pytest.raises(PermissionDenied):
        _apply(lejre["visitation"], pool)
    with pytest.raises(InvalidField) as no_reason:
        _decide(lejre["visitation"], application, approve=False)
    assert no_reason.value.field == "reason"
    with pytest.raises(VersionRequired):
        decide_application(lejre["visitation"], application, approve=True)
    stale = version_of(application)
    application.motivation = "ændret"
    application.save()
    with pytest.raises(StaleVersion):
        decide_application(lejre["visitation"], application, approve=True, expected_version=stale)
    refused = _decide(lejre["visitation"], application, approve=False, reason="Ikke i målgruppen")
    assert refused.status == "refused" and refused.reason == "Ikke i målgruppen"
    with pytest.raises(PoolError, match="allerede afgjort"):
        _decide(lejre["visitation"], refused)
    with pytest.raises(PoolError, match="afslået"):
        withdraw_application(lejre["caseworker"], refused)
    # Refused: a new application may be made.
    assert _apply(lejre["caseworker"], pool, citizen).status == "pending"
    # A closed pool takes no applications.
    closed = save_pool(
        lejre["manager"],
        pool,
        name=pool.name,
        kind=pool.kind,
        annual_cap=pool.annual_cap,
        places=pool.places,
        active=False,
        expected_version=version_of(pool),
    )
    with pytest.raises(PoolError, match="lukket"):
        _apply(lejre["caseworker"], closed)


def test_placement_and_withdrawal_rules(lejre):
    pool = _pool(lejre["manager"], places=1)
    application = _apply(lejre["caseworker"], pool)
    with pytest.raises(PoolError, match="bevilget"):
        place_in_pool_job(
            lejre["caseworker"],
            application,
            workplace="X",
            weekly_hours=10,
            monthly_cost=1000,
            start=timezone.localdate(),
        )
    _decide(lejre["visitation"], application)
    with pytest.raises(InvalidField) as hours:
        place_in_pool_job(
            lejre["caseworker"],
            application,
            workplace="X",
            weekly_hours=40,
            monthly_cost=1000,
            start=timezone.localdate(),
        )
    assert hours.value.field == "weekly_hours"
    job = place_in_pool_job(
        lejre["caseworker"],
        application,
        workplace="X",
        weekly_hours=10,
        monthly_cost=1000,
        start=timezone.localdate(),
    )
    with pytest.raises(PoolError, match="afslut puljejobbet"):
        withdraw_application(lejre["caseworker"], application)
    with pytest.raises(InvalidField) as end:
        end_pool_job(
            lejre["caseworker"],
            job,
            end=job.start - dt.timedelta(days=1),
            reason="x",
            expected_version=version_of(job),
        )
    assert end.value.field == "end"
    other = _apply(lejre["caseworker"], pool)
    assert withdraw_application(lejre["visitation"], other).status == "withdrawn"


def test_pools_are_scoped_to_the_municipality(lejre, personas):
    pool = _pool(lejre["manager"])
    application = _apply(lejre["caseworker"], pool)
    rudersdal_visitation = User.objects.create_user(
        "visitation.rudersdal", role=Role.VISITATION, municipality_id="230"
    )
    # The write functions themselves refuse another municipality's records as not found (404
    # on any page or route), not only the callers' scoped lookups.
    with pytest.raises(Http404):
        _decide(rudersdal_visitation, application)
    with pytest.raises(Http404):
        _apply(personas["sagsbehandler.rudersdal"], pool, _citizen("230"))
    with pytest.raises(Http404):
        _apply(personas["sagsbehandler.rudersdal"], pool, _citizen("350"))
    assert not Pool.objects.visible_to(personas["sagsbehandler.rudersdal"]).exists()
    assert not Pool.objects.visible_to(personas["admin"]).exists()
    assert Pool.objects.visible_to(lejre["visitation"]).get() == pool


def test_visitation_walks_the_pages(lejre, login):
    pool = _pool(lejre["manager"], places=1, annual_cap=1000)
    citizen = _citizen()
    caseworker = login("sagsbehandler.lejre")
    page = caseworker.get(reverse("citizens:detail", args=[citizen.pk]))
    assert reverse("pools:apply", args=[citizen.pk]) in page.content.decode()
    answer = caseworker.post(
        reverse("pools:apply", args=[citizen.pk]),
        {"pool": pool.pk, "motivation": "Kan arbejde 12 timer"},
    )
    assert answer.status_code == 302
    application = PoolApplication.objects.get()
    visitation = login("visitation.lejre")
    queue = visitation.get(reverse("pools:queue"))
    assert citizen.last_name in queue.content.decode()
    # The visitation unit sees the application, not the caseload.
    assert visitation.get(reverse("citizens:detail", args=[citizen.pk])).status_code == 403
    url = reverse("pools:decide", args=[application.pk])
    refused = visitation.post(url, {"decision": "refuse", "reason": "", "version": "x"})
    assert refused.status_code == 422
    ok = visitation.post(
        url, {"decision": "approve", "reason": "", "version": version_of(application)}
    )
    assert ok.status_code == 302
    application.refresh_from_db()
    assert application.status == "approved"
    placed = caseworker.post(
        reverse("pools:place", args=[application.pk]),
        {
            "workplace": "Plejecenter Lejre",
            "weekly_hours": "12",
            "monthly_cost": "90000",
            "start": timezone.localdate().isoformat(),
        },
    )
    assert placed.status_code == 302
    detail = visitation.get(reverse("pools:detail", args=[pool.pk]))
    html = detail.content.decode()
    assert 'data-testid="cap-warning"' in html  # a month's wage is over the cap
    assert citizen.last_name in html
    listing = caseworker.get(reverse("pools:list"))
    assert 'data-testid="over"' in listing.content.decode()
    assert AuditEvent.objects.filter(action="view", citizen_id=citizen.pk).exists()


def test_the_demo_seeds_a_pool_in_each_persona_municipality(personas):
    from django.core.management import call_command

    from fleksjob.demo.pools import DEMO_POOLS, ensure_demo_pools

    call_command("seed", scale="tiny", seed=3, replace=False, today=dt.date(2026, 10, 15))
    assert ensure_demo_pools() == len(DEMO_POOLS)
    assert ensure_demo_pools() == 0  # safe to re-run
    lejre = Pool.objects.get(municipality_id="350")
    statuses = list(lejre.applications.values_list("status", flat=True))
    assert {"approved", "pending"} <= set(statuses)
    assert lejre.placements.exists()
    # Half the eligible citizens at most: the personas find citizens to apply for.
    eligible = Approval.objects.filter(
        citizen__municipality_id="350",
        status="approved_unemployed",
        benefit_spells__end__isnull=True,
    )
    assert 2 * len(statuses) <= eligible.count()
    visitation = User.objects.get(username="visitation.lejre")
    assert visitation.role == Role.VISITATION and visitation.municipality_id == "350"


def test_a_case_transfer_frees_the_place_and_leaves_the_pool_pages(lejre, login):
    from fleksjob.citizens.protection import protector
    from fleksjob.transfers.actions import release_transfer, request_transfer

    pool = _pool(lejre["manager"], places=1)
    citizen = _citizen()
    application = _decide(lejre["visitation"], _apply(lejre["caseworker"], pool, citizen))
    job = place_in_pool_job(
        lejre["caseworker"],
        application,
        workplace="Lejre Kommune",
        weekly_hours=10,
        monthly_cost=20_000,
        start=timezone.localdate(),
    )
    waiting = _decide(lejre["visitation"], _apply(lejre["caseworker"], pool))
    assert waiting.status == "waiting"
    aarhus = User.objects.create_user(
        "sagsbehandler.aarhus", role=Role.CASEWORKER, municipality_id="751"
    )
    transfer = request_transfer(aarhus, cpr=protector().decrypt(citizen.cpr_encrypted))
    release_transfer(lejre["caseworker"], transfer)
    application.refresh_from_db()
    job.refresh_from_db()
    assert application.status == "ended" and job.end == timezone.localdate()
    # The place is free for the first on the waiting list; the moved citizen is gone from the
    # pool's pages (their pool job's cost stays in the pool's spend).
    assert grant_from_waiting_list(lejre["visitation"], waiting).status == "approved"
    page = login("visitation.lejre").get(reverse("pools:detail", args=[pool.pk]))
    assert citizen.last_name not in page.content.decode()
    assert page.context["spent"] > 0
    url = reverse("pools:application", args=[application.pk])
    assert login("visitation.lejre").get(url).status_code == 404


def test_the_visitation_units_front_page_counts_its_queue(lejre, login):
    pool = _pool(lejre["manager"])
    _apply(lejre["caseworker"], pool)
    page = login("visitation.lejre").get(reverse("home"))
    assert page.status_code == 200
    assert page.context["pool_queue"] == 1
    assert reverse("pools:queue") in page.content.decode()


def test_managers_create_and_edit_a_pool_on_its_form(lejre, client):
    client.force_login(lejre["manager"])
    fields = {
        "name": "Aalborg-modellen",
        "kind": "full_wage",
        "annual_cap": "42000000",
        "places": "335",
        "eligibility": "Borgere uden refusion",
        "min_weeks_on_ledighedsydelse": "0",
        "active": "on",
    }
    assert client.post(reverse("pools:new"), fields).status_code == 302
    pool = Pool.objects.get()
    assert (pool.annual_cap, pool.places, pool.municipality_id) == (42_000_000, 335, "350")
    edit = reverse("pools:edit", args=[pool.pk])
    version = client.get(edit).context["form"].initial["version"]
    changed = client.post(edit, fields | {"places": "360", "version": version})
    assert changed.status_code == 302
    stale = client.post(edit, fields | {"places": "400", "version": version})
    assert stale.status_code == 422  # someone saved since: nothing written
    pool.refresh_from_db()
    assert pool.places == 360
    # The same name twice in a municipality is refused at the field.
    twice = client.post(reverse("pools:new"), fields)
    assert twice.status_code == 422 and twice.context["form"].errors["name"]
    assert AuditEvent.objects.filter(object_type="Pool").count() == 2
