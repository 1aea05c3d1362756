"""The managers' page "Scenarier": their own municipality's baseline beside a pool scenario,
as a chart and a table; refusals as form errors; other roles are kept out (persona matrix)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fleksjob.citizens.models import BenefitSpell
from tests.factories import ApprovalFactory

pytestmark = pytest.mark.django_db


def _unemployed(code: str, n: int) -> None:
    for _ in range(n):
        a = ApprovalFactory(citizen__municipality_id=code)
        BenefitSpell.objects.create(
            citizen=a.citizen, approval=a, start=dt.date(2020, 1, 6), rate_category="dagpenge_89"
        )


def test_baseline_beside_a_pool(login):
    _unemployed("230", 4)
    _unemployed("350", 3)  # Lejre's: not on Rudersdal's page
    client = login("leder.rudersdal")
    response = client.get(
        "/beregner/scenarier/",
        {
            "from_year": "2024",
            "years": "2",
            "pool_kind": "midlertidig",
            "pool_places": "2",
            "pool_hourly_wage": "190",
            "pool_hours": "15",
            "pool_months": "12",
        },
    )
    assert response.status_code == 200
    base, pool = response.context["series"]
    assert [y["year"] for y in base[1]] == [2024, 2025]
    assert base[1][0]["on_ledighedsydelse"] == 4  # nobody leaves: no exits in the history
    assert pool[1][0]["in_pool"] == 2 and pool[1][0]["on_ledighedsydelse"] == 2
    # on the lowest refusion step throughout: 20 % of the ydelser, none of the pool's wages
    assert base[1][0]["refusion"] == pytest.approx(0.2 * base[1][0]["gross_cost"], abs=1)
    html = response.content.decode()
    assert 'data-testid="scenario-table"' in html and "scenario-spec" in html
    values = response.context["chart"]["data"]["values"]
    assert {v["scenario"] for v in values} == {base[0], pool[0]}


def test_the_default_form_and_refusals(login):
    client = login("leder.rudersdal")
    response = client.get("/beregner/scenarier/")
    assert response.status_code == 200  # this year, from the history (empty here)
    response = client.get(
        "/beregner/scenarier/",
        {
            "from_year": "2024",
            "years": "2",
            "consultants_fte": "5",
            "pool_hourly_wage": "190",
            "pool_hours": "15",
            "pool_months": "12",
        },
    )
    assert response.status_code == 422
    assert "kan ikke skønnes" in response.content.decode()
    response = client.get(
        "/beregner/scenarier/",
        {
            "from_year": "2019",
            "years": "9",
            "pool_kind": "fuld_loen",
            "pool_hourly_wage": "190",
            "pool_hours": "15",
            "pool_months": "12",
        },
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert {"from_year", "years", "pool_places"} <= set(errors)
    response = client.get(
        "/beregner/scenarier/",
        {
            "from_year": "2024",
            "years": "5",
            "pool_hourly_wage": "190",
            "pool_hours": "15",
            "pool_months": "12",
        },
    )
    assert response.status_code == 422  # 2024-2028: beyond the rate tables
    assert "satstabellerne" in response.content.decode()


def test_only_managers(login):
    for user in ("sagsbehandler.rudersdal", "konsulent.aarhus"):
        assert login(user).get("/beregner/scenarier/").status_code == 403


@pytest.mark.slow
def test_a_consultant_scenario_on_synthetic_denmark(login):
    """On seeded data the consultant lever is estimated across the municipalities and shown as
    an estimate beside the baseline, in Danish and in English."""
    from django.core.management import call_command

    call_command("seed", scale="tiny", seed=3, replace=False, today=dt.date(2026, 10, 15))
    client = login("leder.rudersdal")
    params = {
        "from_year": "2024",
        "years": "3",
        "consultants_fte": "50",
        "consultant_cost": "600000",
        "pool_hourly_wage": "190",
        "pool_hours": "15",
        "pool_months": "12",
    }
    response = client.get("/beregner/scenarier/", params)
    assert response.status_code == 200
    base, more = response.context["series"]
    assert more[0] == "50 konsulenter"
    [effect] = response.context["effects"]
    assert effect["estimate"] and effect["n_units"] >= 20 and effect["se"] > 0
    assert "Skøn, ikke en garanti" in response.content.decode()
    assert "Konsulenternes løn er regnet med" in response.content.decode()
    assert effect["annual_cost"] == 600_000
    # more consultants than today: more leave ledighedsydelse for a fleksjob
    assert effect["current"] < 50
    assert more[1][-1]["on_ledighedsydelse"] < base[1][-1]["on_ledighedsydelse"]
    client.cookies["django_language"] = "en"
    english = client.get("/beregner/scenarier/", params).content.decode()
    assert "An estimate, not a guarantee" in english and "50 consultants" in english


def test_the_municipalitys_own_pool_as_the_lever(login, personas):
    from fleksjob.accounts.models import Role, User
    from fleksjob.core.versions import version_of
    from fleksjob.pools.actions import (
        apply_for_place,
        decide_application,
        place_in_pool_job,
        save_pool,
    )

    _unemployed("230", 4)
    manager = personas["leder.rudersdal"]
    pool = save_pool(manager, name="Rudersdals pulje", kind="temporary", annual_cap=10**7, places=2)
    visitation = User.objects.create_user(
        "visitation.rudersdal", role=Role.VISITATION, municipality_id="230"
    )
    application = apply_for_place(
        manager, pool, ApprovalFactory(citizen__municipality_id="230").citizen, motivation="x"
    )
    application = decide_application(
        visitation, application, approve=True, expected_version=version_of(application)
    )
    place_in_pool_job(
        manager,
        application,
        workplace="Rudersdal Kommune",
        weekly_hours=15,
        monthly_cost=round(190 * 15 * 52 / 12),
        start=timezone.localdate(),
    )
    response = login("leder.rudersdal").get(
        "/beregner/scenarier/",
        {
            "from_year": "2024",
            "years": "2",
            "pool_record": str(pool.pk),
            "pool_hourly_wage": "100",  # replaced by the pool job's own wage
            "pool_hours": "15",
            "pool_months": "12",
        },
    )
    assert response.status_code == 200
    _base, own = response.context["series"]
    assert own[0] == "Rudersdals pulje (2)"
    assert own[1][0]["in_pool"] == 2
    # The same pool entered by hand gives the same years.
    by_hand = login("leder.rudersdal").get(
        "/beregner/scenarier/",
        {
            "from_year": "2024",
            "years": "2",
            "pool_kind": "midlertidig",
            "pool_places": "2",
            "pool_hourly_wage": "190",
            "pool_hours": "15",
            "pool_months": "12",
        },
    )
    _base, hand = by_hand.context["series"]
    for mine, theirs in zip(own[1], hand[1], strict=True):
        assert mine["net_cost"] == pytest.approx(theirs["net_cost"], rel=1e-3)
    # Another municipality's pool is not a choice (a form error, as an unknown one).
    lejre = User.objects.create_user("leder.lejre", role=Role.MANAGER, municipality_id="350")
    theirs = save_pool(lejre, name="Lejres pulje", kind="full_wage", annual_cap=10**6, places=3)
    refused = login("leder.rudersdal").get(
        "/beregner/scenarier/",
        {
            "from_year": "2024",
            "years": "2",
            "pool_record": str(theirs.pk),
            "pool_hourly_wage": "190",
            "pool_hours": "15",
            "pool_months": "12",
        },
    )
    assert refused.status_code == 422 and "Lejres pulje" not in refused.content.decode()
