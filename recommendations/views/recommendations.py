"""Pages of the recommendations: the list in the user's scope (with the follow-up board's
filters: implementation status, owner, age, overdue), and a recommendation's texts, decisions,
implementation, the follow-up visits' observations of it and its history. (The review chain's
pages are in ``reports.views.review``.)

Recommendations are loaded through ``Recommendation.objects.visible_to(user)`` (out of scope:
404).
"""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from jpt.audit.history import page_history
from jpt.core.views import ExportMixin, FilteredListMixin, ScopedPermissionMixin
from missions.caching import CachedCountMixin, LazyRows, PartsMixin
from reports.choices import RecommendationStatus, ReviewLevel
from reports.selectors import recommendation_rows
from reports.templatetags.review_tags import waiting_label

from ..choices import (
    DONE_IMPLEMENTATION_STATUSES,
    IMPLEMENTATION_STATUS_COLOURS,
    Finding,
    ImplementationStatus,
)
from ..filters import RecommendationFilter
from ..history import FOLLOW_UP_VOCABULARY
from ..models import PERM_TRACK, FollowUpVisit, VisitObservation

# --------------------------------------------------------------------------------------------
# The recommendation list and a recommendation's history
# --------------------------------------------------------------------------------------------


LEVEL_LABELS = dict(ReviewLevel.choices)
FINDING_COLOURS = {
    Finding.AS_PLANNED: "success",
    Finding.PARTLY: "info",
    Finding.NOT_AT_ALL: "warning",
    Finding.WORSE: "danger",
}


def implementation_state(rec, today) -> None:
    """Put on ``rec`` its implementation's status (label, colour) and whether it is past its
    target date, as ``selectors.approved_rows`` computes them (the implementation's target
    date, else the recommendation's)."""
    implementation = getattr(rec, "implementation", None)
    status = ImplementationStatus(
        implementation.status if implementation else ImplementationStatus.NOT_STARTED
    )
    target = (implementation.target_date if implementation else None) or rec.target_date
    rec.impl = implementation
    rec.impl_label = status.label
    rec.impl_colour = IMPLEMENTATION_STATUS_COLOURS[status]
    rec.impl_target = target
    rec.impl_overdue = bool(
        rec.status == RecommendationStatus.APPROVED
        and target
        and target < today
        and status not in DONE_IMPLEMENTATION_STATUSES
    )


def approved_only(attribute: str):
    """An implementation column: shown for approved recommendations only, as on the page."""

    def value(rec):
        return getattr(rec, attribute) if rec.status == RecommendationStatus.APPROVED else None

    return value


# The export of the list: what its table shows (recommendations/recommendation_list.html), the
# text whole (the page cuts it at 160 characters).
RECOMMENDATION_EXPORT_COLUMNS = [
    (_("Recommendation"), "display_text"),
    (_("Report"), "report.mission.reference"),
    (_("Mission"), "report.mission.title"),
    (_("Province"), "report.mission.province"),
    (_("Category"), "get_category_display"),
    (_("Addressed to"), "get_addressee_display"),
    (_("Addressee"), "addressee_detail"),
    (_("Priority"), "get_priority_display"),
    (_("Status"), "get_status_display"),
    (_("Implementation"), approved_only("impl_label")),
    (_("Implementation overdue"), approved_only("impl_overdue")),
    (_("Owner"), approved_only("impl_owner")),
    (_("Waiting at"), "open_level_label"),
    (_("Waiting since"), "open_entered_at"),
    (_("Review overdue"), lambda rec: bool(rec.open_level) and rec.is_overdue),
]


class RecommendationListView(
    ExportMixin, ScopedPermissionMixin, FilteredListMixin, CachedCountMixin, ListView
):
    permission_required = "missions.view_mission"
    template_name = "recommendations/recommendation_list.html"
    context_object_name = "recommendations"
    paginate_by = 25
    export_name = "recommendations"
    export_title = _("Recommendations")
    export_columns = RECOMMENDATION_EXPORT_COLUMNS

    def get_queryset(self):
        user = self.request.user
        self.filterset = RecommendationFilter(
            self.request.GET or None,
            queryset=recommendation_rows(user),
            user=user,
            parts=self.parts,
        )
        return self.filterset.qs.select_related("implementation").order_by(
            "-report__created_at", "report_id", "id"
        )

    def prepare_export_row(self, rec):
        """What the page puts on each row (``prepare_row``), for the export."""
        rec = self.prepare_row(rec)
        rec.impl_owner = rec.impl.owner_name if rec.impl else ""
        return rec

    @cached_property
    def today(self):
        return timezone.localdate()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Read by the table only when it is drawn ({% part %}).
        context["recommendations"] = LazyRows(context["recommendations"], self.prepare_row)
        return context

    def prepare_row(self, rec):
        """What the page shows on each row beyond the recommendation's fields."""
        rec.open_level_label = LEVEL_LABELS.get(rec.open_level, "")
        rec.waiting = waiting_label(rec.open_entered_at) if rec.open_level else ""
        implementation_state(rec, self.today)
        return rec


class RecommendationDetailView(LoginRequiredMixin, PartsMixin, DetailView):
    """A recommendation: original and current text, every decision taken on it, and once
    approved its implementation and what the follow-up visits saw of it (for those who see the
    follow-up)."""

    template_name = "recommendations/recommendation_detail.html"
    context_object_name = "rec"

    def get_queryset(self):
        return (
            recommendation_rows(self.request.user)
            .select_related(
                "report__mission__request__territory", "report__mission__lead", "implementation"
            )
            .prefetch_related("localities")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rec = self.object
        user = self.request.user
        rec.open_level_label = LEVEL_LABELS.get(rec.open_level, "")
        implementation_state(rec, timezone.localdate())
        approved = rec.status == RecommendationStatus.APPROVED
        observations = []
        if approved:
            observations = (
                VisitObservation.objects.filter(
                    recommendation=rec, visit__in=FollowUpVisit.objects.visible_to(user)
                )
                .select_related("visit__cli")
                .prefetch_related("visit__localities")
                .order_by("-visit__visited_on", "-visit_id")
            )
        context.update(
            {
                "report": rec.report,
                "mission": rec.report.mission,
                # The observations and the decisions are read only when their parts are
                # drawn ({% part %}).
                "observations": LazyRows(observations, self.prepare_observation),
                "decisions": LazyRows(
                    rec.decisions.select_related("stage", "decided_by").order_by("decided_at", "id")
                ),
                "history": page_history(self.request, [rec], FOLLOW_UP_VOCABULARY),
                "text_changed": bool(rec.current_text) and rec.current_text != rec.text,
                "approved": approved,
                "implementation": rec.impl,
                "can_track": approved and user.has_perm(PERM_TRACK),
            }
        )
        return context

    @staticmethod
    def prepare_observation(observation):
        observation.colour = FINDING_COLOURS.get(observation.finding, "secondary")
        return observation


urlpatterns = [
    path("recommendations/", RecommendationListView.as_view(), name="recommendation_list"),
    path(
        "recommendations/<id:pk>/",
        RecommendationDetailView.as_view(),
        name="recommendation_detail",
    ),
]
