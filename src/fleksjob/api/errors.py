"""One error body for every 4xx the API answers: ``{"detail": ..., "errors": [{field, reason}]}``.

Ninja's own shapes (validation errors, HttpError, 404) are converted here, and the Django
exceptions and the domain errors the write functions raise are mapped to a status: one handler
per kind of ``fleksjob.core.errors.DomainError`` (refused 409, invalid field 422, stale version
412, version required 428), so a new domain error needs no entry here. Messages never carry the
submitted values, so no name or CPR can be echoed back.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from fleksjob.core.errors import InvalidField, Refused, StaleVersion, VersionRequired

# The statuses an operation may answer with this body, by meaning (documented in OpenAPI).
REASONS = {
    400: "Forkert forespørgsel",
    401: "Ikke logget ind (mangler eller ugyldigt token)",
    403: "Din rolle giver ikke adgang",
    404: "Findes ikke i din kommune",
    405: "Metoden findes ikke for denne adresse",
    409: "Sagens nuværende tilstand tillader ikke ændringen",
    412: "If-Match svarer ikke til den nuværende version (en anden har ændret posten)",
    413: "Forespørgslen er for stor",
    422: "Ugyldige data",
    428: "If-Match mangler",
    429: "For mange forespørgsler",
}


class FieldError(Schema):
    field: str | None
    reason: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = []


class ApiError(Exception):
    """Raised by routes for a 4xx with field errors."""

    def __init__(self, status: int, detail: str, errors: list[dict] | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.errors = status, detail, errors or []


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The ``response=`` entries of an operation's error statuses. Any request can be malformed
    (400: unreadable body, 422: a bad parameter), too large (413: a body over the upload limit,
    answered by ``fleksjob.ui.limits``), unauthenticated (401) or throttled (429)."""
    return {status: ErrorOut for status in sorted({400, 401, 413, 422, 429, *statuses})}


def _body(detail: str, errors_: list[dict] | None = None) -> dict:
    return {"detail": detail, "errors": errors_ or []}


def _field(loc) -> str | None:
    # Ninja prefixes the parameter source ("body", "query", "path") and the schema argument name.
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "form")]
    if len(parts) > 1 and parts[0] in ("payload", "filters", "data", "params"):
        parts = parts[1:]
    return ".".join(parts) or None


def _validation(request: HttpRequest, exc: ValidationError, api: NinjaAPI) -> HttpResponse:
    found = [
        {"field": _field(e.get("loc", ())), "reason": str(e.get("msg", ""))} for e in exc.errors
    ]
    return api.create_response(request, _body("Ugyldige data", found), status=422)


def django_errors(exc: DjangoValidationError) -> list[dict]:
    """A model's ``full_clean`` errors as field errors (``__all__`` becomes no field)."""
    if hasattr(exc, "error_dict"):
        return [
            {"field": None if name == "__all__" else name, "reason": message}
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"field": None, "reason": message} for message in exc.messages]


def install(api: NinjaAPI) -> None:
    """Register the handlers that give every error the one body."""

    def respond(request, status: int, detail: str, errors_: list[dict] | None = None):
        return api.create_response(request, _body(detail, errors_), status=status)

    api.add_exception_handler(ValidationError, lambda r, e: _validation(r, e, api))
    api.add_exception_handler(ApiError, lambda r, e: respond(r, e.status, e.detail, e.errors))
    api.add_exception_handler(Http404, lambda r, e: respond(r, 404, REASONS[404]))
    api.add_exception_handler(PermissionDenied, lambda r, e: respond(r, 403, REASONS[403]))
    api.add_exception_handler(AuthenticationError, lambda r, e: respond(r, 401, REASONS[401]))
    api.add_exception_handler(Throttled, lambda r, e: respond(r, 429, REASONS[429]))
    api.add_exception_handler(HttpError, lambda r, e: respond(r, e.status_code, str(e.message)))
    api.add_exception_handler(
        DjangoValidationError, lambda r, e: respond(r, 422, REASONS[422], django_errors(e))
    )
    api.add_exception_handler(RequestDataTooBig, lambda r, e: respond(r, 413, REASONS[413]))
    # The domain's kinds; Ninja finds the handler through the raised class's bases.
    api.add_exception_handler(Refused, lambda r, e: respond(r, 409, str(e)))
    api.add_exception_handler(
        InvalidField,
        lambda r, e: respond(r, 422, REASONS[422], [{"field": e.field, "reason": str(e)}]),
    )
    api.add_exception_handler(StaleVersion, lambda r, e: respond(r, 412, REASONS[412]))
    api.add_exception_handler(VersionRequired, lambda r, e: respond(r, 428, REASONS[428]))
