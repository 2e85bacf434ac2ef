from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from jpt.audit.choices import AuditAction
from jpt.audit.services import audit_record
from jpt.core.admin import AuditedAdminMixin, ProtectedAdminMixin

from .models import User
from .signals import client_ip

# django.contrib.auth registers Group with a plain ModelAdmin: the same, under the contact rule.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(AuditedAdminMixin, ProtectedAdminMixin, DjangoGroupAdmin):
    """Django's GroupAdmin (roles are groups), under the contact rule like every admin; every
    change of a role's name or permissions is in the audit trail."""

    audit_action = AuditAction.ADMIN_ROLE_CHANGED


@admin.register(User)
class UserAdmin(AuditedAdminMixin, ProtectedAdminMixin, DjangoUserAdmin):
    """Users, their roles and provinces. What bounds a user's rights (roles, permissions,
    provinces, active, staff, superuser), their username and e-mail address (where a password
    reset goes) are written to the audit trail on every change, and so is a new password an
    administrator sets (that it was set, never the password)."""

    audit_action = AuditAction.ADMIN_USER_CHANGED
    audit_fields = (
        "username",
        "email",
        "groups",
        "user_permissions",
        "provinces",
        "is_active",
        "is_staff",
        "is_superuser",
    )
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

    def user_change_password(self, request, id, form_url=""):
        with transaction.atomic():
            user = self.get_object(request, unquote(id))
            before = user.password if user is not None else None
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and user is not None:
                user.refresh_from_db(fields=["password"])
                if user.password != before:
                    details = {"by_admin": True}
                    if not user.has_usable_password():
                        details["password_disabled"] = True
                    if ip := client_ip(request):
                        details["ip"] = ip
                    audit_record(
                        actor=request.user,
                        action=AuditAction.AUTH_PASSWORD_CHANGED,
                        target=user,
                        details=details,
                    )
        return response
