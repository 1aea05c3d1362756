"""The consultants' task list of follow-ups ("Mine opfølgninger"): the follow-up dates entered
on contact-log entries, overdue, today and coming. A follow-up is settled when it is marked done
(``settle_follow_up``) or a later contact with the employer is logged (docs/outreach.md)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from fleksjob.accounts.permissions import municipal_role_required
from fleksjob.core.errors import Refused
from fleksjob.employers.actions import settle_follow_up
from fleksjob.employers.models import ContactLogEntry
from fleksjob.employers.queries import mark_namesakes
from fleksjob.ui.forms import DesignSystemForm
from fleksjob.ui.paging import paginate

MINE, ALL = "mine", "all"
OVERDUE, TODAY, COMING = "overdue", "today", "coming"


class FollowUpFilter(DesignSystemForm):
    who = forms.ChoiceField(
        label=_("Hvis opfølgninger"),
        required=False,
        choices=[(MINE, _("Mine")), (ALL, _("Alle i kommunen"))],
    )
    when = forms.ChoiceField(
        label=_("Hvornår"),
        required=False,
        choices=[
            ("", _("Alle")),
            (OVERDUE, _("Overskredet")),
            (TODAY, _("I dag")),
            (COMING, _("Kommende")),
        ],
    )


def open_follow_ups(user, *, mine: bool = True):
    """The open follow-ups the user may see: the user's own, or all in the municipality."""
    entries = ContactLogEntry.objects.visible_to(user).open_follow_ups()
    return entries.filter(consultant=user) if mine else entries


def counts(entries, today: dt.date) -> dict[str, int]:
    """Overdue, due today and coming, in one query."""
    return entries.aggregate(
        overdue=Count("pk", filter=Q(follow_up_on__lt=today)),
        today=Count("pk", filter=Q(follow_up_on=today)),
        coming=Count("pk", filter=Q(follow_up_on__gt=today)),
    )


def state(day: dt.date, today: dt.date) -> str:
    return OVERDUE if day < today else TODAY if day == today else COMING


@municipal_role_required
def follow_ups(request):
    today = timezone.localdate()
    form = FollowUpFilter(request.GET)
    valid = form.is_valid()
    who = (form.cleaned_data["who"] if valid else "") or MINE
    when = form.cleaned_data["when"] if valid else ""
    entries = open_follow_ups(request.user, mine=who == MINE)
    figures = counts(entries, today)
    entries = {
        OVERDUE: entries.filter(follow_up_on__lt=today),
        TODAY: entries.filter(follow_up_on=today),
        COMING: entries.filter(follow_up_on__gt=today),
    }.get(when, entries)
    entries = entries.select_related(
        "employer__municipality", "consultant", "contact_person"
    ).order_by("follow_up_on", "pk")
    context = {"form": form, "who": who, "today": today, "figures": figures}
    context.update(paginate(request, entries))
    for entry in context["page_obj"]:
        entry.state = state(entry.follow_up_on, today)
    mark_namesakes(request.user, [e.employer for e in context["page_obj"]])
    return render(request, "employers/follow_ups.html", context)


@require_POST
@municipal_role_required
def follow_up_done(request, pk: int):
    entry = get_object_or_404(
        ContactLogEntry.objects.visible_to(request.user).select_related("employer"), pk=pk
    )
    try:
        settle_follow_up(request.user, entry, on=timezone.localdate())
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Opfølgningen er markeret som udført."))
    back = reverse("employers:follow_ups")
    if request.POST.get("who") == ALL:
        back += "?who=all"
    return HttpResponseRedirect(back)
