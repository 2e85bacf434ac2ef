"""The list of consultations: every meeting held by the missions the user sees, filtered
(``filters.ConsultationFilter``: the indicators' counts of meetings link here), 25 a page,
newest meeting first; each row links to the meeting on its mission's page. Exported as CSV or
XLSX with the same filters (``ExportMixin``).

Rows come from ``selectors.consultation_rows`` (``Consultation.objects.visible_to``: a meeting
is seen by whoever sees its mission); the list needs ``missions.view_mission`` as the mission
list and the other record lists do, so analysts (aggregates only) and requesters get a 403.

What a row shows is what the mission list shows of the mission, and of the meeting its date,
type, place (locality and territory, whether in the community or on the base) and the
participants counted by sex, which the mission page shows to everyone who sees the mission.
Never a contact nor a name: no stakeholder, no interpreter, no venue, no topic or concern (free
text that may name people): those stay on the mission page, for those it shows them to.
"""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy

from ..filters import ConsultationFilter
from ..selectors import consultation_rows
from .base import RecordListView

# The export of the list: what its table shows (missions/consultation_list.html), nothing the
# mission page would not show that user.
CONSULTATION_EXPORT_COLUMNS = [
    (gettext_lazy("Mission"), "mission.reference"),
    (gettext_lazy("Title"), "mission.title"),
    (gettext_lazy("Province"), "mission.province"),
    (gettext_lazy("Territory"), "mission.request.territory"),
    (gettext_lazy("Lead"), "mission.lead"),
    (gettext_lazy("Mission status"), "mission.get_status_display"),
    (gettext_lazy("Date and time"), "held_at"),
    (gettext_lazy("Type"), "get_kind_display"),
    (gettext_lazy("Locality"), "locality"),
    (gettext_lazy("Locality's territory"), "locality.territory"),
    (gettext_lazy("Held"), "get_setting_display"),
    (gettext_lazy("Women"), "women"),
    (gettext_lazy("Men"), "men"),
    (gettext_lazy("Girls"), "girls"),
    (gettext_lazy("Boys"), "boys"),
]


class ConsultationListView(RecordListView):
    permission_required = "missions.view_mission"
    template_name = "missions/consultation_list.html"
    context_object_name = "consultations"
    filterset_class = ConsultationFilter
    rows = staticmethod(consultation_rows)
    export_name = "consultations"
    export_title = gettext_lazy("Consultations")
    export_columns = CONSULTATION_EXPORT_COLUMNS


urlpatterns = [
    path("consultations/", ConsultationListView.as_view(), name="consultation_list"),
]
