"""Staff log in with the municipality's identity provider (OpenID Connect), here against the real
provider on loopback: the e-mail claim finds exactly one existing, active staff user of a
municipality; anyone else gets a clear page and nothing is created or changed. The provider's
claims never grant anything, and a multi-factor login counts as the second factor only when the
ID token asserts it (``amr``)."""

from __future__ import annotations

import logging
import socket

import pytest
from axes.models import AccessLog
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from fleksjob.accounts.actions import PROVIDER_MFA
from fleksjob.accounts.models import Role, User
from fleksjob.audit.models import AccessChange, AuditEvent
from tests.oidc.loopback import provider, sign_in

pytestmark = pytest.mark.django_db

LEJRE = "sagsbehandler.lejre"
SHARED = "delt@kommune.invalid"
ACCOUNTS = {
    # The e-mail as the municipality's directory writes it (another case than in fleksjob).
    "louise": {"email": "Sagsbehandler.Lejre@Demo.Invalid"},
    "louise-mfa": {"email": "sagsbehandler.lejre@demo.invalid", "amr": ["pwd", "mfa"]},
    "louise-otp": {"email": "sagsbehandler.lejre@demo.invalid", "amr": ["otp"]},
    # A hostile (or misconfigured) provider that claims a role, a municipality and superuser.
    "louise-boss": {
        "email": "sagsbehandler.lejre@demo.invalid",
        "role": "manager",
        "municipality": "230",
        "is_superuser": True,
    },
    "anders": {"email": "konsulent.aarhus@demo.invalid"},
    "rikke": {"email": "leder.rudersdal@demo.invalid"},
    "vibeke": {"email": "visitation.lejre@demo.invalid"},
    "anne-admin": {"email": "admin@demo.invalid", "amr": ["mfa"]},
    "nobody": {"email": "ukendt@kommune.invalid"},
    "shared": {"email": SHARED},
    "gone": {"email": "stoppet@kommune.invalid"},
    "borger": {"email": "borger@privat.invalid"},
    "root": {"email": "root@kommune.invalid"},
    "no-email": {"name": "Uden e-mail"},
}


@pytest.fixture(scope="module")
def idp(tmp_path_factory):
    with provider(tmp_path_factory.mktemp("staff-idp"), ACCOUNTS) as conf:
        yield conf


@pytest.fixture
def staff_idp(idp, personas):
    with override_settings(FLEKSJOB_OIDC=idp):
        yield idp


def _start(client: Client, name: str = "oidc_staff_login") -> str:
    start = client.get(reverse(name))
    assert start.status_code == 302
    return start["Location"]


def _login(client: Client, login: str):
    return client.get(sign_in(_start(client), login))


def _who(client: Client) -> str | None:
    """The user the client's session is logged in as (None: nobody)."""
    session = client.session
    pk = session.get("_auth_user_id")
    return User.objects.get(pk=pk).username if pk else None


def _access(user: User) -> tuple:
    user.refresh_from_db()
    groups = tuple(user.groups.values_list("name", flat=True))
    perms = tuple(user.user_permissions.values_list("codename", flat=True))
    return (
        user.role,
        user.municipality_id,
        user.is_superuser,
        user.is_staff,
        user.is_active,
        user.email,
        user.first_name,
        groups,
        perms,
    )


def test_a_staff_user_is_found_by_e_mail_and_logged_in(staff_idp, personas, caplog):
    caplog.set_level(logging.DEBUG)
    before = _access(personas[LEJRE])
    users, changes = User.objects.count(), AccessChange.objects.count()
    client = Client()
    done = _login(client, "louise")
    assert done.status_code == 302 and done["Location"] == reverse("home")
    assert _who(client) == LEJRE
    assert client.get(reverse("citizens:list")).status_code == 200
    assert PROVIDER_MFA not in client.session  # no multi-factor asserted
    # Audited as a login, like the password's second step; nothing else is made or changed.
    login = AuditEvent.objects.get(username=LEJRE, action="auth")
    assert login.detail == "log ind med kommunens login"
    assert AccessLog.objects.filter(username=LEJRE).exists()  # django-axes, as a password login
    assert (User.objects.count(), AccessChange.objects.count()) == (users, changes)
    assert _access(personas[LEJRE]) == before
    # No e-mail in a log line or the audit.
    assert "demo.invalid" not in caplog.text.lower()
    assert not AuditEvent.objects.filter(detail__icontains="@").exists()


@pytest.mark.parametrize(
    ("login", "username"),
    [
        ("louise", LEJRE),
        ("anders", "konsulent.aarhus"),
        ("rikke", "leder.rudersdal"),
        ("vibeke", "visitation.lejre"),
        # An administrator logs in with a password and two factors, never the municipality's.
        ("anne-admin", None),
    ],
)
def test_which_personas_the_municipalitys_login_reaches(staff_idp, login, username):
    client = Client()
    done = _login(client, login)
    assert _who(client) == username
    assert done.status_code == (302 if username else 403)


def _refused(client: Client, login: str, text: str = "Vi kan ikke finde dig som medarbejder"):
    users, changes = User.objects.count(), AccessChange.objects.count()
    refused = _login(client, login)
    assert refused.status_code == 403
    assert text in refused.content.decode()
    assert _who(client) is None
    assert client.get(reverse("citizens:list")).status_code == 302  # to the login page
    assert (User.objects.count(), AccessChange.objects.count()) == (users, changes)
    return refused


def test_an_unknown_e_mail_is_refused_and_nothing_is_made(staff_idp):
    _refused(Client(), "nobody")
    refusal = AuditEvent.objects.get(username="system:staff-login")
    assert refusal.action == "auth" and "@" not in refusal.detail


def test_two_users_with_the_e_mail_are_refused(staff_idp):
    User.objects.create_user("a.lejre", email=SHARED, role=Role.CASEWORKER, municipality_id="350")
    User.objects.create_user(
        "b.lejre", email=SHARED.upper(), role=Role.MANAGER, municipality_id="350"
    )
    _refused(Client(), "shared")


def test_one_active_user_of_two_with_the_e_mail_logs_in(staff_idp):
    User.objects.create_user("a.lejre", email=SHARED, role=Role.CASEWORKER, municipality_id="350")
    User.objects.create_user(
        "b.lejre", email=SHARED, role=Role.CASEWORKER, municipality_id="350", is_active=False
    )
    client = Client()
    assert _login(client, "shared").status_code == 302 and _who(client) == "a.lejre"


def test_an_inactive_user_is_refused(staff_idp):
    User.objects.create_user(
        "stoppet",
        email="stoppet@kommune.invalid",
        role=Role.CASEWORKER,
        municipality_id="350",
        is_active=False,
    )
    _refused(Client(), "gone")


def test_a_portal_users_e_mail_is_refused(staff_idp):
    User.objects.create_user("borger-x", email="borger@privat.invalid", role=Role.CITIZEN)
    _refused(Client(), "borger")


def test_a_superuser_is_refused(staff_idp):
    User.objects.create_user(
        "root",
        email="root@kommune.invalid",
        role=Role.CASEWORKER,
        municipality_id="350",
        is_superuser=True,
    )
    _refused(Client(), "root")


def test_a_login_without_the_e_mail_claim_fails(staff_idp):
    client = Client()
    failed = _login(client, "no-email")
    assert failed.status_code == 302 and failed["Location"] == reverse("oidc_failed")
    assert _who(client) is None


def test_the_providers_role_claims_grant_nothing(staff_idp, personas):
    before = _access(personas[LEJRE])
    changes = AccessChange.objects.count()
    client = Client()
    assert _login(client, "louise-boss").status_code == 302
    assert _who(client) == LEJRE
    assert _access(personas[LEJRE]) == before  # still a Lejre caseworker, not a superuser
    assert client.get(reverse("accounts:access_changes")).status_code == 403  # managers only
    assert AccessChange.objects.count() == changes


def test_the_municipalities_the_provider_speaks_for(staff_idp):
    only_rudersdal = {**staff_idp, "staff": {**staff_idp["staff"], "municipalities": ("230",)}}
    with override_settings(FLEKSJOB_OIDC=only_rudersdal):
        _refused(Client(), "louise")
        client = Client()
        assert _login(client, "rikke").status_code == 302 and _who(client) == "leder.rudersdal"


# Two factors: the ID token's amr.


def test_a_role_that_needs_two_factors_is_refused_without_them(staff_idp, settings):
    settings.REQUIRE_2FA_ROLES = frozenset({"caseworker"})
    for login in ("louise", "louise-otp"):  # no amr; one method only (not "mfa")
        _refused(Client(), login, "Log ind kræver totrinsbekræftelse")
    refusals = AuditEvent.objects.filter(username=LEJRE, action="auth", detail__contains="afvist")
    assert refusals.count() == 2


def test_an_asserted_multi_factor_login_counts_as_the_second_factor(staff_idp, settings):
    settings.REQUIRE_2FA_ROLES = frozenset({"caseworker"})
    client = Client()
    done = _login(client, "louise-mfa")
    assert done.status_code == 302 and _who(client) == LEJRE
    assert client.session[PROVIDER_MFA] == _user(LEJRE).pk
    # Neither sent to enrol nor hidden from the API's session auth.
    assert client.get(reverse("citizens:list")).status_code == 200
    assert client.get("/api/v1/citizens/").status_code == 200
    assert AuditEvent.objects.filter(
        username=LEJRE, detail="log ind med kommunens login (totrin hos udbyderen)"
    ).exists()
    # Only in the server-side session: the browser holds the session id and the CSRF cookie.
    assert set(client.cookies) <= {"sessionid", "csrftoken"}


def _user(username: str) -> User:
    return User.objects.get(username=username)


def test_a_user_with_an_authenticator_app_needs_the_providers_two_factors(staff_idp):
    TOTPDevice.objects.create(user=_user(LEJRE), name="app", confirmed=True)
    _refused(Client(), "louise", "Log ind kræver totrinsbekræftelse")
    client = Client()
    assert _login(client, "louise-mfa").status_code == 302 and _who(client) == LEJRE
    # The security page does not take the session for one from before enrolment.
    page = client.get(reverse("accounts:security"))
    assert page.status_code == 200 and _who(client) == LEJRE


def test_the_providers_second_factor_belongs_to_the_user_it_was_given_for(login, settings):
    settings.REQUIRE_2FA_ROLES = frozenset({"caseworker"})
    client = login(LEJRE)
    session = client.session
    session[PROVIDER_MFA] = _user("sagsbehandler.rudersdal").pk  # someone else's
    session.save()
    assert client.get(reverse("citizens:list")).url == reverse("accounts:security")
    session[PROVIDER_MFA] = _user(LEJRE).pk
    session.save()
    assert client.get(reverse("citizens:list")).status_code == 200


# The flow itself.


def test_another_audiences_callback_is_refused(staff_idp):
    client = Client()
    callback = sign_in(_start(client), "louise")
    wrong = callback.replace("/oidc/medarbejder/", "/oidc/borger/")
    failed = client.get(wrong)
    assert failed.status_code == 302 and failed["Location"] == reverse("oidc_failed")
    assert _who(client) is None
    assert client.get(callback).status_code == 400  # the state is spent
    assert _who(client) is None
    # And the other way round: a citizen's login is not answered by the staff's callback.
    client = Client()
    callback = sign_in(_start(client, "selfservice:oidc_citizen_login"), "louise")
    failed = client.get(callback.replace("/oidc/borger/", "/oidc/medarbejder/"))
    assert failed.status_code == 302 and failed["Location"] == reverse("oidc_failed")
    assert _who(client) is None


def test_a_forged_state_logs_no_one_in(staff_idp):
    client = Client()
    callback = sign_in(_start(client), "louise")
    assert client.get(callback.replace("state=", "state=x")).status_code == 400
    assert _who(client) is None
    assert Client().get(callback).status_code == 302  # another browser: no state in its session
    assert _who(client) is None


def test_the_login_page_offers_the_municipalitys_login_only_when_configured(staff_idp):
    page = Client().get(reverse("login")).content.decode()
    assert 'data-testid="staff-login"' in page and "Log ind med kommunens login" in page
    without = {k: v for k, v in staff_idp.items() if k != "staff"}
    with override_settings(FLEKSJOB_OIDC=without):
        page = Client().get(reverse("login")).content.decode()
        assert 'data-testid="staff-login"' not in page
        assert Client().get(reverse("oidc_staff_login")).status_code == 404
        assert Client().get(reverse("oidc_staff_callback")).status_code == 404


def test_the_staff_provider_is_read_from_the_environment(monkeypatch):
    from fleksjob.web.settings import _oidc_provider

    assert _oidc_provider("staff") is None  # no client id: no staff login
    prefix = "FLEKSJOB_OIDC_STAFF_"
    for key in ("AUTHORIZATION", "TOKEN", "USERINFO", "JWKS"):
        monkeypatch.setenv(f"{prefix}{key}_ENDPOINT", f"https://idp.invalid/{key.lower()}")
    monkeypatch.setenv(prefix + "CLIENT_ID", "fleksjob")
    monkeypatch.setenv(prefix + "CLIENT_SECRET", "s")
    conf = _oidc_provider("staff")
    assert (conf["email_claim"], conf["mfa_amr"], conf["municipalities"]) == ("email", ("mfa",), ())
    monkeypatch.setenv(prefix + "EMAIL_CLAIM", "upn")
    monkeypatch.setenv(prefix + "MFA_AMR", "mfa, http://schemas.microsoft.com/claims/multipleauthn")
    monkeypatch.setenv(prefix + "MUNICIPALITIES", "350,230")
    conf = _oidc_provider("staff")
    assert conf["email_claim"] == "upn" and conf["municipalities"] == ("350", "230")
    assert conf["mfa_amr"] == ("mfa", "http://schemas.microsoft.com/claims/multipleauthn")


@pytest.mark.parametrize("start", ["oidc_staff_login", "selfservice:oidc_citizen_login"])
def test_a_provider_that_refuses_the_code_is_a_failed_login_not_an_error(staff_idp, start, caplog):
    client = Client()
    callback = sign_in(_start(client, start), "louise")
    failed = client.get(callback.replace("code=", "code=forged"))  # the provider: invalid_grant
    assert failed.status_code == 302 and failed["Location"] == reverse("oidc_failed")
    assert "provider error 400" in caplog.text
    assert client.get(failed["Location"]).status_code == 401
    assert _who(client) is None


def test_a_provider_that_does_not_answer_is_a_failed_login(staff_idp):
    client = Client()
    callback = sign_in(_start(client), "louise")
    down = {**staff_idp["staff"], "token_endpoint": f"http://127.0.0.1:{_closed_port()}/token"}
    with override_settings(FLEKSJOB_OIDC={**staff_idp, "staff": down}):
        failed = client.get(callback)
    assert failed.status_code == 302 and failed["Location"] == reverse("oidc_failed")
    assert _who(client) is None


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the socket is
