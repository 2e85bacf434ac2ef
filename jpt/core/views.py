"""Shared view helpers and the home page."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.views.generic import TemplateView


class ScopedPermissionMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Anonymous users go to the login page; logged-in users without the permission get 403.

    Views using it start their querysets from ``Model.objects.visible_to(user)``, so a record
    outside the user's scope is a 404.
    """

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            self.raise_exception = True
        return super().handle_no_permission()


class FilteredListMixin:
    """A ListView whose ``get_queryset`` sets ``self.filterset``: puts the filter form and the
    query string without ``page`` (for the pagination links) in the context."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the form's fields (or above the form)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for item in errors:
                for message in item.messages:
                    form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "home.html"
    MY_MISSIONS_SHOWN = 15

    def get_context_data(self, **kwargs):
        from missions.choices import RequestStatus
        from missions.models import JptRequest

        context = super().get_context_data(**kwargs)
        user = self.request.user
        if user.has_perm("missions.add_jptrequest"):
            context["my_requests"] = JptRequest.objects.filter(requested_by=user).with_list_data()[
                :5
            ]
        if user.has_perm("missions.decide_jptrequest"):
            context["awaiting_decision"] = (
                JptRequest.objects.visible_to(user)
                .filter(status=RequestStatus.SUBMITTED)
                .with_list_data()
                .order_by("start_date")[:10]
            )
        context.update(self.mission_context(user))
        context.update(self.review_context(user))
        return context

    def review_context(self, user) -> dict:
        """Reviewers: the report stages waiting for them, longest waiting first (one query;
        none for a user who reviews at no level, since permissions are cached)."""
        from recommendations.selectors import reviewer_levels
        from recommendations.views import inbox_rows

        if not reviewer_levels(user):
            return {}
        return {"review_waiting": list(inbox_rows(user)[:10])}

    def mission_context(self, user) -> dict:
        """ "My missions" (led or joined, open ones first) and the missions whose transport is
        not confirmed 48 hours before departure (for leads and Civil Affairs officers)."""
        from django.db.models import Case, Count, IntegerField, Q, Value, When, Window

        from missions.choices import OPEN_MISSION_STATUSES
        from missions.models import Mission
        from missions.permissions import PERM_MANAGE
        from missions.selectors import missions_led_or_joined, open_invitations
        from missions.views.missions import with_team_counts

        visible = Mission.objects.visible_to(user)
        mine = visible.filter(id__in=missions_led_or_joined(user).values("id"))
        my_missions = list(
            with_team_counts(mine.with_list_data())
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
        manager = user.has_perm(PERM_MANAGE)
        if manager or any(m.lead_id == user.pk for m in my_missions):
            # can_manage: the lead, or a Civil Affairs officer of the mission's province.
            if manager and user.sees_all_provinces:
                scope = Q()
            elif manager:
                scope = Q(lead=user) | Q(province__in=user.provinces.values("id"))
            else:
                scope = Q(lead=user)
            context["transport_unconfirmed"] = list(
                visible.filter(scope)
                .transport_unconfirmed_soon()
                .with_list_data()
                .order_by("planned_departure", "id")
            )
        return context
