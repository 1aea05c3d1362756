"""The demo's citizen and employer personas (password ``demo``): each is linked to a synthetic
citizen, or a contact person of a synthetic employer, chosen by what the persona shows
(docs/selfservice.md)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count

from fleksjob.accounts.access import create_user
from fleksjob.accounts.models import Role, User
from fleksjob.citizens.models import Citizen
from fleksjob.demo.personas import PASSWORD
from fleksjob.employers.models import ContactPerson, Employer
from fleksjob.followup.models import FollowUpPlan
from fleksjob.placements.models import Placement
from fleksjob.selfservice.access import link_citizen, link_contact_person

# username, municipality, the case's status, the follow-up plan's purpose
CITIZEN_PERSONAS = (
    ("borger.lejre", "350", "approved_unemployed", None),  # on ledighedsydelse, with a plan
    ("borger.rudersdal", "230", "in_fleksjob", "more_hours"),  # in fleksjob, more hours planned
)


def _chosen(municipality: str, status: str, purpose: str | None) -> Citizen | None:
    plans = FollowUpPlan.objects.filter(
        active=True, approval__status=status, citizen__municipality_id=municipality
    )
    if purpose:
        plans = plans.filter(purpose=purpose, hours_steps__isnull=False)
    plan = plans.filter(citizen__anonymised_at__isnull=True).order_by("citizen_id").first()
    return plan.citizen if plan else None


def _portal_user(username: str, role: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, email=f"{username}@demo.invalid")
        user.set_password(PASSWORD)
        create_user(None, user, channel="system", actor="system:demo", role=role)
    return user


EMPLOYER_PERSONA = ("virksomhed.aarhus", "751")


def _employer_with_positions(municipality: str) -> Employer | None:
    """The employer with the most open positions among those with candidates shown to them."""
    shown = Placement.objects.filter(stage__in=("presented", "interview")).values(
        "position__employer"
    )
    employers = Employer.objects.filter(municipality_id=municipality, positions__status="open")
    for candidates in (employers.filter(pk__in=shown), employers):
        found = (
            candidates.annotate(open_count=Count("positions")).order_by("-open_count", "pk").first()
        )
        if found is not None:
            return found
    return None


def ensure_portal_personas() -> list[str]:
    """Create the citizen and employer personas where the seeded data has a fitting citizen or
    employer; the names made."""
    if not (settings.DEMO or settings.TESTING):
        raise ImproperlyConfigured("demo personas exist only in demo mode")
    made = []
    for username, municipality, status, purpose in CITIZEN_PERSONAS:
        citizen = _chosen(municipality, status, purpose)
        if citizen is not None:
            link_citizen(_portal_user(username, Role.CITIZEN), citizen)
            made.append(username)
    username, municipality = EMPLOYER_PERSONA
    employer = _employer_with_positions(municipality)
    if employer is not None:
        contact = employer.contacts.order_by("pk").first() or ContactPerson.objects.create(
            employer=employer, name="Demo Kontaktperson", title="HR-partner"
        )
        link_contact_person(_portal_user(username, Role.EMPLOYER), contact)
        made.append(username)
    return made
