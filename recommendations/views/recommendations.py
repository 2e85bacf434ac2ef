"""Pages of the recommendations: the list in the user's scope, and a recommendation's texts,
decisions and history. (The review chain's pages are in ``reports.views.review``.)

Recommendations are loaded through ``Recommendation.objects.visible_to(user)`` (out of scope:
404).
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import path
from django.views.generic import DetailView, ListView

from jpt.audit.history import history_for
from jpt.core.views import FilteredListMixin, ScopedPermissionMixin
from reports.choices import ReviewLevel
from reports.history import RECOMMENDATION_VOCABULARY
from reports.selectors import recommendation_rows

from .filters import RecommendationFilter

# --------------------------------------------------------------------------------------------
# The recommendation list and a recommendation's history
# --------------------------------------------------------------------------------------------


LEVEL_LABELS = dict(ReviewLevel.choices)


class RecommendationListView(ScopedPermissionMixin, FilteredListMixin, ListView):
    permission_required = "missions.view_mission"
    template_name = "recommendations/recommendation_list.html"
    context_object_name = "recommendations"
    paginate_by = 25

    def get_queryset(self):
        user = self.request.user
        self.filterset = RecommendationFilter(
            self.request.GET or None, queryset=recommendation_rows(user), user=user
        )
        return self.filterset.qs.order_by("-report__created_at", "report_id", "id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for rec in context["recommendations"]:
            rec.open_level_label = LEVEL_LABELS.get(rec.open_level, "")
        return context


class RecommendationDetailView(LoginRequiredMixin, DetailView):
    """A recommendation: original and current text, and every decision taken on it."""

    template_name = "recommendations/recommendation_detail.html"
    context_object_name = "rec"

    def get_queryset(self):
        return (
            recommendation_rows(self.request.user)
            .select_related("report__mission__request__territory", "report__mission__lead")
            .prefetch_related("localities")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rec = self.object
        rec.open_level_label = LEVEL_LABELS.get(rec.open_level, "")
        context.update(
            {
                "report": rec.report,
                "mission": rec.report.mission,
                "decisions": list(
                    rec.decisions.select_related("stage", "decided_by").order_by("decided_at", "id")
                ),
                "history": history_for([rec], RECOMMENDATION_VOCABULARY),
                "text_changed": bool(rec.current_text) and rec.current_text != rec.text,
            }
        )
        return context


urlpatterns = [
    path("recommendations/", RecommendationListView.as_view(), name="recommendation_list"),
    path(
        "recommendations/<id:pk>/",
        RecommendationDetailView.as_view(),
        name="recommendation_detail",
    ),
]
