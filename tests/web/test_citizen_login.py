"""Citizens log in with OpenID Connect (MitID through NemLog-in in production), here against a
real provider (node oidc-provider) started on loopback: the whole code flow with state, nonce
and PKCE, the token exchange and the signature check against the provider's keys. A citizen is
matched by the CPR claim through the keyed hash; no open case → a clear page and nothing made."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from fleksjob.accounts.models import Role, User
from fleksjob.audit.models import AuditEvent
from fleksjob.core.rules import cpr as cpr_rules
from fleksjob.selfservice.models import CitizenAccount
from tests.factories import ApprovalFactory
from tests.oidc.loopback import provider, sign_in

pytestmark = pytest.mark.django_db

WITH_CASE = cpr_rules.build(dt.date(1979, 4, 2), 211, "F")
ENDED = cpr_rules.build(dt.date(1968, 9, 30), 48, "M")
UNKNOWN = cpr_rules.build(dt.date(1990, 1, 15), 77, "F")


@pytest.fixture
def citizen_provider(tmp_path):
    accounts = {
        "anne": {"cpr": WITH_CASE, "name": "Anne"},
        "bent": {"cpr": ENDED, "name": "Bent"},
        "carla": {"cpr": UNKNOWN, "name": "Carla"},
        "dorte": {"name": "Dorte"},  # no CPR claim at all
    }
    with provider(tmp_path, accounts) as conf, override_settings(FLEKSJOB_OIDC=conf):
        yield conf


@pytest.fixture
def cases(personas):
    open_case = ApprovalFactory(citizen__municipality_id="350", citizen__cpr=WITH_CASE)
    ended = ApprovalFactory(
        citizen__municipality_id="230", citizen__cpr=ENDED, status="ended", ended_reason="other"
    )
    return open_case, ended


def _login(client: Client, login: str):
    start = client.get(reverse("selfservice:oidc_citizen_login"))
    assert start.status_code == 302
    return client.get(sign_in(start["Location"], login))


def test_a_citizen_with_a_case_logs_in_and_sees_it(citizen_provider, cases, caplog):
    caplog.set_level(logging.DEBUG)
    client = Client()
    done = _login(client, "anne")
    assert done.status_code == 302 and done["Location"] == reverse("selfservice:home")
    account = CitizenAccount.objects.get()
    assert account.citizen == cases[0].citizen and account.user.role == Role.CITIZEN
    assert not account.user.has_usable_password()
    assert account.user.municipality_id is None and not account.user.is_municipal
    page = client.get(reverse("selfservice:home"))
    assert page.status_code == 200 and cases[0].citizen.first_name in page.content.decode()
    assert AuditEvent.objects.filter(username="system:citizen-login", action="create").exists()
    # A second login is the same account; the CPR number is in no log line or audit detail.
    _login(Client(), "anne")
    assert CitizenAccount.objects.count() == 1 and User.objects.filter(role="citizen").count() == 1
    assert WITH_CASE not in caplog.text
    assert not AuditEvent.objects.filter(detail__contains=WITH_CASE[:6]).exists()


@pytest.mark.parametrize("login", ["bent", "carla"])
def test_without_an_open_case_a_clear_page_and_nothing_is_made(citizen_provider, cases, login):
    client = Client()
    refused = _login(client, login)
    assert refused.status_code == 403
    assert "Vi kan ikke finde en fleksjobsag til dig" in refused.content.decode()
    assert not CitizenAccount.objects.exists()
    assert not User.objects.filter(role="citizen").exists()
    assert client.get(reverse("selfservice:home")).status_code == 302  # still not logged in


def test_a_login_without_the_cpr_claim_fails(citizen_provider, cases):
    client = Client()
    failed = _login(client, "dorte")
    assert failed.status_code == 302 and failed["Location"] == reverse("oidc_failed")
    assert not User.objects.filter(role="citizen").exists()


def test_a_forged_callback_logs_no_one_in(citizen_provider, cases):
    client = Client()
    start = client.get(reverse("selfservice:oidc_citizen_login"))
    callback = sign_in(start["Location"], "anne")
    forged = callback.replace("state=", "state=x")
    assert client.get(forged).status_code == 400
    assert Client().get(callback).status_code == 302  # another browser: no state in its session
    assert not CitizenAccount.objects.exists()


def test_the_login_page_offers_mitid_only_when_a_provider_is_configured(citizen_provider):
    assert 'data-testid="citizen-login"' in Client().get(reverse("login")).content.decode()
    with override_settings(FLEKSJOB_OIDC={}):
        assert 'data-testid="citizen-login"' not in Client().get(reverse("login")).content.decode()
        assert Client().get(reverse("selfservice:oidc_citizen_login")).status_code == 404
