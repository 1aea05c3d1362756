"""Admin pages for municipal records: the same scoping as the app (own municipality only)."""

from django.contrib import admin


class ScopedAdmin(admin.ModelAdmin):
    def get_queryset(self, request):
        return self.model.objects.visible_to(request.user)

    def has_module_permission(self, request):
        return (
            request.user.is_active
            and getattr(request.user, "is_municipal", False)
            and super().has_module_permission(request)
        )

    def _municipal(self, request):
        return getattr(request.user, "is_municipal", False)

    def has_view_permission(self, request, obj=None):
        return self._municipal(request) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._municipal(request) and super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return self._municipal(request) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self._municipal(request) and super().has_delete_permission(request, obj)
