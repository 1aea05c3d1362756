from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fleksjob.accounts.permissions import municipal_role_required
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.citizens.models import Citizen
from fleksjob.core.casework.placement_flow import FINAL
from fleksjob.core.errors import InvalidField, Refused, StaleVersion
from fleksjob.core.versions import version_of
from fleksjob.employers.models import Position
from fleksjob.employers.queries import mark_namesakes
from fleksjob.placements.actions import move_placement, propose_scored_match
from fleksjob.placements.forms import MoveForm, PlacementFilter, ProposeForm
from fleksjob.placements.models import MatchResult, MatchRun, MatchRunStatus, Placement
from fleksjob.placements.tasks import request_match_run
from fleksjob.ui.forms import STALE
from fleksjob.ui.paging import paginate


def _placements(user):
    return Placement.objects.visible_to(user).select_related(
        "citizen", "position__employer__municipality"
    )


@municipal_role_required
def placement_list(request):
    form = PlacementFilter(request.GET)
    placements = _placements(request.user)
    stage = form.cleaned_data["stage"] if form.is_valid() else ""
    if stage == "":
        placements = placements.open()
    elif stage != "all":
        placements = placements.filter(stage=stage)
    record(request.user, Action.SEARCH, channel="web", detail="match-forslag")
    context = {"form": form, **paginate(request, placements.order_by("-stage_since", "-pk"))}
    mark_namesakes(request.user, [p.position.employer for p in context["page_obj"]])
    return render(request, "placements/list.html", context)


def _detail_context(placement, form=None, *, saved: bool = False) -> dict:
    return {
        "placement": placement,
        "transitions": placement.transitions.select_related("by"),
        "form": form or MoveForm(stage=placement.stage, initial={"version": version_of(placement)}),
        "final": placement.stage in FINAL,
        "saved": saved,
    }


@municipal_role_required
def placement_detail(request, pk: int):
    placement = get_object_or_404(_placements(request.user), pk=pk)
    record(request.user, Action.VIEW, placement, citizen=placement.citizen)
    mark_namesakes(request.user, [placement.position.employer])
    return render(request, "placements/detail.html", _detail_context(placement))


@require_POST
@municipal_role_required
def placement_move(request, pk: int):
    placement = get_object_or_404(_placements(request.user), pk=pk)
    form = MoveForm(request.POST, stage=placement.stage)
    if form.is_valid():
        data = form.cleaned_data
        try:
            placement = move_placement(
                request.user,
                placement,
                data["to_stage"],
                on=data["on"],
                reason=data["reason"],
                note=data["note"],
                hire=form.hire_terms(),
                expected_version=data["version"] or None,
            )
        except StaleVersion:
            form.add_error(None, STALE)
        except InvalidField as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        except Refused as exc:
            form.add_error(None, str(exc))
        else:
            terms = form.hire_terms()
            if terms is not None and terms.start > timezone.localdate():
                # A hire dated ahead changes the case on its start day (docs/decisions.md).
                messages.info(
                    request,
                    _("Sagen skifter til »I fleksjob« på startdagen, %(day)s.")
                    % {"day": formats.date_format(terms.start)},
                )
            if not request.htmx:
                messages.success(request, _("Match-forslaget er opdateret."))
                return redirect("placements:detail", pk=placement.pk)
            # HTMX swaps the panel in place: the new stage, its log and the next possible moves.
            placement = get_object_or_404(_placements(request.user), pk=pk)
            return render(request, "placements/_panel.html", _detail_context(placement, saved=True))
    if request.htmx:
        return render(
            request, "placements/_panel.html", _detail_context(placement, form), status=422
        )
    mark_namesakes(request.user, [placement.position.employer])
    return render(request, "placements/detail.html", _detail_context(placement, form), status=422)


@require_POST
@municipal_role_required
def placement_create(request):
    form = ProposeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Forslaget mangler borger eller stilling."))
        return redirect("placements:list")
    citizen = get_object_or_404(
        Citizen.objects.visible_to(request.user), pk=form.cleaned_data["citizen"]
    )
    position = get_object_or_404(
        Position.objects.visible_to(request.user), pk=form.cleaned_data["position"]
    )
    try:
        placement = propose_scored_match(request.user, citizen, position, on=timezone.localdate())
    except Refused as exc:
        messages.error(request, str(exc))
        return redirect("citizens:detail", pk=citizen.pk)
    if placement.score is None:
        messages.warning(
            request,
            _(
                "Forslaget er oprettet, men parret opfylder ikke matchreglerne "
                "(timer, skånehensyn eller transport)."
            ),
        )
    else:
        messages.success(request, _("Match-forslaget er oprettet."))
    return redirect("placements:detail", pk=placement.pk)


@municipal_role_required
def match_runs(request):
    """The municipality's latest batch run: status (polled while running), statistics, the
    optimal assignment; and a button to request a new run for the worker."""
    code = request.user.municipality_id
    if request.method == "POST":
        request_match_run(code, request.user)
        messages.success(request, _("Kørslen er bestilt og startes af baggrundsjobbet."))
        return redirect("placements:runs")
    runs = MatchRun.objects.visible_to(request.user)
    active = runs.filter(status__in=[MatchRunStatus.PENDING, MatchRunStatus.RUNNING]).first()
    latest = runs.filter(status=MatchRunStatus.DONE).order_by("-finished_at").first()
    if request.htmx and request.GET.get("poll"):
        return render(request, "placements/_run_status.html", {"active": active, "latest": latest})
    assigned = (
        latest.results.filter(assigned=True)
        .select_related("citizen", "position__employer__municipality")
        .order_by("-weight", "pk")
        if latest
        else MatchResult.objects.none()
    )
    if latest:
        record(request.user, Action.SEARCH, latest, detail="matchkørsel")
    context = {"active": active, "latest": latest, **paginate(request, assigned)}
    mark_namesakes(request.user, [r.position.employer for r in context["page_obj"]])
    return render(request, "placements/runs.html", context)
