"""Pages of the fleksjob pools (docs/pools.md): the pools with places and spend against the cap,
a pool's page (waiting list, pool jobs, applications), the visitation unit's queue, an
application with its decision, the application form from a citizen's page, and the managers'
pool form. Every query starts from the user's municipality; another's records are 404."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fleksjob.accounts.permissions import (
    may_apply_to_pools,
    may_decide_pool_applications,
    may_manage_pools,
    may_place_in_pools,
    may_see_pools,
)
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.citizens.models import Citizen
from fleksjob.core.errors import DomainError, InvalidField, StaleVersion
from fleksjob.core.pools import ApplicationStatus, free_places
from fleksjob.core.versions import version_of
from fleksjob.pools import actions
from fleksjob.pools.charts import spend_chart
from fleksjob.pools.forms import ApplyForm, DecideForm, EndForm, PlaceForm, PoolForm
from fleksjob.pools.models import Pool, PoolApplication, PoolPlacement
from fleksjob.pools.reading import statuses, waiting_in_order, with_places
from fleksjob.ui.forms import STALE
from fleksjob.ui.paging import paginate

S = ApplicationStatus
MONTHS = range(1, 13)
# The page parameters of a pool page's waiting list and pool jobs (the applications: "page").
WAITING_PAGE = "venteliste"
JOBS_PAGE = "puljejob"


def _guard(check):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


pools_required = _guard(may_see_pools)
visitation_required = _guard(may_decide_pool_applications)
manager_required = _guard(may_manage_pools)
apply_required = _guard(may_apply_to_pools)
place_required = _guard(may_place_in_pools)


def _months(status) -> list[dict]:
    import datetime as dt

    return [
        {"month": dt.date(status.year, m, 1), "amount": round(status.months[m - 1])} for m in MONTHS
    ]


@pools_required
def pool_list(request):
    user = request.user
    today = timezone.localdate()
    pools = list(with_places(Pool.objects.visible_to(user)).order_by("name", "pk"))
    found = statuses(pools, today)
    rows = [
        {
            "pool": p,
            "free": free_places(p.places, p.taken),
            "status": found[p.pk],
            "projected": round(found[p.pk].projected),
            "spent": round(found[p.pk].spent),
        }
        for p in pools
    ]
    queue = (
        PoolApplication.objects.visible_to(user).filter(status=S.PENDING).count()
        if may_decide_pool_applications(user)
        else None
    )
    context = {
        "rows": rows,
        "year": today.year,
        "queue": queue,
        "may_manage": may_manage_pools(user),
    }
    return render(request, "pools/list.html", context)


@pools_required
def pool_detail(request, pk: int):
    user = request.user
    today = timezone.localdate()
    pool = get_object_or_404(with_places(Pool.objects.visible_to(user)), pk=pk)
    status = statuses([pool], today)[pool.pk]
    free = free_places(pool.places, pool.taken)
    # Three paged lists, each with its own page parameter: the waiting list in line order, the
    # open pool jobs and every application.
    in_line = waiting_in_order(pool)
    waiting = paginate(request, in_line, param=WAITING_PAGE)
    jobs = paginate(
        request,
        pool.placements.filter(end__isnull=True, citizen__municipality_id=pool.municipality_id)
        .select_related("citizen")
        .order_by("start", "pk"),
        param=JOBS_PAGE,
    )
    history = paginate(
        request,
        pool.applications.filter(citizen__municipality_id=pool.municipality_id)
        .select_related("citizen", "applied_by")
        .order_by("-applied_at", "-pk"),
    )
    shown = [a.citizen_id for a in waiting["page_obj"]] + [j.citizen_id for j in jobs["page_obj"]]
    shown += [a.citizen_id for a in history["page_obj"]]
    # The lists name citizens: one audit event naming every citizen shown.
    record(user, Action.SEARCH, pool, citizen_ids=dict.fromkeys(shown), detail="fleksjobpulje")
    months = _months(status)
    context = {
        "pool": pool,
        "free": free,
        "status": status,
        "projected": round(status.projected),
        "spent": round(status.spent),
        "remaining": round(status.remaining),
        "share": status.share,
        "months": months,
        "chart": spend_chart(months, pool.annual_cap),
        "waiting": waiting,
        "first_in_line": in_line[0].pk if in_line else None,
        "jobs": jobs,
        "may_decide": may_decide_pool_applications(user),
        "may_manage": may_manage_pools(user),
        "may_open_citizens": may_apply_to_pools(user),
        **history,
    }
    return render(request, "pools/detail.html", context)


def _pool_form(request, pool: Pool | None):
    initial = {}
    if pool is not None:
        initial = {
            name: getattr(pool, name)
            for name in (
                "name",
                "kind",
                "annual_cap",
                "places",
                "eligibility",
                "requires_ledighedsydelse",
                "min_weeks_on_ledighedsydelse",
                "active",
            )
        }
        initial["version"] = version_of(pool)
    form = PoolForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            saved = actions.save_pool(
                request.user, pool, expected_version=version if pool else None, **data
            )
        except StaleVersion:
            form.add_error(None, STALE)
        except InvalidField as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Puljen er gemt."))
            return redirect("pools:detail", pk=saved.pk)
    status = 422 if form.is_bound else 200
    return render(request, "pools/form.html", {"form": form, "pool": pool}, status=status)


@manager_required
def pool_new(request):
    return _pool_form(request, None)


@manager_required
def pool_edit(request, pk: int):
    return _pool_form(request, get_object_or_404(Pool.objects.visible_to(request.user), pk=pk))


@visitation_required
def queue(request):
    """The visitation unit's pending applications, oldest first."""
    user = request.user
    pending = (
        PoolApplication.objects.visible_to(user)
        .filter(status=S.PENDING)
        .select_related("citizen", "pool", "applied_by")
        .order_by("applied_at", "pk")
    )
    page = paginate(request, pending)
    record(
        user,
        Action.SEARCH,
        citizen_ids=[a.citizen_id for a in page["page_obj"]],
        detail="puljeansøgninger til visitation",
    )
    return render(request, "pools/queue.html", page)


def _application(request, pk: int) -> PoolApplication:
    scoped = PoolApplication.objects.visible_to(request.user).select_related(
        "citizen", "pool", "applied_by", "decided_by"
    )
    return get_object_or_404(scoped, pk=pk)


def _application_page(request, pk: int, *, forms=None, error: str = "", status: int = 200):
    user = request.user
    application = _application(request, pk)
    placement = PoolPlacement.objects.filter(application=application).first()
    record(user, Action.VIEW, application, citizen=application.citizen, detail="puljeansøgning")
    forms = forms or {}
    open_ = application.status in (S.PENDING, S.WAITING, S.APPROVED)
    context = {
        "application": application,
        "placement": placement,
        "error": error,
        "version": version_of(application),
        "may_decide": may_decide_pool_applications(user)
        and application.status in (S.PENDING, S.WAITING),
        "may_withdraw": may_place_in_pools(user) and open_ and placement is None,
        "may_place": may_place_in_pools(user)
        and application.status == S.APPROVED
        and placement is None,
        "may_end": may_place_in_pools(user) and placement is not None and placement.end is None,
        "may_open_citizens": may_apply_to_pools(user),
        "decide_form": forms.get("decide")
        or DecideForm(initial={"version": version_of(application)}),
        "place_form": forms.get("place") or PlaceForm(),
        "end_form": forms.get("end")
        or EndForm(initial={"version": version_of(placement) if placement else ""}),
    }
    return render(request, "pools/application.html", context, status=status)


@pools_required
def application_detail(request, pk: int):
    return _application_page(request, pk)


def _refused(request, pk: int, exc: DomainError, forms=None, form=None):
    """A refused write: the field's error at the field, anything else above the forms."""
    if isinstance(exc, StaleVersion):
        return _application_page(request, pk, forms=forms, error=str(STALE), status=422)
    if isinstance(exc, InvalidField) and form is not None and exc.field in form.fields:
        form.add_error(exc.field, str(exc))
        return _application_page(request, pk, forms=forms, status=422)
    return _application_page(request, pk, forms=forms, error=str(exc), status=exc.status)


@require_POST
@visitation_required
def decide(request, pk: int):
    application = _application(request, pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        return _application_page(request, pk, forms={"decide": form}, status=422)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        decided = actions.decide_application(
            request.user,
            application,
            approve=approve,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except DomainError as exc:
        return _refused(request, pk, exc, {"decide": form}, form)
    messages.success(
        request,
        {
            S.APPROVED: _("Ansøgningen er bevilget."),
            S.WAITING: _("Puljen er fuld: borgeren er sat på ventelisten."),
            S.REFUSED: _("Ansøgningen er afslået."),
        }[S(decided.status)],
    )
    return redirect("pools:queue")


@require_POST
@visitation_required
def grant(request, pk: int):
    application = _application(request, pk)
    try:
        actions.grant_from_waiting_list(
            request.user, application, expected_version=request.POST.get("version")
        )
    except DomainError as exc:
        return _refused(request, pk, exc)
    messages.success(request, _("Borgeren har fået den ledige plads."))
    return redirect("pools:detail", pk=application.pool_id)


@require_POST
@place_required
def withdraw(request, pk: int):
    application = _application(request, pk)
    try:
        actions.withdraw_application(
            request.user, application, expected_version=request.POST.get("version")
        )
    except DomainError as exc:
        return _refused(request, pk, exc)
    messages.success(request, _("Ansøgningen er trukket tilbage."))
    return redirect("pools:application", pk=pk)


@require_POST
@place_required
def place(request, pk: int):
    application = _application(request, pk)
    form = PlaceForm(request.POST)
    if not form.is_valid():
        return _application_page(request, pk, forms={"place": form}, status=422)
    try:
        placement = actions.place_in_pool_job(request.user, application, **form.cleaned_data)
    except DomainError as exc:
        return _refused(request, pk, exc, {"place": form}, form)
    messages.success(request, _("Puljejobbet er registreret."))
    status = statuses([application.pool], timezone.localdate())[application.pool_id]
    if status.level != "ok":
        messages.warning(request, _cap_warning(status))
    return redirect("pools:application", pk=placement.application_id)


def _cap_warning(status) -> str:
    if status.level == "over":
        return _("Puljens forventede udgift i år når eller overstiger den årlige ramme.")
    return _("Puljens forventede udgift i år er over 90 % af den årlige ramme.")


@require_POST
@place_required
def end_job(request, pk: int):
    application = _application(request, pk)
    placement = get_object_or_404(PoolPlacement.objects.filter(application=application))
    form = EndForm(request.POST)
    if not form.is_valid():
        return _application_page(request, pk, forms={"end": form}, status=422)
    try:
        first = actions.end_pool_job(
            request.user,
            placement,
            end=form.cleaned_data["end"],
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except DomainError as exc:
        return _refused(request, pk, exc, {"end": form}, form)
    messages.success(request, _("Puljejobbet er afsluttet, og pladsen er ledig."))
    if first is not None:
        messages.info(
            request,
            _("Den første på ventelisten kan nu få pladsen: se puljens venteliste."),
        )
    return redirect("pools:detail", pk=application.pool_id)


@apply_required
def apply(request, citizen_pk: int):
    """»Søg om plads i en fleksjobpulje« from the citizen's page."""
    user = request.user
    citizen = get_object_or_404(Citizen.objects.visible_to(user), pk=citizen_pk)
    pools = Pool.objects.visible_to(user).filter(active=True).order_by("name", "pk")
    form = ApplyForm(request.POST or None, pools=pools)
    if request.method == "POST" and form.is_valid():
        try:
            application = actions.apply_for_place(
                user,
                form.cleaned_data["pool"],
                citizen,
                motivation=form.cleaned_data["motivation"],
            )
        except InvalidField as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Ansøgningen er sendt til visitationen."))
            return redirect("pools:application", pk=application.pk)
    else:
        record(user, Action.VIEW, citizen, citizen=citizen, detail="ansøgning om puljeplads")
    status = 422 if form.is_bound else 200
    context = {"form": form, "citizen": citizen, "has_pools": pools.exists()}
    return render(request, "pools/apply.html", context, status=status)
