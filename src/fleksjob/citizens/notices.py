"""Notices to a citizen that something waits for them on Mit fleksjob: a message, a job
proposal or a plan proposal from the jobcentre (docs/selfservice.md). The write functions call
``notify`` inside their transaction; the notice is sent by ``selfservice`` (a hook, the floor
above) once the transaction has committed, never inside it and never for a rolled-back write."""

from __future__ import annotations

from fleksjob.audit.writes import after_commit
from fleksjob.core.hooks import Hooks

hooks = Hooks("fleksjob.selfservice")

MESSAGE, JOB_PROPOSAL, PLAN_PROPOSAL = "message", "job_proposal", "plan_proposal"


def notify(kind: str, source_id: int, citizen_id: int) -> None:
    """Send the citizen a notice of the event (``kind``, the record's id) after the commit."""
    after_commit(lambda: hooks.call("send", kind, source_id, citizen_id))
