"""Pages of case transfer: the list (incoming requests awaiting an answer, our own requests,
requests we answered), the request form, a request, and the sending side's release and refusal.

The requester's pages read the same whether or not the person exists anywhere: the request is
"pending" until it is released or settled at the deadline (docs/case-transfer.md)."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fleksjob.accounts.permissions import may_transfer_cases, municipal_role_required
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.citizens.forms import CprLookupForm
from fleksjob.core.casework.transfer import TransferError
from fleksjob.transfers.actions import (
    confirmation,
    refuse_transfer,
    release_transfer,
    request_transfer,
)
from fleksjob.transfers.forms import RefuseForm
from fleksjob.transfers.models import CaseTransfer
from fleksjob.transfers.reading import read_one, shown
from fleksjob.ui.paging import paginate

ANSWERED_SHOWN = 50


def transfer_role_required(view):
    """Caseworkers and managers of a municipality; consultants and other roles get 403."""

    @municipal_role_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_transfer_cases(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@transfer_role_required
def transfer_list(request):
    user = request.user
    requests = CaseTransfer.objects.for_viewer(user)
    waiting = requests.filter(pk__in=CaseTransfer.objects.awaiting_answer(user).values("pk"))
    answered = requests.filter(answers__municipality_id=user.municipality_id)
    page = paginate(request, requests.filter(requesting_municipality_id=user.municipality_id))
    context = {
        "waiting": shown(user, waiting.order_by("release_by", "pk")),
        "answered": shown(user, answered.order_by("-requested_at", "-pk")[:ANSWERED_SHOWN]),
        "outgoing": shown(user, page["page_obj"]),
        **page,
    }
    # Incoming requests name the municipality's own citizens: a read of personal data.
    record(user, Action.SEARCH, channel="web", detail="anmodninger om overflytning")
    return render(request, "transfers/list.html", context)


@transfer_role_required
def request_case(request):
    """»Anmod om overflytning af sag«: a CPR number in the POST body, never in a URL."""
    form = CprLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            transfer = request_transfer(request.user, cpr=form.cleaned_data["cpr"])
        except TransferError as exc:
            form.add_error("cpr", str(exc))
        else:
            messages.success(request, confirmation(transfer))
            return redirect("transfers:detail", pk=transfer.pk)
    status = 422 if form.is_bound else 200
    return render(request, "transfers/request.html", {"form": form}, status=status)


def _detail(request, pk: int, *, refuse_form=None, error: str = "", status: int = 200):
    """The request page as the viewer's municipality sees it; the view is audited (for the
    sending side with the citizen the request names)."""
    user = request.user
    requests = CaseTransfer.objects.visible_to(user).for_viewer(user)
    one = read_one(user, get_object_or_404(requests, pk=pk), channel="web")
    context = {
        "transfer": one.transfer,
        "seen": one.seen,
        "cpr": one.cpr,
        "citizen": one.citizen,
        "refuse_form": refuse_form or RefuseForm(),
        "error": error,
    }
    return render(request, "transfers/detail.html", context, status=status)


@transfer_role_required
def transfer_detail(request, pk: int):
    return _detail(request, pk)


def _incoming(request, pk: int) -> CaseTransfer:
    return get_object_or_404(CaseTransfer.objects.incoming(request.user), pk=pk)


@require_POST
@transfer_role_required
def release(request, pk: int):
    transfer = _incoming(request, pk)
    try:
        release_transfer(request.user, transfer)
    except TransferError as exc:  # answered or settled meanwhile: the loser of a race
        return _detail(request, pk, error=str(exc), status=409)
    messages.success(
        request,
        _("Sagen er frigivet og overført til %(name)s.")
        % {"name": transfer.requesting_municipality.name},
    )
    return redirect("transfers:list")


@require_POST
@transfer_role_required
def refuse(request, pk: int):
    transfer = _incoming(request, pk)
    form = RefuseForm(request.POST)
    if not form.is_valid():
        return _detail(request, pk, refuse_form=form, status=422)
    try:
        refuse_transfer(request.user, transfer, reason=form.cleaned_data["reason"])
    except TransferError as exc:
        return _detail(request, pk, error=str(exc), status=409)
    messages.success(
        request,
        _(
            "Anmodningen er afvist. Den anmodende kommune ser den som afventende indtil fristen "
            "og derefter som »ingen sag overført«."
        ),
    )
    return redirect("transfers:list")
