"""Shared fixtures: the demo personas and factories of municipal records."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from fleksjob.accounts.models import ApiToken
from fleksjob.demo.personas import ensure_personas


@pytest.fixture
def personas(db) -> dict:
    return {u.username: u for u in ensure_personas()}


@pytest.fixture
def login(personas):
    """A test client logged in as the named persona."""

    def _login(username: str) -> Client:
        client = Client()
        client.force_login(personas[username])
        return client

    return _login


@pytest.fixture
def api_as(personas):
    """``api_as(user)(method, path, body=None, **headers)``: an API call under /api/v1 with a
    bearer token of the persona (a name) or user."""

    def client_for(user):
        token = ApiToken.issue(personas[user] if isinstance(user, str) else user)[1]
        headers = {"Authorization": f"Bearer {token}"}

        def call(method, path, body=None, **extra):
            kwargs = {"headers": {**headers, **extra}}
            if body is not None:
                kwargs |= {"data": json.dumps(body), "content_type": "application/json"}
            return getattr(Client(), method)(f"/api/v1{path}", **kwargs)

        return call

    return client_for


@pytest.fixture(autouse=True)
def _own_cache():
    """Each test starts with empty caches, so no test sees what another one cached."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a page requested in English leaves English
    active in the thread (the locale middleware does not switch back), and a test after it
    would render its strings in English."""
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True, scope="session")
def _unordered_querysets_shuffled():
    """Rows of a query without an ORDER BY come back in random order (tests/shuffle.py)."""
    from tests import shuffle

    shuffle.install()
    yield
    shuffle.uninstall()
