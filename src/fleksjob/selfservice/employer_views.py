"""The employer's own pages (``/arbejdsgiver/``): the company's positions, their tasks and the
candidates the jobcentre proposes for them: exactly the profile items each citizen consented
to, pseudonymised without the name item (presenting a candidate to the company needs it). Only
the company of the login's contact person, ever; 404 for anything else."""

from __future__ import annotations

from django.db.models import Case, Count, Q, When
from django.shortcuts import get_object_or_404, render

from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.citizens.consent import given_by_citizen
from fleksjob.core.casework.consent import ConsentItem
from fleksjob.core.casework.placement_flow import Stage
from fleksjob.core.matching.competences import labelled
from fleksjob.core.matching.taxonomy import ACCOMMODATIONS
from fleksjob.employers.models import Position, PositionSubmission
from fleksjob.placements.models import EmployerDeclineReasonChoice, Placement
from fleksjob.selfservice.access import employer_required
from fleksjob.selfservice.survey_views import open_invitations

# The open stages: proposed (pseudonymised unless consented), presented, at interview.
SHOWN = (Stage.PROPOSED, Stage.PRESENTED, Stage.INTERVIEW)


def _positions(employer):
    return Position.objects.filter(employer=employer)


def _candidate(number: int, placement, given) -> dict:
    """What the employer sees of one candidate: exactly the items the citizen consented to
    (core/casework/consent.py), a pseudonym (Kandidat n) without the name item; never health
    details (the note on skånehensyn, diagnoses)."""
    citizen = placement.citizen
    return {
        "number": number,
        "placement": placement,
        "name": citizen.full_name if ConsentItem.NAME_CONTACT in given else None,
        "hours": ConsentItem.HOURS in given,
        "hours_min": citizen.hours_min,
        "hours_target": citizen.hours_target,
        "competences": labelled(citizen.competences) if ConsentItem.COMPETENCES in given else [],
        "provisions": [ACCOMMODATIONS[k] for k in citizen.needs if k in ACCOMMODATIONS]
        if ConsentItem.PROVISIONS in given
        else [],
        "shared": bool(given),
        "stage": placement.get_stage_display(),
    }


@employer_required
def home(request):
    employer = request.employer
    positions = (
        _positions(employer)
        .annotate(
            task_count=Count("tasks", distinct=True),
            candidate_count=Count(
                "placements", filter=Q(placements__stage__in=SHOWN), distinct=True
            ),
        )
        .order_by(Case(When(status="open", then=0), default=1), "title", "pk")
    )
    submissions = PositionSubmission.objects.filter(employer=employer).order_by("-pk")
    context = {
        "employer": employer,
        "positions": positions,
        "submissions": submissions,
        "surveys": open_invitations(contact_person=request.contact_person),
        "survey_url": "selfservice:employer_survey",
    }
    return render(request, "selfservice/employer_home.html", context)


@employer_required
def position(request, pk: int):
    employer = request.employer
    found = get_object_or_404(_positions(employer), pk=pk)
    shown = list(
        Placement.objects.filter(position=found, stage__in=SHOWN)
        .select_related("citizen")
        .order_by("pk")
    )
    consent = given_by_citizen(p.citizen_id for p in shown)
    candidates = [_candidate(number, p, consent[p.citizen_id]) for number, p in enumerate(shown, 1)]
    if shown:
        record(
            request.user,
            Action.VIEW,
            found,
            citizen_ids=[p.citizen_id for p in shown],
            municipality=employer.municipality_id,
            detail="arbejdsgiver: kandidater",
        )
    context = {
        "employer": employer,
        "position": found,
        "tasks": [
            {"task": t, "competences": labelled(t.skills)} for t in found.tasks.order_by("pk")
        ],
        "provides": [ACCOMMODATIONS[k] for k in found.provides if k in ACCOMMODATIONS],
        "candidates": candidates,
        "reasons": EmployerDeclineReasonChoice.choices,
    }
    return render(request, "selfservice/employer_position.html", context)
