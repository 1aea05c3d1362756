"""The demo's citizen personas (password ``demo``): each is linked to a synthetic citizen of its
municipality chosen by what the persona shows (docs/selfservice.md)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from fleksjob.accounts.access import create_user
from fleksjob.accounts.models import Role, User
from fleksjob.citizens.models import Citizen
from fleksjob.demo.personas import PASSWORD
from fleksjob.followup.models import FollowUpPlan
from fleksjob.selfservice.access import link_citizen

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


def ensure_citizen_personas() -> list[str]:
    """Create the citizen personas where the seeded data has a fitting citizen; the names made."""
    if not (settings.DEMO or settings.TESTING):
        raise ImproperlyConfigured("demo personas exist only in demo mode")
    made = []
    for username, municipality, status, purpose in CITIZEN_PERSONAS:
        citizen = _chosen(municipality, status, purpose)
        if citizen is None:
            continue
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, email=f"{username}@demo.invalid")
            user.set_password(PASSWORD)
            create_user(None, user, channel="system", actor="system:demo", role=Role.CITIZEN)
        link_citizen(user, citizen)
        made.append(username)
    return made
