"""API token use cases for operators: list a user's tokens and revoke one (the token itself is
never stored, so it is named by its prefix, which the user saw when it was created)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from fleksjob.accounts.models import ApiToken, User
from fleksjob.audit.log import record
from fleksjob.audit.models import Action

PREFIX_LENGTH = 8  # as stored by ApiToken.issue


class TokenError(ValueError):
    """A token request the operator must correct; the message names what is wrong."""


def tokens_of(username: str) -> list[ApiToken]:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise TokenError(f"no user named {username!r}")
    return list(user.api_tokens.order_by("created_at", "pk"))


@transaction.atomic
def revoke_token(username: str, prefix: str) -> ApiToken:
    """Revoke the user's active token starting with ``prefix``; refused if none or several match."""
    if len(prefix) < PREFIX_LENGTH:
        raise TokenError(f"give the token's first {PREFIX_LENGTH} characters (or all of it)")
    matches = [
        token
        for token in tokens_of(username)
        if token.revoked_at is None and token.prefix == prefix[:PREFIX_LENGTH]
    ]
    if not matches:
        raise TokenError(f"{username!r} has no active token starting with {prefix!r}")
    if len(matches) > 1:
        raise TokenError(f"{len(matches)} active tokens start with {prefix!r}; give more of it")
    token = matches[0]
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    # The operator at the command line acts, not the token's owner.
    record(None, Action.AUTH, token, channel="cli", actor="cli", detail="API-nøgle tilbagekaldt")
    return token
