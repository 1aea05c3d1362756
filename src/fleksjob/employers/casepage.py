"""What the employers' pages show from the apps a floor above (docs/floors.md): a position's best
candidates and its match proposals, the sectors waiting citizens wish for (the outreach ranking's
demand) and how many waiting citizens fit each employer (outreach from people), all owned by
``fleksjob.placements``, where citizens meet positions. That app provides its queries here in
its ``AppConfig.ready``, so this app shows them without importing upward or sideways (citizens
is a sibling on this floor)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from fleksjob.core.hooks import Hooks

hooks = Hooks("fleksjob.placements")


def candidates(position: Any, today: dt.date, k: int) -> list:
    """The open position's ``k`` best candidates, as (citizen, match) pairs."""
    return hooks.call("candidates", position, today, k=k)


def placements() -> QuerySet:
    """Every match proposal (``position``, ``citizen``, ``stage_since``; ``visible_to(user)``)."""
    return hooks.call("placements")


def reach(user: Any, today: dt.date) -> dict:
    """Per employer pk with an open position: how many of the municipality's waiting citizens
    fit (``matches``) and nearly fit (``near``, ``near_by_provision``)."""
    return hooks.call("reach", user, today)


def wished_sectors(user: Any) -> list[list[str]]:
    """The wished sectors of each approved, unemployed citizen the user may see."""
    return hooks.call("wished_sectors", user)
