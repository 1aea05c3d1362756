"""Optimistic concurrency for updates: a strong ``ETag`` on reads, ``If-Match`` on writes.

The tag is the record's version (``fleksjob.core.versions``: a hash of its kind, id and last
save), so any change by anyone gives a new tag. The handlers only pass ``If-Match`` on: the write
function compares it with the current version under its row lock and raises ``VersionRequired``
(428) without one or ``StaleVersion`` (412) for a stale one; nothing is written then.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from fleksjob.core.versions import Versioned, version_of


def etag_of(record: Versioned) -> str:
    """The strong entity tag of ``record``: its version, quoted."""
    return f'"{version_of(record)}"'


def set_etag(response: HttpResponse, record: Versioned) -> None:
    response["ETag"] = etag_of(record)


def if_match(request: HttpRequest) -> str | None:
    """The versions the client says it read (``If-Match``), for the write function to check."""
    return request.headers.get("If-Match") or None


IF_MATCH_DOC = {
    "parameters": [
        {
            "name": "If-Match",
            "in": "header",
            "required": False,
            "description": "ETag fra den seneste GET; mangler den: 428, er den forældet: 412.",
            "schema": {"type": "string"},
        }
    ]
}
# For a step that takes the version when given (a sent one must be current) but needs none.
IF_MATCH_OPTIONAL_DOC = {
    "parameters": [
        {
            "name": "If-Match",
            "in": "header",
            "required": False,
            "description": "valgfri: ETag fra GET; er den forældet: 412",
            "schema": {"type": "string"},
        }
    ]
}
