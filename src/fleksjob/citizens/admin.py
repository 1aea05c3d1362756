from django.contrib import admin

from fleksjob.citizens.models import Approval, BenefitSpell, Citizen
from fleksjob.municipalities.admin_scoping import ScopedAdmin


@admin.register(Citizen)
class CitizenAdmin(ScopedAdmin):
    """Read-mostly view for municipal staff; CPR is never shown here (encrypted column excluded)."""

    list_display = ("last_name", "first_name", "municipality", "goal", "hours_capacity")
    search_fields = ("last_name", "first_name")
    exclude = ("cpr_encrypted", "cpr_hash")
    readonly_fields = ("birth_date", "sex", "municipality")


@admin.register(Approval)
class ApprovalAdmin(ScopedAdmin):
    list_display = ("citizen", "visitation_date", "status", "status_since")
    list_filter = ("status", "old_scheme", "permanent")
    raw_id_fields = ("citizen",)
    readonly_fields = (
        "status",
        "status_since",
        "ended_reason",
    )  # status changes go through the state machine


@admin.register(BenefitSpell)
class BenefitSpellAdmin(ScopedAdmin):
    list_display = ("citizen", "start", "end", "rate_category")
    raw_id_fields = ("citizen", "approval")
