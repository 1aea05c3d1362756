"""Login with OpenID Connect for citizens (MitID through NemLog-in) and employers (MitID
Erhverv), with mozilla-django-oidc.

Each audience (``citizen``, ``employer``) has its own provider, configured in
``settings.FLEKSJOB_OIDC[audience]`` from environment variables (``web/settings.py``), and its own
request and callback views and backend, made with the machinery all audiences share
(``fleksjob.accounts.oidc``, which also holds the staff's single sign-on).

A citizen is matched to their case by the CPR claim through the keyed hash (never by name); an
employer to the contact person the jobcentre registered, by the company's CVR number and the
person's e-mail. No case (no such contact person): a clear page, and nothing is created.
"""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.db.models import F

from fleksjob.accounts.access import create_user
from fleksjob.accounts.models import Role
from fleksjob.accounts.oidc import (
    Audience,
    AudienceBackend,
    callback_view,
    login_view,
    settings_of,
)
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
# Each audience's callback and where it lands after logging in.
_CITIZEN = Audience(CITIZEN, "selfservice:oidc_citizen_callback", "selfservice:home")
_EMPLOYER = Audience(EMPLOYER, "selfservice:oidc_employer_callback", "selfservice:employer_home")


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


class CitizenBackend(AudienceBackend):
    """The citizen's login: the CPR claim → the keyed hash → the citizen with an open case."""

    audience = CITIZEN
    get_settings = settings_of(_CITIZEN)

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


class EmployerBackend(AudienceBackend):
    """The employer's login (MitID Erhverv): the company's CVR number and the person's e-mail →
    the contact person the jobcentre registered for that company."""

    audience = EMPLOYER
    get_settings = settings_of(_EMPLOYER)

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


CitizenLoginView = login_view(_CITIZEN)
CitizenCallbackView = callback_view(_CITIZEN, "selfservice/no_case.html")
EmployerLoginView = login_view(_EMPLOYER)
EmployerCallbackView = callback_view(_EMPLOYER, "selfservice/no_company.html")
