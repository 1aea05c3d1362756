"""Fleksjob employments per employer: the employers' pages count them, but the employment app,
a floor above, owns them. It provides its query here in its ``AppConfig.ready``, so this app
reads them without importing upward."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet

from fleksjob.core.hooks import Hooks

hooks = Hooks("fleksjob.employment")


def provide_fleksjobs(query: Callable[[], QuerySet]) -> None:
    """Register the query of every fleksjob employment (called once, by the employment app)."""
    hooks.provide("fleksjobs", query)


def fleksjobs() -> QuerySet:
    """Every fleksjob employment, with ``employer`` and ``end`` (None while it lasts)."""
    return hooks.call("fleksjobs")
