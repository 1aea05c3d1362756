import io

import pytest
from django.core.management import call_command

from fleksjob.accounts.models import ApiToken
from tests.factories import ApprovalFactory

pytestmark = pytest.mark.django_db


def _token(username: str) -> str:
    out = io.StringIO()
    call_command("token_create", username, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip().splitlines()[-1]


@pytest.fixture
def cases(personas):
    return (
        ApprovalFactory(citizen__municipality_id="350").citizen,
        ApprovalFactory(citizen__municipality_id="230").citizen,
    )


def test_token_is_stored_hashed_and_authenticates(client, cases):
    raw = _token("sagsbehandler.lejre")
    assert raw.startswith("fj_")
    assert not ApiToken.objects.filter(token_hash=raw).exists()
    response = client.get("/api/v1/citizens/", headers={"authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["items"][0]["id"] == cases[0].pk
    assert "cpr" not in str(body).lower()


def test_other_municipality_is_404_and_unknown_token_401(client, cases):
    raw = _token("sagsbehandler.lejre")
    auth = {"authorization": f"Bearer {raw}"}
    assert client.get(f"/api/v1/citizens/{cases[0].pk}", headers=auth).status_code == 200
    assert client.get(f"/api/v1/citizens/{cases[1].pk}", headers=auth).status_code == 404
    assert (
        client.get(
            f"/api/v1/citizens/{cases[0].pk}", headers={"authorization": "Bearer nope"}
        ).status_code
        == 401
    )
    assert client.get("/api/v1/citizens/").status_code == 401


def test_revoked_token_stops_working(client, cases):
    raw = _token("sagsbehandler.lejre")
    ApiToken.objects.update(revoked_at="2026-01-01T00:00:00Z")
    assert (
        client.get("/api/v1/citizens/", headers={"authorization": f"Bearer {raw}"}).status_code
        == 401
    )


def test_session_auth_works_for_the_ui(login, cases):
    client = login("leder.rudersdal")
    body = client.get("/api/v1/citizens/").json()
    assert [item["id"] for item in body["items"]] == [cases[1].pk]


def test_admin_token_is_refused_personal_data(client, cases):
    raw = _token("admin")
    response = client.get("/api/v1/citizens/", headers={"authorization": f"Bearer {raw}"})
    assert response.status_code == 403
    assert response.json() == {"detail": "Din rolle giver ikke adgang", "errors": []}


def test_openapi_schema_is_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/citizens/" in schema["paths"]
    assert "/api/v1/citizens/{citizen_id}" in schema["paths"]


def test_unknown_user_token_command_fails(personas):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no active user"):
        call_command("token_create", "nobody", stdout=io.StringIO(), stderr=io.StringIO())
