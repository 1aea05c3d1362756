"""The demo's citizen and employer personas (password ``demo``): each is linked to a synthetic
citizen, or a contact person of a synthetic employer, chosen by what the persona shows
(docs/selfservice.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count
from django.utils import timezone

from fleksjob.accounts.access import create_user
from fleksjob.accounts.models import Role, User
from fleksjob.citizens.models import Citizen
from fleksjob.core.errors import DomainError
from fleksjob.core.versions import ANY
from fleksjob.demo.personas import PASSWORD
from fleksjob.employers.models import ContactPerson, Employer, PositionSubmission
from fleksjob.employers.submissions import save_submission
from fleksjob.followup.agreement import (
    answer_change,
    propose_activity,
    propose_change,
    set_activity_status,
)
from fleksjob.followup.models import FollowUpPlan, PlanProposal
from fleksjob.placements.actions import propose_match
from fleksjob.placements.models import Placement
from fleksjob.selfservice.access import link_citizen, link_contact_person
from fleksjob.selfservice.messaging import start_thread

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


def _shared_plan(user: User, citizen: Citizen) -> None:
    """borger.lejre's shared plan (once): an hours step the caseworker proposed, waiting for
    them, an activity agreed and in progress, a message from the caseworker waiting for their
    answer and a question of theirs waiting for the jobcentre."""
    caseworker = User.objects.filter(username="sagsbehandler.lejre").first()
    plan = FollowUpPlan.objects.filter(citizen=citizen, active=True).first()
    if caseworker is None or plan is None or PlanProposal.objects.filter(citizen=citizen).exists():
        return
    today = timezone.localdate()
    step = propose_change(
        caseworker,
        plan.approval,
        kind="hours_step",
        step_date=today + dt.timedelta(weeks=6),
        step_hours=Decimal(12),
        note="Du har klaret 10 timer godt. Skal vi prøve 12?",
        today=today,
    )
    course = propose_activity(
        caseworker,
        plan.approval,
        title="Kursus i kundeservice",
        kind="course",
        starts_on=today - dt.timedelta(weeks=1),
        ends_on=today + dt.timedelta(weeks=3),
        owner="citizen",
    )
    answer_change(user, course, accept=True, expected_version=ANY)
    set_activity_status(user, course.activity, status="in_progress", expected_version=ANY)
    start_thread(
        caseworker,
        citizen,
        subject="Flere timer fra næste måned",
        body="Hej. Jeg har foreslået, at du arbejder 12 timer om ugen om seks uger. "
        "Skriv, hvis du har spørgsmål, og sig ja eller nej til forslaget under Din plan.",
        plan_proposal=step,
    )
    start_thread(
        user,
        citizen,
        subject="Kurset",
        body="Hej. Må jeg tage en dag fri fra kurset, når jeg skal til lægen?",
    )


def ensure_portal_personas() -> list[str]:
    """Create the citizen and employer personas where the seeded data has a fitting citizen or
    employer; the names made."""
    if not (settings.DEMO or settings.TESTING):
        raise ImproperlyConfigured("demo personas exist only in demo mode")
    made = []
    for username, municipality, status, purpose in CITIZEN_PERSONAS:
        citizen = _chosen(municipality, status, purpose)
        if citizen is not None:
            user = _portal_user(username, Role.CITIZEN)
            link_citizen(user, citizen)
            made.append(username)
            if username == "borger.lejre":
                _shared_plan(user, citizen)
    username, municipality = EMPLOYER_PERSONA
    employer = _employer_with_positions(municipality)
    if employer is not None:
        contact = employer.contacts.order_by("pk").first() or ContactPerson.objects.create(
            employer=employer, name="Demo Kontaktperson", title="HR-partner"
        )
        user = _portal_user(username, Role.EMPLOYER)
        link_contact_person(user, contact)
        made.append(username)
        _candidates(employer)
        _submission(user, contact)
    return made


def _submission(user: User, contact: ContactPerson) -> None:
    """A specialist position the company has sent the consultant for review (once): a lawyer
    13 hours a week, made of tasks split off from other jobs."""
    if PositionSubmission.objects.filter(employer_id=contact.employer_id).exists():
        return
    save_submission(
        user,
        contact,
        None,
        title="Jurist, kontrakter og persondata (13 timer)",
        occupation="2611",
        tasks=[
            {
                "description": "Gennemgang af leverandørkontrakter",
                "hours": 8,
                "skills": ["law_contracts"],
            },
            {
                "description": "Svar på spørgsmål om persondata",
                "hours": 5,
                "skills": ["law_contracts", "writing"],
            },
        ],
        specialist=True,
        send=True,
    )


def _candidates(employer: Employer) -> None:
    """Two candidates proposed for the employer persona's first open position when none is
    open yet (once): one who shares their whole profile, one who shares nothing, so the
    employer's page shows a named and a pseudonymised candidate to answer."""
    open_stages = ("proposed", "presented", "interview")
    if Placement.objects.filter(position__employer=employer, stage__in=open_stages).exists():
        return
    consultant = User.objects.filter(username="konsulent.aarhus").first()
    position = employer.positions.filter(status="open").order_by("pk").first()
    if consultant is None or position is None:
        return
    waiting = Citizen.objects.filter(
        municipality_id=employer.municipality_id,
        anonymised_at__isnull=True,
        approvals__status="approved_unemployed",
    ).order_by("pk")
    today = timezone.localdate()
    for consent in (True, False):
        citizen = waiting.filter(consent_share_profile=consent).first()
        if citizen is None:
            continue
        try:
            propose_match(consultant, citizen, position, on=today)
        except DomainError:  # a case the workflow does not allow to propose: leave it
            continue
