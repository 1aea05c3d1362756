"""Employers can be told apart (issue 14): CVR, address and municipality beside the name in
every list and picker, and a name shared by several employers the user can see is marked.
The mark counts only the user's own municipality's employers, so it never tells that another
municipality has an employer of that name."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fleksjob.core.casework.identity import address_line, picker_label
from tests.factories import EmployerFactory, PositionFactory

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
    with django_assert_max_num_queries(12):
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
