"""View helpers shared by every app (the shared layer imports no app: the home page, which
reads across apps, is ``jpt.views``)."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError


class ScopedPermissionMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Anonymous users go to the login page; logged-in users without the permission get 403.

    Views using it start their querysets from ``Model.objects.visible_to(user)``, so a record
    outside the user's scope is a 404.
    """

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            self.raise_exception = True
        return super().handle_no_permission()


class FilteredListMixin:
    """A ListView whose ``get_queryset`` sets ``self.filterset``: puts the filter form and the
    query string without ``page`` (for the pagination links) in the context."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


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
