from django.contrib import admin

from fleksjob.employment.models import Employment, HoursChange
from fleksjob.municipalities.admin_scoping import ScopedAdmin


class HoursChangeInline(admin.TabularInline):
    model = HoursChange
    extra = 0


@admin.register(Employment)
class EmploymentAdmin(ScopedAdmin):
    list_display = ("citizen", "employer", "kind", "start", "end", "old_scheme")
    list_filter = ("kind", "old_scheme")
    raw_id_fields = ("citizen", "approval", "employer", "position")
    inlines = [HoursChangeInline]
