"""API authentication: per-user bearer tokens (hashed at rest) or the UI's session.

``AUTH`` lets every staff role in (aggregates, calculators), not citizens and employers (403).
``MUNICIPAL`` is for personal data: like the pages' ``municipal_role_required``, a role without a
municipality (admin, national analyst) is refused with 403. ``POOLS`` lets the pools' visitation
unit in beside the municipal roles, as the pools' pages do. Session auth checks CSRF on unsafe
methods; tokens need none.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from ninja.security import HttpBearer, SessionAuth

from fleksjob.accounts.models import ApiToken
from fleksjob.accounts.permissions import may_see_pools


def _staff(user):
    # Citizens and employers have their own pages; the API is the staff's (403, not 401).
    if user is not None and user.is_portal:
        raise PermissionDenied
    return user


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        user = ApiToken.objects.authenticate(token)
        if user is not None:
            request.user = user
        return _staff(user)


class StaffSession(SessionAuth):
    def authenticate(self, request, key):
        return _staff(super().authenticate(request, key))


def _municipal(user):
    if user is not None and not user.is_municipal:
        raise PermissionDenied
    return user


class MunicipalBearerToken(BearerToken):
    def authenticate(self, request, token: str):
        return _municipal(super().authenticate(request, token))


class MunicipalSession(StaffSession):
    def authenticate(self, request, key):
        return _municipal(super().authenticate(request, key))


def _pools(user):
    # The pools' visitation unit sees the pools and nothing else of the caseload (docs/pools.md).
    if user is not None and not may_see_pools(user):
        raise PermissionDenied
    return user


class PoolsBearerToken(BearerToken):
    def authenticate(self, request, token: str):
        return _pools(super().authenticate(request, token))


class PoolsSession(StaffSession):
    def authenticate(self, request, key):
        return _pools(super().authenticate(request, key))


AUTH = [BearerToken(), StaffSession()]
MUNICIPAL = [MunicipalBearerToken(), MunicipalSession()]
# The pools: the municipal roles and the municipality's visitation unit.
POOLS = [PoolsBearerToken(), PoolsSession()]
