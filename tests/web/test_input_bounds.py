"""No 5xx from input: every amount, date, id, page number and text is bounded where it enters
(``fleksjob.core.bounds``), so a far date or a huge number is a 4xx naming the field (404 for an
id in a path), a body over the upload limit is a 413, and no answer carries NaN or Infinity."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fleksjob.accounts.models import ApiToken
from fleksjob.api.routes import api as ninja_api
from fleksjob.core.imports.records import validate
from fleksjob.core.imports.table import read_table
from fleksjob.employment.models import Employment
from fleksjob.placements.actions import move_placement, propose_match
from fleksjob.pools.models import Pool
from tests.factories import ApprovalFactory, PositionFactory

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999999"  # far beyond a 64-bit integer
ERROR_KEYS = {"detail", "errors"}


def api_operations(method: str) -> list[tuple[str, dict]]:
    """(path, operation) of every API operation with this method, from the OpenAPI schema."""
    paths = ninja_api.get_openapi_schema()["paths"]
    return [(path, ops[method]) for path, ops in paths.items() if method in ops]


def _strict(content: bytes):
    def refuse(name):
        raise AssertionError(f"{name} in a JSON answer")

    return json.loads(content, parse_constant=refuse)


@pytest.fixture
def api(personas):
    token = ApiToken.issue(personas["sagsbehandler.lejre"])[1]
    client = Client(raise_request_exception=False)
    headers = {"Authorization": f"Bearer {token}"}

    def call(method: str, path: str, body=None, extra_headers=None, **kwargs):
        if body is not None:
            kwargs |= {"data": body, "content_type": "application/json"}
        return getattr(client, method)(path, headers={**headers, **(extra_headers or {})}, **kwargs)

    return call


@pytest.fixture
def lejre(personas):
    approval = ApprovalFactory(
        citizen__municipality_id="350",
        citizen__consent_share_profile=True,
        citizen__consent_recorded_at=timezone.now(),
    )
    position = PositionFactory(employer__municipality_id="350", status="open")
    return {"approval": approval, "citizen": approval.citizen, "position": position}


def _field_error(response, field: str) -> None:
    assert response.status_code == 422, (response.status_code, response.content[:200])
    body = _strict(response.content)
    assert set(body) == ERROR_KEYS
    assert field in [e["field"] for e in body["errors"]], body


def _paged_lists(lejre) -> list[str]:
    pool = Pool.objects.create(
        municipality_id="350", name="Pulje", kind="full_wage", annual_cap=10**6, places=2
    )
    ids = {
        "citizen_id": lejre["citizen"].pk,
        "employer_id": lejre["position"].employer_id,
        "pool_id": pool.pk,
    }
    return [
        path.format(**ids)
        for path, operation in api_operations("get")
        if "page" in {p["name"] for p in operation.get("parameters", [])}
    ]


def test_every_paged_list_bounds_page_and_page_size(api, lejre):
    paths = _paged_lists(lejre)
    assert len(paths) >= 10, paths  # every list of the API, read from its schema
    for path in paths:
        _field_error(api("get", path, {"page": HUGE}), "page")
        _field_error(api("get", path, {"page_size": HUGE}), "page_size")
        assert api("get", path, {"page": 1_000_000}).json()["items"] == []


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/placements/?citizen=" + HUGE, "citizen"),
        ("/api/v1/placements/?position=9223372036854775808", "position"),
        ("/api/v1/positions/?employer=" + HUGE, "employer"),
        ("/api/v1/citizens/?q=a%00b", "q"),
        ("/api/v1/employers/?q=a%00b", "q"),
    ],
)
def test_query_filters_are_bounded(api, lejre, path, field):
    _field_error(api("get", path), field)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"first_fleksjob_start": "9999-06-01"}, "first_fleksjob_start"),
        ({"ledighedsydelse_start": "9999-12-01"}, "ledighedsydelse_start"),
        ({"ledighedsydelse_start": "0001-01-01"}, "ledighedsydelse_start"),
    ],
)
def test_far_dates_in_the_deadline_calculator_are_422(api, params, field):
    _field_error(api("get", "/api/v1/calc/deadlines", params), field)


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("hours", {"year": 2025, "hourly_wage": "1e308"}, "hourly_wage"),
        ("hours", {"year": 2025, "hourly_wage": "Infinity"}, "hourly_wage"),
        ("subsidy", {"year": 2025, "wage_income": "1e308"}, "wage_income"),
        ("ledighedsydelse", {"year": 2025, "income": "1e308"}, "income"),
        (
            "employer-cost",
            {"year": 2025, "hourly_wage": "1e308", "hours_per_week": 30},
            "hourly_wage",
        ),
        ("rates", {"date": "9999-01-01"}, "date"),
    ],
)
def test_extreme_amounts_are_422_never_infinity(api, path, params, field):
    _field_error(api("get", f"/api/v1/calc/{path}", params), field)


def test_the_amount_bound_is_inclusive_and_its_result_finite(api):
    path, week = "/api/v1/calc/employer-cost", {"year": 2025, "hours_per_week": 37}
    largest = api("get", path, {**week, "hourly_wage": 10_000_000})
    assert largest.status_code == 200 and _strict(largest.content)["total"] > 0
    _field_error(api("get", path, {**week, "hourly_wage": 10_000_001}), "hourly_wage")


def test_a_json_body_over_the_upload_limit_is_413_in_the_error_body(api, lejre):
    name = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    body = json.dumps({"cvr": "31234567", "name": name, "sector": "retail", "size_band": "small"})
    response = api("post", "/api/v1/employers/", body)
    assert response.status_code == 413
    assert _strict(response.content) == {"detail": "Forespørgslen er for stor", "errors": []}
    employer = lejre["position"].employer_id
    patched = api("patch", f"/api/v1/employers/{employer}", body, {"If-Match": "*"})
    assert patched.status_code == 413


def test_a_form_body_over_the_limit_is_a_413_page(login, lejre):
    client = login("sagsbehandler.lejre")
    client.raise_request_exception = False
    big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(reverse("citizens:list"), {"q": big})
    assert response.status_code == 413
    assert "For stor forespørgsel" in response.content.decode()


def test_other_api_4xx_have_the_error_body_too(api):
    not_allowed = api("delete", "/api/v1/calc/rates")
    assert not_allowed.status_code == 405 and "GET" in not_allowed["Allow"]
    assert set(_strict(not_allowed.content)) == ERROR_KEYS
    unknown = api("get", "/api/v1/no-such-thing/")
    assert unknown.status_code == 404 and set(_strict(unknown.content)) == ERROR_KEYS


def _presented(lejre, personas, status_since: dt.date):
    """A proposal moved to "presented" whose case changed status on ``status_since``."""
    user = personas["sagsbehandler.lejre"]
    approval = lejre["approval"]
    approval.status_since = status_since
    approval.save(update_fields=["status_since"])
    placement = propose_match(
        user, lejre["citizen"], lejre["position"], on=status_since - dt.timedelta(days=10)
    )
    return move_placement(user, placement, "presented", on=status_since - dt.timedelta(days=9))


def test_api_hire_before_the_case_status_date_is_422_naming_start(api, lejre, personas):
    since = dt.date(2026, 3, 10)
    placement = _presented(lejre, personas, since)
    hire = {
        "to_stage": "hired",
        "on": (since - dt.timedelta(days=5)).isoformat(),
        "start": (since - dt.timedelta(days=3)).isoformat(),
        "hours_per_week": 10,
        "hourly_wage": 180,
    }
    response = api("post", f"/api/v1/placements/{placement.pk}/transitions", json.dumps(hire))
    _field_error(response, "start")
    placement.refresh_from_db()
    assert placement.stage == "presented" and not Employment.objects.exists()


def test_page_hire_before_the_case_status_date_names_the_field(login, lejre, personas):
    since = dt.date(2026, 3, 10)
    placement = _presented(lejre, personas, since)
    response = login("sagsbehandler.lejre").post(
        reverse("placements:move", args=[placement.pk]),
        {
            "to_stage": "hired",
            "on": "2026-03-05",
            "start": "2026-03-07",
            "hours_per_week": "10",
            "hourly_wage": "180",
        },
    )
    assert response.status_code == 422
    assert "start" in response.context["form"].errors
    assert not Employment.objects.exists()


class _Every(dict):
    """Formats every placeholder of a path with the same value."""

    def __init__(self, value: str) -> None:
        super().__init__()
        self.value = value

    def __missing__(self, key: str) -> str:
        return self.value


def test_ids_and_page_numbers_in_urls_never_give_a_5xx(api, login, lejre):
    """Ids beyond the range in a path are 404 (API in its error body); odd page numbers and
    saved-filter ids in a page's query string still answer."""
    paths = [p for p, _ in api_operations("get") if "{" in p]
    assert len(paths) >= 10, paths
    for path in paths:
        for value in (HUGE, "9223372036854775808"):
            response = api("get", path.format_map(_Every(value)))
            assert response.status_code == 404, (path, response.status_code)
            assert set(_strict(response.content)) == ERROR_KEYS
    client = login("sagsbehandler.lejre")
    client.raise_request_exception = False
    for page in (
        "/borgere/{huge}/",
        "/borgere/{huge}/rediger/",
        "/virksomheder/{huge}/",
        "/virksomheder/{huge}/stillinger/{huge}/",
        "/match-forslag/{huge}/",
    ):
        assert client.get(page.format(huge=HUGE)).status_code == 404, page
    for page in ("/borgere/?page=" + HUGE, "/virksomheder/?page=" + HUGE, "/borgere/?saved=²"):
        assert client.get(page).status_code == 200, page


def test_forms_refuse_far_dates_and_huge_numbers(login, lejre):
    client = login("sagsbehandler.lejre")
    employer = lejre["position"].employer_id
    contact = client.post(
        reverse("employers:detail", args=[employer]),
        {
            "form": "contact",
            "contact-on": "0001-01-01",
            "contact-channel": "phone",
            "contact-outcome": "interested",
        },
    )
    assert contact.status_code == 422
    assert "on" in contact.context["contact_form"].errors
    position = client.post(
        reverse("employers:position_new", args=[employer]),
        {
            "title": "Pedel",
            "occupation": "5153",
            "hours_min": "8",
            "hours_max": "12",
            "openings": HUGE,
            "status": "open",
        },
    )
    assert position.status_code == 422
    assert "openings" in position.context["form"].errors


def test_import_cells_refuse_far_dates():
    table = read_table(
        "cvr;titel;erhverv;timer_mindst;timer_højst;oprettet\n"
        "31234567;Pedel;9112;8;12;01-01-0001\n".encode(),
        "fil.csv",
        max_rows=10,
    )
    validation = validate("positions", table, today=dt.date(2026, 3, 2), employer_cvrs={"31234567"})
    assert [(p.row, p.column) for p in validation.report.problems] == [(2, "oprettet")]
    assert "1900-01-01" in validation.report.problems[0].reason
