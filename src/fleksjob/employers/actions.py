"""Write use cases of the employer CRM: save an employer, log a contact, settle a contact's
follow-up, add a contact person, save a position. Each is audited (contact persons and notes
can hold personal data)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from fleksjob.audit.log import event, record, record_all
from fleksjob.audit.models import Action
from fleksjob.audit.writes import CHUNK, chunked, refusing_row, write
from fleksjob.core.errors import Refused, RowRefused
from fleksjob.core.versions import check_version
from fleksjob.employers.models import (
    CVR_TAKEN,
    Channel,
    ContactLogEntry,
    ContactPerson,
    Employer,
    Outcome,
    Position,
)
from fleksjob.ui.records import clean_row


class EmployerError(Refused):
    """A change the CRM refuses; the message is Danish."""


NOT_MUNICIPAL = "kun kommunens medarbejdere kan oprette virksomheder"


def _check_scope(user, employer: Employer) -> None:
    # Defence in depth: views already fetch the employer through visible_to.
    if not Employer.objects.visible_to(user).filter(pk=employer.pk).exists():
        raise EmployerError("virksomheden findes ikke i din kommune")


@write
def log_contact(user, employer: Employer, **fields) -> ContactLogEntry:
    _check_scope(user, employer)
    person = fields.get("contact_person")
    if person is not None and person.employer_id != employer.pk:
        raise EmployerError("kontaktpersonen hører ikke til virksomheden")
    entry = ContactLogEntry(employer=employer, consultant=user, **fields)
    entry.full_clean()
    entry.save()
    record(user, Action.CREATE, entry, detail="kontaktlog")
    return entry


@write
def settle_follow_up(user, entry: ContactLogEntry, *, on: dt.date) -> ContactLogEntry:
    """Mark a contact's follow-up done on ``on`` (the task list's "Udført"). Refused when the
    entry has no follow-up or it is already settled, by marking or by a later contact."""
    _check_scope(user, entry.employer)
    entry = ContactLogEntry.objects.select_for_update().get(pk=entry.pk)
    if not ContactLogEntry.objects.open_follow_ups().filter(pk=entry.pk).exists():
        raise EmployerError("opfølgningen er allerede afsluttet")
    entry.follow_up_done_on = on
    entry.follow_up_done_by = user
    entry.save(update_fields=["follow_up_done_on", "follow_up_done_by"])
    record(user, Action.UPDATE, entry, detail="opfølgning udført")
    return entry


@write
def add_contact_person(user, employer: Employer, **fields) -> ContactPerson:
    _check_scope(user, employer)
    person = ContactPerson(employer=employer, **fields)
    person.full_clean()
    person.save()
    record(user, Action.CREATE, person, detail="kontaktperson")
    return person


@write
def save_position(
    user,
    employer: Employer,
    position: Position | None,
    *,
    expected_version: str | None = None,
    **fields,
) -> Position:
    """Create a position (or flex position split off from other jobs) or update one made from
    version ``expected_version`` of it (StaleVersion if someone saved since). ``save_positions``
    is the bulk variant for new positions."""
    _check_scope(user, employer)
    if position is not None and position.employer_id != employer.pk:
        raise EmployerError("stillingen hører ikke til virksomheden")
    action = Action.UPDATE if position is not None else Action.CREATE
    if position is not None:
        position = Position.objects.select_for_update().get(pk=position.pk)
        check_version(position, expected_version)
    else:
        position = Position(employer=employer)
    for name, value in fields.items():
        setattr(position, name, value)
    position.full_clean()
    position.save()
    record(user, action, position, detail="stilling")
    return position


@write
def save_employer(
    user, employer: Employer | None, *, expected_version: str | None = None, **fields
) -> Employer:
    """Register an employer in the user's municipality (placed at the municipality's centre
    unless coordinates are given) or update one made from version ``expected_version`` of it
    (StaleVersion if someone saved since, VersionRequired without one).

    The CVR number is unique within the municipality only (``Employer.clean``): a company
    registered by another municipality is registered here as if it were new, and a duplicate
    here is a ValidationError on ``cvr`` that says nothing of other municipalities.
    ``save_employers`` is the bulk variant for new employers."""
    if employer is not None:
        _check_scope(user, employer)
        employer = Employer.objects.select_for_update().get(pk=employer.pk)
        check_version(employer, expected_version)
    elif not getattr(user, "is_municipal", False):
        raise EmployerError(NOT_MUNICIPAL)
    else:
        employer = _new_employer(user)
        fields.pop("municipality", None)
    action = Action.UPDATE if employer.pk else Action.CREATE
    for name, value in fields.items():
        setattr(employer, name, value)
    employer.full_clean()
    try:
        with transaction.atomic():
            employer.save()
    except IntegrityError:
        # Another writer registered the same CVR here since the check above.
        raise ValidationError({"cvr": CVR_TAKEN}, code="unique") from None
    record(user, action, employer, detail="virksomhed")
    return employer


def _new_employer(user) -> Employer:
    municipality = user.municipality
    return Employer(municipality=municipality, lat=municipality.lat, lon=municipality.lon)


@write
def save_employers(user, rows: Sequence[Mapping[str, Any]]) -> list[Employer]:
    """Bulk variant of :func:`save_employer` registering new employers: each row holds its
    fields and means what it means there; all are written, each with its audit event, or none.

    All rows are checked first, without a query per row (``Employer.clean``'s duplicate CVR is
    looked up for all rows at once, and a CVR twice in ``rows`` is the same refusal); the first
    refused row is raised as RowRefused."""
    if not getattr(user, "is_municipal", False):
        raise EmployerError(NOT_MUNICIPAL)
    employers: list[Employer] = []
    first_of: dict[str, int] = {}
    for index, row in enumerate(rows):
        employer = _new_employer(user)
        for name, value in row.items():
            if name != "municipality":
                setattr(employer, name, value)
        with refusing_row(index):
            clean_row(employer, exclude={"municipality"})
            if employer.cvr in first_of:
                raise ValidationError({"cvr": CVR_TAKEN}, code="unique")
        first_of[employer.cvr] = index
        employers.append(employer)
    own = Employer.objects.filter(municipality_id=user.municipality_id)
    for chunk in chunked(list(first_of)):
        if taken := sorted(
            first_of[c] for c in own.filter(cvr__in=chunk).values_list("cvr", flat=True)
        ):
            error = ValidationError({"cvr": CVR_TAKEN}, code="unique")
            raise RowRefused(taken[0], error, "cvr")
    Employer.objects.bulk_create(employers, batch_size=CHUNK)
    record_all(event(user, Action.CREATE, e, detail="virksomhed") for e in employers)
    return employers


@write
def save_positions(user, rows: Sequence[Mapping[str, Any]]) -> list[Position]:
    """Bulk variant of :func:`save_position` creating new positions: each row holds the
    ``employer`` and the position's fields and means what it means there; all are written, each
    with its audit event, or none (the first refused row raised as RowRefused)."""
    visible = set(
        Employer.objects.visible_to(user)
        .filter(pk__in={row["employer"].pk for row in rows})
        .values_list("pk", flat=True)
    )
    positions: list[Position] = []
    for index, row in enumerate(rows):
        fields = dict(row)
        employer = fields.pop("employer")
        with refusing_row(index):
            if employer.pk not in visible:  # _check_scope, once for all rows
                raise EmployerError("virksomheden findes ikke i din kommune")
            position = Position(employer=employer)
            for name, value in fields.items():
                setattr(position, name, value)
            clean_row(position, exclude={"employer"})
        positions.append(position)
    Position.objects.bulk_create(positions, batch_size=CHUNK)
    record_all(event(user, Action.CREATE, p, detail="stilling") for p in positions)
    return positions


@write
def request_visit(user, contact_person: ContactPerson, *, note: str = "", today=None):
    """A contact person asks the jobcentre for a visit from their own pages: a contact-log
    entry (channel *the company's own pages*, outcome *asks for a visit*) with a follow-up due
    today, so it is on the consultant's task list (Mine opfølgninger) and the company's page.
    The consultant is the one who last had contact with the company; none, and it is on the
    municipality's list for anyone to take. Scope is the login's contact person: their company
    only. Refused while an earlier request of theirs is still open."""
    today = today or timezone.localdate()
    employer = Employer.objects.select_for_update().get(pk=contact_person.employer_id)
    log = ContactLogEntry.objects.filter(employer=employer)
    if log.open_follow_ups().filter(outcome=Outcome.VISIT_REQUESTED).exists():
        raise EmployerError("I har allerede bedt om et besøg; konsulenten kontakter jer")
    last = log.exclude(consultant=None).order_by("-on", "-pk").first()
    entry = ContactLogEntry(
        employer=employer,
        consultant=last.consultant if last else None,
        contact_person=contact_person,
        on=today,
        channel=Channel.PORTAL,
        outcome=Outcome.VISIT_REQUESTED,
        note=note.strip()[:1000],
        follow_up_on=today,
    )
    entry.full_clean()
    entry.save()
    record(
        user,
        Action.CREATE,
        entry,
        municipality=employer.municipality_id,
        detail="virksomheden beder om besøg",
    )
    return entry
