from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from fleksjob.accounts.actions import second_factor_verified


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Login by default for every page. The API authenticates each request itself (bearer token
    or session) and answers 401 as JSON instead of redirecting to the login page."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


# Reachable while enrolment is still owed: the enrolment page itself, logging out, the language.
_ENROLMENT_OPEN = ("accounts:security", "logout", "set_language")


class TwoFactorRequiredMiddleware:
    """Roles in FLEKSJOB_REQUIRE_2FA use nothing until their session is verified with a second
    factor: without a device they are sent to enrol, and the API's session auth does not see them
    (bearer tokens are separate credentials and unaffected).

    Users who have a device never get here unverified: the login view only completes the login
    after the code (see accounts.views). Runs after django-otp's OTPMiddleware, which answers
    ``is_verified()`` from the session without a query for users who have no device. A single
    sign-on whose provider asserted a multi-factor login counts too (``accounts.oidc``).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths: tuple[str, ...] | None = None

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.role in settings.REQUIRE_2FA_ROLES
            and not second_factor_verified(request)
        ):
            if request.path_info.startswith("/api/"):
                request.user = AnonymousUser()
            elif not self._is_open(request.path_info):
                return redirect(reverse("accounts:security"))
        return self.get_response(request)

    def _is_open(self, path: str) -> bool:
        if self._open_paths is None:
            self._open_paths = tuple(reverse(name) for name in _ENROLMENT_OPEN)
        # The open comparison is open to anyone, so also to a session that still owes enrolment.
        return path in self._open_paths or path.startswith((settings.STATIC_URL, "/offentlig/"))


class PortalConfinementMiddleware:
    """Citizens and employers (the portal roles) reach their own pages and nothing of the
    staff's: any other page is 403, the API is 403, and the front page sends them to their own.
    Defence in depth: the staff pages check roles themselves as well."""

    # /offentlig/: the open comparison is for everyone, logged in or not.
    OPEN = ("/mit-fleksjob/", "/arbejdsgiver/", "/oidc/", "/logout/", "/i18n/", "/offentlig/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and getattr(user, "is_portal", False):
            path = request.path_info
            if path == "/":
                own = "selfservice:home" if user.role == "citizen" else "selfservice:employer_home"
                return redirect(reverse(own))
            if not path.startswith(self.OPEN) and not path.startswith(settings.STATIC_URL):
                raise PermissionDenied
        return self.get_response(request)
