"""Security headers on pages and API, and nothing on the pages that the CSP would have to allow."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _csp(response) -> dict[str, list[str]]:
    directives = {}
    for part in response.headers["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


EXPECTED_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        (None, "/login/"),
        ("sagsbehandler.lejre", "/"),
        ("sagsbehandler.lejre", "/borgere/"),
        ("leder.rudersdal", "/benchmarking/"),
        ("leder.rudersdal", "/beregner/"),
        ("leder.rudersdal", "/konto/sikkerhed/"),
        ("sagsbehandler.lejre", "/api/v1/citizens/"),
        (None, "/api/v1/citizens/"),  # a 401 carries them too
        (None, "/api/v1/docs"),
    ],
)
def test_security_headers(login, persona, url):
    client = login(persona) if persona else Client()
    response = client.get(url)
    assert response.status_code in (200, 401), url
    csp = _csp(response)
    for name, values in EXPECTED_CSP.items():
        assert csp[name] == values, (url, name, csp.get(name))
    assert "'unsafe-inline'" not in str(csp) and "'unsafe-eval'" not in str(csp)
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    policy = response.headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy
    if persona:  # personal data is never kept by a browser's or proxy's cache
        assert "no-store" in response.headers["Cache-Control"], url
        assert response.headers["Pragma"] == "no-cache", url


def test_no_store_is_the_default_and_only_static_files_and_the_schema_opt_out(login):
    client = login("sagsbehandler.lejre")
    for url in ("/borgere/", "/api/v1/citizens/", "/does-not-exist/"):
        assert client.get(url).headers.get("Cache-Control") == "no-store", url
    for url in ("/api/v1/openapi.json", "/api/v1/docs", "/static/ninja/swagger-ui-bundle.js"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" not in response.headers.get("Cache-Control", ""), url
    response.close()  # the static file's stream (closing ends the request: last)


_SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        (None, "/login/"),
        ("sagsbehandler.lejre", "/"),
        ("sagsbehandler.lejre", "/borgere/"),
        ("konsulent.aarhus", "/virksomheder/"),
        ("leder.rudersdal", "/"),
        ("leder.rudersdal", "/benchmarking/"),
        ("leder.rudersdal", "/benchmarking/kommune/350/"),
        ("leder.rudersdal", "/beregner/"),
        ("leder.rudersdal", "/konto/sikkerhed/"),
        (None, "/api/v1/docs"),
    ],
)
def test_pages_have_no_inline_script_and_load_nothing_from_elsewhere(login, persona, url):
    client = login(persona) if persona else Client()
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    for attributes in _SCRIPT.findall(html):
        # A script is a static file, or a JSON data block (json_script), which never runs.
        assert 'src="/static/' in attributes or 'type="application/json"' in attributes, (
            url,
            attributes,
        )
    assert not _HANDLER.search(html), url
    assert " style=" not in html.replace("<svg", ""), url  # the CSP refuses style attributes
    assert not re.search(r"(src|href)=\"(https?:)?//", html), url


def test_api_docs_use_the_bundled_swagger_ui():
    html = Client().get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    bundle = Client().get("/static/ninja/swagger-ui-bundle.js")
    assert bundle.status_code == 200
    bundle.close()
