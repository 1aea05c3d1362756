"""Write use cases of employments: one function per use case, each owning its transaction and
audit.

Starting a fleksjob changes the case too: it ends the open ledighedsydelse spell, moves the case
to "in fleksjob" on the start day and starts the temporary period of a first fleksjob, in the same
transaction as the employment and its first weekly hours; for a start after today these happen on
the start day (``citizens.actions.enter_fleksjob`` schedules them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.audit.writes import write
from fleksjob.citizens.actions import enter_fleksjob
from fleksjob.citizens.models import Approval
from fleksjob.core.errors import InvalidField, Refused
from fleksjob.core.records.limits import MAX_WEEKLY_HOURS
from fleksjob.core.rules.case_status import Status
from fleksjob.core.rules.deadlines import temporary_until
from fleksjob.core.rules.decisions import MAX_DAYS_AHEAD
from fleksjob.employers.models import Position
from fleksjob.employment.models import Employment, EmploymentKind, HoursChange


class EmploymentError(Refused):
    """A change the employment's or the case's state does not allow; the message is Danish and
    names no person."""


@dataclass(frozen=True)
class HireTerms:
    start: dt.date
    hours_per_week: Decimal
    hourly_wage: Decimal


def check_hours(hours_per_week: Decimal) -> None:
    if not 0 < hours_per_week <= MAX_WEEKLY_HOURS:
        raise InvalidField(
            "hours_per_week", f"timer pr. uge skal være over 0 og højst {MAX_WEEKLY_HOURS}"
        )


def check_terms(terms: HireTerms) -> None:
    """Refuse terms the employment record cannot hold, naming the field (422)."""
    check_hours(terms.hours_per_week)
    if terms.hourly_wage <= 0:
        raise InvalidField("hourly_wage", "timelønnen skal være positiv")


@write
def start_fleksjob(
    user, approval: Approval, position: Position, terms: HireTerms, *, today: dt.date | None = None
) -> Employment:
    """Start the fleksjob of the case ``approval`` at ``position`` on ``terms``.

    A start after today is a hire agreed in advance: the employment is recorded now, the case
    moves to "in fleksjob" on the start day (a scheduled decision, docs/decisions.md).

    Locks the case, then the position (the order every hire takes), so the returned employment's
    ``position`` is the locked row its caller may go on updating."""
    check_terms(terms)
    today = today or timezone.localdate()
    if terms.start > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise InvalidField("start", "ansættelsen kan højst starte et år ude i fremtiden")
    case = Approval.objects.select_for_update().select_related("citizen").get(pk=approval.pk)
    if case.status == Status.ENDED:
        raise EmploymentError("borgerens fleksjobsag er afsluttet")
    if case.status != Status.IN_FLEKSJOB and terms.start < case.status_since:
        # The case moves to "in fleksjob" on the start day, which cannot precede its status.
        raise InvalidField(
            "start",
            "ansættelsen kan ikke starte før sagens nuværende status "
            f"(fra {case.status_since.isoformat()})",
        )
    position = Position.objects.select_for_update().get(pk=position.pk)
    employment = Employment.objects.create(
        citizen_id=case.citizen_id,
        approval=case,
        employer_id=position.employer_id,
        position=position,
        kind=EmploymentKind.FLEKSJOB,
        start=terms.start,
        hourly_wage=terms.hourly_wage,
    )
    HoursChange.objects.create(
        employment=employment, valid_from=terms.start, hours_per_week=terms.hours_per_week
    )
    if case.status != Status.IN_FLEKSJOB:
        # The case is "in fleksjob" from the start day: at once when that day has come, else
        # by a decision scheduled for it (the daily job applies it), so until then the case
        # still counts as unemployed and its ledighedsydelse spell stays open.
        enter_fleksjob(user, case, on=terms.start, today=today)
    elif case.first_fleksjob_start is None:
        case.first_fleksjob_start = terms.start
        case.temporary_until = temporary_until(terms.start)
        case.save(update_fields=["first_fleksjob_start", "temporary_until"])
    record(user, Action.CREATE, employment, citizen=case.citizen, detail="fleksjob ansat")
    return employment


@write
def change_hours(
    user, employment: Employment, *, valid_from: dt.date, hours_per_week: Decimal
) -> HoursChange:
    """Record the weekly hours in force from ``valid_from`` (a second change on the same day
    replaces the first). The day must fall within the employment."""
    check_hours(hours_per_week)
    locked = _locked(user, employment)
    if locked.end is not None and valid_from > locked.end:
        raise EmploymentError("ansættelsen er afsluttet på den dato")
    if valid_from < locked.start:
        raise InvalidField("valid_from", "timerne kan ikke ændres før ansættelsens start")
    change, _ = HoursChange.objects.update_or_create(
        employment=locked, valid_from=valid_from, defaults={"hours_per_week": hours_per_week}
    )
    record(user, Action.UPDATE, locked, citizen=locked.citizen, detail="timer pr. uge ændret")
    return change


@write
def end_employment(user, employment: Employment, *, on: dt.date) -> Employment:
    """End an open employment on its last day ``on``; hours changes after it are refused."""
    locked = _locked(user, employment)
    if locked.end is not None:
        raise EmploymentError("ansættelsen er allerede afsluttet")
    if on < locked.start:
        raise InvalidField("end", "ansættelsen kan ikke slutte før den starter")
    if locked.hours_history.filter(valid_from__gt=on).exists():
        raise InvalidField("end", "der er registreret timer efter slutdatoen")
    locked.end = on
    locked.save(update_fields=["end"])
    record(user, Action.UPDATE, locked, citizen=locked.citizen, detail="ansættelse afsluttet")
    return locked


def end_with_case(user, case, on: dt.date) -> int:
    """End the case's open fleksjobs on ``on``, the day the case ends (called inside the end
    decision's write, with the case locked; the citizens app calls it through a hook). Refused
    at the field, so the decision with it, when an employment starts or changes hours after
    that day. Returns how many were ended."""
    open_jobs = list(
        Employment.objects.fleksjobs()
        .filter(citizen_id=case.citizen_id, end__isnull=True)
        .select_for_update()
        .order_by("start", "pk")
    )
    for job in open_jobs:
        if job.start > on or job.hours_history.filter(valid_from__gt=on).exists():
            raise InvalidField(
                "on",
                "borgeren har et fleksjob, der starter eller skifter timetal efter "
                "afslutningsdatoen; ret ansættelsen først",
            )
        job.end = on
        job.save(update_fields=["end"])
        record(
            user, Action.UPDATE, job, citizen=case.citizen, detail="fleksjob afsluttet med sagen"
        )
    return len(open_jobs)


def _locked(user, employment: Employment) -> Employment:
    # Defence in depth: callers fetch through visible_to, but the use case checks again
    # (Employment.DoesNotExist, a 404, for another municipality's employment).
    return Employment.objects.visible_to(user).select_for_update().get(pk=employment.pk)
