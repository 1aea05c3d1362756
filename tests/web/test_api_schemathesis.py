"""Property tests of the whole API against its own OpenAPI schema (Schemathesis, in-process
through WSGI, no network): for every operation, generated requests by an own-municipality
caseworker never get a 5xx, every response is documented (status, content type, body) and is
strict JSON (no NaN or Infinity), and every 4xx has the one error body
``{"detail", "errors": [{"field", "reason"}]}``.

The schema's own bounds would keep generated values polite, so the generation is widened where
bad input does harm: with some probability one query parameter, one path parameter or one body
field is replaced by a hostile value of its kind (huge and negative integers, 1e308, infinity,
NaN, long strings, NUL characters, far dates) or the body is made larger than the upload limit.
Schemathesis' own negative and boundary ("coverage") cases run as well.

Bounded and reproducible: a fixed number of examples per operation, derandomised."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from fleksjob.accounts.models import ApiToken
from fleksjob.citizens.protection import protector
from fleksjob.employers.models import ContactPerson
from fleksjob.employers.submissions import save_submission
from fleksjob.followup.actions import agree_plan
from fleksjob.followup.agreement import propose_activity
from fleksjob.placements.actions import propose_match
from fleksjob.selfservice.messaging import start_thread
from fleksjob.transfers.actions import request_transfer
from fleksjob.web.wsgi import application
from tests.factories import ApprovalFactory, PositionFactory

# Slow (seconds to minutes): left out of the fast loop, `-m "not slow"` (docs/testing.md).
pytestmark = pytest.mark.slow

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

# Hostile values by the kind of value the schema declares.
HOSTILE: dict[str, tuple[Any, ...]] = {
    "integer": (2**63, 2**63 - 1, 10**26, -(10**26), 2**31, -1, 0),
    # Infinity and NaN as text: JSON has no such numbers, but a lax parser reads them from text.
    "number": (1e308, -1e308, 5e-324, "Infinity", "-Infinity", "NaN", 10**26),
    "date": ("9999-06-01", "9999-12-31", "0001-01-01", "1899-12-31", "2101-01-01"),
    "string": ("x" * 10_000, "a\x00b", "9" * 30, "1e308", "²"),
}
# One byte over the limit of a JSON body: the answer must be 413 in the error body.
OVERSIZED = "x" * (django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)


def _kind(declared: dict) -> str | None:
    """The kind of value a parameter or property schema declares (its first non-null option)."""
    for option in declared.get("anyOf", [declared]):
        kind = option.get("type")
        if kind in ("integer", "number"):
            return kind
        if kind == "string":
            return "date" if option.get("format") == "date" else "string"
    return None


def _slots(parameters) -> dict[str, str]:
    return {
        p.name: kind
        for p in parameters
        if (kind := _kind(p.definition.get("schema", {}))) is not None
    }


def _hostile(container: dict | None, slots: dict[str, str], extra: tuple = ()) -> st.SearchStrategy:
    """The container unchanged, or with one slot set to a hostile value of its kind."""
    if not slots:
        return st.just(container)

    def replaced(name: str) -> st.SearchStrategy:
        values = HOSTILE[slots[name]] + extra
        return st.sampled_from(values).map(lambda value: {**(container or {}), name: value})

    return st.one_of(st.just(container), st.sampled_from(sorted(slots)).flatmap(replaced))


# Every date anywhere in a request is, half the time, one of the calendar's far ends.
schemathesis.openapi.format(
    "date", st.one_of(st.sampled_from(HOSTILE["date"]), st.dates().map(dt.date.isoformat))
)


@schema.hook
def flatmap_query(context, query):
    slots = _slots(context.operation.query)
    if {"year", "date"} <= slots.keys():
        # The calculators take a year or a date, not both, a rule the schema cannot state; a
        # covered year lets the amounts reach the calculation (a hostile date replaces it).
        query = {k: v for k, v in (query or {}).items() if k not in ("year", "date")}
        return _hostile({**query, "year": 2025}, slots).map(_year_or_date)
    return _hostile(query, slots)


def _year_or_date(query: dict) -> dict:
    return {k: v for k, v in query.items() if k != "year"} if "date" in query else query


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    return _hostile(path_parameters, _slots(context.operation.path_parameters))


@schema.hook
def flatmap_body(context, body):
    if not isinstance(body, dict):
        return st.just(body)
    declared = next(iter(context.operation.body)).definition.get("schema", {})
    slots = {
        name: kind
        for name, prop in declared.get("properties", {}).items()
        if (kind := _kind(prop)) is not None
    }
    return _hostile(body, slots, extra=(OVERSIZED,))


def _strict_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def strict_json_and_error_body(ctx, response, case) -> None:
    """Every answer is strict JSON; every 4xx is exactly the documented error body."""
    headers = {k.lower(): v for k, v in response.headers.items()}
    content_type = (headers.get("content-type") or [""])[0]
    assert content_type.startswith("application/json"), f"not JSON: {content_type!r}"
    body = json.loads(response.content, parse_constant=_strict_constant)
    if 400 <= response.status_code < 500:
        assert isinstance(body, dict) and set(body) == {"detail", "errors"}, body
        assert isinstance(body["detail"], str) and body["detail"], body
        assert isinstance(body["errors"], list), body
        for error in body["errors"]:
            assert isinstance(error, dict) and set(error) == {"field", "reason"}, body
            assert error["field"] is None or isinstance(error["field"], str), body
            assert isinstance(error["reason"], str), body


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    strict_json_and_error_body,
]


@pytest.fixture
def keep_connection():
    # The app is called through WSGI in this thread; like Django's test client, keep the test's
    # database connection (and its transaction) open across the request signals.
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield
    for signal in signals:
        signal.connect(close_old_connections)


@pytest.fixture
def token(personas, keep_connection):
    # A small municipality: low ids, so generated path parameters reach real records too.
    for _ in range(3):
        approval = ApprovalFactory(citizen__municipality_id="350")
        position = PositionFactory(employer__municipality_id="350", status="open")
    propose_match(
        personas["sagsbehandler.lejre"], approval.citizen, position, on=dt.date(2026, 3, 2)
    )
    # The shared plan, a message thread and a company's proposed position (issue 15).
    caseworker, today = personas["sagsbehandler.lejre"], timezone.localdate()
    agree_plan(caseworker, approval, purpose="more_hours", cadence_weeks=8, agreed_on=today)
    propose_activity(
        caseworker, approval, title="Kursus", kind="course", starts_on=today, owner="citizen"
    )
    start_thread(caseworker, approval.citizen, subject="Planen", body="Hvordan går det?")
    save_submission(
        caseworker,
        ContactPerson.objects.create(employer=position.employer, name="Kontakt"),
        None,
        title="Jurist",
        occupation="2611",
        tasks=[{"description": "Kontrakter", "hours": 8, "skills": ["law_contracts"]}],
        send=True,
    )
    # A case transfer request from Rudersdal for a Lejre citizen: incoming for the caller.
    cpr = protector().decrypt(approval.citizen.cpr_encrypted)
    request_transfer(personas["leder.rudersdal"], cpr=cpr)
    return ApiToken.issue(personas["sagsbehandler.lejre"])[1]


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
