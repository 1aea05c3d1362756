"""The demo personas of DESIGN.md (password ``demo``), created only in demo and test mode."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import ImproperlyConfigured

from fleksjob.accounts.access import create_user
from fleksjob.accounts.models import Role, User

PASSWORD = "demo"  # noqa: S105 - documented demo password, refused outside demo mode

# username, role, municipality code, first name, last name
PERSONAS: tuple[tuple[str, str, str | None, str, str], ...] = (
    ("admin", Role.ADMIN, None, "Anne", "Administrator"),
    ("sagsbehandler.lejre", Role.CASEWORKER, "350", "Louise", "Lejre"),
    ("konsulent.aarhus", Role.CONSULTANT, "751", "Anders", "Aarhus"),
    ("leder.rudersdal", Role.MANAGER, "230", "Rikke", "Rudersdal"),
    ("sagsbehandler.rudersdal", Role.CASEWORKER, "230", "Rasmus", "Rudersdal"),
    # Lejre's visitation unit for its fleksjob pools (docs/pools.md).
    ("visitation.lejre", Role.VISITATION, "350", "Vibeke", "Visitation"),
)

# What the admin persona may do in Django's admin: users, municipalities and the audit log only.
ADMIN_PERMISSIONS = (
    "accounts.view_user",
    "accounts.add_user",
    "accounts.change_user",
    "accounts.view_apitoken",
    "accounts.change_apitoken",
    "municipalities.view_municipality",
    "municipalities.change_municipality",
    "municipalities.view_region",
    "audit.view_auditevent",
)


def _admin_permissions() -> list[Permission]:
    perms = []
    for dotted in ADMIN_PERMISSIONS:
        app_label, codename = dotted.split(".")
        perms.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return perms


def ensure_personas() -> list[User]:
    if not (settings.DEMO or settings.TESTING):
        raise ImproperlyConfigured("demo personas exist only in demo mode")
    users = []
    for username, role, municipality, first, last in PERSONAS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@demo.invalid",
            )
            user.set_password(PASSWORD)
            # Through the audited access path like every other grant (actor: the demo set-up).
            create_user(
                None,
                user,
                channel="system",
                actor="system:demo",
                role=role,
                municipality=municipality,
                is_staff=role == Role.ADMIN,
                permissions=_admin_permissions() if role == Role.ADMIN else (),
            )
        users.append(user)
    return users
