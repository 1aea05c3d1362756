"""API authentication: per-user bearer tokens (hashed at rest) or the UI's session.

``AUTH`` lets every staff role in (aggregates, calculators). ``MUNICIPAL`` is for personal data:
like the pages' ``municipal_role_required``, a role without a municipality (admin, national
analyst) is refused with 403. Session auth checks CSRF on unsafe methods; tokens need none.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from ninja.security import HttpBearer, SessionAuth

from fleksjob.accounts.models import ApiToken


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        user = ApiToken.objects.authenticate(token)
        if user is not None:
            request.user = user
        return user


def _municipal(user):
    if user is not None and not user.is_municipal:
        raise PermissionDenied
    return user


class MunicipalBearerToken(BearerToken):
    def authenticate(self, request, token: str):
        return _municipal(super().authenticate(request, token))


class MunicipalSession(SessionAuth):
    def authenticate(self, request, key):
        return _municipal(super().authenticate(request, key))


AUTH = [BearerToken(), SessionAuth()]
MUNICIPAL = [MunicipalBearerToken(), MunicipalSession()]
