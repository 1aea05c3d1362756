"""Matching in the product: recommendations on the citizen page, candidates on the position page
(pseudonymised without consent), proposals scored on the server."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fleksjob.citizens.models import BenefitSpell
from fleksjob.placements.models import Placement
from tests.factories import ApprovalFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    approval = ApprovalFactory(
        citizen__municipality_id="350",
        citizen__last_name="Matchesen",
        citizen__occupations=["4110"],
        citizen__skills_text="kontorarbejde, post og arkiv",
        citizen__needs=["extra_breaks"],
        citizen__hours_min=6,
        citizen__hours_capacity=12,
    )
    BenefitSpell.objects.create(
        citizen=approval.citizen,
        approval=approval,
        start=dt.date(2025, 1, 6),
        rate_category="dagpenge_89",
    )
    fit = PositionFactory(
        employer__municipality_id="350",
        title="Kontorhjælp",
        occupation="4110",
        tasks_text="post, arkiv og kontorarbejde",
        hours_min=8,
        hours_max=15,
        provides=["extra_breaks"],
    )
    no_breaks = PositionFactory(
        employer__municipality_id="350", title="Lagerarbejder", provides=["quiet_environment"]
    )
    elsewhere = PositionFactory(
        employer__municipality_id="230",
        title="Kontorhjælp Rudersdal",
        occupation="4110",
        provides=["extra_breaks"],
    )
    return approval.citizen, fit, no_breaks, elsewhere


def test_citizen_page_recommends_only_feasible_own_municipality_positions(world, login):
    citizen, fit, *_ = world
    page = login("sagsbehandler.lejre").get(f"/borgere/{citizen.pk}/")
    recommended = [rec.position for rec, _, _ in page.context["recommendations"]]
    assert recommended == [fit]
    text = page.content.decode()
    assert "Samme fag som borgerens erfaring" in text
    # Income at min(capacity 12, position max 15) = 12 hours with the assumed wage.
    assert "Ved 12 timer pr. uge" in text


def test_position_page_hides_names_without_consent(world, login):
    citizen, fit, *_ = world
    client = login("sagsbehandler.lejre")
    url = f"/virksomheder/{fit.employer_id}/stillinger/{fit.pk}/"
    page = client.get(url).content.decode()
    assert "Kandidat 1 (intet samtykke)" in page and "Matchesen" not in page
    citizen.consent_share_profile = True
    citizen.consent_recorded_at = timezone.now()
    citizen.save()
    page = client.get(url).content.decode()
    assert "Matchesen" in page


def test_a_proposal_is_scored_on_the_server(world, login):
    citizen, fit, no_breaks, _ = world
    client = login("sagsbehandler.lejre")
    client.post(
        "/match-forslag/ny/",
        {"citizen": citizen.pk, "position": fit.pk, "score": "1.0", "reasons": "forged"},
    )
    placement = Placement.objects.get(position=fit)
    assert 0 < placement.score < 1 and "forged" not in placement.reasons
    assert any("Samme fag" in r for r in placement.reasons)
    response = client.post(
        "/match-forslag/ny/", {"citizen": citizen.pk, "position": no_breaks.pk}, follow=True
    )
    assert "opfylder ikke matchreglerne" in response.content.decode()
    assert Placement.objects.get(position=no_breaks).score is None


def test_position_page_without_waiting_citizens_says_so(personas, login):
    position = PositionFactory(employer__municipality_id="350")
    page = login("sagsbehandler.lejre").get(
        f"/virksomheder/{position.employer_id}/stillinger/{position.pk}/"
    )
    assert page.status_code == 200 and page.context["candidates"] == []
    assert "Ingen ledige borgere" in page.content.decode()
