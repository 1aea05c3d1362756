"""What the case pages show from the apps a floor above (docs/floors.md): the follow-up plans and
meetings (``fleksjob.followup``) and the recommended positions (``fleksjob.placements``). Those
apps register their queries here in their ``AppConfig.ready``, so this app shows them without
importing upward."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

_providers: dict[str, Callable[..., Any]] = {}


def provide(name: str, query: Callable[..., Any]) -> None:
    """Register ``query`` under ``name`` (called once, by the app that owns the records)."""
    _providers[name] = query


def _provided(name: str, owner: str) -> Callable[..., Any]:
    try:
        return _providers[name]
    except KeyError:
        raise ImproperlyConfigured(f"fleksjob.{owner} must be installed") from None


def followup_plans() -> QuerySet:
    """Every follow-up plan (``approval``, ``active``, ``next_due``)."""
    return _provided("followup_plans", "followup")()


def followup_meetings() -> QuerySet:
    """Every follow-up meeting (``citizen``, ``held_on``, ``kind``)."""
    return _provided("followup_meetings", "followup")()


def recommendations(citizen: Any, today: dt.date, k: int) -> list:
    """The citizen's ``k`` best open positions (the matching's recommendations)."""
    return _provided("recommendations", "placements")(citizen, today, k=k)
