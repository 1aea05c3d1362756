"""Case ownership: who is responsible for a case, and the two writes that change it.

A case (``Approval``) has a responsible caseworker (``caseworker``) and, where the municipality
uses one, a named consultant (``consultant``, the fleksjobformidler). Both are users of the case's
own municipality with the fitting role; a case without a caseworker who can act on it is in the
queue (``ApprovalQuerySet.unassigned``).

- ``assign_case``: one case (the case page, the API);
- ``assign_cases``: the cases selected in the caseload list, all or none.

Managers may set and clear both on any active case of their municipality. A caseworker may only
take an unassigned case (make themselves its caseworker). Naming a user who does not exist, works
elsewhere, has another role or is deactivated is refused with one and the same message, so the
answer never tells whether a user name exists in another municipality.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from django.core.exceptions import PermissionDenied
from django.http import Http404

from fleksjob.accounts.models import Role, User
from fleksjob.audit.log import event, record_all
from fleksjob.audit.models import Action
from fleksjob.audit.writes import CHUNK, write
from fleksjob.citizens.models import Approval
from fleksjob.core.errors import InvalidField, Refused


class _Keep:
    def __repr__(self) -> str:
        return "KEEP"


KEEP: Final = _Keep()  # leave this part of the responsibility as it is
Assignee = str | None | _Keep  # a user name, None (nobody) or KEEP

# The one answer for every user name that cannot be assigned (unknown, elsewhere, wrong role,
# deactivated): the same words, so nothing about other municipalities' users can be learnt.
NO_SUCH = {
    "caseworker": "der er ingen aktiv sagsbehandler med dette brugernavn i din kommune",
    "consultant": "der er ingen aktiv virksomhedskonsulent med dette brugernavn i din kommune",
}
FIELD_ROLE = {"caseworker": Role.CASEWORKER, "consultant": Role.CONSULTANT}
NOT_FOUND = "en eller flere af de valgte sager findes ikke"
ENDED = "en afsluttet sag kan ikke fordeles"
TAKEN = "sagen har allerede en ansvarlig sagsbehandler; kun en leder kan flytte den"
TAKEN_MANY = (
    "%d af de valgte sager har allerede en ansvarlig sagsbehandler; kun en leder kan flytte dem"
)
NOTHING_CHOSEN = "vælg mindst én sag"
TOO_MANY = f"vælg højst {CHUNK} sager ad gangen"
NO_CHANGE = "vælg en sagsbehandler eller en fleksjobformidler"


def may_assign_others(user) -> bool:
    """Managers of a municipality fordeler its cases."""
    return getattr(user, "is_municipal", False) and user.role == Role.MANAGER


def may_take_cases(user) -> bool:
    """Caseworkers take unassigned cases from the queue."""
    return getattr(user, "is_municipal", False) and user.role == Role.CASEWORKER


def holds(case: Approval) -> bool:
    """Whether the case has a caseworker who can act on it (the Python twin of ``ASSIGNED``)."""
    worker = case.caseworker
    return (
        worker is not None
        and worker.is_active
        and worker.role == Role.CASEWORKER
        and worker.municipality_id == case.citizen.municipality_id
    )


def assignable(user, role: str):
    """The users of ``user``'s municipality who may be given cases in ``role``, by name."""
    return User.objects.filter(
        municipality_id=user.municipality_id, role=role, is_active=True
    ).order_by("first_name", "last_name", "username", "pk")


def _assignee(user, field: str, name: Assignee) -> User | _Keep | None:
    if isinstance(name, _Keep) or name is None:
        return name
    name = name.strip()
    if not name:
        return None
    # One query whatever the answer: no difference between "unknown" and "elsewhere".
    found = assignable(user, FIELD_ROLE[field]).filter(username=name).first()
    if found is None:
        raise InvalidField(field, NO_SUCH[field])
    return found


def _changes(user, caseworker: Assignee, consultant: Assignee) -> dict[str, User | None]:
    """The validated new holders (only the parts to change), refusing what the user may not do."""
    if not getattr(user, "is_municipal", False) or user.role not in (
        Role.MANAGER,
        Role.CASEWORKER,
    ):
        raise PermissionDenied
    new = {
        name: value
        for name, value in (
            ("caseworker", _assignee(user, "caseworker", caseworker)),
            ("consultant", _assignee(user, "consultant", consultant)),
        )
        if not isinstance(value, _Keep)
    }
    if not new:
        raise InvalidField("caseworker", NO_CHANGE)
    if user.role == Role.CASEWORKER and (set(new) != {"caseworker"} or new["caseworker"] != user):
        # A caseworker takes a case for themselves; everything else is the manager's.
        raise PermissionDenied
    return new


def _describe(case: Approval, new: dict[str, User | None]) -> str:
    labels = {"caseworker": "ansvarlig sagsbehandler", "consultant": "fleksjobformidler"}
    parts = []
    for name, holder in new.items():
        before = getattr(case, name)
        parts.append(
            f"{labels[name]}: {before.username if before else '–'} → "
            f"{holder.username if holder else '–'}"
        )
    return "; ".join(parts)[:200]


def _apply(user, cases: list[Approval], new: dict[str, User | None], channel: str) -> int:
    """Set the new holders on the locked cases that change, one audit event each."""
    changed = [
        case for case in cases if any(getattr(case, name) != who for name, who in new.items())
    ]
    events = [
        event(
            user,
            Action.UPDATE,
            case,
            citizen=case.citizen,
            channel=channel,
            detail=_describe(case, new),
        )
        for case in changed
    ]
    if changed:
        Approval.objects.filter(pk__in=[c.pk for c in changed]).update(
            **{f"{name}_id": (who.pk if who else None) for name, who in new.items()}
        )
        for case in changed:
            for name, who in new.items():
                setattr(case, name, who)
        record_all(events)
    return len(changed)


def _locked(user, ids: Sequence[int]) -> list[Approval]:
    return list(
        Approval.objects.visible_to(user)
        .select_for_update(of=("self",))
        .select_related("citizen", "caseworker", "consultant")
        .filter(pk__in=ids)
        .order_by("pk")
    )


@write
def assign_case(
    user,
    approval: Approval,
    *,
    caseworker: Assignee = KEEP,
    consultant: Assignee = KEEP,
    channel: str = "web",
) -> Approval:
    """Set (or clear, with ``None``) the case's responsible caseworker and/or consultant.

    PermissionDenied for a role that may not; Http404 for a case outside the user's municipality;
    InvalidField for a user name that cannot be assigned; Refused for an ended case, or when a
    caseworker tries to take a case someone already holds."""
    new = _changes(user, caseworker, consultant)
    found = _locked(user, [approval.pk])
    if not found:
        raise Http404
    case = found[0]
    if case.status == "ended":
        raise Refused(ENDED)
    if user.role == Role.CASEWORKER and holds(case) and case.caseworker != user:
        raise Refused(TAKEN)
    _apply(user, [case], new, channel)
    return case


@write
def assign_cases(
    user,
    approval_ids: Sequence[int],
    *,
    caseworker: Assignee = KEEP,
    consultant: Assignee = KEEP,
    channel: str = "web",
) -> int:
    """Give the selected cases (ids from the caseload list) the same caseworker and/or consultant,
    all or none; returns how many changed. Ids outside the user's municipality are refused as if
    they did not exist (InvalidField on ``cases``); the rest as ``assign_case``."""
    ids = sorted(set(approval_ids))
    if not ids:
        raise InvalidField("cases", NOTHING_CHOSEN)
    if len(ids) > CHUNK:
        raise InvalidField("cases", TOO_MANY)
    new = _changes(user, caseworker, consultant)
    cases = _locked(user, ids)
    if len(cases) != len(ids):
        raise InvalidField("cases", NOT_FOUND)
    if any(case.status == "ended" for case in cases):
        raise Refused(ENDED)
    if user.role == Role.CASEWORKER:
        held = sum(1 for case in cases if holds(case) and case.caseworker != user)
        if held:
            raise Refused(TAKEN_MANY % held)
    return _apply(user, cases, new, channel)
