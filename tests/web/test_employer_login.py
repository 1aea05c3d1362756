"""Employers log in with OpenID Connect (MitID Erhverv in production), here against the real
provider on loopback: the company's CVR number and the person's e-mail find the contact person
the jobcentre registered; anyone else gets a clear page and nothing is made."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from fleksjob.accounts.models import Role, User
from fleksjob.employers.models import ContactPerson
from fleksjob.selfservice.models import EmployerAccount
from tests.factories import PositionFactory
from tests.oidc.loopback import provider, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(personas):
    position = PositionFactory(employer__municipality_id="751", title="HR-konsulent 12 timer")
    contact = ContactPerson.objects.create(
        employer=position.employer, name="Hanne", email="Hanne.HR@firma.invalid"
    )
    return position, contact


@pytest.fixture
def employer_provider(tmp_path, company):
    cvr = company[0].employer.cvr
    accounts = {
        "hanne": {"cvr": cvr, "email": "hanne.hr@firma.invalid"},  # the registered contact
        "ole": {"cvr": cvr, "email": "ole@firma.invalid"},  # same company, not registered
        "other": {"cvr": "12345674", "email": "hanne.hr@firma.invalid"},  # another company
    }
    with provider(tmp_path, accounts) as conf, override_settings(FLEKSJOB_OIDC=conf):
        yield conf


def _login(client: Client, login: str):
    start = client.get(reverse("selfservice:oidc_employer_login"))
    assert start.status_code == 302
    return client.get(sign_in(start["Location"], login))


def test_the_registered_contact_person_logs_in_to_the_company(employer_provider, company):
    position, contact = company
    client = Client()
    done = _login(client, "hanne")
    assert done.status_code == 302 and done["Location"] == reverse("selfservice:employer_home")
    account = EmployerAccount.objects.get()
    assert account.contact_person == contact and account.user.role == Role.EMPLOYER
    assert not account.user.has_usable_password() and account.user.municipality_id is None
    page = client.get(reverse("selfservice:employer_home")).content.decode()
    assert position.title in page
    _login(Client(), "hanne")
    assert EmployerAccount.objects.count() == 1
    assert User.objects.filter(role="employer").count() == 1


@pytest.mark.parametrize("login", ["ole", "other"])
def test_anyone_else_gets_a_clear_page_and_nothing_is_made(employer_provider, company, login):
    refused = _login(Client(), login)
    assert refused.status_code == 403
    assert "Vi kan ikke finde jer som kontaktperson" in refused.content.decode()
    assert not EmployerAccount.objects.exists()
    assert not User.objects.filter(role="employer").exists()


def test_the_login_page_offers_mitid_erhverv_only_when_configured(employer_provider):
    assert 'data-testid="employer-login"' in Client().get(reverse("login")).content.decode()
    with override_settings(FLEKSJOB_OIDC={}):
        assert Client().get(reverse("selfservice:oidc_employer_login")).status_code == 404
