"""The employer's own pages (``/arbejdsgiver/``): the company's positions, their tasks and the
candidates the jobcentre proposes for them, pseudonymised until the citizen consented to share
their profile (presenting a candidate to the company needs that consent). Only the company of the
login's contact person, ever; 404 for anything else."""

from __future__ import annotations

from django.db.models import Case, Count, Q, When
from django.shortcuts import get_object_or_404, render

from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.core.casework.placement_flow import Stage
from fleksjob.core.matching.competences import labelled
from fleksjob.core.matching.taxonomy import ACCOMMODATIONS
from fleksjob.employers.models import Position
from fleksjob.placements.models import Placement
from fleksjob.selfservice.access import employer_required

# The open stages: proposed (pseudonymised unless consented), presented, at interview.
SHOWN = (Stage.PROPOSED, Stage.PRESENTED, Stage.INTERVIEW)


def _positions(employer):
    return Position.objects.filter(employer=employer)


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
    return render(
        request, "selfservice/employer_home.html", {"employer": employer, "positions": positions}
    )


@employer_required
def position(request, pk: int):
    employer = request.employer
    found = get_object_or_404(_positions(employer), pk=pk)
    shown = list(
        Placement.objects.filter(position=found, stage__in=SHOWN)
        .select_related("citizen")
        .order_by("pk")
    )
    candidates = [
        {
            "number": number,
            "name": p.citizen.full_name if p.citizen.consent_share_profile else None,
            "hours_min": p.citizen.hours_min,
            "hours_target": p.citizen.hours_target,
            "competences": labelled(p.citizen.competences),
            "stage": p.get_stage_display(),
        }
        for number, p in enumerate(shown, start=1)
    ]
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
    }
    return render(request, "selfservice/employer_position.html", context)
