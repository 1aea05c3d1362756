"""Fleksjob employments per employer: the employers' pages count them, but the employment app,
a floor above, owns them. It registers its query here in its ``AppConfig.ready``, so this app
reads them without importing upward."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

_providers: dict[str, Callable[[], QuerySet]] = {}


def provide_fleksjobs(query: Callable[[], QuerySet]) -> None:
    """Register the query of every fleksjob employment (called once, by the employment app)."""
    _providers["fleksjobs"] = query


def fleksjobs() -> QuerySet:
    """Every fleksjob employment, with ``employer`` and ``end`` (None while it lasts)."""
    try:
        return _providers["fleksjobs"]()
    except KeyError:
        raise ImproperlyConfigured("fleksjob.employment must be installed") from None
