"""Optimistic concurrency for updates: a strong ``ETag`` on reads, ``If-Match`` on writes.

The tag is a hash of the record's representation as the API returns it (for a citizen that
includes ``updated_at``, the version the profile form guards with), so any change by anyone gives
a new tag. An update without ``If-Match`` is 428; with a stale tag it is 412 and nothing is written.
"""

from __future__ import annotations

import hashlib
import json

from django.http import HttpRequest, HttpResponse
from ninja import Schema

from fleksjob.api.errors import REASONS, ApiError


def etag_of(schema: type[Schema], obj) -> str:
    """The strong entity tag of ``obj`` as rendered by ``schema``."""
    state = schema.from_orm(obj).model_dump(mode="json")
    digest = hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()
    return f'"{digest[:32]}"'


def set_etag(response: HttpResponse, schema: type[Schema], obj) -> None:
    response["ETag"] = etag_of(schema, obj)


def require_match(
    request: HttpRequest, schema: type[Schema], current, *, required: bool = True
) -> None:
    """Refuse the update unless the client's ``If-Match`` names the current version; with
    ``required=False`` a missing header is accepted (a sent one must still match)."""
    sent = request.headers.get("If-Match")
    if not sent:
        if not required:
            return
        raise ApiError(428, REASONS[428])
    tags = {tag.strip() for tag in sent.split(",")}
    if "*" not in tags and etag_of(schema, current) not in tags:
        raise ApiError(412, REASONS[412])


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
