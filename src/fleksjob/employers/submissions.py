"""A company's own proposals of flex positions, reviewed by the jobcentre: the contact person
drafts and sends (their company only, by their login's link), the consultant of the company's
municipality approves (the position is assembled from the tasks through ``assemble_position``,
as the staff's own assembly makes it) or returns it with a comment. One write function per use
case; each locks, checks the version it was drawn from and is audited."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone

from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.audit.writes import write
from fleksjob.core.errors import InvalidField, Refused
from fleksjob.core.matching.taxonomy import validate_keys
from fleksjob.core.versions import check_version
from fleksjob.employers.models import (
    ContactPerson,
    Employer,
    Position,
    PositionSubmission,
    SubmissionStatus,
)
from fleksjob.employers.tasks import assemble_position, clean_tasks

EDITABLE = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)


class SubmissionError(Refused):
    """A step the proposal's state does not allow (409); the message is Danish."""


def _cleaned(
    title: str,
    occupation: str,
    tasks: Sequence[Mapping[str, Any]],
    provides: Sequence[str],
) -> tuple[list[dict[str, Any]], list[str]]:
    """The tasks checked by the task spec (as the assembly checks them) and the provisions."""
    if not title.strip():
        raise InvalidField("title", "angiv en titel")
    cleaned = clean_tasks(occupation, tasks)
    stored = [{**t, "hours": str(t["hours"])} for t in cleaned]
    return stored, validate_keys(list(provides))


@write
def save_submission(
    user,
    contact_person: ContactPerson,
    submission: PositionSubmission | None,
    *,
    title: str,
    occupation: str,
    tasks: Sequence[Mapping[str, Any]],
    provides: Sequence[str] = (),
    remote_allowed: bool = False,
    openings: int = 1,
    specialist: bool = False,
    send: bool = False,
    expected_version: str | None = None,
) -> PositionSubmission:
    """Save a draft of the contact person's company (new, or a draft or returned one made from
    ``expected_version``), and with ``send`` send it to the jobcentre for review."""
    stored, provides = _cleaned(title, occupation, tasks, provides)
    if submission is None:
        current = PositionSubmission(
            employer_id=contact_person.employer_id,
            contact_person=contact_person,
            specialist=specialist,
        )
    else:
        current = PositionSubmission.objects.select_for_update().get(
            pk=submission.pk, employer_id=contact_person.employer_id
        )
        check_version(current, expected_version)
        if current.status not in EDITABLE:
            raise SubmissionError("forslaget er sendt og kan ikke ændres nu")
    current.title, current.occupation = title.strip(), occupation
    current.tasks, current.provides = stored, provides
    current.remote_allowed, current.openings = remote_allowed, openings
    current.status = SubmissionStatus.SUBMITTED if send else SubmissionStatus.DRAFT
    if send:
        current.submitted_at = timezone.now()
    current.full_clean()
    current.save()
    record(
        user,
        Action.CREATE if submission is None else Action.UPDATE,
        current,
        municipality=current.employer.municipality_id,
        detail="stillingsforslag sendt" if send else "stillingsforslag gemt",
    )
    return current


def _reviewed(user, submission: PositionSubmission, expected_version: str | None):
    """The submission locked for review: the user's municipality only, sent, same version."""
    found = (
        PositionSubmission.objects.visible_to(user)
        .select_for_update()
        .filter(pk=submission.pk)
        .first()
    )
    if found is None:
        raise PositionSubmission.DoesNotExist
    check_version(found, expected_version)
    if found.status != SubmissionStatus.SUBMITTED:
        raise SubmissionError("forslaget venter ikke på gennemsyn")
    return found


@write
def approve_submission(
    user, submission: PositionSubmission, *, expected_version: str | None = None
) -> Position:
    """Approve a sent proposal: an open position assembled from its tasks (assemble_position:
    hours from the tasks, split off, its tasks as the position's tasks)."""
    found = _reviewed(user, submission, expected_version)
    employer = Employer.objects.get(pk=found.employer_id)
    tasks = [{**t, "hours": Decimal(t["hours"])} for t in found.tasks]
    position = assemble_position(
        user,
        employer,
        title=found.title,
        occupation=found.occupation,
        tasks=tasks,
        provides=found.provides,
        remote_allowed=found.remote_allowed,
        openings=found.openings,
    )
    found.status, found.position = SubmissionStatus.APPROVED, position
    found.reviewed_at, found.reviewed_by = timezone.now(), user
    found.save()
    record(user, Action.UPDATE, found, detail="stillingsforslag godkendt")
    return position


@write
def return_submission(
    user, submission: PositionSubmission, *, comment: str, expected_version: str | None = None
) -> PositionSubmission:
    """Send a proposal back to the company with a comment (required); they may change and send
    it again."""
    if not comment.strip():
        raise InvalidField("comment", "skriv, hvad virksomheden skal ændre")
    found = _reviewed(user, submission, expected_version)
    found.status, found.comment = SubmissionStatus.RETURNED, comment.strip()
    found.reviewed_at, found.reviewed_by = timezone.now(), user
    found.save()
    record(user, Action.UPDATE, found, detail="stillingsforslag sendt tilbage")
    return found
