"""Who is responsible for a citizen's case, under /api/v1/citizens/{id}/responsible: read it, and
set it (PUT: managers name the caseworker and/or the consultant; a caseworker may name only
themselves, on a case without one). The rules are ``citizens/ownership.py``'s."""

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from fleksjob.api.auth import MUNICIPAL
from fleksjob.api.citizens import citizen_of
from fleksjob.api.common import api_channel
from fleksjob.api.errors import errors
from fleksjob.api.types import Text
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.citizens.models import Approval
from fleksjob.citizens.ownership import assign_case, holds

router = Router(auth=MUNICIPAL)

UserName = Text


class ResponsibleOut(Schema):
    approval: int = Field(description="the citizen's active case (visitation)")
    caseworker: str | None = Field(
        description="the responsible caseworker's user name; null: the case is in the queue"
    )
    consultant: str | None = Field(description="the named consultant's (fleksjobformidler's)")


class ResponsibleIn(Schema):
    """Send only what changes: a user name, or null for nobody; a field left out stays as it is."""

    caseworker: UserName | None = Field(None, max_length=150)
    consultant: UserName | None = Field(None, max_length=150)


def _case(request, citizen_id: int) -> Approval:
    citizen = citizen_of(request, citizen_id)
    return get_object_or_404(
        Approval.objects.active().select_related("citizen", "caseworker", "consultant"),
        citizen=citizen,
    )


def _out(case: Approval) -> dict:
    return {
        "approval": case.pk,
        "caseworker": case.caseworker.username if holds(case) else None,
        "consultant": case.consultant.username if case.consultant else None,
    }


@router.get(
    "/citizens/{citizen_id}/responsible",
    response={200: ResponsibleOut, **errors(403, 404)},
    tags=["approvals"],
    summary="Who is responsible for the citizen's active case",
)
def get_responsible(request, citizen_id: int):
    case = _case(request, citizen_id)
    record(
        request.auth,
        Action.VIEW,
        case.citizen,
        citizen=case.citizen,
        channel="api",
        detail="ansvarlig",
    )
    return _out(case)


@router.put(
    "/citizens/{citizen_id}/responsible",
    response={200: ResponsibleOut, **errors(403, 404, 409, 422)},
    tags=["approvals"],
    summary="Set the responsible caseworker and/or consultant of the citizen's active case",
    description=(
        "Managers set and clear both; a caseworker may only take a case without a responsible "
        "caseworker (caseworker = their own user name). A user name that is unknown, of another "
        "municipality, of another role or deactivated is refused with one and the same 422."
    ),
)
@api_channel
def put_responsible(request, citizen_id: int, payload: ResponsibleIn):
    case = _case(request, citizen_id)
    case = assign_case(request.auth, case, **payload.dict(exclude_unset=True))
    return _out(case)
