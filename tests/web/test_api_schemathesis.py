"""Property tests of the whole API against its own OpenAPI schema (Schemathesis, in-process
through WSGI, no network): for every operation, generated requests by an own-municipality
caseworker never get a 5xx, and every response is documented (status, content type, body).

Bounded and reproducible: a fixed number of examples per operation, derandomised."""

import datetime as dt

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from fleksjob.accounts.models import ApiToken
from fleksjob.citizens.protection import protector
from fleksjob.placements.actions import propose_match
from fleksjob.transfers.actions import request_transfer
from fleksjob.web.wsgi import application
from tests.factories import ApprovalFactory, PositionFactory

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
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
    # A case transfer request from Rudersdal for a Lejre citizen: incoming for the caller.
    cpr = protector().decrypt(approval.citizen.cpr_encrypted)
    request_transfer(personas["leder.rudersdal"], cpr=cpr)
    return ApiToken.issue(personas["sagsbehandler.lejre"])[1]


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
