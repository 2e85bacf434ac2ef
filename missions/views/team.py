"""The team roster: add a member (staff invited by e-mail, or an external participant),
withdraw one, and the invited person's answer to an invitation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.generic import FormView, View

from jpt.core.exceptions import InvalidTransition

from .. import services
from ..choices import PRE_DEPLOYMENT_STATUSES, ParticipationStatus, TeamRole
from ..forms import InvitationAnswerForm, TeamMemberForm
from ..models import Mission, TeamMember
from ..services._common import require_roster_open
from .base import MissionMixin, ServiceFormMixin, mission_section_url


class TeamAddView(MissionMixin, ServiceFormMixin, FormView):
    """A manager puts a staff member (invited by e-mail) or an external participant on the team."""

    template_name = "missions/team_form.html"
    form_class = TeamMemberForm
    section = "team"

    def check_state(self) -> None:
        require_roster_open(self.mission)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "mission": self.mission, "user": self.request.user}

    def save(self, form):
        member = services.team_add_member(
            mission=self.mission, user=self.request.user, data=form.service_data()
        )
        if member.user_id:
            messages.success(
                self.request,
                _("%(name)s is invited; an e-mail with the invitation is on its way.")
                % {"name": member.name},
            )
        else:
            messages.success(self.request, _("%(name)s is on the team.") % {"name": member.name})
        return member


class TeamWithdrawView(MissionMixin, View):
    """A manager takes someone off the team (POST from the roster)."""

    http_method_names = ["post"]
    section = "team"

    def post(self, request, pk: int, member_id: int):
        member = get_object_or_404(self.mission.team.select_related("user"), pk=member_id)
        member.mission = self.mission
        try:
            services.team_withdraw(member=member, user=request.user)
        except InvalidTransition as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(name)s is withdrawn.") % {"name": member.name})
        return redirect(self.get_success_url())


class InvitationAnswerView(LoginRequiredMixin, View):
    """The invited person accepts or declines (the links of the invitation e-mail land here).

    GET shows what the invitee needs to answer (title, role, lead, area, dates, base; not the
    mandate nor anything else of the mission, which they see once they accept) and asks to
    confirm the answer given in ``?answer=``: it changes nothing. POST records the answer.
    The page exists only for the invited person's own place, while they are not withdrawn:
    anyone else, a withdrawn invitee, or a member of another mission in the URL gets a 404.
    """

    template_name = "missions/invitation_answer.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.member = get_object_or_404(
            TeamMember.objects.filter(user=request.user)
            .exclude(status=ParticipationStatus.WITHDRAWN)
            .select_related(
                "user",
                "mission",
                "mission__request",
                "mission__request__territory",
                "mission__province",
                "mission__lead",
                "mission__host_base",
            ),
            pk=kwargs["member_id"],
            mission_id=kwargs["pk"],
        )
        self.mission = self.member.mission
        return super().dispatch(request, *args, **kwargs)

    def answerable(self) -> str:
        """Why the invitation can no longer be answered ('' when it can)."""
        if self.member.role == TeamRole.TEAM_LEAD:
            return _("You lead this mission: change the lead in the mission's plan.")
        if self.member.status == ParticipationStatus.WITHDRAWN:
            return _("You were withdrawn from this team.")
        if self.mission.status not in PRE_DEPLOYMENT_STATUSES:
            return _("The team has left: the invitation can no longer be answered.")
        return ""

    def render_page(self, form, status=200):
        context = {
            "mission": self.mission,
            "member": self.member,
            "form": form,
            "closed_reason": self.answerable(),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk: int, member_id: int):
        answer = request.GET.get("answer")
        initial = {"answer": answer} if answer in {"accept", "decline"} else {}
        return self.render_page(InvitationAnswerForm(initial=initial))

    def post(self, request, pk: int, member_id: int):
        form = InvitationAnswerForm(request.POST)
        if not form.is_valid():
            return self.render_page(form, status=400)
        accept = form.cleaned_data["answer"] == "accept"
        try:
            services.team_respond(member=self.member, user=request.user, accept=accept)
        except InvalidTransition as error:
            messages.error(request, error.message)
        else:
            if accept:
                messages.success(request, _("Thank you: you are on the team."))
            else:
                messages.success(request, _("Your answer is recorded: you will not join."))
        if Mission.objects.visible_to(request.user).filter(pk=self.mission.pk).exists():
            return redirect(mission_section_url(self.mission, "team"))
        return redirect("home")


urlpatterns = [
    path("missions/<id:pk>/team/add/", TeamAddView.as_view(), name="team_add"),
    path(
        "missions/<id:pk>/team/<id:member_id>/withdraw/",
        TeamWithdrawView.as_view(),
        name="team_withdraw",
    ),
    path(
        "missions/<id:pk>/team/<id:member_id>/answer/",
        InvitationAnswerView.as_view(),
        name="team_answer",
    ),
]
