"""Shared fixtures: the demo personas and factories of municipal records."""

from __future__ import annotations

import pytest
from django.test import Client

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


@pytest.fixture(autouse=True)
def _own_cache():
    """Each test starts with empty caches, so no test sees what another one cached."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture(autouse=True, scope="session")
def _unordered_querysets_shuffled():
    """Rows of a query without an ORDER BY come back in random order (tests/shuffle.py)."""
    from tests import shuffle

    shuffle.install()
    yield
    shuffle.uninstall()
