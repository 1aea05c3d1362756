"""The demo's fleksjob pools (docs/pools.md): an Aalborg-like pool in each persona municipality
(the whole wage in municipal workplaces, a cap, places and a visitation unit), with a few
applications, pool jobs and a waiting list, written through the pools' write functions."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from fleksjob.accounts.access import create_user
from fleksjob.accounts.models import Role, User
from fleksjob.citizens.models import Approval
from fleksjob.core.versions import version_of
from fleksjob.demo.personas import PASSWORD
from fleksjob.pools.actions import (
    apply_for_place,
    decide_application,
    place_in_pool_job,
    save_pool,
)
from fleksjob.pools.models import Pool

# code, pool name, kind, annual cap (kr), places: Aalborg's pool scaled to the municipality
# (42 mio. kr a year for about 335 people there).
DEMO_POOLS = (
    ("350", "Kommunal fleksjobpulje", "full_wage", 1_500_000, 2),
    ("230", "Kommunal fleksjobpulje", "full_wage", 2_500_000, 4),
    ("751", "Midlertidige kommunale fleksjob", "temporary", 6_000_000, 15),
)
# Per pool: enough to fill it and put some on the waiting list, yet at most half of the eligible
# citizens, so the personas find citizens to apply for.
APPLICATIONS = 6
WORKPLACES = ("Plejecenter", "Park og Vej", "Biblioteket", "Rådhusets kantine", "Materielgården")


def _user(username: str, role: str, code: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, email=f"{username}@demo.invalid")
        user.set_password(PASSWORD)
        create_user(None, user, channel="system", actor="system:demo", role=role, municipality=code)
    return user


def ensure_demo_pools() -> int:
    """Create the demo pools where none exist yet; the number of pools made."""
    if not (settings.DEMO or settings.TESTING):
        raise ImproperlyConfigured("demo pools exist only in demo mode")
    made = 0
    today = timezone.localdate()
    for code, name, kind, cap, places in DEMO_POOLS:
        if Pool.objects.filter(municipality_id=code).exists():
            continue
        manager = _user(f"puljeleder.{code}", Role.MANAGER, code)
        visitation = _user(
            "visitation.lejre" if code == "350" else f"visitation.{code}", Role.VISITATION, code
        )
        pool = save_pool(
            manager,
            name=name,
            kind=kind,
            annual_cap=cap,
            places=places,
            eligibility="Borgere visiteret til fleksjob, der ikke har fundet et fleksjob.",
            requires_ledighedsydelse=True,
        )
        made += 1
        eligible = Approval.objects.filter(
            citizen__municipality_id=code,
            status="approved_unemployed",
            citizen__anonymised_at__isnull=True,
            benefit_spells__end__isnull=True,
        )
        count = min(APPLICATIONS, eligible.count() // 2)
        cases = eligible.select_related("citizen").order_by("pk")[:count]
        for i, case in enumerate(cases):
            applicant = case.caseworker or manager
            if applicant.role not in (Role.CASEWORKER, Role.CONSULTANT, Role.MANAGER):
                applicant = manager
            application = apply_for_place(
                applicant, pool, case.citizen, motivation="Har brug for et job med fuld løn."
            )
            if i == len(cases) - 1:
                continue  # one waits for the visitation unit
            application = decide_application(
                visitation, application, approve=True, expected_version=version_of(application)
            )
            if application.status == "approved" and i % 2 == 0:
                place_in_pool_job(
                    applicant,
                    application,
                    workplace=f"{WORKPLACES[i % len(WORKPLACES)]}, kommunen",
                    weekly_hours=12 + i,
                    monthly_cost=26_000 + 1_500 * i,
                    start=today,
                )
    return made
