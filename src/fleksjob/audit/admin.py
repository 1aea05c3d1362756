from django.contrib import admin

from fleksjob.audit.models import AccessChange, AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """Append-only records: the admin site may list and search them, never add, change or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only and searchable: who, when, what, which citizen."""

    list_display = (
        "at",
        "username",
        "action",
        "object_type",
        "object_id",
        "citizen_id",
        "municipality_code",
        "channel",
    )
    list_filter = ("action", "channel", "object_type")
    search_fields = ("username", "=citizen_id", "=object_id", "=municipality_code")
    date_hierarchy = "at"


@admin.register(AccessChange)
class AccessChangeAdmin(ReadOnlyAdmin):
    """Read-only: who changed whose access, when, before and after."""

    list_display = (
        "at",
        "by_name",
        "username",
        "kind",
        "municipality_before",
        "municipality_after",
    )
    list_filter = ("kind", "channel", "grants_personal_data")
    search_fields = ("username", "by_name", "=municipality_before", "=municipality_after")
    date_hierarchy = "at"
