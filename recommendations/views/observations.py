"""The list of observations: what the follow-up visits in the user's scope saw of each approved
recommendation (one row a visit and a recommendation), filtered (``filters.ObservationFilter``:
the indicators' counts of what the visits saw link here), 25 a page, newest visit first; each
row links to its visit and to its recommendation. Exported as CSV or XLSX with the same filters
(``ExportMixin``).

Rows come from ``selectors.observation_rows`` (the visits ``FollowUpVisit.objects.visible_to``
lets the user see, as the visit page shows their observations); the list needs the follow-up
permission, as the visit list does. What a row shows is what the visit page shows of the
observation, but its note: free text a CLI wrote in the field stays on the visit page.
"""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy

from missions.views.base import RecordListView

from ..filters import ObservationFilter
from ..models import PERM_VIEW_FOLLOWUP
from ..selectors import observation_rows

# The export of the list: what its table shows (recommendations/observation_list.html).
OBSERVATION_EXPORT_COLUMNS = [
    (gettext_lazy("Visited on"), "visit.visited_on"),
    (gettext_lazy("Province"), "visit.province"),
    (gettext_lazy("CLI"), "visit.cli"),
    (gettext_lazy("What was seen"), "get_finding_display"),
    (gettext_lazy("Recommendation"), "recommendation.display_text"),
    (gettext_lazy("Mission"), "recommendation.report.mission.reference"),
    (gettext_lazy("Report"), "recommendation.report.reference"),
]


class ObservationListView(RecordListView):
    permission_required = PERM_VIEW_FOLLOWUP
    template_name = "recommendations/observation_list.html"
    context_object_name = "observations"
    filterset_class = ObservationFilter
    rows = staticmethod(observation_rows)
    export_name = "observations"
    export_title = gettext_lazy("What the visits saw")
    export_columns = OBSERVATION_EXPORT_COLUMNS


urlpatterns = [
    path("follow-up/observations/", ObservationListView.as_view(), name="observation_list"),
]
