from django.contrib import admin

from fleksjob.employers.models import ContactLogEntry, ContactPerson, Employer, Position
from fleksjob.municipalities.admin_scoping import ScopedAdmin


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0


@admin.register(Employer)
class EmployerAdmin(ScopedAdmin):
    list_display = ("name", "cvr", "street", "postcode", "city", "municipality", "sector")
    list_filter = ("sector", "size_band", "is_public")
    search_fields = ("name", "=cvr", "street", "=postcode", "city")
    inlines = [ContactPersonInline]
    # An employer belongs to the municipality that registers it: the form cannot name another
    # (which would also reveal whether that municipality has registered a CVR number).
    readonly_fields = ("municipality",)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None:
            return form
        municipality = request.user.municipality

        class InOwnMunicipality(form):
            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                self.instance.municipality = municipality

        return InOwnMunicipality


@admin.register(Position)
class PositionAdmin(ScopedAdmin):
    list_display = (
        "title",
        "employer",
        "occupation",
        "hours_min",
        "hours_max",
        "openings",
        "status",
    )
    list_filter = ("status", "remote_allowed", "split_off")
    search_fields = ("title", "employer__name")
    raw_id_fields = ("employer",)


@admin.register(ContactLogEntry)
class ContactLogEntryAdmin(ScopedAdmin):
    list_display = ("on", "employer", "channel", "outcome", "consultant")
    list_filter = ("channel", "outcome")
    raw_id_fields = ("employer", "contact_person", "consultant")
