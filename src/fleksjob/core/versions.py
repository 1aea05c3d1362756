"""Versions of records, for optimistic concurrency (no lost updates).

A record's version is a short hash of its kind, its id and the moment it was last saved
(``updated_at``), so any save by anyone gives a new version and two readers of the same record see
the same one. The API sends it as the ``ETag`` and takes it back in ``If-Match``; a page's form
carries it in a hidden field. The write function compares the version the caller saw with the
current one under the row lock: :class:`StaleVersion` when they differ, :class:`VersionRequired`
when an update came without one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Protocol

from fleksjob.core.errors import StaleVersion, VersionRequired

# "Whatever version is current", as HTTP's ``If-Match: *``: for system jobs and callers that
# act on the record as they find it under the lock, not on a copy a user read.
ANY = "*"


class _Meta(Protocol):
    label: str


class Versioned(Protocol):
    """A record with an id and a last-saved moment (any Django model with ``updated_at``)."""

    pk: object
    updated_at: dt.datetime | None
    _meta: _Meta


def version(kind: str, pk: object, updated_at: dt.datetime | None) -> str:
    """The version of record ``pk`` of ``kind`` last saved at ``updated_at``."""
    stamp = updated_at.isoformat() if updated_at is not None else ""
    return hashlib.sha256(f"{kind}:{pk}:{stamp}".encode()).hexdigest()[:32]


def version_of(record: Versioned) -> str:
    return version(record._meta.label, record.pk, record.updated_at)


def sent_versions(expected: str) -> set[str]:
    """The versions in what a caller sent: one bare version (a form), or an ``If-Match`` list
    of quoted tags (``"a", "b"``; a weak ``W/`` prefix is ignored)."""
    return {tag.strip().removeprefix("W/").strip('"') for tag in expected.split(",") if tag.strip()}


def check_version(record: Versioned, expected: str | None, *, required: bool = True) -> None:
    """Refuse the write unless ``expected`` names ``record``'s current version (or is ``*``).
    ``None`` means the caller sent none: refused when ``required``, accepted otherwise."""
    if expected is None or not expected.strip():
        if required:
            raise VersionRequired()
        return
    sent = sent_versions(expected)
    if ANY not in sent and version_of(record) not in sent:
        raise StaleVersion()
