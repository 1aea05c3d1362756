"""Login with OpenID Connect, with mozilla-django-oidc: the machinery every audience shares, and
the staff's single sign-on with the municipality's identity provider.

Each audience (``citizen``, ``employer``, ``staff``) has its own provider, configured in
``settings.FLEKSJOB_OIDC[audience]`` from environment variables (``web/settings.py``), and its own
request and callback views and backend. mozilla-django-oidc reads one provider from the settings;
``settings_of`` gives each class its audience's values instead, and a backend only answers the
callback of its own audience (``request.oidc_audience``), so a code is never sent to another
provider. The citizens' and employers' backends are in ``fleksjob.selfservice.oidc``.

Staff: the claim (``email`` by default) finds exactly one existing, active user with a role of
the municipality; none or several → a refusal page, nothing created or changed. Single sign-on
never creates a user and never changes a role, a municipality or any other privilege: those stay
with the audited access path (``accounts.access``). A multi-factor login asserted in the ID
token's ``amr`` claim counts as the second factor for the session (``actions.PROVIDER_MFA``);
without it a user who must use two factors is refused (docs/access.md).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from fleksjob.accounts import actions
from fleksjob.accounts.models import MUNICIPALITY_ROLES
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.core.twofactor import DEFAULT_MFA_AMR, asserts_mfa

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Audience:
    """An audience's name and the URL names of its callback and of where it lands."""

    name: str
    callback: str
    home: str


STAFF = Audience("staff", "oidc_staff_callback", "home")

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


def settings_of(audience: Audience):
    """mozilla-django-oidc's ``get_settings`` for one audience's classes."""

    def get_settings(attr, *default):
        conf = settings.FLEKSJOB_OIDC.get(audience.name, {})
        if attr in _PROVIDER_KEYS and _PROVIDER_KEYS[attr] in conf:
            return conf[_PROVIDER_KEYS[attr]]
        if attr == "OIDC_AUTHENTICATION_CALLBACK_URL":
            return audience.callback
        if attr == "LOGIN_REDIRECT_URL":
            return audience.home
        if attr == "LOGIN_REDIRECT_URL_FAILURE":  # used as a URL, not resolved by name
            return reverse("oidc_failed")
        if attr in _FIXED:
            return _FIXED[attr]
        return import_from_settings(attr, *default)

    return staticmethod(get_settings)


class AudienceBackend(OIDCAuthenticationBackend):
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


_STATES = "oidc_states"  # mozilla-django-oidc's session key: state → nonce, PKCE verifier


def login_view(audience: Audience):
    class LoginView(OIDCAuthenticationRequestView):
        get_settings = settings_of(audience)

        def __init__(self, *args, **kwargs):
            if not configured(audience.name):
                raise Http404  # no provider for this audience in this installation
            super().__init__(*args, **kwargs)

        def get(self, request):
            response = super().get(request)
            # The state is bound to this audience: another audience's callback refuses it.
            state = parse_qs(urlsplit(response["Location"]).query)["state"][0]
            request.session[_STATES][state]["audience"] = audience.name
            request.session.modified = True
            return response

    return LoginView


def callback_view(audience: Audience, refused_template: str):
    class CallbackView(OIDCAuthenticationCallbackView):
        get_settings = settings_of(audience)

        def get(self, request):
            if not configured(audience.name):
                raise Http404
            request.oidc_audience = audience.name
            started = request.session.get(_STATES, {}).get(request.GET.get("state"))
            if started is not None and started.get("audience") != audience.name:
                del request.session[_STATES][request.GET["state"]]  # never usable again
                request.session.modified = True
                return self.login_failure()
            try:
                return super().get(request)
            except requests.RequestException as exc:
                # The provider refused the code or did not answer (token, keys or user info): a
                # failed login, not a server error. The exception's text names no user.
                status = getattr(exc.response, "status_code", None)
                logger.warning("OpenID Connect %s: provider error %s", audience.name, status)
                return self.login_failure()

        def login_failure(self):
            reason = getattr(self.request, "oidc_refused", "")
            if reason:
                context = {"reason": reason}
                return render(self.request, refused_template, context, status=403)
            return super().login_failure()

    return CallbackView


@login_not_required
def failed(request):
    """Where a failed OpenID Connect login lands (a cancelled or expired login)."""
    return render(request, "accounts/oidc_failed.html", status=401)


# Staff: single sign-on with the municipality's identity provider.


def staff_candidates(email: str):
    """The users a staff login with this e-mail may be: active, a role of the municipality
    (caseworker, consultant, manager, visitation unit), not a superuser, and in one of the
    municipalities the provider speaks for when the installation names them."""
    conf = settings.FLEKSJOB_OIDC[STAFF.name]
    users = get_user_model().objects.filter(
        is_active=True, is_superuser=False, role__in=MUNICIPALITY_ROLES, email__iexact=email
    )
    if conf.get("municipalities"):
        users = users.filter(municipality_id__in=conf["municipalities"])
    return users


class StaffBackend(AudienceBackend):
    """The staff's login: the e-mail claim → the one existing staff user with that e-mail."""

    audience = STAFF.name
    get_settings = settings_of(STAFF)

    def get_or_create_user(self, access_token, id_token, payload):
        # The verified ID token says how the user authenticated (``amr``); the user info does not.
        accepted = settings.FLEKSJOB_OIDC[STAFF.name].get("mfa_amr", DEFAULT_MFA_AMR)
        self.mfa = asserts_mfa(payload.get("amr"), accepted)
        return super().get_or_create_user(access_token, id_token, payload)

    def verify_claims(self, claims) -> bool:
        return bool(str(claims.get(self._claim("email")) or "").strip())

    def filter_users_by_claims(self, claims):
        email = str(claims.get(self._claim("email")) or "").strip()
        found = list(staff_candidates(email)[:2])
        if len(found) != 1:
            record(None, Action.AUTH, actor="system:staff-login", detail=_REFUSED_NO_MATCH)
            self.refuse("staff")
        user = found[0]
        if not self.mfa and (
            user.role in settings.REQUIRE_2FA_ROLES or actions.has_two_factor(user)
        ):
            record(user, Action.AUTH, detail=_REFUSED_NO_MFA)
            self.refuse("mfa")
        self.request.oidc_mfa = self.mfa
        return found

    def update_user(self, user, claims):
        return user  # single sign-on changes nothing on the user: no name, role or municipality

    def create_user(self, claims):
        self.refuse("staff")  # never reached (no match is refused above); never creates a user


_REFUSED_NO_MATCH = "kommunens login afvist: ingen entydig medarbejder"
_REFUSED_NO_MFA = "kommunens login afvist: totrinsbekræftelse ikke bekræftet af udbyderen"


class _StaffCallback(callback_view(STAFF, "accounts/sso_refused.html")):
    def login_success(self):
        response = super().login_success()
        mfa = bool(getattr(self.request, "oidc_mfa", False))
        session = self.request.session
        if mfa:
            # Server-side session only (the database session store): the browser never holds it.
            session[actions.PROVIDER_MFA] = self.user.pk
        else:
            session.pop(actions.PROVIDER_MFA, None)
        detail = "log ind med kommunens login" + (" (totrin hos udbyderen)" if mfa else "")
        record(self.user, Action.AUTH, detail=detail)
        return response


StaffLoginView = login_view(STAFF)
StaffCallbackView = _StaffCallback
