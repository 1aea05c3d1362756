"""The demo personas of DESIGN.md (password ``demo``), created only in demo and test mode."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import ImproperlyConfigured

from fleksjob.accounts.models import Role, User

PASSWORD = "demo"  # noqa: S105 - documented demo password, refused outside demo mode

# username, role, municipality code, first name, last name
PERSONAS: tuple[tuple[str, str, str | None, str, str], ...] = (
    ("admin", Role.ADMIN, None, "Anne", "Administrator"),
    ("sagsbehandler.lejre", Role.CASEWORKER, "350", "Louise", "Lejre"),
    ("konsulent.aarhus", Role.CONSULTANT, "751", "Anders", "Aarhus"),
    ("leder.rudersdal", Role.MANAGER, "230", "Rikke", "Rudersdal"),
    ("sagsbehandler.rudersdal", Role.CASEWORKER, "230", "Rasmus", "Rudersdal"),
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


def ensure_personas() -> list[User]:
    if not (settings.DEMO or settings.TESTING):
        raise ImproperlyConfigured("demo personas exist only in demo mode")
    users = []
    for username, role, municipality, first, last in PERSONAS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "municipality_id": municipality,
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.invalid",
                "is_staff": role == Role.ADMIN,
            },
        )
        if created:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
            if role == Role.ADMIN:
                perms = []
                for dotted in ADMIN_PERMISSIONS:
                    app_label, codename = dotted.split(".")
                    perms.append(
                        Permission.objects.get(content_type__app_label=app_label, codename=codename)
                    )
                user.user_permissions.set(perms)
        users.append(user)
    return users
