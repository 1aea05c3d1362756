from __future__ import annotations

from django.core.cache import cache
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fleksjob.accounts.access import changes_for, described
from fleksjob.accounts.models import Role
from fleksjob.accounts.permissions import may_transfer_cases
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.benchmarking.charts import trend_chart
from fleksjob.benchmarking.compute import latest_run
from fleksjob.benchmarking.service import HEADLINE, first_fleksjob, trend_lines
from fleksjob.citizens.models import Approval
from fleksjob.core.rules.deadlines import add_months
from fleksjob.economics.budget import municipal_budget
from fleksjob.employers.followups import counts as follow_up_counts
from fleksjob.employers.followups import open_follow_ups
from fleksjob.employers.models import Position, PositionStatus
from fleksjob.employers.queries import (
    employer_contact_rate,
    employers_with_figures,
    mark_namesakes,
)
from fleksjob.followup.models import FollowUpPlan
from fleksjob.followup.reminders import without_recipient
from fleksjob.home.figures import municipality_figures
from fleksjob.pools.models import PoolApplication
from fleksjob.selfservice.message_views import waiting_for_jobcentre
from fleksjob.transfers.models import CaseTransfer


def _budget(municipality_code: str, today) -> dict:
    """This year's cost after refusion (cached for an hour: it reads every case of the year)."""
    key = f"budget:{municipality_code}:{today.isoformat()}"
    if (cached := cache.get(key)) is not None:
        return cached
    result, people = municipal_budget(municipality_code, today.year, today)
    budget = {"totals": result.totals(), "months": result.monthly_totals(), "people": people}
    cache.set(key, budget, 3600)
    return budget


def _weeks(km_row: dict | None) -> float | None:
    """Kaplan–Meier median months as weeks (52/12 weeks a month)."""
    if not km_row or km_row["km_median"] is None:
        return None
    return km_row["km_median"] * 52 / 12


def _benchmark_figures(code: str) -> dict:
    """From the latest indicator run: weeks to first fleksjob and the unemployed share's trend
    against the country (none before the first run). Kept per run, municipality and language: a
    finished run never changes (a new one replaces it)."""
    run = latest_run()
    if run is None:
        return {
            "weeks_to_first": None,
            "weeks_to_first_country": None,
            "share_trend": None,
            "share_trend_rows": [],
        }
    key = f"home-benchmark:{run.pk}:{run.finished_at.isoformat()}:{code}:{get_language()}"
    if (kept := cache.get(key)) is None:
        kept = _figures_of_run(run, code)
        cache.set(key, kept, 24 * 3600)
    return kept


def _figures_of_run(run, code: str) -> dict:
    km, country = first_fleksjob(run, code), first_fleksjob(run, "DK")
    lines = trend_lines(run, code, HEADLINE, run.last_month, _("Kommunen"))
    title = _("Andel på ledighedsydelse")
    return {
        "weeks_to_first": _weeks(km),
        "weeks_to_first_country": _weeks(country),
        "share_trend": trend_chart(lines, title) if lines else None,
        "share_trend_rows": lines,
    }


def home(request):
    user = request.user
    today = timezone.localdate()
    context = {"today": today}
    if user.is_municipal:
        # Messages from citizens waiting for the jobcentre (the user's own cases first).
        context["threads_waiting"], context["threads"] = waiting_for_jobcentre(user)
        if context["threads"]:
            record(
                user,
                Action.SEARCH,
                citizen_ids=sorted({t.citizen_id for t in context["threads"]}),
                detail="forside: beskeder",
            )
    if may_transfer_cases(user):
        # Other municipalities' requests for one of our citizens, not yet answered (a count only).
        context["transfers_waiting"] = CaseTransfer.objects.awaiting_answer(user).count()
    if user.role == Role.CASEWORKER and user.is_municipal:
        # "Mine sager": the figures and lists are the caseworker's own cases (issue 14); the
        # queue of unassigned cases is a count with a link.
        context["figures"] = municipality_figures(user, today, mine=True)
        context["queue"] = Approval.objects.visible_to(user).active().unassigned().count()
        context["due_followups"] = list(
            FollowUpPlan.objects.visible_to(user)
            # (Joined, not a subquery of owned cases: SQLite scanned every case in the country.)
            .filter(Q(approval__caseworker=user) | Q(approval__consultant=user))
            .filter(active=True, next_due__lte=add_months(today, 1))
            .select_related("citizen")
            .order_by("next_due", "pk")[:15]
        )
        # Reviews (revurdering) overdue or due within six months: not those held, nor those of
        # permanent fleksjobs (their state says so).
        context["reviews"] = context["figures"]["reviews"]
        # The lists name citizens: one audit event for the page, naming every citizen shown.
        shown = [p.citizen_id for p in context["due_followups"]]
        shown += [a.citizen_id for a, _state in context["reviews"] if a.citizen_id not in shown]
        record(user, Action.SEARCH, citizen_ids=shown, detail="forside: frister")
        template = "home/caseworker.html"
    elif user.role == Role.CONSULTANT and user.is_municipal:
        # "Mine opfølgninger": the follow-up dates the consultant entered in the contact log.
        context["follow_ups"] = follow_up_counts(open_follow_ups(user), today)
        context["open_positions"] = (
            Position.objects.visible_to(user)
            .filter(status=PositionStatus.OPEN)
            .select_related("employer__municipality")
            .order_by("-created_on", "pk")[:20]
        )
        context["stale_employers"] = (
            employers_with_figures(user)
            .filter(fleksjob_now__gt=0)
            .order_by("last_contact", "pk")[:15]
        )
        mark_namesakes(
            user,
            [
                *(p.employer for p in context["open_positions"]),
                *context["stale_employers"],
            ],
        )
        template = "home/consultant.html"
    elif user.role == Role.MANAGER and user.is_municipal:
        context["figures"] = municipality_figures(user, today)
        context["contact"] = employer_contact_rate(user, today)
        context["budget"] = _budget(user.municipality_id, today)
        context.update(_benchmark_figures(user.municipality_id))
        context["access_rows"] = described(changes_for(user.municipality_id)[:5])
        context["without_recipient"] = without_recipient(user).count()
        context["queue"] = Approval.objects.visible_to(user).active().unassigned().count()
        template = "home/manager.html"
    elif getattr(user, "is_visitation", False):
        # The pools' visitation unit: its queue of applications (a count with a link).
        context["pool_queue"] = (
            PoolApplication.objects.visible_to(user).filter(status="pending").count()
        )
        template = "home/visitation.html"
    else:
        template = "home/other.html"
    return render(request, template, context)
