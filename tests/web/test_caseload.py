"""The caseload: name search by POST (never in a URL), filters, sorting, saved filters."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fleksjob.citizens.models import BenefitSpell, SavedFilter
from tests.factories import ApprovalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(personas):
    made = []
    for last, hours, spell in [
        ("Andersen", 6, dt.date(2020, 1, 6)),
        ("Bech", 12, None),
        ("Christensen", 20, dt.date(2025, 6, 2)),
    ]:
        approval = ApprovalFactory(
            citizen__municipality_id="350",
            caseworker=personas["sagsbehandler.lejre"],  # the caseworker's own cases
            citizen__last_name=last,
            citizen__hours_min=5,
            citizen__hours_capacity=hours,
        )
        if spell:
            BenefitSpell.objects.create(
                citizen=approval.citizen,
                approval=approval,
                start=spell,
                rate_category="dagpenge_89",
            )
        made.append(approval.citizen)
    ApprovalFactory(citizen__municipality_id="230", citizen__last_name="Andersen-Rudersdal")
    return made


def _names(html: str, names=("Andersen", "Bech", "Christensen")) -> list[str]:
    """The case names in the table, in the order shown."""
    table = html[html.find("<tbody>") : html.find("</tbody>")] if "<tbody>" in html else ""
    return sorted((n for n in names if n in table), key=table.index)


def test_name_search_is_posted_and_the_url_holds_only_a_key(login, cases):
    client = login("sagsbehandler.lejre")
    response = client.post(reverse("citizens:list"), {"q": "Bech"})
    assert response.status_code == 302
    assert "Bech" not in response.url and response.url.startswith("/borgere/?f=")
    page = client.get(response.url).content.decode()
    assert _names(page) == ["Bech"]
    # A name put in the URL by hand is ignored, not searched.
    page = client.get("/borgere/?q=Bech").content.decode()
    assert _names(page) == ["Andersen", "Bech", "Christensen"]
    assert "Andersen-Rudersdal" not in page


def test_hours_filter_sorting_and_weeks_on_benefit(login, cases):
    client = login("sagsbehandler.lejre")
    url = client.post(reverse("citizens:list"), {"hours_from": "10", "sort": "name"}).url
    assert _names(client.get(url).content.decode()) == ["Bech", "Christensen"]
    url = client.post(reverse("citizens:list"), {"sort": "spell_start"}).url
    page = client.get(url).content.decode()
    assert _names(page) == ["Andersen", "Christensen", "Bech"]  # no spell last
    response = client.post(reverse("citizens:list"), {"hours_from": "20", "hours_to": "10"})
    assert response.status_code == 422 and "Kan ikke være mindre" in response.content.decode()


def test_saved_filters_are_personal(login, cases, personas):
    client = login("sagsbehandler.lejre")
    client.post(reverse("citizens:list"), {"q": "Christensen", "save_as": "Kun C"})
    saved = SavedFilter.objects.get(user=personas["sagsbehandler.lejre"], name="Kun C")
    page = client.get(f"/borgere/?saved={saved.pk}").content.decode()
    assert _names(page) == ["Christensen"]
    other = login("sagsbehandler.rudersdal")
    page = other.get(f"/borgere/?saved={saved.pk}").content.decode()
    assert "Christensen" not in page and "Kun C" not in page
