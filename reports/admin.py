"""Reports in the admin: read-only. Reports change only through ``reports.services`` (and the
review chain), and a frozen version never changes."""

from django.contrib import admin

from jpt.core.admin import ProtectedModelAdmin

from .models import Report, ReportVersion


class ReadOnlyAdmin(ProtectedModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "status", "submitted_at", "approved_at", "created_at"]
    list_filter = ["status", "mission__province"]
    search_fields = ["mission__request__title"]
    list_select_related = ["mission", "mission__request"]
    readonly_fields = [
        "mission",
        "status",
        "commander_coauthor",
        "plan_of_action",
        "chain_final_level",
        "submitted_at",
        "approved_at",
        "created_at",
        "updated_at",
    ]


@admin.register(ReportVersion)
class ReportVersionAdmin(ReadOnlyAdmin):
    list_display = ["report", "number", "sha256", "created_at", "created_by"]
    list_select_related = ["report__mission__request", "created_by"]
    readonly_fields = ["report", "number", "sha256", "content", "created_at", "created_by"]
