"""Two-factor authentication use cases: enrol, confirm, verify at login, reset.

Devices are django-otp's: one TOTP device (an authenticator app) and one static device holding
the backup codes. A device counts only once ``confirmed``: enrolment creates an unconfirmed TOTP
device and confirms it when the user proves the app shows the right code.
"""

from __future__ import annotations

from base64 import b32encode

from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from fleksjob.accounts.models import User
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.audit.writes import write

BACKUP_CODES = 10
_APP = "app"  # device names
_BACKUP = "backup"


# The session of a single sign-on whose provider asserted a multi-factor login (accounts.oidc):
# the user's id, in the server-side session only. It counts as the second factor.
PROVIDER_MFA = "fleksjob_provider_mfa"


def has_two_factor(user: User) -> bool:
    return user_has_device(user, confirmed=True)


def second_factor_verified(request) -> bool:
    """The session is verified with a second factor: a device's code (django-otp), or the
    municipality's login asserted a multi-factor login for this very user."""
    user = request.user
    return user.is_verified() or request.session.get(PROVIDER_MFA) == user.pk


def forget_provider_mfa(sender, request=None, **kwargs) -> None:
    """On every login (``user_logged_in``): a new login proves its own second factor."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(PROVIDER_MFA, None)


def pending_totp_device(user: User) -> TOTPDevice:
    """The unconfirmed TOTP device being enrolled: reused across page loads, so the QR code the
    user scanned stays valid until they confirm it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=_APP, confirmed=False)


def base32_secret(device: TOTPDevice) -> str:
    """The key for manual entry in an authenticator app (RFC 4648 base32, no padding)."""
    return b32encode(device.bin_key).decode().rstrip("=")


@write
def confirm_enrolment(user: User, token: str) -> list[str] | None:
    """Activate the pending TOTP device if ``token`` is its current code.

    Returns the new backup codes (shown once; only stored for verification), or None if the code
    was wrong. Earlier devices of the user are replaced: one app and one set of codes at a time.
    """
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token.strip()):
        record(user, Action.AUTH, channel="web", detail="totrinsaktivering: forkert kode")
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    StaticDevice.objects.filter(user=user).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    backup = StaticDevice.objects.create(user=user, name=_BACKUP, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=backup, token=c) for c in codes])
    record(user, Action.AUTH, device, channel="web", detail="totrinsbekræftelse aktiveret")
    return codes


def verify_second_factor(user: User, token: str):
    """The confirmed device (app or backup code) that accepts ``token``, or None.

    Each device throttles wrong codes itself (django-otp: a doubling delay stored in the
    database), so guessing is slow however many sessions try. A backup code is used up.
    """
    token = token.strip().replace(" ", "")
    if not token:
        return None
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


@write
def reset_two_factor(user: User, *, by: User | None = None, channel: str = "cli") -> int:
    """Remove all of a user's devices (lost phone): they log in with the password alone and can
    enrol again (or must, if their role requires it). Returns the number of devices removed."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        removed += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
    record(
        by or user,
        Action.AUTH,
        user,
        channel=channel,
        detail=f"totrinsbekræftelse nulstillet for {user.username}",
    )
    return removed


def confirmed_totp_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=True)
