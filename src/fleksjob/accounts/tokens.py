"""API token use cases for operators: list a user's tokens and revoke one (the token itself is
never stored, so it is named by its prefix, which the user saw when it was created)."""

from __future__ import annotations

from django.utils import timezone

from fleksjob.accounts.models import ApiToken, User
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.audit.writes import write

PREFIX_LENGTH = 8  # as stored by ApiToken.issue


class TokenError(ValueError):
    """A token request the operator must correct; the message names what is wrong."""


def tokens_of(username: str) -> list[ApiToken]:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise TokenError(f"no user named {username!r}")
    return list(user.api_tokens.order_by("created_at", "pk"))


@write
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
    # The operator at the command line acts, not the token's owner.
    revoke(token, by=None, channel="cli")
    return token


@write
def revoke(token: ApiToken, *, by: User | None, channel: str) -> bool:
    """Revoke one token (at the command line ``by`` is None: the operator); audited. False if
    it was already revoked (nothing written)."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is not None:
        return False
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    token.revoked_at = locked.revoked_at
    record(by, Action.AUTH, locked, channel=channel, actor="cli", detail="API-nøgle tilbagekaldt")
    return True
