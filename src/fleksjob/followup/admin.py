from django.contrib import admin

from fleksjob.followup.models import FollowUpMeeting, FollowUpPlan, HoursStep
from fleksjob.municipalities.admin_scoping import ScopedAdmin


class HoursStepInline(admin.TabularInline):
    model = HoursStep
    extra = 0


@admin.register(FollowUpPlan)
class FollowUpPlanAdmin(ScopedAdmin):
    list_display = ("citizen", "purpose", "cadence_weeks", "next_due", "active")
    list_filter = ("purpose", "active")
    raw_id_fields = ("citizen", "approval")
    inlines = [HoursStepInline]


@admin.register(FollowUpMeeting)
class FollowUpMeetingAdmin(ScopedAdmin):
    list_display = ("citizen", "held_on", "kind", "channel")
    list_filter = ("kind", "channel")
    raw_id_fields = ("citizen", "approval", "held_by")
