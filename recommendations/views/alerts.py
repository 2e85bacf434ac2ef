"""Community alerts and material support.

- Alerts: the list in the user's scope (``recommendations.view_followup``), those still without
  a response after ``JPT_ALERT_RESPONSE_HOURS`` flagged; CLIs (``recommendations.log_followup``)
  log an alert and record its relay, its response and the use of the community protection
  plan (``services.alert_record``, ``services.alert_update``). The plan's safe areas and escort
  points are those of the locality's approved plan (``services.plan_options``), narrowed with
  htmx once the locality is chosen.
- Material support: the list (with its totals by sex), and the form for CLIs and Civil
  Affairs officers (``services.support_record``).

Rows are loaded through ``visible_to(user)``: out of scope is a 404.
"""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.contrib import messages
from django.db.models import Sum
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView

from jpt.core.ids import parse_id
from jpt.core.views import ExportMixin, FilteredListMixin, ScopedPermissionMixin
from missions.caching import CachedChoicesMixin, CachedCountMixin, LazyRows
from missions.views.base import ServiceFormMixin

from .. import services
from ..filters import AlertFilter, SupportFilter
from ..forms.alerts import AlertForm, SupportForm, user_localities
from ..models import (
    PERM_LOG_FOLLOWUP,
    PERM_TRACK,
    PERM_VIEW_FOLLOWUP,
    CommunityAlert,
    MaterialSupport,
)

# --------------------------------------------------------------------------------------------
# Community alerts
# --------------------------------------------------------------------------------------------


def plan_use(alert) -> str:
    """The protection plan column of the list: used (and how it worked), not used, or blank."""
    if alert.plan_used:
        outcome = alert.get_plan_outcome_display()
        return f"{_('Used')} · {outcome}" if outcome else _("Used")
    return _("Not used") if alert.plan_used is False else ""


# The export of the alert list: what its table shows (recommendations/alert_list.html).
ALERT_EXPORT_COLUMNS = [
    (gettext_lazy("Received"), "received_at"),
    (gettext_lazy("Base"), "base"),
    (gettext_lazy("Locality"), "locality.name"),
    (gettext_lazy("Territory"), "locality.territory.name"),
    (gettext_lazy("Threat"), "get_threat_type_display"),
    (gettext_lazy("Channel"), "get_channel_display"),
    (gettext_lazy("Raised by"), "get_source_display"),
    (gettext_lazy("Relayed"), "relayed_at"),
    (gettext_lazy("Relayed to"), "relayed_to_labels"),
    (gettext_lazy("Response"), "responded_at"),
    (gettext_lazy("No response yet (flagged)"), "is_waiting"),
    (gettext_lazy("Protection plan"), plan_use),
]


class AlertListView(
    ExportMixin, ScopedPermissionMixin, FilteredListMixin, CachedCountMixin, ListView
):
    """Alerts in my provinces, newest first; those waiting for a response flagged."""

    permission_required = PERM_VIEW_FOLLOWUP
    template_name = "recommendations/alert_list.html"
    context_object_name = "alerts"
    paginate_by = 25
    export_name = "community-alerts"
    export_title = gettext_lazy("Community alerts")
    export_columns = ALERT_EXPORT_COLUMNS

    def get_queryset(self):
        user = self.request.user
        alerts = CommunityAlert.objects.visible_to(user).select_related(
            "locality__territory", "base", "cli", "province"
        )
        self.filterset = AlertFilter(self.request.GET or None, queryset=alerts, user=user)
        return self.filterset.qs.order_by("-received_at", "-id")

    def prepare_export_row(self, alert):
        alert.is_waiting = alert.waiting_for_response(self.now)
        return alert

    @cached_property
    def now(self):
        return timezone.now()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Read by the table only when it is drawn ({% part %}).
        context["alerts"] = LazyRows(context["alerts"], self.prepare_export_row)
        context["response_hours"] = settings.JPT_ALERT_RESPONSE_HOURS
        context["can_log"] = self.request.user.has_perm(PERM_LOG_FOLLOWUP)
        return context


class AlertCreateView(ScopedPermissionMixin, ServiceFormMixin, CachedChoicesMixin, FormView):
    """A CLI logs an alert received from a community."""

    permission_required = PERM_LOG_FOLLOWUP
    template_name = "recommendations/alert_form.html"
    form_class = AlertForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save(self, form):
        data = form.service_data()
        if data["base"] is None and data["locality"] is not None:
            data["base"] = services.base_for(data["locality"])
        services.alert_record(user=self.request.user, data=data)
        messages.success(self.request, _("Alert logged."))

    def get_success_url(self) -> str:
        return reverse("recommendations:alert_list")


class AlertUpdateView(ScopedPermissionMixin, ServiceFormMixin, CachedChoicesMixin, FormView):
    """An alert: what came, when, to whom it was relayed, the response, the plan's use. CLIs
    record the relay, the response and the plan as they come; others read it."""

    permission_required = PERM_VIEW_FOLLOWUP
    template_name = "recommendations/alert_form.html"
    form_class = AlertForm
    lazy_form = True  # drawn in {% part alert_form %}: built only when drawn

    def dispatch(self, request, *args, **kwargs):
        if not (request.user.is_authenticated and self.has_permission()):
            return self.handle_no_permission()
        self.alert = get_object_or_404(
            CommunityAlert.objects.visible_to(request.user).select_related(
                "locality__territory", "base", "cli", "province", "safe_area", "escort_point"
            ),
            pk=kwargs["pk"],
        )
        self.can_log = request.user.has_perm(PERM_LOG_FOLLOWUP)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.can_log:
            self.raise_exception = True
            return self.handle_no_permission()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.alert}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "alert": self.alert,
                "can_log": self.can_log,
                "is_waiting": self.alert.waiting_for_response(),
                "response_hours": settings.JPT_ALERT_RESPONSE_HOURS,
            }
        )
        return context

    def save(self, form):
        data = form.service_data()
        if data["base"] is None and data["locality"] is not None:
            data["base"] = services.base_for(data["locality"])
        services.alert_update(alert=self.alert, user=self.request.user, data=data)
        messages.success(self.request, _("Alert updated."))

    def get_success_url(self) -> str:
        return reverse("recommendations:alert_list")


class PlanOptionsView(ScopedPermissionMixin, View):
    """htmx fragment: the ``<option>``s of the safe area or escort point of the chosen
    locality's approved protection plan (none for a locality outside the user's provinces)."""

    permission_required = PERM_LOG_FOLLOWUP

    def get(self, request, *args, **kwargs):
        pk = parse_id(request.GET.get("locality"))
        locality = None if pk is None else user_localities(request.user).filter(pk=pk).first()
        options = []
        if locality is not None:
            safe_areas, escort_points = services.plan_options(locality)
            if request.GET.get("kind") == "escort_point":
                options = list(escort_points.order_by("place", "id"))
            else:
                options = [
                    {"pk": area.pk, "label": f"{area.name} ({area.locality.name})"}
                    for area in safe_areas.select_related("locality").order_by("name", "id")
                ]
        return render(request, "recommendations/partials/plan_options.html", {"options": options})


# --------------------------------------------------------------------------------------------
# Material support
# --------------------------------------------------------------------------------------------


# The export of the material support: what its table shows (recommendations/support_list.html).
SUPPORT_EXPORT_COLUMNS = [
    (gettext_lazy("Given on"), "given_on"),
    (gettext_lazy("Item"), "get_item_display"),
    (gettext_lazy("Which item"), "item_detail"),
    (gettext_lazy("Note"), "note"),
    (gettext_lazy("Locality"), "locality.name"),
    (gettext_lazy("Territory"), "locality.territory.name"),
    (gettext_lazy("Province"), "province"),
    (gettext_lazy("Women"), "women"),
    (gettext_lazy("Men"), "men"),
    (gettext_lazy("Recorded by"), "recorded_by"),
]


class SupportListView(
    ExportMixin, ScopedPermissionMixin, FilteredListMixin, CachedCountMixin, ListView
):
    """Items given out in my provinces, with the recipients by sex and their totals."""

    permission_required = PERM_VIEW_FOLLOWUP
    template_name = "recommendations/support_list.html"
    context_object_name = "rows"
    paginate_by = 25
    export_name = "material-support"
    export_title = gettext_lazy("Material support")
    export_columns = SUPPORT_EXPORT_COLUMNS

    def get_queryset(self):
        user = self.request.user
        rows = MaterialSupport.objects.visible_to(user).select_related(
            "locality__territory", "province", "recorded_by"
        )
        self.filterset = SupportFilter(self.request.GET or None, queryset=rows, user=user)
        return self.filterset.qs.order_by("-given_on", "-id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        totals = self.filterset.qs.order_by().aggregate(women=Sum("women"), men=Sum("men"))
        women, men = totals["women"] or 0, totals["men"] or 0
        context["totals"] = {
            "women": women,
            "men": men,
            "women_share": round(100 * women / (women + men)) if women + men else None,
        }
        user = self.request.user
        context["can_record"] = user.has_perm(PERM_LOG_FOLLOWUP) or user.has_perm(PERM_TRACK)
        return context


class SupportCreateView(ScopedPermissionMixin, ServiceFormMixin, CachedChoicesMixin, FormView):
    """CLIs and Civil Affairs officers record items given out."""

    template_name = "recommendations/support_form.html"
    form_class = SupportForm

    def has_permission(self) -> bool:
        user = self.request.user
        return user.has_perm(PERM_LOG_FOLLOWUP) or user.has_perm(PERM_TRACK)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save(self, form):
        services.support_record(user=self.request.user, data=form.service_data())
        messages.success(self.request, _("Material support recorded."))

    def get_success_url(self) -> str:
        return reverse("recommendations:support_list")


urlpatterns = [
    path("follow-up/alerts/", AlertListView.as_view(), name="alert_list"),
    path("follow-up/alerts/new/", AlertCreateView.as_view(), name="alert_create"),
    path("follow-up/alerts/plan-options/", PlanOptionsView.as_view(), name="alert_plan_options"),
    path("follow-up/alerts/<id:pk>/", AlertUpdateView.as_view(), name="alert_update"),
    path("follow-up/support/", SupportListView.as_view(), name="support_list"),
    path("follow-up/support/new/", SupportCreateView.as_view(), name="support_create"),
]
