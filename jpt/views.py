"""Pages at the composition level, which read across the domain apps: the home page.

(The shared layer, ``jpt.core`` and its siblings, imports no app; the domain apps import no page
of this module. NetBox keeps its home and search views in its project package for this reason.)
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Case, Count, IntegerField, Value, When, Window
from django.views.generic import TemplateView

from missions.choices import OPEN_MISSION_STATUSES, PERM_DECIDE, RequestStatus
from missions.models import JptRequest, Mission
from missions.selectors import missions_led_or_joined, open_invitations
from reports.selectors import inbox_rows, reviewer_levels


class HomeView(LoginRequiredMixin, TemplateView):
    """What waits for the user, whatever their roles: reviews, invitations, missions whose
    transport is not confirmed, their missions, requests to decide, their requests."""

    template_name = "home.html"
    MY_MISSIONS_SHOWN = 15

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if user.has_perm("missions.add_jptrequest"):
            context["my_requests"] = JptRequest.objects.filter(requested_by=user).with_list_data()[
                :5
            ]
        if user.has_perm(PERM_DECIDE):
            context["awaiting_decision"] = (
                JptRequest.objects.visible_to(user)
                .filter(status=RequestStatus.SUBMITTED)
                .exclude(requested_by=user)  # another officer decides what one filed
                .with_list_data()
                .order_by("start_date")[:10]
            )
        context.update(self.mission_context(user))
        context.update(self.review_context(user))
        return context

    def review_context(self, user) -> dict:
        """Reviewers: the report stages waiting for them, longest waiting first (one query;
        none for a user who reviews at no level, since permissions are cached)."""
        if not reviewer_levels(user):
            return {}
        return {"review_waiting": list(inbox_rows(user)[:10])}

    def mission_context(self, user) -> dict:
        """ "My missions" (led or joined, open ones first) and the missions whose transport is
        not confirmed 48 hours before departure (for those who manage them)."""
        visible = Mission.objects.visible_to(user)
        mine = visible.filter(id__in=missions_led_or_joined(user).values("id"))
        my_missions = list(
            mine.with_list_data()
            .with_team_counts()
            # How many there are in all, in the same query (the list is cut off).
            .annotate(total=Window(Count("pk")))
            .annotate(
                closed=Case(
                    When(status__in=OPEN_MISSION_STATUSES, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("closed", "planned_departure", "id")[: self.MY_MISSIONS_SHOWN]
        )
        context = {
            "my_missions": my_missions,
            "my_missions_count": my_missions[0].total if my_missions else 0,
            "invitations": list(open_invitations(user)),
        }
        if user.has_perm("missions.manage_mission") or any(
            m.lead_id == user.pk for m in my_missions
        ):
            context["transport_unconfirmed"] = list(
                visible.manageable_by(user)
                .transport_unconfirmed_soon()
                .with_list_data()
                .order_by("planned_departure", "id")
            )
        return context
