"""Under /api/ every 4xx has the one error body, also those answered before any API handler:
Ninja's 405 for a method the path does not have, Django's 404 for an unknown path and its 400 for
a request it cannot read. The status and the ``Allow`` header are kept."""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse, JsonResponse

from fleksjob.api.errors import REASONS

API_PREFIX = "/api/"


def error_response(status: int, detail: str | None = None) -> JsonResponse:
    """The API's error body for ``status`` (the reason by meaning when no detail is given)."""
    if detail is None:
        detail = REASONS.get(status) or HTTPStatus(status).phrase
    return JsonResponse({"detail": detail, "errors": []}, status=status)


class ApiErrorBodyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and 400 <= response.status_code < 500
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            replaced = error_response(response.status_code)
            if "Allow" in response:
                replaced["Allow"] = response["Allow"]
            return replaced
        return response
