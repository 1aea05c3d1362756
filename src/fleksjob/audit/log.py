"""Recording audit events: one call per access to or change of personal data."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from fleksjob.audit.models import Action, AuditEvent
from fleksjob.audit.writes import CHUNK

# The channel of the request being served; the API sets "api" around the write functions it
# calls, so the same use case is logged with the channel it came through.
_CHANNEL: ContextVar[str] = ContextVar("audit_channel", default="web")


@contextmanager
def via(channel: str) -> Iterator[None]:
    token = _CHANNEL.set(channel)
    try:
        yield
    finally:
        _CHANNEL.reset(token)


SYSTEM_RETENTION = "system:retention"  # the actor of the retention job's anonymisations


def record(user, action: Action | str, obj=None, **about: Any) -> None:
    """Record who did what to which object (and which citizen). Never pass CPR or health data.

    A list of citizens is one event naming the ids shown (``citizen_ids``), in the municipality
    of the user who saw them. ``actor`` names a system job that acts without a user (e.g.
    ``SYSTEM_RETENTION``); ``municipality`` tags an event that concerns no citizen.
    Keywords as :func:`event`.
    """
    event(user, action, obj, **about).save()


def record_all(events: Iterable[AuditEvent]) -> None:
    """Insert many events made by :func:`event` at once (a bulk write's one event per row)."""
    AuditEvent.objects.bulk_create(events, batch_size=CHUNK)


def event(
    user,
    action: Action | str,
    obj=None,
    *,
    citizen=None,
    citizen_ids: Iterable[int] | None = None,
    channel: str = "",
    detail: str = "",
    actor: str = "",
    municipality: str = "",
) -> AuditEvent:
    """The event :func:`record` saves, unsaved."""
    citizen_id = citizen.pk if citizen is not None else None
    if citizen is not None:
        municipality = citizen.municipality_id
    shown = ""
    if citizen_ids is not None:
        shown = "".join(f",{pk}" for pk in citizen_ids)
        shown = f"{shown}," if shown else ""
        municipality = municipality or getattr(user, "municipality_id", None) or ""
    return AuditEvent(
        user=user if getattr(user, "is_authenticated", False) else None,
        username=getattr(user, "username", "") or actor,
        action=str(action),
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=str(getattr(obj, "pk", "") or ""),
        citizen_id=citizen_id,
        municipality_code=municipality,
        channel=channel or _CHANNEL.get(),
        detail=detail[:200],
        citizen_ids=shown,
    )
