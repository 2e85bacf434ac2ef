from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
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
