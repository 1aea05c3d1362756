"""Reading requests as the viewer's municipality sees them, shared by the pages and the API."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.citizens.models import Citizen
from fleksjob.transfers.models import CaseTransfer, Seen, masked_cpr, seen_by


@dataclass(frozen=True)
class Shown:
    transfer: CaseTransfer
    seen: Seen
    cpr: str  # masked, on the municipality's own requests only
    citizen: Citizen | None  # the municipality's own citizen an incoming request names


def shown(user, transfers: Iterable[CaseTransfer]) -> list[Shown]:
    """Requests from a ``for_viewer`` queryset, with the citizens they name in one query."""
    transfers = list(transfers)
    seen = [seen_by(t, user) for t in transfers]
    ours = [s.citizen_id for s in seen if not s.outgoing and s.citizen_id]
    citizens = Citizen.objects.visible_to(user).in_bulk(ours)
    return [
        Shown(t, s, masked_cpr(t) if s.outgoing else "", citizens.get(s.citizen_id))
        for t, s in zip(transfers, seen, strict=True)
    ]


def read_one(user, transfer: CaseTransfer, *, channel: str) -> Shown:
    """One request, its read audited (for the sending side with the citizen it names)."""
    (one,) = shown(user, [transfer])
    record(
        user,
        Action.VIEW,
        transfer,
        citizen=one.citizen,
        channel=channel,
        detail="anmodning om overflytning",
    )
    return one
