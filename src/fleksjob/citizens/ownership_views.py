"""Pages of case ownership: who holds a case, the bulk reassignment from the caseload list, and
the manager's team view. They translate; ``citizens/ownership.py`` decides and writes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from fleksjob.accounts.permissions import manager_required, municipal_role_required
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.citizens.forms import AssignForm, CaseloadFilter
from fleksjob.citizens.models import ASSIGNED, Approval
from fleksjob.citizens.ownership import (
    assign_case,
    assign_cases,
    assignable,
    holds,
    may_assign_others,
    may_take_cases,
)
from fleksjob.core import bounds
from fleksjob.core.errors import DomainError, InvalidField


def _current_case(user, pk: int) -> Approval:
    """The citizen's active case (404 for another municipality's citizen or none active)."""
    return get_object_or_404(
        Approval.objects.visible_to(user)
        .active()
        .select_related("citizen", "caseworker", "consultant"),
        citizen_id=pk,
    )


@municipal_role_required
def assign(request, pk: int):
    """The citizen's case: who is responsible; managers change it, caseworkers take it."""
    case = _current_case(request.user, pk)
    manager = may_assign_others(request.user)
    form = None
    status = 200
    if manager:
        initial = {
            "caseworker": case.caseworker.username if holds(case) else "-",
            "consultant": case.consultant.username if case.consultant else "-",
        }
        form = AssignForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST":
        if manager:
            holders = form.holders() if form.is_valid() else None
        elif may_take_cases(request.user) and request.POST.get("take"):
            holders = {"caseworker": request.user.username}
        else:
            raise PermissionDenied
        if holders is not None:
            try:
                assign_case(request.user, case, **holders)
            except InvalidField as error:
                if form is None:
                    raise
                form.add_error(error.field if error.field in form.fields else None, str(error))
            except DomainError as error:
                if form is None:
                    raise
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Den ansvarlige for sagen er gemt."))
                return redirect("citizens:detail", pk=pk)
        status = 422
    else:
        record(request.user, Action.VIEW, case.citizen, citizen=case.citizen, detail="ansvarlig")
    context = {
        "citizen": case.citizen,
        "case": case,
        "held": holds(case),
        "form": form,
        "may_take": may_take_cases(request.user) and not holds(case),
    }
    return render(request, "citizens/assign.html", context, status=status)


def _back(request) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("citizens:list")


@require_POST
@municipal_role_required
def assign_bulk(request):
    """The cases selected in the caseload list: a manager gives them to a caseworker (and/or a
    consultant); a caseworker takes them from the queue. All or none; the answer is a message on
    the list it came from."""
    ids = [bounds.parse_id(value) for value in request.POST.getlist("cases")]
    if may_assign_others(request.user):
        form = AssignForm(request.POST, user=request.user, bulk=True)
        holders = form.holders() if form.is_valid() else {}
    elif may_take_cases(request.user):
        holders = {"caseworker": request.user.username}
    else:
        raise PermissionDenied
    try:
        if None in ids:
            raise InvalidField("cases", "en eller flere af de valgte sager findes ikke")
        changed = assign_cases(request.user, ids, **holders)
    except DomainError as error:
        messages.error(request, _("Sagerne er ikke fordelt: %(reason)s.") % {"reason": error})
    else:
        messages.success(
            request,
            ngettext("%(n)d sag er fordelt.", "%(n)d sager er fordelt.", changed) % {"n": changed},
        )
    return redirect(_back(request))


@manager_required
def team(request):
    """The manager's team view: each caseworker's open cases, the queue, and the consultants'."""
    cases = Approval.objects.visible_to(request.user).active()
    held = dict(
        cases.filter(ASSIGNED)
        .values_list("caseworker")
        .annotate(n=Count("pk"))
        .order_by("caseworker")
    )
    brokered = dict(
        cases.filter(consultant__isnull=False)
        .values_list("consultant")
        .annotate(n=Count("pk"))
        .order_by("consultant")
    )
    totals = cases.aggregate(
        active=Count("pk"),
        queue=Count("pk", filter=~ASSIGNED),
        without_consultant=Count("pk", filter=Q(consultant__isnull=True)),
    )
    workers = [(u, held.get(u.pk, 0)) for u in assignable(request.user, "caseworker")]
    brokers = [(u, brokered.get(u.pk, 0)) for u in assignable(request.user, "consultant")]
    context = {
        "workers": workers,
        "brokers": brokers,
        "totals": totals,
        "queue_filter": CaseloadFilter.QUEUE,
    }
    return render(request, "citizens/team.html", context)
