from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.views.generic import TemplateView

from jpt.audit.choices import AuditAction
from jpt.audit.services import audit_record

from .signals import client_ip


class ProfileView(LoginRequiredMixin, TemplateView):
    """The user's own profile: roles, provinces and the details used for team composition."""

    template_name = "accounts/profile.html"


def _ip_details(request) -> dict[str, str]:
    ip = client_ip(request)
    return {"ip": ip} if ip else {}


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, written to the audit trail (never the password)."""

    @transaction.atomic
    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(
            actor=form.user,
            action=AuditAction.AUTH_PASSWORD_CHANGED,
            target=form.user,
            details=_ip_details(self.request),
        )
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's new password from an e-mailed link, written to the audit trail (never the
    password, the link or its token)."""

    @transaction.atomic
    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(
            actor=form.user,
            action=AuditAction.AUTH_PASSWORD_RESET,
            target=form.user,
            details=_ip_details(self.request),
        )
        return response
