"""Changes of staff users' access: one audited path, nobody changes their own, and the
municipality's managers see every change that touches it (docs/access.md)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from fleksjob.accounts import access
from fleksjob.accounts.models import ApiToken, Role, User
from fleksjob.audit.models import AccessChange, Action, AppendOnlyError, AuditEvent

pytestmark = pytest.mark.django_db

CHANGES = reverse("accounts:access_changes")


def _change_url(user: User) -> str:
    return f"/admin/accounts/user/{user.pk}/change/"


def _form(user: User, **access_fields) -> dict:
    """What the admin's change form posts for ``user``, with the given access fields."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "last_login_0": "",
        "last_login_1": "",
        "_save": "Gem",
    }
    data.update(access_fields)
    return data


def _state(user: User) -> dict:
    return access.snapshot(User.objects.get(pk=user.pk))


@pytest.fixture
def newcomer(db) -> User:
    """A national analyst an administrator may give a municipal role."""
    return User.objects.create_user("ny.medarbejder", first_name="Nina", role=Role.NATIONAL)


def test_the_admin_cannot_give_itself_a_municipal_role_or_superuser(login, personas):
    admin = personas["admin"]
    client = login("admin")
    page = client.get(_change_url(admin)).content.decode()
    for field in ("role", "municipality", "is_superuser", "is_staff", "user_permissions"):
        assert f'name="{field}"' not in page, field  # shown read-only on one's own account
    before = _state(admin)

    response = client.post(
        _change_url(admin),
        _form(
            admin,
            first_name="Anna",
            role=Role.CASEWORKER,
            municipality="350",
            is_superuser="on",
            is_staff="on",
            is_active="on",
        ),
    )

    assert response.status_code == 200
    assert "Du kan ikke ændre din egen adgang" in response.content.decode()
    assert _state(admin) == before
    assert User.objects.get(pk=admin.pk).first_name == "Anne"  # nothing of the form is saved
    assert not AccessChange.objects.filter(user=admin, kind=AccessChange.Kind.CHANGED).exists()
    assert login("admin").get(reverse("citizens:list")).status_code == 403


def test_the_admin_still_edits_its_own_name(login, personas):
    admin = personas["admin"]
    response = login("admin").post(_change_url(admin), _form(admin, first_name="Anna"))
    assert response.status_code == 302
    assert User.objects.get(pk=admin.pk).first_name == "Anna"
    assert not AccessChange.objects.filter(user=admin, kind=AccessChange.Kind.CHANGED).exists()


def test_nobody_changes_their_own_access_through_the_write_function(personas):
    manager = personas["leder.rudersdal"]
    with pytest.raises(access.SelfChange):
        access.change_user_access(manager, manager, channel="web", municipality="350")
    assert _state(manager)["municipality"] == "230"


def test_a_role_given_by_the_admin_is_audited_and_shown_to_that_municipalitys_managers(
    login, personas, newcomer
):
    response = login("admin").post(
        _change_url(newcomer),
        _form(newcomer, role=Role.CASEWORKER, municipality="230", is_active="on"),
    )
    assert response.status_code == 302

    change = AccessChange.objects.get(user=newcomer, kind=AccessChange.Kind.CHANGED)
    assert (change.by, change.channel) == (personas["admin"], "admin")
    assert change.before["role"] == Role.NATIONAL and change.before["municipality"] == ""
    assert change.after["role"] == Role.CASEWORKER and change.after["municipality"] == "230"
    assert change.grants_personal_data
    event = AuditEvent.objects.get(object_type="User", object_id=str(newcomer.pk))
    assert (event.username, event.action, event.municipality_code) == ("admin", "update", "230")
    assert "kommune – → 230" in event.detail

    page = login("leder.rudersdal").get(CHANGES).content.decode()
    assert "ny.medarbejder" in page and "Rudersdal" in page and "Sagsbehandler" in page
    assert "giver adgang til borgerdata" in page
    home = login("leder.rudersdal").get(reverse("home")).content.decode()
    assert "ny.medarbejder" in home
    # Another municipality's manager does not see it.
    User.objects.create_user("leder.lejre", role=Role.MANAGER, municipality_id="350")
    lejre = Client()
    lejre.force_login(User.objects.get(username="leder.lejre"))
    assert "ny.medarbejder" not in lejre.get(CHANGES).content.decode()


def test_a_move_between_municipalities_shows_on_both_sides(login, personas):
    caseworker = personas["sagsbehandler.rudersdal"]
    access.change_user_access(personas["admin"], caseworker, channel="admin", municipality="350")
    User.objects.create_user("leder.lejre", role=Role.MANAGER, municipality_id="350")
    lejre = Client()
    lejre.force_login(User.objects.get(username="leder.lejre"))
    for client in (login("leder.rudersdal"), lejre):
        page = client.get(CHANGES).content.decode()
        assert "sagsbehandler.rudersdal" in page and "Rudersdal → Lejre" in page


def test_a_user_created_in_the_admin_is_audited(login, personas):
    response = login("admin").post(
        "/admin/accounts/user/add/",
        {
            "username": "ny.leder",
            "usable_password": "true",
            "password1": "en-lang-adgangskode-42",
            "password2": "en-lang-adgangskode-42",
            "role": Role.MANAGER,
            "municipality": "230",
            "_save": "Gem",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="ny.leder")
    change = AccessChange.objects.get(user=user)
    assert change.kind == AccessChange.Kind.CREATED and change.before == {}
    assert change.after["role"] == Role.MANAGER and change.grants_personal_data
    assert "ny.leder" in login("leder.rudersdal").get(CHANGES).content.decode()


def test_only_superusers_grant_superuser_status_groups_or_permissions(login, personas, newcomer):
    response = login("admin").post(
        _change_url(newcomer), _form(newcomer, is_superuser="on", is_active="on")
    )
    assert response.status_code == 200
    assert "Kun en superbruger" in response.content.decode()
    assert not User.objects.get(pk=newcomer.pk).is_superuser
    with pytest.raises(access.NotAllowed):
        access.change_user_access(personas["admin"], newcomer, channel="web", is_superuser=True)


def test_the_admin_cannot_change_a_superusers_account_or_password(login, personas):
    root = User.objects.create_superuser("root", "root@example.invalid", "en-lang-adgangskode-1")
    client = login("admin")
    response = client.post(_change_url(root), _form(root, role=Role.CASEWORKER, municipality="350"))
    assert response.status_code == 403
    response = client.post(
        f"/admin/accounts/user/{root.pk}/password/",
        {"password1": "overtaget-adgangskode-9", "password2": "overtaget-adgangskode-9"},
    )
    assert response.status_code == 403
    assert User.objects.get(pk=root.pk).check_password("en-lang-adgangskode-1")


def test_a_password_set_by_the_admin_is_shown_to_the_managers(login, personas):
    caseworker = personas["sagsbehandler.rudersdal"]
    response = login("admin").post(
        f"/admin/accounts/user/{caseworker.pk}/password/",
        {
            "usable_password": "true",
            "password1": "ny-adgangskode-til-dig-7",
            "password2": "ny-adgangskode-til-dig-7",
        },
    )
    assert response.status_code == 302
    change = AccessChange.objects.get(user=caseworker, kind=AccessChange.Kind.PASSWORD)
    assert change.by == personas["admin"] and change.grants_personal_data
    assert "Adgangskode sat af en anden" in login("leder.rudersdal").get(CHANGES).content.decode()


def test_createsuperuser_makes_an_audited_administrator(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "en-lang-adgangskode-2")
    call_command(
        "createsuperuser", "--noinput", "--username", "drift", "--email", "d@example.invalid"
    )
    user = User.objects.get(username="drift")
    assert (user.role, user.is_superuser, user.is_staff) == (Role.ADMIN, True, True)
    change = AccessChange.objects.get(user=user)
    assert (change.by, change.by_name, change.channel) == (None, "cli", "cli")
    assert AuditEvent.objects.filter(object_id=str(user.pk), username="cli").exists()


def test_set_access_at_the_command_line_is_audited(personas, newcomer):
    out = io.StringIO()
    call_command(
        "set_access", "ny.medarbejder", "--role", "manager", "--municipality", "230", stdout=out
    )
    assert "kommune – → 230" in out.getvalue()
    change = AccessChange.objects.get(user=newcomer, kind=AccessChange.Kind.CHANGED)
    assert (change.by_name, change.channel, change.municipality_after) == ("cli", "cli", "230")
    with pytest.raises(CommandError, match="skal have en kommune"):
        call_command("set_access", "ny.medarbejder", "--municipality", "none")
    assert User.objects.get(pk=newcomer.pk).municipality_id == "230"


def test_only_managers_see_the_access_changes(login):
    assert login("sagsbehandler.rudersdal").get(CHANGES).status_code == 403
    assert login("admin").get(CHANGES).status_code == 403
    assert login("leder.rudersdal").get(CHANGES).status_code == 200


def test_access_changes_are_append_only(personas):
    change = AccessChange.objects.filter(user=personas["leder.rudersdal"]).get()
    with pytest.raises(AppendOnlyError):
        change.save()
    with pytest.raises(AppendOnlyError):
        change.delete()
    for sql in ("UPDATE audit_accesschange SET username = 'x'", "DELETE FROM audit_accesschange"):
        with (
            pytest.raises(Exception, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)


def test_token_revocation_in_the_admin_is_audited(login, personas):
    token, raw = ApiToken.issue(personas["sagsbehandler.lejre"])
    response = login("admin").post(
        "/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    event = AuditEvent.objects.get(action=Action.AUTH, object_type="ApiToken")
    assert (event.username, event.channel, event.object_id) == ("admin", "admin", str(token.pk))
    headers = {"Authorization": f"Bearer {raw}"}
    assert Client().get("/api/v1/citizens/", headers=headers).status_code == 401
    # The change form cannot bring it back: revocation is read-only there.
    login("admin").post(f"/admin/accounts/apitoken/{token.pk}/change/", {"revoked_at_0": ""})
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_only_superusers_edit_groups_and_each_change_is_audited(login, personas):
    from django.contrib.auth.models import Group, Permission

    # The admin persona cannot reach groups, even if someone gave it the permission to.
    personas["admin"].user_permissions.add(Permission.objects.get(codename="add_group"))
    assert login("admin").get("/admin/auth/group/add/").status_code == 403
    root = User.objects.create_superuser("root", "root@example.invalid", "en-lang-adgangskode-1")
    client = Client()
    client.force_login(root)
    view = Permission.objects.get(codename="view_citizen")
    response = client.post(
        "/admin/auth/group/add/", {"name": "Læsere", "permissions": [view.pk], "_save": "Gem"}
    )
    assert response.status_code == 302
    group = Group.objects.get(name="Læsere")
    event = AuditEvent.objects.get(object_type="Group", object_id=str(group.pk))
    assert (event.username, event.channel) == ("root", "admin")
    assert "view_citizen" in event.detail


def test_changes_by_the_system_are_named_in_the_pages_language(login):
    """The demo personas were created by the system (actor ``system:demo``): the page names it."""
    client = login("leder.rudersdal")
    danish = client.get(reverse("accounts:access_changes")).content.decode()
    assert "systemet (demo)" in danish and "system:demo" not in danish
    english = client.get(
        reverse("accounts:access_changes"), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "the system (demo)" in english
