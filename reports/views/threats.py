"""The list of protection threats: every threat of the reports the user sees, filtered
(``filters.ThreatFilter``: the indicators' counts of threats link here), 25 a page, newest
report first; each row links to its report's page. Exported as CSV or XLSX with the same
filters (``ExportMixin``).

Rows come from ``selectors.threat_rows`` (``Threat.objects.visible_to``: a threat is seen by
whoever sees its report); the list needs ``missions.view_mission`` as the other record lists
do, so analysts (aggregates only) get a 403.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from missions.views.base import RecordListView

from ..filters import ThreatFilter
from ..selectors import threat_rows

# The export of the list: what its table shows (reports/threat_list.html), the narrative whole
# (the page cuts it at 160 characters). Nothing the report page would not show that user.
THREAT_EXPORT_COLUMNS = [
    (gettext_lazy("Report"), "report.mission.reference"),
    (gettext_lazy("Mission"), "report.mission.title"),
    (gettext_lazy("Province"), "report.mission.province"),
    (gettext_lazy("Report status"), "report.get_status_display"),
    (gettext_lazy("Report first submitted"), "report.submitted_at"),
    (gettext_lazy("Threat"), "get_threat_type_display"),
    (gettext_lazy("Alleged perpetrator"), "get_perpetrator_category_display"),
    (gettext_lazy("Armed group or unit"), "perpetrator_name"),
    (gettext_lazy("Locations"), "localities"),
    (gettext_lazy("Period"), "period"),
    (gettext_lazy("Frequency"), "frequency"),
    (gettext_lazy("Severity"), "get_severity_display"),
    (gettext_lazy("Trend"), "get_trend_display"),
    (gettext_lazy("Narrative"), "narrative"),
]


class ThreatListView(RecordListView):
    permission_required = "missions.view_mission"
    template_name = "reports/threat_list.html"
    context_object_name = "threats"
    filterset_class = ThreatFilter
    rows = staticmethod(threat_rows)
    export_name = "threats"
    export_title = gettext_lazy("Protection threats")
    export_columns = THREAT_EXPORT_COLUMNS
