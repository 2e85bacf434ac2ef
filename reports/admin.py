"""Reports and their review in the admin. Reports, recommendations, stages and decisions are
read-only: they change only through ``reports.services``, and a frozen version never changes.
Administrators set where a province's chain ends and each level's deadline."""

from django.contrib import admin

from jpt.audit.choices import AuditAction
from jpt.core.admin import AuditedAdminMixin, ProtectedModelAdmin

from .models import (
    LevelSetting,
    ProvinceChain,
    Recommendation,
    RecommendationDecision,
    Report,
    ReportVersion,
    ReviewStage,
)


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


@admin.register(ProvinceChain)
class ProvinceChainAdmin(AuditedAdminMixin, ProtectedModelAdmin):
    """Where a province's review chain ends. A report already in review keeps its chain."""

    audit_action = AuditAction.ADMIN_CHAIN_CHANGED

    list_display = ["province", "final_level"]
    list_select_related = ["province"]


@admin.register(LevelSetting)
class LevelSettingAdmin(AuditedAdminMixin, ProtectedModelAdmin):
    """Deadline of each review level. Changes apply to reports arriving at a level afterwards."""

    audit_action = AuditAction.ADMIN_DEADLINE_CHANGED

    list_display = ["level", "deadline_days"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "report", "category", "priority", "status"]
    list_filter = ["status", "category", "addressee"]


@admin.register(ReviewStage)
class ReviewStageAdmin(ReadOnlyAdmin):
    list_display = ["report", "level", "entered_at", "due_at", "outcome"]
    list_filter = ["level", "outcome"]


@admin.register(RecommendationDecision)
class RecommendationDecisionAdmin(ReadOnlyAdmin):
    list_display = ["recommendation", "decision", "decided_by", "decided_at"]
    list_filter = ["decision"]
