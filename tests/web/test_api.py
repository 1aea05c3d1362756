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


def test_a_revoked_token_is_refused_and_the_revocation_audited(client, cases):
    from django.core.management.base import CommandError

    from fleksjob.audit.models import AuditEvent

    raw = _token("sagsbehandler.lejre")
    other = _token("sagsbehandler.lejre")
    auth = {"authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/citizens/", headers=auth).status_code == 200

    listing = io.StringIO()
    call_command("token_list", "sagsbehandler.lejre", stdout=listing)
    assert raw[:8] in listing.getvalue() and raw not in listing.getvalue()
    with pytest.raises(CommandError, match="first 8 characters"):
        call_command("token_revoke", "sagsbehandler.lejre", raw[:5], stdout=io.StringIO())
    with pytest.raises(CommandError, match="no active token"):
        call_command("token_revoke", "konsulent.aarhus", raw[:8], stdout=io.StringIO())

    call_command("token_revoke", "sagsbehandler.lejre", raw, stdout=io.StringIO())
    assert client.get("/api/v1/citizens/", headers=auth).status_code == 401
    other_auth = {"authorization": f"Bearer {other}"}
    assert client.get("/api/v1/citizens/", headers=other_auth).status_code == 200  # untouched
    event = AuditEvent.objects.get(detail="API-nøgle tilbagekaldt")
    assert (event.username, event.object_id) == (
        "cli",
        str(ApiToken.objects.get(prefix=raw[:8]).pk),
    )
    listing = io.StringIO()
    call_command("token_list", "sagsbehandler.lejre", stdout=listing)
    assert "revoked" in listing.getvalue()
    with pytest.raises(CommandError, match="no active token"):
        call_command("token_revoke", "sagsbehandler.lejre", raw[:8], stdout=io.StringIO())


def test_token_command_errors_exit_non_zero_without_traceback(personas, capsys):
    from fleksjob.cli import main

    assert main(["token", "revoke", "admin", "fj_"]) == 1
    assert main(["token", "create", "nobody"]) == 1
    err = capsys.readouterr().err
    assert "first 8 characters" in err and "no active user named 'nobody'" in err
    assert "Traceback" not in err
