from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters

from fleksjob.accounts import access
from fleksjob.accounts.actions import reset_two_factor
from fleksjob.accounts.models import ApiToken, User
from fleksjob.accounts.tokens import revoke
from fleksjob.audit.log import record
from fleksjob.audit.models import Action
from fleksjob.audit.writes import batch

# Form field → argument of the access functions. Nothing else on the user forms changes access.
ACCESS_FIELDS = {
    "role": "role",
    "municipality": "municipality",
    "is_superuser": "is_superuser",
    "is_staff": "is_staff",
    "is_active": "is_active",
    "groups": "groups",
    "user_permissions": "permissions",
}
SUPERUSER_ONLY_FIELDS = ("is_superuser", "groups", "user_permissions")
_OWN = _(
    "Du kan ikke ændre din egen adgang (rolle, kommune, superbruger- og administratorstatus, "
    "grupper og rettigheder). Bed en anden administrator om det."
)
_SUPERUSER_ONLY = _("Kun en superbruger kan ændre superbrugerstatus, grupper og rettigheder.")


def _wanted(cleaned_data: dict) -> dict:
    return {
        arg: cleaned_data[field] for field, arg in ACCESS_FIELDS.items() if field in cleaned_data
    }


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users' access changes only through ``accounts.access``: on one's own account the access
    fields are shown read-only, and a form that posts them anyway is refused."""

    list_display = ("username", "first_name", "last_name", "role", "municipality", "is_active")
    list_filter = ("role", "municipality__region", "is_active")
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("Rolle"), {"fields": ("role", "municipality")}))
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Rolle"), {"fields": ("role", "municipality")}),
    )
    actions = ["reset_2fa"]
    # Recorded by the system, not typed in (and the admin's split date/time inputs for them have
    # no label of their own: axe-core's "label").
    readonly_fields = ("last_login", "date_joined")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            fields += [f for f in ACCESS_FIELDS if f not in fields]
        elif not request.user.is_superuser:
            fields += [f for f in SUPERUSER_ONLY_FIELDS if f not in fields]
        return fields

    def has_change_permission(self, request, obj=None):
        # A superuser's account (its password included) is changed by superusers only.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        by, locked_fields = request.user, set(self.get_readonly_fields(request, obj))

        class AccessCheckedForm(form):
            def clean(self):
                cleaned = super().clean()
                posted = sorted(f for f in ACCESS_FIELDS if f in locked_fields and f in self.data)
                if posted:  # fields shown read-only, posted anyway: refused, nothing is saved
                    own = obj is not None and obj.pk == by.pk
                    raise ValidationError(_OWN if own else _SUPERUSER_ONLY)
                target = User.objects.get(pk=obj.pk) if obj is not None else self.instance
                try:
                    access.check_change(by, target, **_wanted(cleaned))
                except access.AccessError as exc:
                    field = next((f for f, a in ACCESS_FIELDS.items() if a == exc.field), None)
                    self.add_error(field if field in self.fields else None, str(exc))
                return cleaned

        return AccessCheckedForm

    # Django's admin opens its own transaction around these views; a batch around them makes the
    # save and the access write functions it calls one write (they join it, not nest in it).
    def add_view(self, request, form_url="", extra_context=None):
        with batch():
            return super().add_view(request, form_url, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with batch():
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        wanted = _wanted(form.cleaned_data)
        if not change:
            access.create_user(request.user, obj, channel="admin", **wanted)
            return
        other = [f for f in form.changed_data if f not in ACCESS_FIELDS]
        if other:
            obj.save(update_fields=other)
        access.change_user_access(request.user, obj, channel="admin", **wanted)

    def save_related(self, request, form, formsets, change):
        # Groups and permissions were written by the access function in save_model.
        for field in ACCESS_FIELDS:
            form.cleaned_data.pop(field, None)
        super().save_related(request, form, formsets, change)

    @method_decorator(sensitive_post_parameters())
    def user_change_password(self, request, id, form_url=""):
        with batch():  # the password and its audit together
            return super().user_change_password(request, id, form_url)

    def log_change(self, request, obj, message):
        super().log_change(request, obj, message)
        # Called by Django's password view exactly when it has saved the password.
        if request.resolver_match.url_name == "auth_user_password_change":
            access.record_password_set(request.user, obj, channel="admin")

    @admin.action(description=_("Nulstil totrinsbekræftelse for valgte medarbejdere"))
    def reset_2fa(self, request, queryset):
        for user in queryset:
            reset_two_factor(user, by=request.user, channel="admin")
        self.message_user(request, _("Totrinsbekræftelsen er nulstillet."))


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    """A group's permissions are every member's: only superusers edit groups (so nobody widens
    their own permissions through a group), and each change is audited."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        names = sorted(p.codename for p in form.instance.permissions.all())
        detail = f"gruppe {form.instance.name}: rettigheder {', '.join(names) or '–'}"
        record(
            request.user,
            Action.UPDATE if change else Action.CREATE,
            form.instance,
            channel="admin",
            detail=detail,
        )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "token_hash", "user", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # tokens are issued with `fleksjob token create`, shown once

    @admin.action(description=_("Tilbagekald valgte nøgler"))
    def revoke(self, request, queryset):
        revoked = sum(revoke(token, by=request.user, channel="admin") for token in queryset)
        self.message_user(
            request, _("%(n)d nøgle(r) tilbagekaldt.") % {"n": revoked}, messages.SUCCESS
        )
