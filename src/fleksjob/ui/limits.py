"""A request body over the upload limit answers 413 before anything reads it.

Django refuses such a body only when a view or middleware reads it (``RequestDataTooBig``, which
became a bare 400 page, or a 500 where an API handler met it). Here the declared length is
compared with the limit first: ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (Django's 2.5 MB) for forms and
JSON, plus ``FLEKSJOB_IMPORT_MAX_BYTES`` for file uploads (the bulk import checks its own limit
with a clearer message). The API answers in its error body, pages with a short page. A body
without a declared length is not read at all (WSGI), so the length is the whole story.

The UI kit sits on a floor below the API (docs/floors.md), so the API registers its error body
for its path prefix here (``ApiConfig.ready``) instead of this module importing the API.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

# Path prefix → the 413 response in that part's own error format (filled by the apps above).
_PREFIX_RESPONSES: dict[str, Callable[[int], HttpResponse]] = {}


def register_error_response(prefix: str, respond: Callable[[int], HttpResponse]) -> None:
    """Answer requests under ``prefix`` with ``respond(status)`` instead of the 413 page."""
    _PREFIX_RESPONSES[prefix] = respond


def body_limit(request: HttpRequest) -> int:
    """The largest body this request may carry, in bytes."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if request.content_type == "multipart/form-data":
        limit += settings.FLEKSJOB["IMPORT_MAX_BYTES"]
    return limit


def declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django reads no body either when the length is not a number


def too_large(request: HttpRequest) -> HttpResponse:
    for prefix, respond in _PREFIX_RESPONSES.items():
        if request.path.startswith(prefix):
            return respond(413)
    page = render_to_string("413.html", {"limit": f"{body_limit(request):,}".replace(",", ".")})
    return HttpResponse(page, status=413)


class RequestSizeLimitMiddleware:
    """413 for a declared body over the limit; also for the rare body Django finds too large
    later (many small form fields), when a view reads it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if declared_length(request) > body_limit(request):
            return too_large(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        return too_large(request) if isinstance(exc, RequestDataTooBig) else None
