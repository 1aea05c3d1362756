"""Consent item by item (core/casework/consent.py): read a citizen's current consent and change
it. Each change is a history row (``ConsentChange``) and an audit event; the citizen's
``consent_share_profile`` stays derived: it is the *name and contact* item, which presenting a
candidate to an employer needs (placements reads it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.audit.writes import write
from fleksjob.citizens.models import Citizen, ConsentChange
from fleksjob.core.casework.consent import ITEMS, TO_PRESENT, ConsentItem, Via, changed, current
from fleksjob.core.errors import InvalidField
from fleksjob.core.versions import check_version


def given_items(citizen: Citizen) -> frozenset[ConsentItem]:
    """The items the citizen has given now (one query)."""
    rows = ConsentChange.objects.filter(citizen=citizen).order_by("pk")
    return current(rows.values_list("item", "given"))


def given_by_citizen(citizen_ids: Iterable[int]) -> dict[int, frozenset[ConsentItem]]:
    """The items each of ``citizen_ids`` has given now (one query); a citizen without any
    change has given nothing."""
    ids = list(citizen_ids)
    found: dict[int, list[tuple[str, bool]]] = {pk: [] for pk in ids}
    rows = ConsentChange.objects.filter(citizen_id__in=ids).order_by("pk")
    for citizen_id, item, given in rows.values_list("citizen_id", "item", "given"):
        found[citizen_id].append((item, given))
    return {pk: current(changes) for pk, changes in found.items()}


def history(citizen: Citizen) -> list[ConsentChange]:
    """Every change of the citizen's consent, newest first."""
    return list(ConsentChange.objects.filter(citizen=citizen).select_related("by").order_by("-pk"))


def rows_for_all(
    citizen: Citizen, user, *, given: bool, at: dt.datetime, via: Via
) -> list[ConsentChange]:
    """The unsaved history rows that give (or withdraw) every item at once: the single consent
    to share the profile at registration, in the import and in a profile edit."""
    by = user if getattr(user, "pk", None) else None
    return [
        ConsentChange(citizen=citizen, item=item, given=given, at=at, by=by, via=via)
        for item in ITEMS
    ]


@write
def set_consent(
    user,
    citizen: Citizen,
    items: Iterable[str],
    *,
    via: Via,
    expected_version: str | None = None,
) -> list[tuple[ConsentItem, bool]]:
    """Make exactly ``items`` the citizen's given consent items, the others withdrawn: one
    history row and one audit event per item whose state changes (none when nothing changes).
    By the citizen (``via=CITIZEN``) or by staff recording a paper consent (``via=STAFF``).
    ``expected_version`` is the citizen's version the form was drawn from (StaleVersion when the
    consent or profile changed since; optional: the outcome is the state asked for)."""
    wanted = list(items)
    unknown = [w for w in wanted if w not in ConsentItem._value2member_map_]
    if unknown:
        raise InvalidField("items", "ukendt samtykkepunkt")
    locked = Citizen.objects.select_for_update().get(pk=citizen.pk)
    if expected_version is not None:
        check_version(locked, expected_version)
    if locked.anonymised_at is not None:
        raise InvalidField("items", "borgeren er anonymiseret")
    changes = changed(given_items(locked), wanted)
    if not changes:
        return []
    now = timezone.now()
    by = user if getattr(user, "pk", None) else None
    ConsentChange.objects.bulk_create(
        ConsentChange(citizen=locked, item=item, given=given, at=now, by=by, via=via)
        for item, given in changes
    )
    for item, given in changes:
        verb = "givet" if given else "trukket tilbage"
        record(
            user,
            Action.UPDATE,
            locked,
            citizen=locked,
            detail=f"samtykke {verb}: {item} ({via})",
        )
    present = any(item == TO_PRESENT for item, _ in changes)
    if present:
        locked.consent_share_profile = TO_PRESENT in wanted
        locked.consent_recorded_at = now
    locked.save(update_fields=["consent_share_profile", "consent_recorded_at", "updated_at"])
    return changes


def resync(citizen: Citizen) -> None:
    """Derive the citizen's single consent from the history again (inside the caller's write):
    after a case transfer merged another record's history into this one."""
    rows = ConsentChange.objects.filter(citizen=citizen, item=TO_PRESENT).order_by("-pk")
    latest = rows.first()
    citizen.consent_share_profile = bool(latest and latest.given)
    citizen.consent_recorded_at = latest.at if latest else None
