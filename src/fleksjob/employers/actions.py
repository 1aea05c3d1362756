"""Write use cases of the employer CRM: save an employer, log a contact, add a contact person,
save a position. Each is audited (contact persons and notes can hold personal data)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.audit.writes import write
from fleksjob.core.errors import Refused
from fleksjob.core.versions import check_version
from fleksjob.employers.models import (
    CVR_TAKEN,
    ContactLogEntry,
    ContactPerson,
    Employer,
    Position,
)


class EmployerError(Refused):
    """A change the CRM refuses; the message is Danish."""


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
    version ``expected_version`` of it (StaleVersion if someone saved since)."""
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
    here is a ValidationError on ``cvr`` that says nothing of other municipalities."""
    if employer is not None:
        _check_scope(user, employer)
        employer = Employer.objects.select_for_update().get(pk=employer.pk)
        check_version(employer, expected_version)
    elif not getattr(user, "is_municipal", False):
        raise EmployerError("kun kommunens medarbejdere kan oprette virksomheder")
    else:
        municipality = user.municipality
        employer = Employer(municipality=municipality, lat=municipality.lat, lon=municipality.lon)
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
