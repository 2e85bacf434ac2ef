"""View helpers shared by every app (the shared layer imports no app: the home page, which
reads across apps, is ``jpt.views``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse

from .exports import (
    FORMAT_LABELS,
    FORMATS,
    Column,
    audited_filters,
    build_export,
    export_filename,
    export_response,
    record_export,
)


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


class ExportMixin:
    """A list page that also gives its rows as a file: ``?export=csv`` or ``?export=xlsx``
    added to the page's query string (its filters), from the buttons of the filter bar
    (``export_links`` in the context; ``templates/partials/export_buttons.html``).

    - The rows are ``get_export_rows()``: by default ``self.get_queryset()``, the queryset the
      page paginates (the same filters, the same ``visible_to`` scope), unpaginated: never a
      second query path. Rows the page decorates in ``get_context_data`` are decorated the same
      way by ``prepare_export_row``.
    - Exporting is seeing the list: the view's own checks run first (``dispatch``: login,
      permission, scope), so a refused list is a refused export. Put the mixin first in the
      bases, so that its ``get`` answers before the list's.
    - The columns (``export_columns``, or ``get_export_columns()`` when they depend on the
      user) are ``(translated header, accessor)`` pairs (``jpt.core.exports``) holding what the
      page shows that user, no more: need-to-know holds in the file as on the screen.
    - Every export is in the audit trail (``exports.record_export``): a GET that writes one
      audit entry, and nothing else.
    """

    export_param = "export"
    #: Names the file: ``jpt-<export_name>-<date>.<format>``.
    export_name = "list"
    #: The XLSX sheet's title (``export_name`` when empty).
    export_title = ""
    export_columns: Sequence[Column] = ()

    def get(self, request, *args, **kwargs):
        file_format = request.GET.get(self.export_param)
        if file_format is None:
            return super().get(request, *args, **kwargs)
        if file_format not in FORMATS:
            raise Http404("No such export format.")
        return self.export(file_format)

    def get_export_columns(self) -> Sequence[Column]:
        return self.export_columns

    def get_export_rows(self) -> Iterable:
        return self.get_queryset()

    def prepare_export_row(self, row):
        return row

    def export(self, file_format: str) -> HttpResponse:
        request = self.request
        export = build_export(
            self.get_export_columns(),
            self.get_export_rows(),
            file_format,
            title=str(self.export_title or self.export_name),
            prepare=self.prepare_export_row,
        )
        match = getattr(request, "resolver_match", None)
        record_export(
            user=request.user,
            list_name=match.view_name if match else self.export_name,
            file_format=file_format,
            filters=audited_filters(request.GET, ignore={self.export_param, "page"}),
            export=export,
        )
        return export_response(export, export_filename(self.export_name, file_format))

    def export_links(self) -> list[dict[str, str]]:
        """The page's query string (its filters, without ``page``) with each format."""
        query = self.request.GET.copy()
        query.pop("page", None)
        links = []
        for file_format in FORMATS:
            query[self.export_param] = file_format
            links.append(
                {
                    "format": file_format,
                    "label": FORMAT_LABELS[file_format],
                    "url": f"?{query.urlencode()}",
                }
            )
        return links

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_links"] = self.export_links()
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
