"""Login with OpenID Connect for citizens (MitID through NemLog-in) and employers (MitID
Erhverv), with mozilla-django-oidc.

Each audience (``citizen``, ``employer``) has its own provider, configured in
``settings.FLEKSJOB_OIDC[audience]`` from environment variables (``web/settings.py``), and its own
request and callback views and backend. mozilla-django-oidc reads one provider from the settings;
``_settings_of`` gives each class its audience's values instead, and a backend only answers the
callback of its own audience (``request.oidc_audience``), so a code is never sent to another
provider.

A citizen is matched to their case by the CPR claim through the keyed hash (never by name); an
employer to the contact person the jobcentre registered, by the company's CVR number and the
person's e-mail. No case (no such contact person): a clear page, and nothing is created.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.db.models import F
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from fleksjob.accounts.access import create_user
from fleksjob.accounts.models import Role
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.audit.writes import write
from fleksjob.citizens.models import Approval, Citizen
from fleksjob.citizens.protection import protector
from fleksjob.core.rules import cpr as cpr_rules
from fleksjob.employers.models import ContactPerson
from fleksjob.selfservice.models import CitizenAccount, EmployerAccount

CITIZEN = "citizen"
EMPLOYER = "employer"
# Where each audience lands after logging in.
_HOME = {CITIZEN: "selfservice:home", EMPLOYER: "selfservice:employer_home"}

# mozilla-django-oidc's setting → the key of an audience's provider configuration.
_PROVIDER_KEYS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_endpoint",
    "OIDC_RP_CLIENT_ID": "client_id",
    "OIDC_RP_CLIENT_SECRET": "client_secret",
    "OIDC_RP_SCOPES": "scopes",
}
_FIXED = {
    "OIDC_RP_SIGN_ALGO": "RS256",
    "OIDC_USE_NONCE": True,
    "OIDC_USE_PKCE": True,
    "OIDC_CREATE_USER": True,
    "OIDC_STORE_ACCESS_TOKEN": False,
    "OIDC_STORE_ID_TOKEN": False,
}


def configured(audience: str) -> bool:
    return bool(getattr(settings, "FLEKSJOB_OIDC", {}).get(audience))


def _settings_of(audience: str):
    def get_settings(attr, *default):
        conf = settings.FLEKSJOB_OIDC.get(audience, {})
        if attr in _PROVIDER_KEYS and _PROVIDER_KEYS[attr] in conf:
            return conf[_PROVIDER_KEYS[attr]]
        if attr == "OIDC_AUTHENTICATION_CALLBACK_URL":
            return f"selfservice:oidc_{audience}_callback"
        if attr == "LOGIN_REDIRECT_URL":
            return _HOME[audience]
        if attr == "LOGIN_REDIRECT_URL_FAILURE":  # used as a URL, not resolved by name
            return reverse("selfservice:login_failed")
        if attr in _FIXED:
            return _FIXED[attr]
        return import_from_settings(attr, *default)

    return staticmethod(get_settings)


def _new_login(record_, account_model, link: str, prefix: str, role: str):
    """The login user of ``record_`` (a citizen or a contact person): the existing one, or a new
    user without a password (MitID only), made through the audited access path and linked by
    ``account_model.<link>``. The record's row is the lock: two first logins make one user."""
    type(record_).objects.select_for_update().filter(pk=record_.pk).first()
    existing = account_model.objects.filter(**{link: record_}).select_related("user").first()
    if existing is not None:
        return existing.user, False
    user = get_user_model()(username=f"{prefix}-{secrets.token_hex(6)}")  # names no one
    user.set_unusable_password()
    create_user(None, user, channel="oidc", actor=f"system:{role}-login", role=role)
    account_model.objects.create(user=user, **{link: record_})
    return user, True


@write
def open_employer_login(contact: ContactPerson):
    """A login for the employer's contact person (their first MitID Erhverv login), audited."""
    return _new_login(contact, EmployerAccount, "contact_person", "virksomhed", Role.EMPLOYER)[0]


class _AudienceBackend(OIDCAuthenticationBackend):
    """A backend that answers only the callback of its own audience's provider."""

    audience = ""

    def __init__(self, *args, **kwargs):
        if configured(self.audience):
            super().__init__(*args, **kwargs)

    def authenticate(self, request, **kwargs):
        if request is None or getattr(request, "oidc_audience", None) != self.audience:
            return None
        return super().authenticate(request, **kwargs)

    def _claim(self, name: str) -> str:
        return settings.FLEKSJOB_OIDC[self.audience].get(f"{name}_claim", name)

    def refuse(self, reason: str):
        """No account for these claims: the callback shows why; nothing is created."""
        self.request.oidc_refused = reason
        raise SuspiciousOperation(f"no {reason} for the login")  # logged without the claims

    def describe_user_by_claims(self, claims) -> str:
        return f"a user of {self.audience}"  # never a CPR number or e-mail in a log line


class CitizenBackend(_AudienceBackend):
    """The citizen's login: the CPR claim → the keyed hash → the citizen with an open case."""

    audience = CITIZEN
    get_settings = _settings_of(CITIZEN)

    def verify_claims(self, claims) -> bool:
        return bool(claims.get(self._claim("cpr")))

    def filter_users_by_claims(self, claims):
        citizen = citizen_with_case(str(claims.get(self._claim("cpr"), "")))
        if citizen is None:
            self.refuse("case")
        self.citizen = citizen
        return get_user_model().objects.filter(citizen_account__citizen=citizen, is_active=True)

    def create_user(self, claims):
        return open_citizen_login(self.citizen)


class EmployerBackend(_AudienceBackend):
    """The employer's login (MitID Erhverv): the company's CVR number and the person's e-mail →
    the contact person the jobcentre registered for that company."""

    audience = EMPLOYER
    get_settings = _settings_of(EMPLOYER)

    def verify_claims(self, claims) -> bool:
        cvr, email = claims.get(self._claim("cvr")), claims.get(self._claim("email"))
        return bool(cvr and email)

    def filter_users_by_claims(self, claims):
        cvr = str(claims.get(self._claim("cvr"), "")).strip()
        email = str(claims.get(self._claim("email"), "")).strip()
        contact = contact_person_of(cvr, email)
        if contact is None:
            self.refuse("company")
        self.contact = contact
        users = get_user_model().objects.filter(is_active=True)
        return users.filter(employer_account__contact_person=contact)

    def create_user(self, claims):
        return open_employer_login(self.contact)


def contact_person_of(cvr: str, email: str) -> ContactPerson | None:
    """The contact person registered with this e-mail at a company with this CVR number (one
    with a login already first, else the earliest registered), or None."""
    if len(cvr) != 8 or not cvr.isdigit() or not email:
        return None
    found = ContactPerson.objects.filter(employer__cvr=cvr, email__iexact=email)
    return found.order_by(F("account").asc(nulls_last=True), "pk").first()


def citizen_with_case(cpr: str) -> Citizen | None:
    """The citizen registered with this CPR number who has an open case, or None (a malformed
    number, no citizen, only ended cases, an anonymised record)."""
    try:
        digits = cpr_rules.parse(cpr).digits
    except cpr_rules.InvalidCPR:
        return None
    lookup = protector().lookup_hash(digits)
    open_cases = Approval.objects.active().filter(citizen__cpr_hash=lookup)
    found = (
        Citizen.objects.filter(
            cpr_hash=lookup, anonymised_at__isnull=True, pk__in=open_cases.values("citizen")
        )
        .order_by("-pk")
        .first()
    )
    return found


@write
def open_citizen_login(citizen: Citizen):
    """A login for the citizen (their first OpenID Connect login), audited on the citizen."""
    user, made = _new_login(citizen, CitizenAccount, "citizen", "borger", Role.CITIZEN)
    if made:
        record(None, Action.CREATE, user, citizen=citizen, actor="system:citizen-login")
    return user


def _login_view(audience: str):
    class LoginView(OIDCAuthenticationRequestView):
        get_settings = _settings_of(audience)

        def __init__(self, *args, **kwargs):
            if not configured(audience):
                raise Http404  # no provider for this audience in this installation
            super().__init__(*args, **kwargs)

    return LoginView


def _callback_view(audience: str, refused_template: str):
    class CallbackView(OIDCAuthenticationCallbackView):
        get_settings = _settings_of(audience)

        def get(self, request):
            if not configured(audience):
                raise Http404
            request.oidc_audience = audience
            return super().get(request)

        def login_failure(self):
            if getattr(self.request, "oidc_refused", ""):
                return render(self.request, refused_template, status=403)
            return super().login_failure()

    return CallbackView


CitizenLoginView = _login_view(CITIZEN)
CitizenCallbackView = _callback_view(CITIZEN, "selfservice/no_case.html")
EmployerLoginView = _login_view(EMPLOYER)
EmployerCallbackView = _callback_view(EMPLOYER, "selfservice/no_company.html")
