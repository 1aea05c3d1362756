"""A lost database connection answers 503 with Retry-After instead of a 500 error page.

During a database restart or fail-over, requests fail with OperationalError/InterfaceError.
They get a short page saying the service is briefly unavailable (no database needed to render
it) and ``Retry-After``; the broken connection is closed at the end of the request (Django does
this after a connection error) and the next request connects afresh (CONN_HEALTH_CHECKS), so the
app recovers without a restart. The page and the log never carry the error's text.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

RETRY_AFTER_SECONDS = 10
DATABASE_ERRORS = (OperationalError, InterfaceError)
log = logging.getLogger(__name__)


def unavailable(request: HttpRequest, exc: BaseException) -> HttpResponse:
    log.warning("database unavailable (%s): %s answered 503", type(exc).__name__, request.path)
    response = HttpResponse(
        render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS}),
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database connection error raised in a view into the 503 page (also in DEBUG)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        return unavailable(request, exc) if isinstance(exc, DATABASE_ERRORS) else None


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: errors raised outside views (sessions, authentication) come here."""
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_ERRORS):
        return unavailable(request, exc)
    return defaults.server_error(request)
