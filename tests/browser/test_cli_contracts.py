"""The DESIGN.md contracts, exercised through the real command against the demo server."""

import json
import subprocess
import urllib.error
import urllib.request

import pytest

from tests.browser.conftest import FLEKSJOB

pytestmark = pytest.mark.browser


def _get(url: str, token: str):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def _token(demo_server, username: str) -> str:
    result = subprocess.run(
        [str(FLEKSJOB), "token", "create", username],
        env=demo_server["env"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def test_token_and_scoped_api(demo_server):
    url = demo_server["url"]
    lejre = _token(demo_server, "sagsbehandler.lejre")
    rudersdal = _token(demo_server, "sagsbehandler.rudersdal")
    status, body = _get(f"{url}/api/v1/citizens/", lejre)
    assert status == 200 and body["count"] > 0
    own_id = body["items"][0]["id"]
    assert {item["municipality"] for item in body["items"]} == {"350"}
    assert _get(f"{url}/api/v1/citizens/{own_id}", lejre)[0] == 200
    assert _get(f"{url}/api/v1/citizens/{own_id}", rudersdal)[0] == 404
    status, schema = _get(f"{url}/api/v1/openapi.json", lejre)
    assert status == 200 and "/api/v1/citizens/" in schema["paths"]


def test_demo_no_serve_is_idempotent(demo_server):
    result = subprocess.run(
        [str(FLEKSJOB), "demo", "--scale", "tiny", "--no-serve"],
        env=demo_server["env"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "already seeded" in result.stdout


def test_seed_refuses_a_seeded_database(demo_server):
    result = subprocess.run(
        [str(FLEKSJOB), "seed", "--scale", "tiny"],
        env=demo_server["env"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "already holds citizens" in result.stderr
