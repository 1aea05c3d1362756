"""What the case pages show from the apps a floor above (docs/floors.md): the follow-up plans and
meetings (``fleksjob.followup``) and the recommended positions (``fleksjob.placements``). Those
apps provide their queries here in their ``AppConfig.ready``, so this app shows them without
importing upward."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from fleksjob.core.hooks import Hooks

from_followup = Hooks("fleksjob.followup")
from_placements = Hooks("fleksjob.placements")


def followup_plans() -> QuerySet:
    """Every follow-up plan (``approval``, ``active``, ``next_due``)."""
    return from_followup.call("plans")


def followup_meetings() -> QuerySet:
    """Every follow-up meeting (``citizen``, ``held_on``, ``kind``)."""
    return from_followup.call("meetings")


def mark_namesakes(user: Any, employers: Any) -> None:
    """Sets ``namesakes`` on each employer: how many other employers the user can see have the
    same name (``fleksjob.employers.queries.mark_namesakes``, one query)."""
    from_placements.call("namesakes", user, employers)


def retraining(citizen: Any) -> dict:
    """The citizen's retraining options from STAR's Arbejdsmarkedsbalancen (docs/prospects.md):
    ``imported``, ``area``, ``period``, ``rows``, ``good``, ``has_occupations``."""
    return from_placements.call("retraining", citizen)


def recommendations(citizen: Any, today: dt.date, k: int) -> list:
    """The citizen's ``k`` best open positions (the matching's recommendations)."""
    return from_placements.call("recommendations", citizen, today, k=k)
