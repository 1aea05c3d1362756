"""Synthetic Denmark seeded and its indicators computed once for a test module, not once a test.

``computed_for_module(first, last)`` is a module-scoped fixture: the personas, the tiny synthetic
Denmark (seed 3, history to 2026-10-15) and an indicator run over ``first``–``last``, written in a
transaction that stays open while the module's tests run and is rolled back at its end. Each test
runs in its own transaction inside it (pytest-django's, a savepoint here), so what a test writes
or deletes is gone before the next one starts, as with a fixture of its own. A test of the module
that does not ask for the fixture but runs after one that does sees the data too: keep such tests
(e.g. "no run yet") before the others.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import transaction

from fleksjob.demo.personas import ensure_personas


def computed_for_module(*, first: str, last: str):
    @pytest.fixture(scope="module")
    def computed(django_db_setup, django_db_blocker):
        # Marked as a test case's transaction (as django.test.TestCase marks its own), so the
        # code's durable transactions run inside it as they do inside each test's.
        outer = transaction.atomic()
        outer._from_testcase = True
        with django_db_blocker.unblock(), outer:
            ensure_personas()
            call_command("seed", scale="tiny", seed=3, replace=False, today=dt.date(2026, 10, 15))
            call_command("compute_indicators", first=first, last=last)
            yield
            transaction.set_rollback(True)

    return computed
