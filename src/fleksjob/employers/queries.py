"""Employers with their figures (open positions, fleksjob employments, last contact) for the
employers' pages and the home page's dashboard, which is why they are not in ``views``."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, F, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Lower, Replace

from fleksjob.core.casework.outreach import CONTACT_WINDOW, contact_rate
from fleksjob.employers.facts import fleksjobs
from fleksjob.employers.models import ContactLogEntry, Employer, Position, PositionStatus


def _count(queryset) -> Coalesce:
    """A correlated COUNT per employer (cheaper than joining and counting distinct rows)."""
    counted = queryset.filter(employer=OuterRef("pk")).values("employer").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n")), 0)


def employers_with_figures(user):
    last_contact = (
        ContactLogEntry.objects.filter(employer=OuterRef("pk")).order_by("-on").values("on")[:1]
    )
    return (
        Employer.objects.visible_to(user)
        .select_related("municipality")
        .annotate(
            last_contact=Subquery(last_contact),
            open_positions=_count(Position.objects.filter(status=PositionStatus.OPEN)),
            fleksjob_now=_count(fleksjobs().filter(end__isnull=True)),
        )
    )


@dataclass(frozen=True)
class FleksjobFigures:
    """Per employer of a municipality: fleksjob employments ever and now, and the last contact."""

    ever: dict[int, int]
    now: dict[int, int]
    last_contact: dict[int, dt.date]

    def contacted(self, today: dt.date) -> tuple[int, int]:
        """(fleksjob employers contacted in the last 12 months, fleksjob employers)."""
        recent = today - CONTACT_WINDOW
        employing = [pk for pk, n in self.now.items() if n]
        done = [pk for pk in employing if (self.last_contact.get(pk) or dt.date.min) >= recent]
        return len(done), len(employing)


def fleksjob_figures(user) -> FleksjobFigures:
    """Grouped queries (one pass each), cheaper than correlated subqueries when every employer
    of the municipality is needed."""
    municipality = {"employer__municipality_id": user.municipality_id}
    hires = (
        fleksjobs()
        .filter(**municipality)
        .values("employer")
        .annotate(ever=Count("pk"), now=Count("pk", filter=Q(end__isnull=True)))
        .values_list("employer", "ever", "now")
    )
    last = (
        ContactLogEntry.objects.filter(**municipality)
        .values("employer")
        .annotate(last=Max("on"))
        .values_list("employer", "last")
    )
    ever, now = {}, {}
    for pk, n_ever, n_now in hires:
        ever[pk], now[pk] = n_ever, n_now
    return FleksjobFigures(ever, now, dict(last))


def employer_contact_rate(user, today: dt.date) -> dict:
    contacted, total = fleksjob_figures(user).contacted(today)
    return {"contacted": contacted, "total": total, "rate": contact_rate(contacted, total)}


def _name_key(name) -> Lower:
    """Names that differ only in case or spaces are one name. (SQLite lowers ASCII letters only;
    PostgreSQL, which production runs, lowers Æ, Ø and Å too.)"""
    return Lower(Replace(name, Value(" "), Value("")))


def mark_namesakes(user, employers: Iterable[Employer]) -> None:
    """Sets ``namesakes`` on each employer: how many other employers the user can see have the
    same name. Counted only among the user's own visible employers, so the figure never tells
    that another municipality has an employer of that name. One query for a page of employers."""
    employers = list(employers)
    for employer in employers:
        employer.namesakes = 0
    if not employers:
        return
    # Every visible employer whose name is one of the page's names, with that name's key: one
    # pass over the municipality's employers (a count per row would pass once per row).
    keyed = Employer.objects.visible_to(user).annotate(key=_name_key(F("name")))
    page = keyed.filter(pk__in={e.pk for e in employers}).values("key")
    key_of = dict(keyed.filter(key__in=page).values_list("pk", "key"))
    shared = Counter(key_of.values())
    for employer in employers:
        key = key_of.get(employer.pk)
        employer.namesakes = shared[key] - 1 if key is not None else 0


def namesakes(user) -> Coalesce:
    """Per employer, how many other employers the user can see have its name: an annotation
    (a correlated count, in the same query as the employers)."""
    same = (
        Employer.objects.visible_to(user)
        .annotate(key=_name_key(F("name")))
        .filter(key=_name_key(OuterRef("name")))
        .exclude(pk=OuterRef("pk"))
        .values("key")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(same), 0)
