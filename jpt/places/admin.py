from django.contrib import admin

from jpt.core.admin import ProtectedModelAdmin

from .models import Locality, OperatingBase, Province, Territory


@admin.register(Province)
class ProvinceAdmin(ProtectedModelAdmin):
    list_display = ["name", "pcode", "latitude", "longitude"]
    search_fields = ["name", "pcode"]


@admin.register(Territory)
class TerritoryAdmin(ProtectedModelAdmin):
    list_display = ["name", "pcode", "province"]
    list_filter = ["province"]
    search_fields = ["name", "pcode"]
    list_select_related = ["province"]


@admin.register(Locality)
class LocalityAdmin(ProtectedModelAdmin):
    list_display = ["name", "territory", "pcode", "source", "created_by"]
    list_filter = ["source", "territory__province"]
    search_fields = ["name", "pcode"]
    list_select_related = ["territory", "created_by"]
    autocomplete_fields = ["territory"]
    readonly_fields = ["created_by"]


@admin.register(OperatingBase)
class OperatingBaseAdmin(ProtectedModelAdmin):
    list_display = ["name", "kind", "locality", "host_unit", "is_active"]
    list_filter = ["kind", "is_active", "locality__territory__province"]
    search_fields = ["name", "host_unit"]
    list_select_related = ["locality"]
    autocomplete_fields = ["locality"]
