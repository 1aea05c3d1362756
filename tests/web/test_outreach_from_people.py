"""Outreach that starts from people: employers ranked by waiting citizens who fit, the near
misses one provision short, and the employer's "Besøg med kandidater" page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from fleksjob.audit.models import AuditEvent
from tests.factories import ApprovalFactory, EmployerFactory, PositionFactory

pytestmark = pytest.mark.django_db


def _citizen(needs, *, consent=False, name="Anna"):
    return ApprovalFactory(
        citizen__municipality_id="751",
        citizen__needs=needs,
        citizen__first_name=name,
        citizen__consent_share_profile=consent,
        citizen__consent_recorded_at=timezone.now() if consent else None,
    ).citizen


@pytest.fixture
def workplace(personas):
    """An Aarhus employer with one open position (quiet room) and a filled one (mentor): a
    citizen needing a mentor fits, one needing extra breaks is one provision short."""
    employer = EmployerFactory(municipality_id="751", name="Bageriet Aps")
    PositionFactory(employer=employer, title="Bagerhjælper", provides=["quiet_environment"])
    PositionFactory(employer=employer, provides=["mentor"], status="filled")
    other = EmployerFactory(municipality_id="751", name="Ingen Plads A/S")
    PositionFactory(employer=other, provides=[], hours_min=30, hours_max=37)
    return {
        "employer": employer,
        "other": other,
        "fits": _citizen(["mentor"], consent=True, name="Mentorbrugeren"),
        "near": _citizen(["extra_breaks"], name="Pausebrugeren"),
        "none": _citizen(["extra_breaks", "no_heavy_lifting"], consent=True, name="Ingenting"),
    }


def test_ranked_list_counts_matches_and_names_the_missing_provision(login, workplace):
    page = login("konsulent.aarhus").get(reverse("outreach:ranked"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bageriet Aps" in html
    assert "Ingen Plads A/S" not in html  # 30–37 hours fits nobody
    assert "mangler ét skånehensyn:" in html and "Ekstra pauser (1)" in html
    row = html.split("Bageriet Aps")[1]
    assert '<td data-testid="matches">1</td>' in row
    assert '<td data-testid="near">1<br>' in row
    for citizen in ("Mentorbrugeren", "Pausebrugeren", "Ingenting"):
        assert citizen not in html  # counts only
    assert reverse("outreach:visit", args=[workplace["employer"].pk]) in html


def test_the_three_provisions_most_near_misses_lack_are_named(login, personas):
    employer = EmployerFactory(municipality_id="751", name="Lageret A/S")
    PositionFactory(employer=employer, provides=[])
    needs = ["mentor", "mentor", "mentor", "extra_breaks", "extra_breaks", "quiet_environment"]
    for need in [*needs, "no_outdoor_work"]:
        _citizen([need])
    client = login("konsulent.aarhus")
    html = client.get(reverse("outreach:ranked")).content.decode()
    named = html.split('data-testid="near">')[1].split("</td>")[0]
    assert named.startswith("7<br>")
    assert "Mentor eller fast kontaktperson (3), Ekstra pauser (2)" in named
    # Two lack one provision each: the first by key (no_outdoor_work) is named, not the other.
    assert "Intet udendørs arbejde (1)" in named and "Roligt arbejdsmiljø" not in named
    page = client.get(reverse("employers:outreach")).content.decode()
    assert page.count("næsten-match (mangler ét skånehensyn:") == 3


def test_employer_outreach_page_shows_the_counts(login, workplace):
    html = login("konsulent.aarhus").get(reverse("employers:outreach")).content.decode()
    assert "1 kandidat der passer" in html
    assert "1 næsten-match (mangler ét skånehensyn: Ekstra pauser)" in html
    assert "ingen ledige der passer" in html  # the employer whose hours fit nobody
    assert reverse("outreach:ranked") in html


def test_visit_page_lists_the_candidates_and_audits_them(login, workplace, personas):
    url = reverse("outreach:visit", args=[workplace["employer"].pk])
    response = login("konsulent.aarhus").get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mentorbrugeren" in html  # consent: named
    assert "Pausebrugeren" not in html  # no consent: numbered
    assert "Kandidat 2 (intet samtykke)" in html
    assert "Ingenting" not in html
    assert "Mentor eller fast kontaktperson" in html  # borrowed from the filled position
    assert "Næsten-match – mangler ét skånehensyn:" in html and "Ekstra pauser" in html
    assert html.index('data-kind="match"') < html.index('data-kind="near"')
    event = AuditEvent.objects.get(detail="besøg med kandidater")
    assert event.username == "konsulent.aarhus"
    shown = {int(pk) for pk in event.citizen_ids.strip(",").split(",")}
    assert shown == {workplace["fits"].pk, workplace["near"].pk}


def test_visit_page_elsewhere_is_404_and_empty_states(login, workplace):
    employer = workplace["employer"]
    lejre = login("sagsbehandler.rudersdal")
    assert lejre.get(reverse("outreach:visit", args=[employer.pk])).status_code == 404
    assert lejre.get(reverse("outreach:visit", args=[10**9])).status_code == 404
    client = login("konsulent.aarhus")
    html = client.get(reverse("outreach:visit", args=[workplace["other"].pk])).content.decode()
    assert 'data-testid="empty"' in html
    assert not AuditEvent.objects.filter(detail="besøg med kandidater").exists()
    lonely = EmployerFactory(municipality_id="751")
    html = client.get(reverse("outreach:visit", args=[lonely.pk])).content.decode()
    assert "Virksomheden har ingen åbne stillinger" in html


def test_ranked_list_empty_state(login, personas):
    html = login("konsulent.aarhus").get(reverse("outreach:ranked")).content.decode()
    assert 'data-testid="empty"' in html


def test_visit_page_paginates(login, workplace, monkeypatch):
    monkeypatch.setitem(settings.FLEKSJOB, "PAGE_SIZE", 1)
    client = login("konsulent.aarhus")
    url = reverse("outreach:visit", args=[workplace["employer"].pk])
    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()
    assert "Mentorbrugeren" in first and "Kandidat 2 (intet samtykke)" not in first
    assert "Kandidat 2 (intet samtykke)" in second and "Mentorbrugeren" not in second
    assert client.get(url + "?page=x").status_code == 200


@pytest.mark.parametrize("n", [3, 30])
def test_outreach_pages_are_bounded(login, personas, django_assert_max_num_queries, n):
    for i in range(n):
        employer = EmployerFactory(municipality_id="751")
        PositionFactory(employer=employer, provides=["quiet_environment"])
        _citizen(["mentor"] if i % 2 else ["quiet_environment"], consent=bool(i % 3))
    client = login("konsulent.aarhus")
    client.get(reverse("outreach:ranked"))  # builds the index and the candidates (cached)
    # The index's key (3 aggregates), the waiting citizens' key, the offered provisions, the
    # page's employers and their namesakes, and the session, user and municipality.
    with django_assert_max_num_queries(11):
        assert client.get(reverse("outreach:ranked")).status_code == 200
    employer = EmployerFactory._meta.model.objects.filter(municipality_id="751").first()
    with django_assert_max_num_queries(12):
        assert client.get(reverse("outreach:visit", args=[employer.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("employers:outreach")).status_code == 200


def test_a_provision_offered_later_turns_the_near_miss_into_a_match(login, workplace):
    from fleksjob.placements.outreach import municipality_reach

    employer = workplace["employer"]
    before = municipality_reach("751", timezone.localdate())[employer.pk]
    assert (before.matches, before.near) == (1, 1)
    PositionFactory(employer=employer, provides=["extra_breaks"], status="closed")
    after = municipality_reach("751", timezone.localdate())[employer.pk]
    # The citizen short of breaks fits now; the one short of two provisions is one short.
    assert (after.matches, after.near) == (2, 1)
    assert after.near_by_provision == (("no_heavy_lifting", 1),)


def test_today_is_used_for_weeks_waiting(workplace):
    from fleksjob.placements.outreach import visit_for

    found = visit_for(workplace["employer"], dt.date(2026, 6, 1))
    assert [f.kind for f in found.fits] == ["match", "near"]
