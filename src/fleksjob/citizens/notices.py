"""Notices to a citizen that something waits for them on Mit fleksjob: a message, a job
proposal or a plan proposal from the jobcentre (docs/selfservice.md). The write functions call
``notify`` inside their transaction; the notice is sent by ``selfservice`` (a hook, the floor
above) once the transaction has committed, never inside it and never for a rolled-back write.
The citizen chooses whether they want notices and to which address (``set_notice_email``); the
notice goes nowhere else."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.audit.writes import after_commit, write
from fleksjob.citizens.models import Citizen, NoticeSetting
from fleksjob.core.errors import InvalidField
from fleksjob.core.hooks import Hooks
from fleksjob.core.versions import check_version

hooks = Hooks("fleksjob.selfservice")

MESSAGE, JOB_PROPOSAL, PLAN_PROPOSAL = "message", "job_proposal", "plan_proposal"


def notify(kind: str, source_id: int, citizen_id: int) -> None:
    """Send the citizen a notice of the event (``kind``, the record's id) after the commit."""
    after_commit(lambda: hooks.call("send", kind, source_id, citizen_id))


# --- The citizen's own choice: notices by e-mail, to which address ---------------------------

EMAIL_MAX = 254  # RFC 5321's limit on an address's length


def clean_address(email: str) -> str:
    """The address as stored ("" for no notices); InvalidField when it is not an e-mail address.
    The message never repeats the address."""
    address = (email or "").strip()
    if not address:
        return ""
    try:
        if len(address) > EMAIL_MAX:
            raise ValidationError("too long")
        validate_email(address)
    except ValidationError:
        raise InvalidField("email", "skriv en gyldig e-mailadresse, fx navn@eksempel.dk") from None
    return address


def notice_setting(citizen) -> NoticeSetting:
    """The citizen's choice, or an unsaved one without an address (no notices); its version is
    the one the citizen's form carries."""
    found = NoticeSetting.objects.filter(citizen_id=citizen.pk).first()
    return found or NoticeSetting(citizen_id=citizen.pk)


@write
def set_notice_email(user, citizen, email: str, *, expected_version: str | None) -> NoticeSetting:
    """The citizen's own choice of e-mail notices: ``email`` is the address to send them to,
    "" turns them off (and erases the address). Only the citizen's own login may make it:
    ``citizen`` must be the record linked to ``user``'s login (another citizen's record, or a
    staff user, finds nothing: DoesNotExist, a 404). ``expected_version`` is the version of the
    choice the form was drawn from (StaleVersion when it changed since). Audited without the
    address; nothing is written when nothing changes."""
    address = clean_address(email)
    locked = Citizen.objects.select_for_update(of=("self",)).get(
        pk=citizen.pk, account__user=user, anonymised_at__isnull=True
    )
    setting = notice_setting(locked)
    check_version(setting, expected_version)
    if setting.email == address:
        return setting
    setting.email = address
    setting.save()
    detail = f"e-mail til beskeder ændret ({'til' if address else 'fra'})"  # never the address
    record(user, Action.UPDATE, locked, citizen=locked, detail=detail)
    return setting
