"""Employers are registered per municipality: a company that works with several jobcentres is
registered by each, the CVR number is unique within a municipality only, and no place that
takes a CVR number answers differently for "registered by another municipality" and "unknown"."""

from __future__ import annotations

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from fleksjob.accounts.models import ApiToken, User
from fleksjob.employers.models import Employer
from tests.factories import EmployerFactory
from tests.web.imports import finish_import

pytestmark = pytest.mark.django_db

ELSEWHERE = "31234567"  # registered by Rudersdal (230) in every test
UNKNOWN = "31234575"  # registered nowhere
DUPLICATE = "Kommunen har allerede registreret en virksomhed med dette CVR-nummer."


@pytest.fixture
def elsewhere(personas):
    return EmployerFactory(cvr=ELSEWHERE, municipality_id="230", name="Rudersdals udgave")


@pytest.fixture
def aarhus(personas, login):
    """The consultant of Aarhus (751) through every channel: pages, API and import."""
    user = personas["konsulent.aarhus"]
    token = ApiToken.issue(user)[1]
    api = Client(headers={"Authorization": f"Bearer {token}"})
    return {"user": user, "web": login("konsulent.aarhus"), "api": api}


def _form(client: Client, cvr: str):
    return client.post(
        reverse("employers:new"),
        {"cvr": cvr, "name": "Bageriet", "sector": "retail", "size_band": "small"},
    )


def _api_post(client: Client, cvr: str):
    body = {"cvr": cvr, "name": "Bageriet", "sector": "retail", "size_band": "small"}
    return client.post("/api/v1/employers/", json.dumps(body), content_type="application/json")


def _import(client: Client, kind: str, lines: list[str], action: str):
    """The page's answer; an import it queued is written (as the worker would) before that."""
    upload = SimpleUploadedFile("fil.csv", "\n".join(lines).encode())
    response = client.post(
        reverse("exchange:import"), {"kind": kind, "file": upload, "action": action}
    )
    if action == "import" and response.status_code == 302:
        finish_import(response)
    return response


def _employers_file(cvr: str) -> list[str]:
    return [
        "cvr;navn;branche;størrelse;breddegrad;længdegrad",
        f"{cvr};Bageriet;retail;small;56,1;10,2",
    ]


def _positions_file(cvr: str) -> list[str]:
    return ["cvr;titel;erhverv;timer_mindst;timer_højst", f"{cvr};Pedel;9112;8;12"]


def test_the_same_company_is_registered_by_form_api_and_import(elsewhere, personas, login):
    koege = User.objects.create_user("konsulent.koege", role="consultant", municipality_id="259")
    form = _form(login("sagsbehandler.lejre"), ELSEWHERE)
    assert form.status_code == 302, form.context["form"].errors if form.context else form
    token = ApiToken.issue(personas["konsulent.aarhus"])[1]
    api = _api_post(Client(headers={"Authorization": f"Bearer {token}"}), ELSEWHERE)
    assert api.status_code == 201, api.json()
    importer = Client()
    importer.force_login(koege)
    imported = _import(importer, "employers", _employers_file(ELSEWHERE), "import")
    assert imported.status_code == 302, imported.context["report"].lines()
    registered = Employer.objects.filter(cvr=ELSEWHERE)
    assert sorted(registered.values_list("municipality_id", flat=True)) == [
        "230",
        "259",
        "350",
        "751",
    ]
    # Each municipality's own employer: placed in its own municipality, scoped to it.
    assert api.json()["municipality"] == "751"
    assert registered.get(municipality_id="350").name == "Bageriet"


def _same(response, cvr: str) -> tuple:
    """What a response shows, with the CVR number and new ids blanked out."""
    if response.get("Content-Type", "").startswith("application/json"):
        body = json.dumps(response.json(), sort_keys=True)
        body = re.sub(r'"(id|employer)": \d+', r'"\1": 0', body)
        # Each call registers one more employer of that name in Aarhus, which the next call
        # rightly counts (Aarhus sees both); that another municipality's employers are never
        # counted is tests/web/test_employers_told_apart.py's.
        body = re.sub(r'"namesakes": \d+', '"namesakes": 0', body)
        return response.status_code, body.replace(cvr, "CVR")
    context = response.context
    shown = None
    if context is not None and context.get("report") is not None:
        shown = (context["report"].lines(), context["rows"])
    elif context is not None and "page_obj" in context:
        shown = [e.pk for e in context["page_obj"]]
    elif context is not None and "form" in context:
        shown = sorted(context["form"].errors.items())
    location = re.sub(r"\d+", "N", response.get("Location", ""))
    return response.status_code, location, shown


def _patch(aarhus, cvr: str):
    employer = EmployerFactory(municipality_id="751", name="Aarhus-virksomheden")
    path = f"/api/v1/employers/{employer.pk}"
    tag = aarhus["api"].get(path)["ETag"]
    return aarhus["api"].patch(
        path, json.dumps({"cvr": cvr}), content_type="application/json", headers={"If-Match": tag}
    )


PLACES = {
    "employer form": lambda a, cvr: _form(a["web"], cvr),
    "API POST employer": lambda a, cvr: _api_post(a["api"], cvr),
    "API PATCH employer": _patch,
    "import check, employers": lambda a, cvr: _import(
        a["web"], "employers", _employers_file(cvr), "check"
    ),
    "import, employers": lambda a, cvr: _import(
        a["web"], "employers", _employers_file(cvr), "import"
    ),
    "import check, positions' cvr": lambda a, cvr: _import(
        a["web"], "positions", _positions_file(cvr), "check"
    ),
    "import, positions' cvr": lambda a, cvr: _import(
        a["web"], "positions", _positions_file(cvr), "import"
    ),
    "employer search page": lambda a, cvr: a["web"].get(reverse("employers:list"), {"q": cvr}),
    "API employer search": lambda a, cvr: a["api"].get("/api/v1/employers/", {"q": cvr}),
}


@pytest.mark.parametrize("place", sorted(PLACES))
def test_a_cvr_of_another_municipality_looks_exactly_like_an_unknown_one(place, elsewhere, aarhus):
    registered_elsewhere = _same(PLACES[place](aarhus, ELSEWHERE), ELSEWHERE)
    unknown = _same(PLACES[place](aarhus, UNKNOWN), UNKNOWN)
    assert registered_elsewhere == unknown
    # Nothing of Rudersdal's record reached Aarhus.
    assert Employer.objects.get(municipality_id="230").name == "Rudersdals udgave"


def test_a_duplicate_in_one_s_own_municipality_is_refused_clearly(elsewhere, aarhus):
    EmployerFactory(cvr=UNKNOWN, municipality_id="751")
    form = _form(aarhus["web"], UNKNOWN)
    assert form.status_code == 422
    assert form.context["form"].errors["cvr"] == [DUPLICATE]
    api = _api_post(aarhus["api"], UNKNOWN)
    assert api.status_code == 422
    assert api.json()["errors"] == [{"field": "cvr", "reason": DUPLICATE}]
    patched = _patch(aarhus, UNKNOWN)
    assert patched.status_code == 422 and patched.json()["errors"][0]["field"] == "cvr"
    checked = _import(aarhus["web"], "employers", _employers_file(UNKNOWN), "check")
    assert checked.status_code == 422
    assert checked.context["report"].lines() == [
        "række 2, kolonne cvr: kommunen har allerede registreret en virksomhed med dette CVR-nummer"
    ]
    assert Employer.objects.filter(cvr=UNKNOWN).count() == 1


def test_the_database_holds_the_rule(elsewhere):
    from django.db import IntegrityError, transaction

    EmployerFactory(cvr=ELSEWHERE, municipality_id="751")  # another municipality: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        EmployerFactory(cvr=ELSEWHERE, municipality_id="751")


def test_the_employer_admin_registers_in_one_s_own_municipality_only(elsewhere):
    """A municipal user with admin access cannot name another municipality in the admin's form
    (which would also tell whether that municipality has the CVR number)."""
    staff = User.objects.create_user(
        "leder.aarhus", role="manager", municipality_id="751", is_staff=True, is_superuser=True
    )
    client = Client()
    client.force_login(staff)
    add = reverse("admin:employers_employer_add")
    form = client.get(add).context["adminform"].form
    assert "municipality" not in form.fields
    fields = {"sector": "retail", "size_band": "small", "lat": "56.1", "lon": "10.2"}
    fields |= {"contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0"}
    for cvr in (ELSEWHERE, UNKNOWN):
        response = client.post(add, {**fields, "cvr": cvr, "municipality": "230", "name": cvr})
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert Employer.objects.get(name=cvr).municipality_id == "751"
    again = client.post(add, {**fields, "cvr": UNKNOWN, "name": "Igen"})
    assert again.status_code == 200
    assert again.context["adminform"].form.errors["cvr"] == [DUPLICATE]
