"""Employers can be told apart (issue 14): CVR, address and municipality beside the name in
every list and picker, and a name shared by several employers the user can see is marked.
The mark counts only the user's own municipality's employers, so it never tells that another
municipality has an employer of that name."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fleksjob.core.casework.identity import address_line, picker_label
from fleksjob.employment.models import Employment
from tests.factories import ApprovalFactory, EmployerFactory, PositionFactory

pytestmark = pytest.mark.django_db

AARHUS = "751"


def _roskilde(**kw):
    fields = {
        "name": "Bageriet ApS",
        "cvr": "31234567",
        "street": "Algade 1",
        "postcode": "4000",
        "city": "Roskilde",
        "municipality_id": AARHUS,
    }
    return EmployerFactory(**(fields | kw))


def test_address_line_and_picker_label():
    assert address_line("Algade 1", "4000", "Roskilde") == "Algade 1, 4000 Roskilde"
    assert address_line("", "", "Roskilde") == "Roskilde"
    assert address_line("", "", "") == ""
    label = picker_label("Bageriet ApS", "31234567", "Algade 1, 4000 Roskilde")
    assert label == "Bageriet ApS — CVR 31234567, Algade 1, 4000 Roskilde"
    assert picker_label("Bageriet ApS", "31234567", "") == "Bageriet ApS — CVR 31234567"


def test_employer_list_shows_cvr_address_and_municipality(personas, login):
    _roskilde()
    page = login("konsulent.aarhus").get(reverse("employers:list")).content.decode()
    assert "CVR 31234567 · Algade 1, 4000 Roskilde · Aarhus" in page
    assert 'data-testid="namesakes"' not in page


@pytest.mark.parametrize(
    "name", ["Bageriet ApS", "bageriet aps", "BAGERIET  ApS", "Bageriet A p S"]
)
def test_a_shared_name_is_marked_whatever_its_case_and_spaces(personas, login, name):
    _roskilde()
    _roskilde(name=name, cvr="31234575", street="Søndergade 9")
    page = login("konsulent.aarhus").get(reverse("employers:list")).content.decode()
    assert page.count("samme navn som 1 anden") == 2


def test_the_mark_counts_the_others_among_all_visible_not_only_the_filtered(personas, login):
    _roskilde()
    _roskilde(cvr="31234575")
    _roskilde(cvr="31234583", sector="education")
    client = login("konsulent.aarhus")
    page = client.get(reverse("employers:list"), {"sector": "education"}).content.decode()
    assert page.count("samme navn som 2 andre") == 1


def test_another_municipalitys_namesake_is_neither_shown_nor_counted(personas, login):
    _roskilde()
    # Lejre (350) has an employer of the same name; Aarhus' consultant must not learn of it.
    _roskilde(cvr="31234575", municipality_id="350", street="Hemmelig Vej 3")
    client = login("konsulent.aarhus")
    for url in (reverse("employers:list"), reverse("employers:outreach")):
        page = client.get(url).content.decode()
        assert "Hemmelig Vej" not in page, url
        assert "samme navn som" not in page, url


def test_outreach_and_employer_page_tell_namesakes_apart(personas, login):
    first = _roskilde()
    _roskilde(cvr="31234575", street="Søndergade 9")
    client = login("konsulent.aarhus")
    outreach = client.get(reverse("employers:outreach")).content.decode()
    assert "CVR 31234567 · Algade 1, 4000 Roskilde · Aarhus" in outreach
    assert "CVR 31234575 · Søndergade 9, 4000 Roskilde · Aarhus" in outreach
    assert outreach.count("samme navn som 1 anden") == 2
    detail = client.get(reverse("employers:detail", args=[first.pk])).content.decode()
    assert "CVR 31234567 · Algade 1, 4000 Roskilde · Aarhus" in detail
    assert "samme navn som 1 anden" in detail


@pytest.mark.parametrize("n", [3, 30])
def test_marking_namesakes_keeps_the_list_queries_flat(
    personas, login, django_assert_max_num_queries, n
):
    PositionFactory.create_batch(n, employer__municipality_id=AARHUS, employer__name="Samme A/S")
    client = login("konsulent.aarhus")
    with django_assert_max_num_queries(11):
        page = client.get(reverse("employers:list")).content.decode()
    assert f"samme navn som {n - 1} andre" in page
    # Seven more than the employer score needs: the candidates per employer (outreach from
    # people) read the matching index's key (3), the open positions and the waiting citizens
    # (cached per data version, 3) and the provisions the workplaces have offered (1).
    with django_assert_max_num_queries(19):
        assert client.get(reverse("employers:outreach")).status_code == 200


def test_the_form_and_the_api_take_the_address(personas, login):
    client = login("konsulent.aarhus")
    form = {
        "cvr": "31234567",
        "name": "Bageriet ApS",
        "sector": "retail",
        "size_band": "small",
        "street": "Algade 1",
        "postcode": "40O0",
        "city": "Roskilde",
    }
    assert client.post(reverse("employers:new"), form).status_code == 422
    response = client.post(reverse("employers:new"), form | {"postcode": "4000"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Algade 1, 4000 Roskilde" in page


LEJRE = "350"


def _lejre_pair():
    """Two Lejre employers of one name, and a namesake in Aarhus that Lejre must not learn of."""
    first = _roskilde(municipality_id=LEJRE)
    _roskilde(municipality_id=LEJRE, cvr="31234575", street="Søndergade 9")
    _roskilde(municipality_id=AARHUS, cvr="31234583", street="Hemmelig Vej 3")
    return first


def _placement(approval, position):
    from fleksjob.placements.models import Placement

    return Placement.objects.create(
        citizen=approval.citizen,
        approval=approval,
        position=position,
        stage="proposed",
        stage_since=dt.date(2025, 4, 1),
    )


def test_case_page_placement_pages_and_runs_tell_employers_apart(personas, login):
    first = _lejre_pair()
    approval = ApprovalFactory(citizen__municipality_id=LEJRE)
    Employment.objects.create(
        citizen=approval.citizen,
        approval=approval,
        employer=first,
        kind="ordinary",
        start=dt.date(2020, 1, 1),
        end=dt.date(2021, 1, 1),
        hourly_wage=180,
    )
    placement = _placement(approval, PositionFactory(employer=first))
    client = login("sagsbehandler.lejre")
    identity = "CVR 31234567 · Algade 1, 4000 Roskilde · Lejre"
    for url in (
        f"/borgere/{approval.citizen_id}/",
        reverse("placements:list"),
        reverse("placements:detail", args=[placement.pk]),
    ):
        page = client.get(url).content.decode()
        assert identity in page, url
        assert "samme navn som 1 anden" in page, url
        assert "Hemmelig Vej" not in page and "samme navn som 2" not in page, url


def test_recommendations_tell_employers_apart(personas, login):
    first = _lejre_pair()
    approval = ApprovalFactory(citizen__municipality_id=LEJRE)
    PositionFactory(employer=first, provides=["extra_breaks", "no_heavy_lifting"])
    page = login("sagsbehandler.lejre").get(f"/borgere/{approval.citizen_id}/").content.decode()
    recommendations = page.split('data-testid="recommendations"')[1]
    assert "CVR 31234567 · Algade 1, 4000 Roskilde · Lejre" in recommendations
    assert "samme navn som 1 anden" in recommendations


def test_consultant_home_tells_employers_apart(personas, login):
    PositionFactory(employer=_roskilde())
    _roskilde(cvr="31234575", street="Søndergade 9")
    _roskilde(cvr="31234583", municipality_id=LEJRE)
    page = login("konsulent.aarhus").get(reverse("home")).content.decode()
    open_positions = page.split('data-testid="open-positions"')[1]
    assert "CVR 31234567 · Algade 1, 4000 Roskilde · Aarhus" in open_positions
    assert "samme navn som 1 anden" in open_positions


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_placement_pages_and_case_page_queries_stay_flat(personas, login):
    approval = ApprovalFactory(citizen__municipality_id=LEJRE)
    client = login("sagsbehandler.lejre")
    urls = (reverse("placements:list"), f"/borgere/{approval.citizen_id}/")
    counts = []
    for n in (2, 18):
        for _ in range(n):
            _placement(approval, PositionFactory(employer__municipality_id=LEJRE))
        counts.append([_queries(client, url) for url in urls])
    assert counts[0] == counts[1]


def _api(personas, username: str):
    from django.test import Client

    from fleksjob.accounts.models import ApiToken

    token = ApiToken.issue(personas[username])[1]
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_the_api_adds_address_label_municipality_name_and_namesakes(personas):
    first = _lejre_pair()
    api = _api(personas, "sagsbehandler.lejre")
    items = api.get("/api/v1/employers/").json()["items"]
    assert len(items) == 2  # Aarhus' namesake is neither listed nor counted
    shown = next(item for item in items if item["id"] == first.pk)
    assert shown["municipality"] == LEJRE  # the fields there were keep their names
    assert shown["municipality_name"] == "Lejre"
    assert (shown["street"], shown["postcode"], shown["city"]) == ("Algade 1", "4000", "Roskilde")
    assert shown["label"] == "Bageriet ApS — CVR 31234567, Algade 1, 4000 Roskilde"
    assert [item["namesakes"] for item in items] == [1, 1]
    assert api.get(f"/api/v1/employers/{first.pk}").json()["namesakes"] == 1


def test_the_api_takes_the_address_and_refuses_a_wrong_postcode(personas):
    api = _api(personas, "konsulent.aarhus")
    body = {"cvr": "31234567", "name": "Bageriet ApS", "sector": "retail", "size_band": "small"}
    wrong = api.post("/api/v1/employers/", body | {"postcode": "40000"}, "application/json")
    assert wrong.status_code == 422
    made = api.post(
        "/api/v1/employers/", body | {"street": "Algade 1", "postcode": "4000"}, "application/json"
    )
    assert made.status_code == 201, made.content
    assert made.json()["label"] == "Bageriet ApS — CVR 31234567, Algade 1, 4000"
    assert made.json()["namesakes"] == 0


@pytest.mark.parametrize("q", ["Algade", "4000", "roskilde", "31234567", "bageriet"])
def test_the_employer_search_finds_by_name_cvr_and_address(personas, login, q):
    _roskilde()
    _roskilde(
        name="Smedjen A/S", cvr="31234575", street="Søndergade 9", postcode="8000", city="Aarhus C"
    )
    page = login("konsulent.aarhus").get(reverse("employers:list"), {"q": q}).content.decode()
    assert "CVR 31234567" in page
    assert "CVR 31234575" not in page
    api = _api(personas, "konsulent.aarhus").get("/api/v1/employers/", {"q": q}).json()
    assert [item["cvr"] for item in api["items"]] == ["31234567"]


def test_the_api_positions_name_their_employer_told_apart(personas):
    position = PositionFactory(employer=_roskilde(municipality_id=LEJRE))
    api = _api(personas, "sagsbehandler.lejre")
    label = "Bageriet ApS — CVR 31234567, Algade 1, 4000 Roskilde"
    listed = api.get("/api/v1/positions/").json()["items"]
    assert [(item["employer"], item["employer_label"]) for item in listed] == [
        (position.employer_id, label)
    ]
    assert api.get(f"/api/v1/positions/{position.pk}").json()["employer_label"] == label
