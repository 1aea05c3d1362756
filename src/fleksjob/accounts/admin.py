from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from fleksjob.accounts.actions import reset_two_factor
from fleksjob.accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "municipality", "is_active")
    list_filter = ("role", "municipality__region", "is_active")
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("Rolle"), {"fields": ("role", "municipality")}))
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Rolle"), {"fields": ("role", "municipality")}),
    )
    actions = ["reset_2fa"]

    @admin.action(description=_("Nulstil totrinsbekræftelse for valgte medarbejdere"))
    def reset_2fa(self, request, queryset):
        for user in queryset:
            reset_two_factor(user, by=request.user, channel="admin")
        self.message_user(request, _("Totrinsbekræftelsen er nulstillet."))


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "token_hash", "user", "created_at", "last_used_at")
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # tokens are issued with `fleksjob token create`, shown once

    @admin.action(description=_("Tilbagekald valgte nøgler"))
    def revoke(self, request, queryset):
        from django.utils import timezone

        queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
