"""Shared view helpers and the home page."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.views.generic import TemplateView


class ScopedPermissionMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Anonymous users go to the login page; logged-in users without the permission get 403.

    Views using it start their querysets from ``Model.objects.visible_to(user)``, so a record
    outside the user's scope is a 404.
    """

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            self.raise_exception = True
        return super().handle_no_permission()


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the form's fields (or above the form)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for item in errors:
                for message in item.messages:
                    form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        from missions.choices import RequestStatus
        from missions.models import JptRequest

        context = super().get_context_data(**kwargs)
        user = self.request.user
        if user.has_perm("missions.add_jptrequest"):
            context["my_requests"] = JptRequest.objects.filter(requested_by=user).with_list_data()[
                :5
            ]
        if user.has_perm("missions.decide_jptrequest"):
            context["awaiting_decision"] = (
                JptRequest.objects.visible_to(user)
                .filter(status=RequestStatus.SUBMITTED)
                .with_list_data()
                .order_by("start_date")[:10]
            )
        return context
