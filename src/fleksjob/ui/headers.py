"""Response headers that Django's SecurityMiddleware does not set."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

View = TypeVar("View", bound=Callable)

# Views whose responses hold nothing personal and may be cached: the API's schema and docs.
CACHEABLE_VIEWS = frozenset({"api-v1:openapi-json", "api-v1:openapi-view"})


class PermissionsPolicyMiddleware:
    """Permissions-Policy: the app needs no camera, microphone, location, payment or USB."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def cacheable(view: View) -> View:
    """Opt a view out of ``NoStoreMiddleware``: for pages without personal data only (public
    pages, documentation)."""
    view.fleksjob_cacheable = True  # type: ignore[attr-defined]
    return view


class NoStoreMiddleware:
    """``Cache-Control: no-store`` (and ``Pragma: no-cache`` for HTTP/1.0 caches) on every
    response, so no browser or proxy keeps a copy of a page or API answer with personal data;
    a view opts out with ``@cacheable`` (or is in ``CACHEABLE_VIEWS``). Static files never get
    here: WhiteNoise, before this middleware, answers them with its own caching headers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not self._cacheable(request):
            # no-store alone forbids keeping any copy (RFC 9111); it replaces whatever the view
            # set, since only an explicit opt-out may make a response cacheable.
            response.headers["Cache-Control"] = "no-store"
            response.headers["Pragma"] = "no-cache"
        return response

    @staticmethod
    def _cacheable(request: HttpRequest) -> bool:
        match = getattr(request, "resolver_match", None)
        if match is None:
            return False
        return match.view_name in CACHEABLE_VIEWS or getattr(
            match.func, "fleksjob_cacheable", False
        )
