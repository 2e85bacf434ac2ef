from django.contrib import admin

from .models import JptRequest, Mission


@admin.register(JptRequest)
class JptRequestAdmin(admin.ModelAdmin):
    """Read-only: requests change state through the application's services only."""

    list_display = ["title", "province", "territory", "status", "start_date", "requested_by"]
    list_filter = ["status", "trigger", "province"]
    search_fields = ["title", "reason"]
    list_select_related = ["province", "territory", "requested_by"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "province", "status", "lead"]
    list_filter = ["status", "province"]
    list_select_related = ["request", "province", "lead"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
