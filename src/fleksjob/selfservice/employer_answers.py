"""The employer answers: a candidate proposed for one of their positions (interested, or not
with a coded reason) and a request for a visit from the jobcentre's consultant. Only their own
company's proposals: another company's is 404 exactly like one that does not exist."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fleksjob.core.errors import InvalidField, Refused
from fleksjob.employers.actions import request_visit
from fleksjob.placements.actions import answer_as_employer
from fleksjob.placements.models import EmployerDeclineReasonChoice, Placement
from fleksjob.selfservice.access import employer_required
from fleksjob.selfservice.employer_views import SHOWN

REASONS = EmployerDeclineReasonChoice.choices


@require_POST
@employer_required
def answer(request, pk: int):
    placement = get_object_or_404(
        Placement.objects.filter(position__employer=request.employer, stage__in=SHOWN), pk=pk
    )
    interested = request.POST.get("answer") == "interested"
    reason = "" if interested else request.POST.get("reason", "")
    try:
        answer_as_employer(
            request.user, request.employer, placement, interested=interested, reason=reason
        )
    except Refused as exc:
        messages.error(request, str(exc))
    except InvalidField:
        messages.error(request, _("Vælg, hvorfor kandidaten ikke passer."))
    else:
        if interested:
            messages.success(request, _("Tak. Konsulenten kontakter jer om den videre proces."))
        else:
            messages.success(request, _("Tak for svaret. Kandidaten er taget af listen."))
    return redirect("selfservice:employer_position", pk=placement.position_id)


@require_POST
@employer_required
def visit(request):
    try:
        request_visit(request.user, request.contact_person, note=request.POST.get("note", ""))
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Tak. Konsulenten kontakter jer for at aftale et besøg."))
    return redirect("selfservice:employer_home")
