"""The team list: every place on the teams (invited or accepted) of the missions the user sees,
filtered (``filters.TeamMemberFilter``: the indicators' counts of team members and CLIs link
here), 25 a page, newest mission first; each row links to the member on its mission's roster.
Exported as CSV or XLSX with the same filters (``ExportMixin``).

Rows come from ``selectors.team_member_rows`` (``TeamMember.objects.visible_to``: a roster is
seen by whoever sees its mission); the list needs ``missions.view_mission`` as the mission list
and the other record lists do, so analysts (aggregates only) and requesters get a 403.

What a row shows is what the mission page's roster shows to everyone who sees the mission: the
member's name, role, sex, staff category, section or organisation and participation, and of the
mission what the mission list shows. Never a contact: no e-mail, no telephone. Members who
declined or were withdrawn stay on the mission page only: the indicators count the team as
invited or accepted.
"""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy

from ..filters import TeamMemberFilter
from ..selectors import team_member_rows
from .base import RecordListView

# The export of the list: what its table shows (missions/team_member_list.html).
TEAM_MEMBER_EXPORT_COLUMNS = [
    (gettext_lazy("Name"), "name"),
    (gettext_lazy("Role"), "get_role_display"),
    (gettext_lazy("Sex"), "sex_label"),
    (gettext_lazy("Staff"), "staff_category_label"),
    (gettext_lazy("Section / organisation"), "section_label"),
    (gettext_lazy("Participation"), "get_status_display"),
    (gettext_lazy("Mission"), "mission.reference"),
    (gettext_lazy("Title"), "mission.title"),
    (gettext_lazy("Province"), "mission.province"),
    (gettext_lazy("Territory"), "mission.request.territory"),
    (gettext_lazy("Lead"), "mission.lead"),
    (gettext_lazy("Mission status"), "mission.get_status_display"),
    (gettext_lazy("Departure"), "mission.departure"),
    (gettext_lazy("Return"), "mission.return_date"),
]


class TeamMemberListView(RecordListView):
    permission_required = "missions.view_mission"
    template_name = "missions/team_member_list.html"
    context_object_name = "members"
    filterset_class = TeamMemberFilter
    rows = staticmethod(team_member_rows)
    export_name = "team-members"
    export_title = gettext_lazy("Team members")
    export_columns = TEAM_MEMBER_EXPORT_COLUMNS


urlpatterns = [
    path("missions/team-members/", TeamMemberListView.as_view(), name="team_member_list"),
]
