"""Staff users' access: the one write path for role, municipality, superuser, staff and active
status, groups and permissions (and for a password set by someone else).

Every entry point goes through here: the admin site's add and change forms and password form,
``createsuperuser`` and ``set_access`` at the command line, and the demo personas. The rules:

- nobody changes their own access (``SelfChange``), so an administrator cannot make themselves a
  caseworker of a municipality, or a superuser;
- only a superuser (or the operator at the command line) changes superuser status, groups or
  permissions, or any part of a superuser's account (``NotAllowed``): nobody grants what they do
  not hold themselves;
- a municipal role needs a municipality (``InvalidAccess``).

Each change is one ``AccessChange`` row (who, whom, before, after) and one ``AuditEvent``;
the managers of every municipality the change touches see it (``changes_for``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from fleksjob.accounts.models import MUNICIPALITY_ROLES, Role, User
from fleksjob.audit.log import record
from fleksjob.audit.models import AccessChange, Action
from fleksjob.audit.writes import write
from fleksjob.core.errors import Refused
from fleksjob.municipalities.models import Municipality

KEEP: Any = object()  # an argument left as it is
# What ``snapshot`` holds, in the order the managers' page shows changes.
FIELDS = (
    "role",
    "municipality",
    "is_superuser",
    "is_staff",
    "is_active",
    "groups",
    "permissions",
)
# Only superusers (and the command line) change these, or anything of a superuser.
SUPERUSER_ONLY = ("is_superuser", "groups", "permissions")
_NEW_USER = {"is_superuser": False, "groups": [], "permissions": []}  # what a new user has


class AccessError(Refused):
    """A change of access that is refused; the message is Danish and names the field."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class SelfChange(AccessError):
    """Someone tried to change their own access."""


class NotAllowed(AccessError):
    """The user making the change may not make this one."""


class InvalidAccess(AccessError):
    """The access asked for is not a valid combination."""


def snapshot(user: User) -> dict[str, Any]:
    """The user's access as plain values (stored as ``before``/``after``)."""
    if user.pk is None:
        return {}
    return {
        "role": user.role,
        "municipality": user.municipality_id or "",
        "is_superuser": user.is_superuser,
        "is_staff": user.is_staff,
        "is_active": user.is_active,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "permissions": sorted(
            f"{app}.{codename}"
            for app, codename in user.user_permissions.values_list(
                "content_type__app_label", "codename"
            )
        ),
    }


def gives_personal_data(before: dict, after: dict) -> bool:
    """A municipal role (or the visitation unit) in a municipality the user could not read
    before."""
    if after.get("role") not in MUNICIPALITY_ROLES or not after.get("municipality"):
        return False
    if not after.get("is_active", True):
        return False
    had = (
        before.get("role") in MUNICIPALITY_ROLES
        and before.get("municipality") == after["municipality"]
        and before.get("is_active", False)
    )
    return not had


def _listed(items):
    return items if items is KEEP else list(items)


def _names(groups: Iterable[Group]) -> list[str]:
    return sorted(g.name for g in groups)


def _dotted(permissions: Iterable[Permission]) -> list[str]:
    return sorted(f"{p.content_type.app_label}.{p.codename}" for p in permissions)


def _proposed(before: dict, role, municipality, flags: dict, groups, permissions) -> dict:
    """The snapshot the arguments ask for (``KEEP`` keeps a value; a new user starts empty)."""
    after = {**_NEW_USER, "role": "", "municipality": "", "is_staff": False, "is_active": True}
    after.update(before)
    if role is not KEEP:
        after["role"] = role
    if municipality is not KEEP:
        after["municipality"] = getattr(municipality, "pk", municipality) or ""
    after.update({name: bool(value) for name, value in flags.items() if value is not KEEP})
    if groups is not KEEP:
        after["groups"] = _names(groups)
    if permissions is not KEEP:
        after["permissions"] = _dotted(permissions)
    return after


def _check(by: User | None, target: User, before: dict, after: dict) -> None:
    """Raise ``AccessError`` unless ``by`` may change ``target`` from ``before`` to ``after``."""
    if after["role"] not in Role.values:
        raise InvalidAccess("Ukendt rolle.", "role")
    if after["role"] in MUNICIPALITY_ROLES and not after["municipality"]:
        raise InvalidAccess(
            "Sagsbehandlere, konsulenter og ledere skal have en kommune.", "municipality"
        )
    if after["municipality"] and not Municipality.objects.filter(pk=after["municipality"]).exists():
        raise InvalidAccess("Ukendt kommune.", "municipality")
    if by is None:  # the operator at the command line, or the system
        return
    changed = [f for f in FIELDS if before.get(f) != after.get(f)]
    if target.pk is not None and by.pk == target.pk and changed:
        raise SelfChange("Du kan ikke ændre din egen adgang.", changed[0])
    if by.is_superuser:
        return
    if before.get("is_superuser"):
        raise NotAllowed("Kun en superbruger kan ændre en superbrugers adgang.", "is_superuser")
    for field in SUPERUSER_ONLY:
        if before.get(field, _NEW_USER[field]) != after[field]:
            raise NotAllowed(
                "Kun en superbruger kan ændre superbrugerstatus, grupper og rettigheder.", field
            )


def check_change(
    by: User | None,
    user: User,
    *,
    role=KEEP,
    municipality=KEEP,
    is_superuser=KEEP,
    is_staff=KEEP,
    is_active=KEEP,
    groups=KEEP,
    permissions=KEEP,
) -> None:
    """The rules alone, for a form to show a refusal before anything is saved (``user`` may be
    new); the write functions apply them again under the row lock."""
    before = snapshot(user)
    flags = {"is_superuser": is_superuser, "is_staff": is_staff, "is_active": is_active}
    after = _proposed(before, role, municipality, flags, groups, permissions)
    _check(by, user, before, after)


def _write(user: User, after: dict, groups, permissions) -> None:
    user.role = after["role"]
    user.municipality_id = after["municipality"] or None
    for name in ("is_superuser", "is_staff", "is_active"):
        setattr(user, name, after[name])
    user.save()
    if groups is not KEEP:
        user.groups.set(groups)
    if permissions is not KEEP:
        user.user_permissions.set(permissions)


def _audit(
    by: User | None,
    user: User,
    kind: str,
    before: dict,
    after: dict,
    *,
    channel: str,
    actor: str,
) -> AccessChange:
    by_name = by.username if by is not None else actor
    change = AccessChange.objects.create(
        kind=kind,
        by=by,
        by_name=by_name,
        user=user,
        username=user.username,
        channel=channel,
        before=before,
        after=after,
        municipality_before=before.get("municipality", ""),
        municipality_after=after.get("municipality", ""),
        grants_personal_data=(
            gives_personal_data(before, after)
            if kind != AccessChange.Kind.PASSWORD
            else after.get("role") in MUNICIPALITY_ROLES
        ),
    )
    record(
        by,
        Action.CREATE if kind == AccessChange.Kind.CREATED else Action.UPDATE,
        user,
        channel=channel,
        actor=by_name,
        municipality=change.municipality_after or change.municipality_before,
        detail=f"{change.get_kind_display()} (adgangsændring {change.pk}): "
        + "; ".join(describe(before, after)),
    )
    return change


def describe(before: dict, after: dict, municipalities: dict[str, str] | None = None) -> list[str]:
    """The changed fields as short texts, e.g. ``kommune – → 350``: in Danish with codes for the
    audit log, or in the page's language with role labels and the municipalities' names (code →
    name) for a page."""
    labels = {
        "role": "rolle",
        "municipality": "kommune",
        "is_superuser": "superbruger",
        "is_staff": "administration",
        "is_active": "aktiv",
        "groups": "grupper",
        "permissions": "rettigheder",
    }
    yes, no = "ja", "nej"
    if municipalities is not None:  # a page: the page's language
        labels = {
            "role": _("rolle"),
            "municipality": _("kommune"),
            "is_superuser": _("superbruger"),
            "is_staff": _("administration"),
            "is_active": _("aktiv"),
            "groups": _("grupper"),
            "permissions": _("rettigheder"),
        }
        yes, no = _("ja"), _("nej")

    def text(field: str, value: Any) -> str:
        if municipalities is not None and value:
            if field == "role":
                return str(Role(value).label) if value in Role.values else value
            if field == "municipality":
                return municipalities.get(value, value)
        if isinstance(value, bool):
            return yes if value else no
        if isinstance(value, list):
            return ", ".join(value) or "–"
        return str(value) if value not in (None, "") else "–"

    return [
        f"{labels[f]} {text(f, before.get(f))} → {text(f, after.get(f))}"
        for f in FIELDS
        if before.get(f) != after.get(f)
    ]


@write
def change_user_access(
    by: User | None,
    user: User,
    *,
    channel: str,
    actor: str = "",
    role: str = KEEP,
    municipality=KEEP,
    is_superuser: bool = KEEP,
    is_staff: bool = KEEP,
    is_active: bool = KEEP,
    groups: Iterable[Group] = KEEP,
    permissions: Iterable[Permission] = KEEP,
) -> AccessChange | None:
    """Change an existing user's access; ``by`` is None for the operator at the command line
    (then ``actor`` names it, e.g. ``cli``). Returns the audit row, or None if nothing changed.
    Raises ``AccessError`` and writes nothing if the change is refused."""
    groups, permissions = _listed(groups), _listed(permissions)
    locked = User.objects.select_for_update().get(pk=user.pk)
    before = snapshot(locked)
    flags = {"is_superuser": is_superuser, "is_staff": is_staff, "is_active": is_active}
    after = _proposed(before, role, municipality, flags, groups, permissions)
    if after == before:
        return None
    _check(by, locked, before, after)
    _write(locked, after, groups, permissions)
    for name in ("role", "municipality_id", "is_superuser", "is_staff", "is_active"):
        setattr(user, name, getattr(locked, name))
    return _audit(
        by, locked, AccessChange.Kind.CHANGED, before, after, channel=channel, actor=actor
    )


@write
def create_user(
    by: User | None,
    user: User,
    *,
    channel: str,
    actor: str = "",
    role: str,
    municipality=None,
    is_superuser: bool = False,
    is_staff: bool = False,
    is_active: bool = True,
    groups: Iterable[Group] = (),
    permissions: Iterable[Permission] = (),
) -> AccessChange:
    """Save a new user (built with its name and password, not yet saved) with the given access."""
    if user.pk is not None:
        raise ValueError("create_user saves new users only")
    groups, permissions = _listed(groups), _listed(permissions)
    flags = {"is_superuser": is_superuser, "is_staff": is_staff, "is_active": is_active}
    after = _proposed({}, role, municipality, flags, groups, permissions)
    _check(by, user, {}, after)
    _write(user, after, groups, permissions)
    return _audit(by, user, AccessChange.Kind.CREATED, {}, after, channel=channel, actor=actor)


@write
def record_password_set(by: User | None, user: User, *, channel: str, actor: str = "") -> None:
    """A password set for ``user`` by someone else (an administrator, the operator): whoever set
    it can log in as the user until the user changes it, so it is shown like an access change."""
    if by is not None and by.pk == user.pk:
        return
    state = snapshot(user)
    _audit(by, user, AccessChange.Kind.PASSWORD, state, state, channel=channel, actor=actor)


def changes_for(municipality_code: str) -> QuerySet[AccessChange]:
    """Access changes that touch a municipality: users who got, lost or kept a role in it."""
    return AccessChange.objects.filter(
        Q(municipality_after=municipality_code) | Q(municipality_before=municipality_code)
    ).select_related("user")


def described(changes: Iterable[AccessChange]) -> list[tuple[AccessChange, list[str]]]:
    """(change, what changed in Danish words) for a page of access changes; one query names the
    municipalities."""
    changes = list(changes)
    codes = {c.municipality_before for c in changes} | {c.municipality_after for c in changes}
    names = dict(Municipality.objects.filter(pk__in=codes - {""}).values_list("code", "name"))
    return [(c, describe(c.before, c.after, names)) for c in changes]
