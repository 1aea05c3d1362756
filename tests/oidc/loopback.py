"""Start the real OpenID Connect provider (``provider.mjs``, node oidc-provider) on loopback and
walk its login like a browser would (tests/web/test_citizen_login.py)."""

from __future__ import annotations

import json
import re
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import httpx

HERE = Path(__file__).parent
CALLBACKS = {
    "citizen": "http://testserver/oidc/borger/callback/",
    "employer": "http://testserver/oidc/virksomhed/callback/",
    "staff": "http://testserver/oidc/medarbejder/callback/",
}
SCOPES = {"citizen": "openid cpr", "employer": "openid erhverv", "staff": "openid staff"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def provider(tmp_path: Path, accounts: dict[str, dict]) -> Iterator[dict[str, dict]]:
    """The provider running with one confidential client (fleksjob) and ``accounts``; yields
    ``settings.FLEKSJOB_OIDC`` for every audience, read from the provider's own discovery
    document."""
    port = _free_port()
    config = {
        "port": port,
        "clients": [
            {
                "client_id": "fleksjob",
                "client_secret": "loopback-secret",
                "redirect_uris": list(CALLBACKS.values()),
                "token_endpoint_auth_method": "client_secret_post",
                "id_token_signed_response_alg": "RS256",
            }
        ],
        "accounts": accounts,
    }
    path = tmp_path / "provider.json"
    path.write_text(json.dumps(config))
    process = subprocess.Popen(
        ["node", str(HERE / "provider.mjs"), str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline()  # "ready <issuer>" once it listens
        assert line.startswith("ready"), f"the provider did not start: {line!r}"
        issuer = line.split()[1]
        meta = httpx.get(f"{issuer}/.well-known/openid-configuration", timeout=10).json()
        common = {
            "authorization_endpoint": meta["authorization_endpoint"],
            "token_endpoint": meta["token_endpoint"],
            "userinfo_endpoint": meta["userinfo_endpoint"],
            "jwks_endpoint": meta["jwks_uri"],
            "client_id": "fleksjob",
            "client_secret": "loopback-secret",
        }
        yield {audience: {**common, "scopes": scopes} for audience, scopes in SCOPES.items()}
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


def _form_action(html: str) -> str:
    return re.search(r'<form[^>]*action="([^"]+)"', html).group(1)


def sign_in(authorize_url: str, login: str) -> str:
    """Walk the provider's login and consent pages as ``login``; the callback URL (path and
    query) the provider redirects the browser to."""
    with httpx.Client(follow_redirects=False, timeout=10) as browser:
        response = browser.get(authorize_url)
        for _ in range(10):
            location = response.headers.get("location")
            if location and location.startswith("http://testserver/oidc/"):
                parts = urlsplit(location)
                return f"{parts.path}?{parts.query}"
            if location:
                response = browser.get(httpx.URL(str(response.url)).join(location))
                continue
            html = response.text
            prompt = re.search(r'name="prompt" value="(\w+)"', html).group(1)
            fields = {"prompt": prompt}
            if prompt == "login":
                fields |= {"login": login, "password": "any"}
            response = browser.post(_form_action(html), data=fields)
        raise AssertionError("the provider never redirected back")
