"""Consent item by item: which parts of a citizen's profile an employer may see.

Each item is given or withdrawn on its own, by the citizen on their own pages or by staff
recording a paper consent, at any time; every change is a history row. The current state of an
item is its latest change (none: not given). Health details (diagnoses, the note on skånehensyn)
are no item: they are never shared with an employer. Presenting a candidate to the employer (the
workplace learns who they are) needs the *name and contact* item.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class ConsentItem(StrEnum):
    COMPETENCES = "competences"  # the competences for tasks (controlled list)
    HOURS = "hours"  # hours from, now and goal
    PROVISIONS = "provisions"  # which workplace provisions they need (the list, no health details)
    NAME_CONTACT = "name_contact"  # name and contact: the employer may know who they are


ITEMS: tuple[ConsentItem, ...] = tuple(ConsentItem)

# Presenting a candidate to the employer shares who they are: this item must be given.
TO_PRESENT = ConsentItem.NAME_CONTACT


class Via(StrEnum):
    CITIZEN = "citizen"  # the citizen on Mit fleksjob
    STAFF = "staff"  # a caseworker recording a paper (or oral) consent
    REGISTRATION = "registration"  # given with the registration or import of the citizen
    MIGRATED = "migrated"  # the former single consent to share the profile


def current(changes: Iterable[tuple[str, bool]]) -> frozenset[ConsentItem]:
    """The items given after ``changes`` (item, given), oldest first: each item's latest
    change counts; an unknown item is ignored."""
    state: dict[ConsentItem, bool] = {}
    for item, given in changes:
        if item in ConsentItem._value2member_map_:
            state[ConsentItem(item)] = bool(given)
    return frozenset(item for item, given in state.items() if given)


def changed(
    before: frozenset[ConsentItem], wanted: Iterable[str]
) -> list[tuple[ConsentItem, bool]]:
    """The changes that take ``before`` to exactly the items in ``wanted``, in the items'
    order: (item, given) for each item whose state differs."""
    after = {ConsentItem(w) for w in wanted}
    return [(item, item in after) for item in ITEMS if (item in before) != (item in after)]
