"""The list of review stages that ended: how long each report stayed at each level of the
chain and how it left it, filtered (``filters.ReviewStageFilter``: the indicators' "time spent
at each review level" link here), 25 a page, the latest decision first; each row links to its
report. Exported as CSV or XLSX with the same filters (``ExportMixin``).

Rows come from ``selectors.review_stage_rows`` (``ReviewStage.objects.visible_to``: whoever
sees the report); the list needs ``missions.view_mission`` as the other record lists do, so
analysts (aggregates only) get a 403. A row shows no reviewer and no comment to the team: those
stay on the report's page.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from missions.views.base import RecordListView

from ..filters import ReviewStageFilter
from ..selectors import review_stage_rows

# The export of the list: what its table shows (reports/review_stage_list.html).
REVIEW_STAGE_EXPORT_COLUMNS = [
    (gettext_lazy("Report"), "report.reference"),
    (gettext_lazy("Mission"), "report.mission.title"),
    (gettext_lazy("Province"), "report.mission.province"),
    (gettext_lazy("Level"), "get_level_display"),
    (gettext_lazy("Arrived"), "entered_at"),
    (gettext_lazy("Left"), "closed_at"),
    (gettext_lazy("Days spent"), "days_spent"),
    (gettext_lazy("Due"), "due_at"),
    (gettext_lazy("Past the deadline"), "was_late"),
    (gettext_lazy("How it ended"), "get_outcome_display"),
]


class ReviewStageListView(RecordListView):
    permission_required = "missions.view_mission"
    template_name = "reports/review_stage_list.html"
    context_object_name = "stages"
    filterset_class = ReviewStageFilter
    rows = staticmethod(review_stage_rows)
    export_name = "review-stages"
    export_title = gettext_lazy("Review stages")
    export_columns = REVIEW_STAGE_EXPORT_COLUMNS
