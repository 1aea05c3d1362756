"""A write a page's form could not show as a field error still gets a page, never a 500.

Form views catch the domain errors they can show beside the form (a field named by
``InvalidField``, a refusal above the form). Any :class:`~fleksjob.core.errors.DomainError` that
escapes a view lands here instead and becomes a short page with the kind's status (409 refused,
422 invalid, 412 stale, 428 version missing) and the error's Danish message, which never repeats
a submitted value. The API has its own handlers (``fleksjob.api.errors``) and is left alone.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fleksjob.core.errors import DomainError

API_PREFIX = "/api/"


def refused_page(request: HttpRequest, exc: DomainError) -> HttpResponse:
    """The page for a refused write: the Danish message, with the kind's status."""
    return render(request, "refused.html", {"message": str(exc)}, status=exc.status)


class DomainErrorMiddleware:
    """Turns a domain error raised by a page's view into the refusal page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if isinstance(exc, DomainError) and not request.path.startswith(API_PREFIX):
            return refused_page(request, exc)
        return None
