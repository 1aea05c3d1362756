from django.contrib import admin

from fleksjob.offers.models import ConsultantCapacity


@admin.register(ConsultantCapacity)
class ConsultantCapacityAdmin(admin.ModelAdmin):
    list_display = ("municipality", "month", "consultants_fte", "employer_fte", "synthetic")
    list_filter = ("synthetic",)
    ordering = ("municipality", "month")
