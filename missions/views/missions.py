"""Pages for missions: the list, the mission page with its sections, the plan and logistics
forms, and the POST-only actions (status change, early notice, e-mail resend).

Querysets start from ``Mission.objects.visible_to(user)`` so a mission out of scope is a 404;
acting needs ``missions.permissions.can_manage`` (403 otherwise), and the services decide.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import DetailView, FormView, ListView, View

from jpt.audit.history import page_history
from jpt.core.exceptions import InvalidTransition
from jpt.core.views import ExportMixin, FilteredListMixin, ScopedPermissionMixin
from jpt.notifications.choices import EmailStatus
from jpt.notifications.models import EmailMessage
from missions.caching import CachedCountMixin, LazyRows, PartsMixin

from .. import services
from ..choices import (
    MISSION_STATUS_COLOURS,
    MISSION_TRANSITIONS,
    PLAN_OPEN_STATUSES,
    PRE_DEPLOYMENT_STATUSES,
    ROSTER_OPEN_STATUSES,
    MissionStatus,
)
from ..filters import MissionFilter
from ..forms import LogisticsForm, MissionPlanForm, MissionStatusForm
from ..history import MISSION_VOCABULARY
from ..models import LogisticsItem, Mission, TeamMember
from ..permissions import can_contribute, can_manage, can_see_contacts
from ..selectors import (
    mission_composition,
    missions_led_or_joined,
    readiness_checks,
    timeline_indicators,
)
from ..services._common import require_plan_open
from .base import MissionMixin, OpenMissionMixin, ServiceFormMixin, field_record_open

# Status changes that record a date (the actual departure or return).
DATED_STATUSES = {MissionStatus.DEPLOYED, MissionStatus.RETURNED}


# The export of the mission lists: what their table shows (missions/partials/mission_table.html).
MISSION_EXPORT_COLUMNS = [
    (gettext_lazy("Reference"), "reference"),
    (gettext_lazy("Title"), "title"),
    (gettext_lazy("Province"), "province"),
    (gettext_lazy("Territory"), "request.territory"),
    (gettext_lazy("Lead"), "lead"),
    (gettext_lazy("Departure"), "departure"),
    (gettext_lazy("Return"), "return_date"),
    (gettext_lazy("Team (invited or accepted)"), "team_size"),
    (gettext_lazy("Women on the team"), "team_women"),
    (gettext_lazy("Status"), "get_status_display"),
]


class MissionListView(
    ExportMixin, ScopedPermissionMixin, FilteredListMixin, CachedCountMixin, ListView
):
    """Missions within the user's scope, filtered, searched and paginated; exported as CSV or
    XLSX with the same filters (``ExportMixin``)."""

    permission_required = "missions.view_mission"
    template_name = "missions/mission_list.html"
    context_object_name = "missions"
    paginate_by = 25
    export_name = "missions"
    export_title = gettext_lazy("Missions")
    export_columns = MISSION_EXPORT_COLUMNS

    def get_queryset(self):
        user = self.request.user
        self.filterset = MissionFilter(
            self.request.GET or None,
            queryset=Mission.objects.visible_to(user).with_list_data().with_team_counts(),
            user=user,
        )
        return self.filterset.qs.order_by("-created_at", "-id")


class MyMissionListView(ExportMixin, LoginRequiredMixin, CachedCountMixin, ListView):
    """The missions the user leads or is on (the home page shows the first of them)."""

    template_name = "missions/mission_list.html"
    context_object_name = "missions"
    paginate_by = 25
    export_name = "my-missions"
    export_title = gettext_lazy("My missions")
    export_columns = MISSION_EXPORT_COLUMNS

    def get_queryset(self):
        user = self.request.user
        return (
            Mission.objects.visible_to(user)
            .filter(id__in=missions_led_or_joined(user).values("id"))
            .with_list_data()
            .with_team_counts()
            .order_by("-created_at", "-id")
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "page_title": _("My missions")}


# --------------------------------------------------------------------------------------------
# The mission page
# --------------------------------------------------------------------------------------------


class MissionDetailView(LoginRequiredMixin, PartsMixin, DetailView):
    """Everything about a mission, in sections. Seeing it needs only ``visible_to``: a user
    invited to the team sees the mission even without the ``view_mission`` permission."""

    template_name = "missions/mission_detail.html"
    context_object_name = "mission"

    def get_queryset(self):
        # What the page draws outside its body: the heading (the request's title) and the
        # actions. The body (``{% part mission_body %}``, drawn once per version of the data for
        # this viewer) reads ``body_mission``, loaded only when the body is drawn.
        return Mission.objects.visible_to(self.request.user).select_related("request")

    def body_mission(self) -> Mission:
        """The mission with all its body shows (its area, people, base, report, roster)."""
        return (
            Mission.objects.with_list_data()
            .select_related("request__requested_by", "host_base__locality", "report")
            .prefetch_related(
                Prefetch("team", queryset=TeamMember.objects.select_related("user").order_by("id"))
            )
            .get(pk=self.object.pk)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mission = self.object
        user = self.request.user
        manage = can_manage(user, mission)
        contributes = can_contribute(user, mission)
        body = SimpleLazyObject(self.body_mission)
        context.update(
            {
                "can_see_contacts": can_see_contacts(user, mission),
                "can_edit_field_record": contributes and field_record_open(mission),
                # The list is the field phase's (and the report's): not judged while planning.
                "stakeholder_no_woman_flag": mission.status not in PRE_DEPLOYMENT_STATUSES,
                "can_manage": manage,
                "can_contribute": contributes,
                # What only the body reads, read lazily: never on a view it comes from the cache.
                "body_mission": body,
                "team": LazyRows(SimpleLazyObject(lambda: body.team.all())),
                "composition": SimpleLazyObject(lambda: mission_composition(body)),
                **self.section_rows(body),
                "logistics": LazyRows(SimpleLazyObject(lambda: body.logistics.all())),
                "indicators": LazyRows(SimpleLazyObject(lambda: timeline_indicators(body))),
                "checks": LazyRows(SimpleLazyObject(lambda: readiness_checks(body))),
                **self.email_context(mission),
                "history": page_history(self.request, [mission], MISSION_VOCABULARY),
                "plan_editable": manage and mission.status in PLAN_OPEN_STATUSES,
                "roster_open": manage and mission.status in ROSTER_OPEN_STATUSES,
                "can_send_notice": manage and mission.status in PRE_DEPLOYMENT_STATUSES,
                "status_actions": status_actions(mission) if manage else [],
                "today": timezone.localdate(),
            }
        )
        return context

    @staticmethod
    def section_rows(mission: Mission) -> dict:
        """The consultations and stakeholders sections' rows (40 of each on a busy mission),
        read when the template first needs them; their templates escape every value, and
        show stakeholders' phone numbers only with ``can_see_contacts``."""
        consultations = LazyRows(
            SimpleLazyObject(
                lambda: mission.consultations.select_related(
                    "locality", "interpreter", "interpreter__user", "recorded_by"
                )
            )
        )
        stakeholder_links = LazyRows(
            SimpleLazyObject(
                lambda: mission.stakeholders.select_related(
                    "stakeholder", "stakeholder__locality", "added_by"
                )
            )
        )
        return {
            "consultations": consultations,
            "stakeholder_links": stakeholder_links,
            "stakeholder_women": SimpleLazyObject(
                lambda: sum(1 for link in stakeholder_links if link.stakeholder.sex == "female")
            ),
        }

    EMAILS_SHOWN = 10

    def email_context(self, mission: Mission) -> dict:
        """The mission's e-mails: failed ones first (to send again), then the newest; the
        first ``EMAILS_SHOWN`` unless the page is asked for all (``?emails=all``)."""
        emails = (
            EmailMessage.objects.for_object(mission)
            .only("to_address", "subject", "status", "created_at", "sent_at", "last_error")
            .failed_first()
        )
        if self.request.GET.get("emails") == "all":
            return {"emails": list(emails), "emails_cut": False}
        shown = list(emails[: self.EMAILS_SHOWN + 1])
        return {"emails": shown[: self.EMAILS_SHOWN], "emails_cut": len(shown) > self.EMAILS_SHOWN}


def status_actions(mission: Mission) -> list[dict]:
    """The buttons for each status the mission may move to, cancellation last."""
    targets = sorted(
        MISSION_TRANSITIONS[MissionStatus(mission.status)],
        key=lambda s: (s == MissionStatus.CANCELLED, list(MissionStatus).index(s)),
    )
    return [
        {
            "status": target.value,
            "label": target.label,
            "colour": MISSION_STATUS_COLOURS[target],
            "needs_date": target in DATED_STATUSES,
            "is_cancel": target == MissionStatus.CANCELLED,
        }
        for target in targets
    ]


# --------------------------------------------------------------------------------------------
# Forms: plan and logistics
# --------------------------------------------------------------------------------------------


class ServiceFormView(MissionMixin, ServiceFormMixin, FormView):
    """A manager's form whose valid data goes to a service."""


class MissionPlanView(ServiceFormView):
    """Managers change the plan: mandate, lead, host base, dates, accommodation for women."""

    template_name = "missions/mission_plan_form.html"
    form_class = MissionPlanForm
    success_message = gettext_lazy("Plan saved.")

    def check_state(self) -> None:
        require_plan_open(self.mission)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "mission": self.mission}

    def save(self, form):
        services.mission_update_plan(
            mission=self.mission, user=self.request.user, data=form.cleaned_data
        )


class LogisticsCreateView(OpenMissionMixin, ServiceFormView):
    template_name = "missions/logistics_form.html"
    form_class = LogisticsForm
    section = "logistics"
    what = gettext_lazy("logistics")
    success_message = gettext_lazy("Logistics line added.")

    def save(self, form):
        services.logistics_add(mission=self.mission, user=self.request.user, data=form.cleaned_data)


class LogisticsUpdateView(LogisticsCreateView):
    success_message = gettext_lazy("Logistics line updated.")

    def load_objects(self) -> None:
        self.item = get_object_or_404(
            LogisticsItem, pk=self.kwargs["item_id"], mission=self.mission
        )
        self.item.mission = self.mission

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "item": self.item}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "item": self.item}

    def save(self, form):
        services.logistics_update(item=self.item, user=self.request.user, data=form.cleaned_data)


# --------------------------------------------------------------------------------------------
# POST-only actions
# --------------------------------------------------------------------------------------------


class MissionActionView(MissionMixin, View):
    """A button on the mission page: do it, say how it went, go back to the page."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            message = self.act()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except InvalidTransition as error:
            messages.error(request, error.message)
        else:
            if message:
                messages.success(request, message)
        return redirect(self.get_success_url())


class MissionStatusView(MissionActionView):
    def act(self) -> str:
        form = MissionStatusForm(self.request.POST)
        if not form.is_valid():
            errors = [m for field_errors in form.errors.values() for m in field_errors]
            raise ValidationError(errors)
        mission = services.mission_change_status(
            mission=self.mission,
            user=self.request.user,
            status=form.cleaned_data["status"],
            on_date=form.cleaned_data["on_date"],
        )
        return _("The mission is now %(status)s.") % {
            "status": mission.get_status_display().lower()
        }


class MissionEarlyNoticeView(MissionActionView):
    section = "emails"

    def act(self) -> str:
        sent = services.mission_send_early_notice(mission=self.mission, user=self.request.user)
        return ngettext(
            "Early notice queued: %(n)d e-mail.",
            "Early notice queued: %(n)d e-mails.",
            sent,
        ) % {"n": sent}


class MissionEmailResendView(MissionActionView):
    section = "emails"

    def act(self) -> str:
        email = get_object_or_404(
            EmailMessage.objects.for_object(self.mission), pk=self.kwargs["email_id"]
        )
        if email.status == EmailStatus.SENT:
            return _("This e-mail was already sent.")
        services.mission_email_resend(
            mission=self.mission, user=self.request.user, message_id=email.pk
        )
        return _("E-mail to %(to)s queued again.") % {"to": email.to_address}


urlpatterns = [
    path("missions/", MissionListView.as_view(), name="mission_list"),
    path("missions/mine/", MyMissionListView.as_view(), name="my_missions"),
    path("missions/<id:pk>/", MissionDetailView.as_view(), name="mission_detail"),
    path("missions/<id:pk>/plan/", MissionPlanView.as_view(), name="mission_plan"),
    path(
        "missions/<id:pk>/logistics/new/",
        LogisticsCreateView.as_view(),
        name="logistics_create",
    ),
    path(
        "missions/<id:pk>/logistics/<id:item_id>/edit/",
        LogisticsUpdateView.as_view(),
        name="logistics_update",
    ),
    path("missions/<id:pk>/status/", MissionStatusView.as_view(), name="mission_status"),
    path(
        "missions/<id:pk>/early-notice/",
        MissionEarlyNoticeView.as_view(),
        name="mission_early_notice",
    ),
    path(
        "missions/<id:pk>/emails/<id:email_id>/resend/",
        MissionEmailResendView.as_view(),
        name="mission_email_resend",
    ),
]
