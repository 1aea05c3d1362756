"""One record, one verdict: every edge value of every field with a range, a length or choices
gets the same verdict in the form, the API and the import, and that verdict is the spec's
(docs/record-specs.md). A channel that does not carry a field (coordinates are not in the
profile form) is left out for that field."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.test import Client

from fleksjob.accounts.models import ApiToken
from fleksjob.citizens.forms import ProfileForm, version_of
from fleksjob.core.imports.records import validate
from fleksjob.core.imports.table import Table
from fleksjob.core.records import SPECS, FieldSpec
from fleksjob.employers.forms import EmployerForm, PositionForm
from fleksjob.employers.models import Employer
from fleksjob.municipalities.models import Municipality
from tests.factories import ApprovalFactory, EmployerFactory

pytestmark = pytest.mark.django_db

# Valid records to put one edge value into: hours chosen so that no edge breaks an order
# between two fields (at least ≤ now ≤ full time), so the verdict is the field's own.
BASE = {
    "citizens": {
        "cpr": "010203-1234",
        "first_name": "Anne",
        "last_name": "Hansen",
        "visitation_date": "01-03-2025",
        "education": "vocational",
        "goal": "progression",
        "hours_min": Decimal(0),
        "hours_capacity": Decimal(37),
        "hours_target": Decimal(37),
        "lat": 55.64,
        "lon": 11.91,
    },
    "employers": {
        "cvr": "31234567",
        "name": "Eksempel ApS",
        "sector": "retail",
        "size_band": "small",
        "lat": 55.64,
        "lon": 11.91,
    },
    "positions": {
        "cvr": "31234567",
        "title": "Kontorassistent",
        "occupation": "4110",
        "hours_min": Decimal("0.1"),
        "hours_max": Decimal(37),
    },
}
FORMS = {"citizens": ProfileForm, "employers": EmployerForm, "positions": PositionForm}
WRONG = "ikke_en_mulighed"
TODAY = dt.date(2026, 1, 15)


def _step(spec: FieldSpec):
    if spec.places is not None:
        return Decimal(1).scaleb(-spec.places)
    return 1 if spec.kind == "int" else 0.01


def _typed(spec: FieldSpec, value):
    return Decimal(value) if spec.kind == "decimal" else value


def edges(spec: FieldSpec) -> list:
    """min, min − step, min − 1, max, max + step, max + 1 (above min when min is open), a
    length at and over the limit, a right and a wrong choice, and empty (None)."""
    found: list = []
    if spec.has_range:
        low, high, step = _typed(spec, spec.low), _typed(spec, spec.high), _step(spec)
        found += [low + step, low] if spec.low_open else [low, low - step]
        found += [low - 1, high, high + step, high + 1]
    if spec.kind == "choice":
        found += [spec.choices[0], spec.choices[-1], WRONG]
    if spec.kind == "keys":
        found += [[spec.choices[0]], [WRONG]]
    if spec.kind == "text" and spec.max_length:
        found += ["x" * spec.max_length, "x" * (spec.max_length + 1)]
    unique = []
    for value in [*found, None]:
        if value not in unique:
            unique.append(value)
    return unique


def expected(spec: FieldSpec, value) -> bool:
    """The spec's verdict: an empty optional field takes its default."""
    if value is None:
        return not spec.required or spec.default is not None
    if isinstance(value, float):
        value = round(value, 6)
    return spec.check(value) is None


CASES = [
    pytest.param(kind, spec.name, value, id=f"{kind}-{spec.name}-{value!r}"[:80])
    for kind, record in SPECS.items()
    for spec in record
    if spec.has_range or spec.choices or (spec.kind == "text" and spec.max_length)
    for value in edges(spec)
]


# --- the three channels: each answers True (accepted) or False (refused) ------------------


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(value)
    return str(value)


def by_import(kind: str, field: str, value) -> bool:
    row = dict(BASE[kind], **{field: value})
    columns = [c for c in SPECS[kind] if c.name in row]
    table = Table(
        header=[c.column for c in columns],
        rows=[(2, [_cell(row[c.name]) for c in columns])],
        format="csv",
    )
    return validate(kind, table, today=TODAY, employer_cvrs={"31234567"}).ok


def _form_value(value):
    if value is None:
        return ""
    return value if isinstance(value, list) else str(value)


def by_form(kind: str, field: str, value, citizen) -> bool | None:
    form_class = FORMS[kind]
    if field not in form_class.Meta.fields:
        return None
    if kind == "citizens":
        data = {name: getattr(citizen, name) for name in form_class.Meta.fields}
        data["occupations"] = ""
        data["version"] = version_of(citizen)
        data |= {k: v for k, v in BASE[kind].items() if k in form_class.Meta.fields}
        instance = citizen
    else:
        data = {k: v for k, v in BASE[kind].items() if k in form_class.Meta.fields}
        instance = (
            Employer(municipality=Municipality.objects.get(pk="350"))
            if kind == "employers"
            else None
        )
    data[field] = value
    data = {k: _form_value(v) for k, v in data.items() if v is not None or k == field}
    data = {k: v for k, v in data.items() if v is not False}  # an unticked box is not sent
    return form_class(data=data, instance=instance).is_valid()


def _json(value):
    if isinstance(value, Decimal):
        return str(value)
    return value


def by_api(kind: str, field: str, value, citizen, call) -> bool | None:
    if kind == "citizens":
        if field not in ProfileForm.Meta.fields:
            return None
        path = f"/citizens/{citizen.pk}"
        tag = call("get", path)["ETag"]
        answer = call("patch", path, {field: _json(value)}, **{"If-Match": tag})
    elif kind == "employers":
        if field not in ("cvr", "name", "sector", "size_band", "is_public", "lat", "lon"):
            return None
        body = {k: _json(v) for k, v in BASE[kind].items()}
        answer = call("post", "/employers/", body | {field: _json(value)})
    else:
        if field not in PositionForm.Meta.fields:
            return None
        employer = EmployerFactory(municipality_id="350")
        body = {k: _json(v) for k, v in BASE[kind].items() if k != "cvr"}
        answer = call("post", f"/employers/{employer.pk}/positions", body | {field: _json(value)})
    assert answer.status_code in (200, 201, 422), answer.content[:500]
    return answer.status_code != 422


@pytest.fixture
def call(personas):
    token = ApiToken.issue(personas["sagsbehandler.lejre"])[1]

    def request(method, path, body=None, **extra):
        kwargs = {"headers": {"Authorization": f"Bearer {token}", **extra}}
        if body is not None:
            kwargs |= {"data": json.dumps(body), "content_type": "application/json"}
        return getattr(Client(), method)(f"/api/v1{path}", **kwargs)

    return request


@pytest.fixture
def citizen(personas):
    citizen = ApprovalFactory(citizen__municipality_id="350").citizen
    for name, value in BASE["citizens"].items():
        if hasattr(citizen, name) and name not in ("cpr",):
            setattr(citizen, name, value)
    citizen.save()
    return citizen


@pytest.mark.parametrize(("kind", "field", "value"), CASES)
def test_edge_value_gets_the_specs_verdict_in_every_channel(kind, field, value, citizen, call):
    spec = SPECS[kind][field]
    verdicts = {
        "import": by_import(kind, field, value),
        "form": by_form(kind, field, value, citizen),
        "api": by_api(kind, field, value, citizen, call),
    }
    carried = {name: v for name, v in verdicts.items() if v is not None}
    want = expected(spec, value)
    assert carried == dict.fromkeys(carried, want), (kind, field, value, want)


def test_every_kind_has_edge_cases():
    kinds = {case.values[0] for case in CASES}
    assert kinds == set(SPECS)
    assert len(CASES) > 100
