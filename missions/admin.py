from django.contrib import admin

from jpt.core.admin import ProtectedModelAdmin

from .models import Consultation, JptRequest, LogisticsItem, Mission, Stakeholder, TeamMember


class ReadOnlyAdmin(ProtectedModelAdmin):
    """Changes go through the application's services (audit, e-mails, checks), not the admin."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(JptRequest)
class JptRequestAdmin(ReadOnlyAdmin):
    list_display = ["title", "province", "territory", "status", "start_date", "requested_by"]
    list_filter = ["status", "trigger", "province"]
    search_fields = ["title", "reason"]
    list_select_related = ["province", "territory", "requested_by"]


@admin.register(Mission)
class MissionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "province", "status", "lead"]
    list_filter = ["status", "province"]
    list_select_related = ["request", "province", "lead"]


@admin.register(TeamMember)
class TeamMemberAdmin(ReadOnlyAdmin):
    list_display = ["mission", "__str__", "role", "status", "invited_at", "responded_at"]
    list_filter = ["role", "status"]
    list_select_related = ["mission__request", "user"]


@admin.register(LogisticsItem)
class LogisticsItemAdmin(ReadOnlyAdmin):
    list_display = ["mission", "category", "transport_mode", "description", "status"]
    list_filter = ["category", "status"]
    list_select_related = ["mission__request"]


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ["mission", "held_at", "kind", "locality", "women", "men"]
    list_filter = ["kind", "setting"]
    list_select_related = ["mission__request", "locality"]


@admin.register(Stakeholder)
class StakeholderAdmin(ReadOnlyAdmin):
    """No phone anywhere (ProtectedModelAdmin leaves it out of every list, filter, search,
    ordering, lookup and form): contacts are shown only where the contact rule allows."""

    list_display = ["name", "title", "category", "sex", "locality"]
    list_filter = ["category", "sex"]
    search_fields = ["name", "organisation"]
    list_select_related = ["locality"]
