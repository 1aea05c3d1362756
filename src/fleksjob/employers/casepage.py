"""What the employers' pages show from the apps a floor above (docs/floors.md): a position's best
candidates and its match proposals, and the sectors waiting citizens wish for (the outreach
ranking's demand), all owned by ``fleksjob.placements``, where citizens meet positions. That app
registers its queries here in its ``AppConfig.ready``, so this app shows them without importing
upward or sideways (citizens is a sibling on this floor)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

_providers: dict[str, Callable[..., Any]] = {}


def provide(name: str, query: Callable[..., Any]) -> None:
    """Register ``query`` under ``name`` (called once, by the placements app)."""
    _providers[name] = query


def _provided(name: str) -> Callable[..., Any]:
    try:
        return _providers[name]
    except KeyError:
        raise ImproperlyConfigured("fleksjob.placements must be installed") from None


def candidates(position: Any, today: dt.date, k: int) -> list:
    """The open position's ``k`` best candidates, as (citizen, match) pairs."""
    return _provided("candidates")(position, today, k=k)


def placements() -> QuerySet:
    """Every match proposal (``position``, ``citizen``, ``stage_since``; ``visible_to(user)``)."""
    return _provided("placements")()


def wished_sectors(user: Any) -> list[list[str]]:
    """The wished sectors of each approved, unemployed citizen the user may see."""
    return _provided("wished_sectors")(user)
