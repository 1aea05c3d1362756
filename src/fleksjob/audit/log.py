"""Recording audit events: one call per access to or change of personal data."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from fleksjob.audit.models import Action, AuditEvent

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


def record(
    user, action: Action | str, obj=None, *, citizen=None, channel: str = "", detail: str = ""
) -> None:
    """Record who did what to which object (and which citizen). Never pass CPR or health data."""
    citizen_id = citizen.pk if citizen is not None else None
    municipality = citizen.municipality_id if citizen is not None else ""
    AuditEvent.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        username=getattr(user, "username", "") or "",
        action=str(action),
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=str(getattr(obj, "pk", "") or ""),
        citizen_id=citizen_id,
        municipality_code=municipality,
        channel=channel or _CHANNEL.get(),
        detail=detail[:200],
    )
