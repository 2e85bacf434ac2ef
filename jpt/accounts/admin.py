from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from jpt.core.admin import ProtectedAdminMixin

from .models import User

# django.contrib.auth registers Group with a plain ModelAdmin: the same, under the contact rule.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(ProtectedAdminMixin, DjangoGroupAdmin):
    """Django's GroupAdmin (roles are groups), under the contact rule like every admin."""


@admin.register(User)
class UserAdmin(ProtectedAdminMixin, DjangoUserAdmin):
    list_display = ["username", "full_name", "email", "sex", "staff_category", "section"]
    list_filter = ["groups", "sex", "staff_category", "section", "provinces", "is_active"]
    search_fields = ["username", "full_name", "email"]
    filter_horizontal = ["groups", "user_permissions", "provinces"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Profile"),
            {
                "fields": (
                    "full_name",
                    "email",
                    "sex",
                    "staff_category",
                    "section",
                    "duty_station",
                    "languages",
                    "provinces",
                )
            },
        ),
        (_("Roles"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "full_name",
                    "email",
                    "sex",
                    "staff_category",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
