"""Pages of the indicators: the dashboard, the stored monthly summaries, computing one.

For Civil Affairs officers, reviewers and analysts (``insights.view_dashboard``), each scoped
to the provinces they see (Kinshasa, analysts and administrators: every province). Every
count links to the list behind it for those who may read the records
(``missions.view_mission``); analysts, who see aggregates only, get the figures without a
link to any record.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, ListView, TemplateView, View

from jpt.core.templatetags.fragments import digest_of
from jpt.core.views import ExportMixin, ScopedPermissionMixin
from jpt.documents.choices import DocumentKind, DocumentStatus
from jpt.documents.selectors import document_card
from jpt.documents.services import document_request
from jpt.documents.views import CARD_TEMPLATE

from .charts import charts_for
from .exports import EXPORT_COLUMNS, figure_rows
from .figures import Scope, compute_figures
from .forms import DashboardForm, SummaryComputeForm
from .models import PERM_COMPUTE_SUMMARY, PERM_VIEW_DASHBOARD, MonthlySummary
from .periods import Period
from .presenter import Links, present_figures
from .services import can_compute
from .suppression import THRESHOLD
from .tasks import summary_compute_task

# Who may follow a figure to the records behind it: those who see the missions (and so the
# lists). Analysts do not.
PERM_DRILL_DOWN = "missions.view_mission"


def can_drill_down(user) -> bool:
    return user.has_perm(PERM_DRILL_DOWN)


def scope_for(user, province) -> Scope:
    """The chosen province, else every province the user sees."""
    if province is not None:
        return Scope.of([province])
    if user.sees_all_provinces:
        return Scope()
    return Scope.of(user.province_ids())


# The dashboard's figures are computed at most once per this many seconds for a period and a
# set of provinces (the page says when they were computed); stored summaries never change.
FIGURES_CACHE_SECONDS = 300


def dashboard_figures(period: Period, scope: Scope) -> tuple[dict, datetime]:
    """The figures of ``period`` for ``scope`` and when they were computed: from the cache when
    computed less than ``FIGURES_CACHE_SECONDS`` ago (the same for every user of that scope:
    the figures do not depend on who asks, only their links and suppression marks are added
    after), else now."""
    key = "insights-figures:{}:{}:{}".format(
        period.start.isoformat(),
        period.end.isoformat(),
        "all" if scope.province_ids is None else ",".join(map(str, scope.province_ids)),
    )
    stored = cache.get(key)
    if stored is None:
        stored = (compute_figures(period, scope), timezone.now())
        cache.set(key, stored, FIGURES_CACHE_SECONDS)
    return stored


def figures_context(figures: dict, links: Links | None) -> dict:
    """What the figures partial (``insights/partials/figures.html``) shows."""
    presentation = present_figures(figures, links=links)
    return {
        "presentation": presentation,
        "charts": charts_for(presentation),
        "threshold": THRESHOLD,
    }


class DashboardView(ExportMixin, ScopedPermissionMixin, TemplateView):
    """The figures of a chosen period (the month just ended by default) and province,
    computed now, with the previous period and the same period a year before. ``?export=csv``
    or ``xlsx``: the same figures as a file (suppressed as on the page, audited)."""

    permission_required = PERM_VIEW_DASHBOARD
    template_name = "insights/dashboard.html"
    export_name = "indicators"
    export_title = gettext_lazy("Indicators")
    export_columns = EXPORT_COLUMNS

    def get_export_rows(self):
        user = self.request.user
        form = DashboardForm(self.request.GET or None, user=user)
        figures, _computed_at = dashboard_figures(form.period(), scope_for(user, form.province()))
        return figure_rows(present_figures(figures))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = DashboardForm(self.request.GET or None, user=user)
        period = form.period()
        province = form.province()
        links = Links(period, province.pk if province else None) if can_drill_down(user) else None
        scope = scope_for(user, province)
        figures, computed_at = dashboard_figures(period, scope)
        # The figures' part of the page (tables and charts) is drawn once per computation and
        # kind of reader (with links or without): the presenter and the charts run on a miss.
        fragment = digest_of(
            None,
            computed=computed_at,
            scope=scope.province_ids,
            period=(period.start, period.end),
            province=province.pk if province else None,
            links=links is not None,
        )
        context.update(
            {
                "form": form,
                "period": period,
                "previous": period.previous(),
                "year_before": period.year_before(),
                "province": province,
                "drill_down": links is not None,
                "scope_label": self.scope_label(user, province),
                "computed_at": computed_at,
                "figures_version": fragment,
                "threshold": THRESHOLD,
                "lazy_figures": SimpleLazyObject(lambda: figures_context(figures, links)),
            }
        )
        return context

    @staticmethod
    def scope_label(user, province) -> str:
        if province is not None:
            return str(province)
        return _("All provinces") if user.sees_all_provinces else _("All my provinces")


class SummaryListView(ScopedPermissionMixin, ListView):
    """The stored monthly summaries the user may see, newest month first."""

    permission_required = PERM_VIEW_DASHBOARD
    template_name = "insights/summary_list.html"
    context_object_name = "summaries"
    paginate_by = 30

    def get_queryset(self):
        return (
            MonthlySummary.objects.visible_to(self.request.user)
            .select_related("province", "computed_by")
            .defer("figures")
            .order_by("-month", "province__name", "id")
        )


class SummaryDetailView(ExportMixin, ScopedPermissionMixin, DetailView):
    """A stored summary: its figures as computed then (out of scope: 404). ``?export=csv`` or
    ``xlsx``: the same figures as a file (suppressed as on the page, audited)."""

    permission_required = PERM_VIEW_DASHBOARD
    template_name = "insights/summary_detail.html"
    context_object_name = "summary"
    export_name = "monthly-summary"
    export_title = gettext_lazy("Monthly summary")
    export_columns = EXPORT_COLUMNS

    def get_export_rows(self):
        return figure_rows(present_figures(self.get_object().figures))

    def get_queryset(self):
        return MonthlySummary.objects.visible_to(self.request.user).select_related(
            "province", "computed_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summary = self.object
        user = self.request.user
        links = None
        if can_drill_down(user):
            links = Links(Period.month(summary.month), summary.province_id)
        context.update(
            {
                "drill_down": links is not None,
                "can_compute": can_compute(user, summary.province),
                "pdf": document_card(kind=DocumentKind.TREND, target=summary, user=user),
                **figures_context(summary.figures, links),
            }
        )
        return context


class SummaryPdfRequestView(ScopedPermissionMixin, View):
    """POST: ask for the summary's PDF (``jpt.documents.services.document_request``): whoever
    sees the summary. The same summary asked again is the same PDF; a failed one is tried
    again. With htmx, the PDF card comes back in place (and polls until the PDF is ready);
    without, the summary's page."""

    permission_required = PERM_VIEW_DASHBOARD
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        summary = get_object_or_404(
            MonthlySummary.objects.visible_to(request.user).select_related(
                "province", "computed_by"
            ),
            pk=kwargs["pk"],
        )
        document = document_request(kind=DocumentKind.TREND, target=summary, user=request.user)
        if request.htmx:
            card = document_card(
                kind=DocumentKind.TREND, target=summary, user=request.user, document=document
            )
            return render(request, CARD_TEMPLATE, {"pdf": card})
        if document.status == DocumentStatus.READY:
            messages.success(request, _("The PDF of this summary is ready."))
        else:
            messages.success(request, _("The PDF is being made: its state is shown below."))
        return redirect(f"{summary.get_absolute_url()}#pdf")


class SummaryComputeView(ScopedPermissionMixin, FormView):
    """Compute (again) a month's summary, for one province or every one: the Celery task does
    it (``tasks.summary_compute_task``), after this request."""

    permission_required = PERM_COMPUTE_SUMMARY
    template_name = "insights/summary_form.html"
    form_class = SummaryComputeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        initial = super().get_initial()
        for key in ("month", "province"):
            if self.request.GET.get(key):
                initial[key] = self.request.GET[key]
        return initial

    def form_valid(self, form):
        month = form.cleaned_data["month"]
        province = form.cleaned_data.get("province")
        user = self.request.user
        value = f"{month:%Y-%m}"
        province_id = province.pk if province else None
        transaction.on_commit(lambda: summary_compute_task.delay(value, province_id, user.pk))
        messages.success(
            self.request,
            _(
                "The summary of %(month)s for %(scope)s is being computed; it appears here "
                "within a minute."
            )
            % {
                "month": Period.month(month).label,
                "scope": province or _("all provinces"),
            },
        )
        return super().form_valid(form)

    def get_success_url(self) -> str:
        return reverse("insights:summary_list")


urlpatterns = [
    path("indicators/", DashboardView.as_view(), name="dashboard"),
    path("indicators/summaries/", SummaryListView.as_view(), name="summary_list"),
    path("indicators/summaries/compute/", SummaryComputeView.as_view(), name="summary_compute"),
    path("indicators/summaries/<id:pk>/", SummaryDetailView.as_view(), name="summary_detail"),
    path(
        "indicators/summaries/<id:pk>/pdf/",
        SummaryPdfRequestView.as_view(),
        name="summary_pdf",
    ),
]
