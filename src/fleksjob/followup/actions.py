"""Write use cases of the individual follow-up: agree a plan, record a meeting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.audit.writes import write
from fleksjob.citizens.models import Approval
from fleksjob.core.errors import Refused
from fleksjob.core.versions import check_version
from fleksjob.followup.models import FollowUpMeeting, FollowUpPlan, HoursStep


class FollowUpError(Refused):
    """A follow-up change the rules refuse; Danish, names no person."""


@write
def agree_plan(
    user,
    approval: Approval,
    *,
    purpose: str,
    cadence_weeks: int,
    agreed_on: dt.date,
    agreed_text: str = "",
    steps: list[tuple[dt.date, Decimal]] = (),
    expected_version: str | None = None,
) -> FollowUpPlan:
    """Record a new plan agreed with the citizen; the previous plan stays as history. When the
    case has an active plan, the new one replaces version ``expected_version`` of it
    (StaleVersion if someone changed it since, VersionRequired without one)."""
    approval = Approval.objects.select_for_update().get(pk=approval.pk)
    current = FollowUpPlan.objects.select_for_update().filter(approval=approval, active=True)
    if (plan := current.first()) is not None:
        check_version(plan, expected_version)
    if approval.status == "ended":
        raise FollowUpError("sagen er afsluttet")
    dates = [day for day, _ in steps]
    if len(set(dates)) != len(dates):
        raise FollowUpError("to timetrin har samme måldato")
    if any(day < agreed_on for day in dates):
        raise FollowUpError("et timetrin kan ikke ligge før planen er aftalt")
    current.update(active=False, updated_at=timezone.now())
    plan = FollowUpPlan.objects.create(
        citizen_id=approval.citizen_id,
        approval=approval,
        purpose=purpose,
        agreed_text=agreed_text,
        cadence_weeks=cadence_weeks,
        agreed_on=agreed_on,
        next_due=agreed_on + dt.timedelta(weeks=cadence_weeks),
    )
    plan.full_clean()
    HoursStep.objects.bulk_create(
        HoursStep(plan=plan, target_date=day, hours_per_week=hours) for day, hours in sorted(steps)
    )
    record(user, Action.CREATE, plan, citizen=approval.citizen, detail="opfølgningsplan")
    return plan


@write
def record_meeting(
    user,
    approval: Approval,
    *,
    held_on: dt.date,
    kind: str,
    channel: str,
    agreed_text: str = "",
    today: dt.date,
) -> FollowUpMeeting:
    """Log a meeting; the active plan's next follow-up moves to one cadence after it."""
    if held_on > today:
        raise FollowUpError("en samtale kan ikke registreres i fremtiden")
    meeting = FollowUpMeeting(
        citizen_id=approval.citizen_id,
        approval=approval,
        held_on=held_on,
        kind=kind,
        channel=channel,
        agreed_text=agreed_text,
        held_by=user,
    )
    meeting.full_clean()
    meeting.save()
    plan = FollowUpPlan.objects.select_for_update().filter(approval=approval, active=True).first()
    if plan is not None:
        # A back-dated meeting never moves the next follow-up earlier.
        following = held_on + dt.timedelta(weeks=plan.cadence_weeks)
        if following > plan.next_due:
            plan.next_due = following
            plan.save(update_fields=["next_due", "updated_at"])
    record(user, Action.CREATE, meeting, citizen=approval.citizen, detail="samtale")
    return meeting
