"""Which roles must use two-factor authentication: the FLEKSJOB_REQUIRE_2FA policy, pure."""

from __future__ import annotations

from collections.abc import Iterable

ALL = "all"


def parse_required_roles(value: str, roles: Iterable[str]) -> frozenset[str]:
    """``""`` → nobody, ``"all"`` → every role, else comma-separated role names.

    An unknown role is an error naming it, so a typo never silently turns the requirement off.
    """
    known = frozenset(roles)
    items = [item.strip().lower() for item in value.split(",") if item.strip()]
    if ALL in items:
        if len(items) > 1:
            raise ValueError(f"'{ALL}' cannot be combined with role names")
        return known
    unknown = sorted(set(items) - known)
    if unknown:
        raise ValueError(
            f"unknown role {', '.join(map(repr, unknown))}; use {ALL!r} or some of "
            f"{', '.join(sorted(known))}"
        )
    return frozenset(items)


# RFC 8176 names "mfa" (multiple-factor authentication) as the value that asserts more than one
# factor; "otp", "hwk", "sms" and the like are each one method, so they are not the default.
DEFAULT_MFA_AMR = ("mfa",)


def asserts_mfa(amr: object, accepted: Iterable[str]) -> bool:
    """Whether an ID token's ``amr`` claim (a list of strings; a lone string is read as one)
    names one of the ``accepted`` authentication methods. Anything else asserts nothing."""
    if isinstance(amr, str):
        amr = [amr]
    if not isinstance(amr, list | tuple):
        return False
    wanted = {a.strip().lower() for a in accepted if a.strip()}
    return any(isinstance(a, str) and a.strip().lower() in wanted for a in amr)
