"""/api/v1/positions/{id}/tasks and /employers/{id}/positions/from-tasks: ETag/If-Match, the one
error body, scoping (404 for another municipality's position), audit."""

from __future__ import annotations

import pytest

from fleksjob.audit.models import AuditEvent
from fleksjob.employers.models import Position, PositionTask
from fleksjob.employers.tasks import add_task
from tests.factories import ApprovalFactory, EmployerFactory, PositionFactory

pytestmark = pytest.mark.django_db

CONTRACTS = {"description": "Gennemgang af kontrakter", "hours": 13, "skills": ["law_contracts"]}


@pytest.fixture
def position(personas):
    return PositionFactory(employer__municipality_id="751")


def test_task_lifecycle_with_etags(api_as, position):
    call = api_as("konsulent.aarhus")
    base = f"/positions/{position.pk}/tasks"
    created = call("post", base, CONTRACTS)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["hours"] in ("13.0", "13", 13) and body["skills"] == ["law_contracts"]
    assert body["position"] == position.pk and body["occupation"] == ""
    path = f"{base}/{body['id']}"
    tag = call("get", path)["ETag"]
    assert tag == created["ETag"]
    assert call("patch", path, {"hours": 12}).status_code == 428
    changed = call("patch", path, {"hours": 12, "skills": ["writing"]}, **{"If-Match": tag})
    assert changed.status_code == 200 and changed.json()["skills"] == ["writing"]
    assert changed["ETag"] != tag
    stale = call("patch", path, {"hours": 11}, **{"If-Match": tag})
    assert stale.status_code == 412 and stale.json()["errors"] == []
    assert [t["id"] for t in call("get", base).json()] == [body["id"]]
    assert call("delete", path, **{"If-Match": tag}).status_code == 412
    assert call("delete", path, **{"If-Match": changed["ETag"]}).status_code == 204
    assert not PositionTask.objects.exists()
    channels = set(AuditEvent.objects.filter(detail="opgave").values_list("channel", flat=True))
    assert channels == {"api"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**CONTRACTS, "hours": 0}, "hours"),
        ({**CONTRACTS, "hours": 38}, "hours"),
        ({**CONTRACTS, "skills": ["unknown"]}, "skills"),
        ({**CONTRACTS, "description": ""}, "description"),
        ({**CONTRACTS, "occupation": "12"}, "occupation"),
        ({"hours": 3}, "description"),
    ],
)
def test_refusals_have_the_one_error_body(api_as, position, body, field):
    response = api_as("konsulent.aarhus")("post", f"/positions/{position.pk}/tasks", body)
    assert response.status_code == 422
    found = response.json()
    assert found["detail"] and [e["field"] for e in found["errors"]] == [field]
    assert "unknown" not in response.content.decode()  # values are never echoed


def test_the_week_bound_over_the_api(api_as, position):
    call = api_as("konsulent.aarhus")
    assert (
        call("post", f"/positions/{position.pk}/tasks", {**CONTRACTS, "hours": 30}).status_code
        == 201
    )
    over = call("post", f"/positions/{position.pk}/tasks", {**CONTRACTS, "hours": 8})
    assert over.status_code == 422 and over.json()["errors"][0]["field"] == "hours"


def test_another_municipality_sees_404(api_as, position):
    call = api_as("sagsbehandler.lejre")
    own = api_as("konsulent.aarhus")("post", f"/positions/{position.pk}/tasks", CONTRACTS).json()
    path = f"/positions/{position.pk}/tasks"
    assert call("get", path).status_code == 404
    assert call("get", f"{path}/{own['id']}").status_code == 404
    assert call("post", path, CONTRACTS).status_code == 404
    assert call("delete", f"{path}/{own['id']}", **{"If-Match": "*"}).status_code == 404
    missing = call("get", "/positions/999999/tasks")
    assert missing.json() == call("get", path).json()  # same body for "elsewhere" and "nowhere"
    # A task id under another position of the same municipality is not found either.
    other = PositionFactory(employer=position.employer)
    assert (
        api_as("konsulent.aarhus")("get", f"/positions/{other.pk}/tasks/{own['id']}").status_code
        == 404
    )


def test_assemble_over_the_api(api_as, personas):
    employer = EmployerFactory(municipality_id="751")
    call = api_as("konsulent.aarhus")
    body = {
        "title": "Jurist i fleksjob",
        "occupation": "2611",
        "tasks": [CONTRACTS, {"description": "Svar", "hours": 4.5, "skills": ["writing"]}],
    }
    made = call("post", f"/employers/{employer.pk}/positions/from-tasks", body)
    assert made.status_code == 201, made.content
    out = made.json()
    assert (float(out["hours_min"]), float(out["hours_max"])) == (4.5, 17.5) and out["split_off"]
    assert made["ETag"]
    position = Position.objects.get(pk=out["id"])
    assert position.tasks.count() == 2
    bad = call(
        "post",
        f"/employers/{employer.pk}/positions/from-tasks",
        {**body, "tasks": [CONTRACTS, {**CONTRACTS, "skills": ["x"]}]},
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "tasks.1.skills"
    assert Position.objects.count() == 1
    empty = call("post", f"/employers/{employer.pk}/positions/from-tasks", {**body, "tasks": []})
    assert empty.status_code == 422
    elsewhere = api_as("sagsbehandler.lejre")(
        "post", f"/employers/{employer.pk}/positions/from-tasks", body
    )
    assert elsewhere.status_code == 404


def test_fit_of_a_citizen_to_the_tasks(api_as, personas):
    position = PositionFactory(employer__municipality_id="751", hours_min=2, hours_max=19)
    user = personas["konsulent.aarhus"]
    first = add_task(user, position, description="Kontrakter", hours="13", skills=["law_contracts"])
    add_task(user, position, description="Løn", hours="6", skills=["payroll_hr"])
    citizen = ApprovalFactory(
        citizen__municipality_id="751",
        citizen__competences=["law_contracts", "writing"],
        citizen__hours_min=5,
        citizen__hours_capacity=14,
    ).citizen
    call = api_as("konsulent.aarhus")
    path = f"/positions/{position.pk}/tasks/fit/{citizen.pk}"
    fit = call("get", path)
    assert fit.status_code == 200, fit.content
    body = fit.json()
    assert body["coverage"] == {
        "tasks": 2,
        "tasks_covered": 1,
        "skills_needed": 2,
        "skills_covered": 1,
        "score": 0.5,
        "reason": "Dækker 1 af 2 opgavers kompetencer (1 af 2 kompetencer)",
    }
    assert body["subset"]["tasks"] == [first.pk] and float(body["subset"]["hours"]) == 13
    event = AuditEvent.objects.filter(detail="opgaver").get()
    assert event.citizen_id == citizen.pk and event.channel == "api"
    other = ApprovalFactory(citizen__municipality_id="350").citizen
    assert call("get", f"/positions/{position.pk}/tasks/fit/{other.pk}").status_code == 404
    assert api_as("sagsbehandler.lejre")("get", path).status_code == 404
    none = ApprovalFactory(citizen__municipality_id="751", citizen__competences=[]).citizen
    empty = call("get", f"/positions/{position.pk}/tasks/fit/{none.pk}").json()
    assert empty["subset"] is None and empty["coverage"]["score"] == 0.0


def test_ids_beyond_the_range_are_404(api_as, login, position):
    huge = "100000000000000000000000000"
    call = api_as("konsulent.aarhus")
    for path in (
        f"/positions/{huge}/tasks",
        f"/positions/{huge}/tasks/1",
        f"/positions/{position.pk}/tasks/{huge}",
        f"/positions/{huge}/tasks/fit/{huge}",
        f"/positions/{position.pk}/tasks/fit/{huge}",
    ):
        response = call("get", path)
        assert response.status_code == 404, path
        assert set(response.json()) == {"detail", "errors"}
    assert call("delete", f"/positions/{huge}/tasks/1", **{"If-Match": "*"}).status_code == 404
    client = login("konsulent.aarhus")
    employer = position.employer_id
    for page in (
        f"/virksomheder/{huge}/stillinger/sammensaet/",
        f"/virksomheder/{employer}/stillinger/{huge}/opgaver/ny/",
        f"/virksomheder/{employer}/stillinger/{position.pk}/opgaver/{huge}/rediger/",
    ):
        assert client.get(page).status_code == 404, page
