"""Case decisions under /api/v1/citizens/{id}/decisions (docs/decisions.md): the log, POST to
make one (visitation, pause, resume, end, review), and cancelling a scheduled one. Caseworkers
and managers only (others 403); another municipality's citizen is a 404; a decision the case's
state does not allow is a 409, a value it cannot hold a 422 naming the field."""

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from fleksjob.accounts.permissions import may_decide
from fleksjob.api.auth import MUNICIPAL
from fleksjob.api.citizens import citizen_of
from fleksjob.api.common import api_channel, cleaned, paged
from fleksjob.api.errors import errors
from fleksjob.api.types import Day, Text
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.citizens.actions import cancel_decision, make_decision
from fleksjob.citizens.decisionviews import DecisionForm
from fleksjob.citizens.models import CaseDecision
from fleksjob.core.errors import InvalidField
from fleksjob.core.rules import decisions as rules

router = Router(auth=MUNICIPAL)
TAGS = ["decisions"]

KindName = Literal[tuple(k.value for k in rules.USER_KINDS)]  # type: ignore[valid-type]
BasisName = Literal[tuple(rules.legal_bases())]  # type: ignore[valid-type]


class DecisionOut(Schema):
    id: int
    approval: int
    kind: str
    on: dt.date
    legal_basis: str
    legal_basis_label: str
    reason: str
    justification: str
    state: str = Field(description="scheduled, applied eller cancelled")
    applied_on: dt.date | None
    recorded_at: dt.datetime

    @staticmethod
    def resolve_approval(obj) -> int:
        return obj.approval_id

    @staticmethod
    def resolve_legal_basis_label(obj) -> str:
        basis = obj.basis
        return f"{basis.label_da} ({basis.citation})" if basis else obj.legal_basis

    @staticmethod
    def resolve_state(obj) -> str:
        if obj.cancelled_at is not None:
            return "cancelled"
        return "applied" if obj.applied_on is not None else "scheduled"


class DecisionIn(Schema):
    kind: KindName
    on: Day = Field(..., description="the day the decision takes effect (ÅÅÅÅ-MM-DD)")
    legal_basis: BasisName = Field(..., description="a key of core/rules/legal_bases.json")
    reason: str = Field(
        "",
        max_length=24,
        description="pause: sickness|leave|other; end: the end reason; review: permanent|"
        "new_temporary|no_longer_eligible; empty for visitation and resume",
    )
    justification: Text = Field(..., max_length=rules.JUSTIFICATION_MAX)


def _may(request) -> None:
    if not may_decide(request.auth):
        raise PermissionDenied


@router.get(
    "/citizens/{citizen_id}/decisions",
    response={200: list[DecisionOut], **errors(403, 404)},
    tags=TAGS,
    summary="A citizen's case decisions, newest first",
)
@paged
def citizen_decisions(request, citizen_id: int):
    citizen = citizen_of(request, citizen_id)
    record(request.auth, Action.VIEW, citizen, citizen=citizen, channel="api", detail="afgørelser")
    return CaseDecision.objects.filter(approval__citizen=citizen).order_by("-on", "-pk")


@router.post(
    "/citizens/{citizen_id}/decisions",
    response={201: DecisionOut, **errors(403, 404, 409, 422)},
    tags=TAGS,
    summary="Make a case decision (dated ahead: scheduled for that day)",
)
@api_channel
def post_decision(request, citizen_id: int, payload: DecisionIn):
    _may(request)
    citizen = citizen_of(request, citizen_id)
    data = payload.dict()
    if data["reason"] and not rules.REASONS[payload.kind]:
        raise InvalidField("reason", "denne afgørelse har ingen årsag")
    form = DecisionForm(payload.kind, data={**data, "on": payload.on.isoformat()})
    cleaned(form)
    made = make_decision(
        request.auth, citizen, form.decision(), today=timezone.localdate(), channel="api"
    )
    return Status(201, CaseDecision.objects.get(pk=made.pk))


@router.post(
    "/citizens/{citizen_id}/decisions/{decision_id}/cancel",
    response={200: DecisionOut, **errors(403, 404, 409)},
    tags=TAGS,
    summary="Cancel a scheduled decision before its day",
)
@api_channel
def post_cancel(request, citizen_id: int, decision_id: int):
    _may(request)
    citizen = citizen_of(request, citizen_id)
    decision = get_object_or_404(
        CaseDecision.objects.filter(approval__citizen=citizen), pk=decision_id
    )
    return cancel_decision(request.auth, decision)
