"""API authentication: per-user bearer tokens (hashed at rest) or the UI's session."""

from __future__ import annotations

from ninja.security import HttpBearer, SessionAuth

from fleksjob.accounts.models import ApiToken


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        user = ApiToken.objects.authenticate(token)
        if user is not None:
            request.user = user
        return user


AUTH = [BearerToken(), SessionAuth()]
