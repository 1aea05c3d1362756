"""No existence oracle: every place that takes a CPR number answers a Lejre caseworker exactly
the same for a CPR that belongs to a Rudersdal citizen as for one never used anywhere.

"The same" is the status, the body (request tokens and the new records' ids removed), the
redirect, the page it leads to, the command's output and exit code, and every audit event the
probe wrote. Each probe runs twice in the same database state: once per CPR number, each inside
a savepoint that is rolled back afterwards.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Max
from django.test import Client
from django.urls import reverse

from fleksjob.accounts.models import ApiToken
from fleksjob.audit.models import AuditEvent
from fleksjob.citizens.models import Citizen
from fleksjob.core.rules import cpr as cpr_rules
from fleksjob.transfers.models import CaseTransfer, CaseTransferAnswer
from tests.factories import ApprovalFactory, CitizenFactory
from tests.oracle import normal
from tests.web.imports import finish_import

pytestmark = pytest.mark.django_db

# Same birth date and sex, different serial: everything derived from the number but its
# identity (birth date, sex, the masked CPR DDMMÅÅ-••••) is the same for both.
BIRTH = dt.date(1978, 6, 14)
ELSEWHERE = cpr_rules.build(BIRTH, 212, "F")  # a Rudersdal citizen's
NEVER_USED = cpr_rules.build(BIRTH, 347, "F")

HEADER = (
    "cpr;fornavn;efternavn;visitationsdato;uddannelse;mål;timer_mindst;timer_nu;timer_mål;"
    "breddegrad;længdegrad"
)


def _csv(cpr: str) -> bytes:
    row = f"{cpr};Tilflytter;Hansen;03-02-2025;vocational;progression;5;10;15;55,6;11,9"
    return f"{HEADER}\r\n{row}\r\n".encode()


class _Undo(Exception):
    pass


def _body(response) -> str:
    return normal(response.content.decode())


def _state() -> dict:
    return {
        "citizens": sorted(Citizen.objects.values_list("municipality_id", flat=True)),
        "transfers": CaseTransfer.objects.count(),
        "answers": CaseTransferAnswer.objects.count(),
    }


def _undone():
    """A savepoint that is undone, marked as the test case's own transaction (as pytest-django
    marks its own): the write functions a probe calls open their durable transaction inside it
    as they do at the top level."""
    block = transaction.atomic()
    block._from_testcase = True
    return block


def _observe(probe: Callable[[str], object], cpr: str) -> dict:
    """What the probe answers and writes for this CPR, in a savepoint that is then undone."""
    seen: dict = {}
    try:
        with _undone():
            last = AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0
            seen["answer"] = probe(cpr)
            seen["audit"] = [
                (
                    e.username,
                    e.action,
                    e.object_type,
                    e.channel,
                    e.detail,
                    e.municipality_code,
                    e.citizen_id is not None,
                )
                for e in AuditEvent.objects.filter(id__gt=last).order_by("id")
            ]
            seen["state"] = _state()
            raise _Undo
    except _Undo:
        pass
    return seen


@pytest.fixture
def lejre(personas) -> Client:
    client = Client()
    client.force_login(personas["sagsbehandler.lejre"])
    return client


def _import_page(client: Client, cpr: str, action: str):
    upload = SimpleUploadedFile("borgere.csv", _csv(cpr))
    return client.post(
        reverse("exchange:import"), {"kind": "citizens", "file": upload, "action": action}
    )


def probe_import_check_page(client: Client, cpr: str):
    response = _import_page(client, cpr, "check")
    return response.status_code, _body(response)


def probe_import_page(client: Client, cpr: str):
    response = _import_page(client, cpr, "import")
    run = finish_import(response)  # the worker writes it; its page says how it went
    page = _body(client.get(response["Location"])).replace(response["Location"], "/import/job/N/")
    return response.status_code, run.status, run.counts, run.error, page


def _command(cpr: str, *extra: str, tmp_path) -> tuple:
    path = tmp_path / "borgere.csv"
    path.write_bytes(_csv(cpr))
    out, err = io.StringIO(), io.StringIO()
    args = ["--kind", "citizens", "--user", "sagsbehandler.lejre", str(path), *extra]
    try:
        call_command("import_records", *args, stdout=out, stderr=err)
        code = 0
    except CommandError as exc:
        code = exc.returncode
    # The progress bar's rate and time vary from run to run.
    progress = re.sub(r"\|.*", "", err.getvalue())
    return code, out.getvalue(), progress


def probe_cpr_search(client: Client, cpr: str):
    response = client.post(reverse("citizens:lookup"), {"cpr": cpr})
    return response.status_code, response.get("Location"), _body(client.get(response["Location"]))


def probe_transfer_page(client: Client, cpr: str):
    response = client.post(reverse("transfers:request"), {"cpr": cpr})
    detail = client.get(response["Location"])
    listing = client.get(reverse("transfers:list"))
    return (
        response.status_code,
        normal(response["Location"]),
        _body(detail),
        _body(listing),
    )


def probe_transfer_api(token: str, cpr: str):
    headers = {"Authorization": f"Bearer {token}"}
    created = Client().post(
        "/api/v1/case-transfers/",
        json.dumps({"cpr": cpr}),
        content_type="application/json",
        headers=headers,
    )

    def strip(item: dict) -> dict:
        return {k: v for k, v in item.items() if k not in ("id", "requested_at")}

    listed = Client().get("/api/v1/case-transfers/", headers=headers).json()
    return (
        created.status_code,
        strip(created.json()),
        [strip(item) for item in listed["items"]],
        listed["count"],
    )


PROBES = {
    # name: expected status or exit code (the probe must work at all, not just fail alike)
    "import check page": 200,
    "import page": 302,
    "import_records --dry-run": 0,
    "import_records": 0,
    "CPR search page": 302,
    "transfer request page": 302,
    "transfer request API": 201,
}


@pytest.mark.parametrize("place", PROBES)
def test_another_municipalitys_citizen_reads_like_an_unknown_cpr(place, lejre, personas, tmp_path):
    ApprovalFactory(citizen=CitizenFactory(cpr=ELSEWHERE, municipality_id="230"))
    ApprovalFactory(citizen__municipality_id="350")  # Lejre has citizens of its own
    token = ApiToken.issue(personas["sagsbehandler.lejre"])[1]
    probe = {
        "import check page": lambda cpr: probe_import_check_page(lejre, cpr),
        "import page": lambda cpr: probe_import_page(lejre, cpr),
        "import_records --dry-run": lambda cpr: _command(cpr, "--dry-run", tmp_path=tmp_path),
        "import_records": lambda cpr: _command(cpr, tmp_path=tmp_path),
        "CPR search page": lambda cpr: probe_cpr_search(lejre, cpr),
        "transfer request page": lambda cpr: probe_transfer_page(lejre, cpr),
        "transfer request API": lambda cpr: probe_transfer_api(token, cpr),
    }[place]

    elsewhere = _observe(probe, ELSEWHERE)
    never_used = _observe(probe, NEVER_USED)

    assert elsewhere["answer"][0] == PROBES[place], elsewhere["answer"]
    assert elsewhere["answer"] == never_used["answer"]
    assert elsewhere["audit"] == never_used["audit"]
    assert elsewhere["state"] == never_used["state"]
    # Every probe is audited, with how many CPR numbers it looked up and never the number.
    assert elsewhere["audit"], place
    for event in elsewhere["audit"]:
        assert ELSEWHERE[:6] not in event[4] and event[5] in ("", "350"), event
    # Nothing reached Rudersdal's side that the requester could see either.
    assert Citizen.objects.filter(municipality_id="230").count() == 1


def test_the_import_check_audits_how_many_cpr_numbers_it_looked_up(lejre):
    upload = SimpleUploadedFile("borgere.csv", _csv(NEVER_USED))
    lejre.post(reverse("exchange:import"), {"kind": "citizens", "file": upload, "action": "check"})
    event = AuditEvent.objects.get(action="search", username="sagsbehandler.lejre")
    assert event.detail == "kontrol af masseimport af citizens: 1 rækker; 1 CPR-numre slået op"
