from django.contrib import admin

from jpt.core.admin import ProtectedModelAdmin

from .models import LevelSetting, ProvinceChain, Recommendation, RecommendationDecision, ReviewStage


@admin.register(ProvinceChain)
class ProvinceChainAdmin(ProtectedModelAdmin):
    """Where a province's review chain ends. A report already in review keeps its chain."""

    list_display = ["province", "final_level"]
    list_select_related = ["province"]


@admin.register(LevelSetting)
class LevelSettingAdmin(ProtectedModelAdmin):
    """Deadline of each review level. Changes apply to reports arriving at a level afterwards."""

    list_display = ["level", "deadline_days"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnly(ProtectedModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnly):
    list_display = ["__str__", "report", "category", "priority", "status"]
    list_filter = ["status", "category", "addressee"]


@admin.register(ReviewStage)
class ReviewStageAdmin(ReadOnly):
    list_display = ["report", "level", "entered_at", "due_at", "outcome"]
    list_filter = ["level", "outcome"]


@admin.register(RecommendationDecision)
class RecommendationDecisionAdmin(ReadOnly):
    list_display = ["recommendation", "decision", "decided_by", "decided_at"]
    list_filter = ["decision"]
