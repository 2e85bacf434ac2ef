"""Reads about missions that are more than a filter: composition, readiness, timeline, and the
consultation list's rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jpt.accounts.choices import Sex

from .choices import (
    ACTIVE_PARTICIPATION,
    PRE_DEPLOYMENT_STATUSES,
    TEAM_RIGHTS_PARTICIPATION,
    ConsultationType,
    ParticipationStatus,
    TeamRole,
    TriggerCategory,
)
from .models import Consultation, Mission, MissionStakeholder, TeamMember
from .models.missions import (
    INVITATION_LEAD_MAX,
    INVITATION_LEAD_MIN,
    PLANNING_LEAD_TARGET,
)


@dataclass
class Composition:
    """Who is on the team (invited or accepted): the brief asks to track sex and staff category."""

    total: int = 0
    women: int = 0
    men: int = 0
    national: int = 0
    international: int = 0
    external: int = 0
    sections: list[str] = field(default_factory=list)

    @property
    def women_share(self) -> int | None:
        """Percentage of women, rounded; None for an empty team."""
        return round(100 * self.women / self.total) if self.total else None


def active_members(mission: Mission) -> list[TeamMember]:
    """The active team, with users loaded (uses a prefetched ``team`` when there is one)."""
    members = getattr(mission, "_prefetched_objects_cache", {}).get("team")
    if members is None:
        members = mission.team.select_related("user")
    return [m for m in members if m.is_active]


def mission_composition(mission: Mission) -> Composition:
    comp = Composition()
    sections: list[str] = []
    for member in active_members(mission):
        comp.total += 1
        if member.is_woman:
            comp.women += 1
        else:
            comp.men += 1
        category = member.staff_category
        if category == "national":
            comp.national += 1
        elif category == "international":
            comp.international += 1
        else:
            comp.external += 1
        label = str(member.section_label or "")
        if label and label not in sections:
            sections.append(label)
    comp.sections = sections
    return comp


@dataclass
class Check:
    code: str
    message: str
    blocking: bool = False


def first_invitation_at(mission: Mission):
    times = [
        m.invited_at
        for m in active_members(mission)
        if m.invited_at and m.role != TeamRole.TEAM_LEAD
    ]
    return min(times) if times else None


def invitation_lead_days(mission: Mission) -> int | None:
    """Days between the first invitation and the departure (target: 2 to 7)."""
    invited = first_invitation_at(mission)
    if not (invited and mission.departure):
        return None
    return (mission.departure - timezone.localtime(invited).date()).days


def readiness_checks(mission: Mission) -> list[Check]:
    """What the brief asks of a team, checked on the mission page. Warnings unless blocking."""
    members = active_members(mission)
    roles = {m.role for m in members}
    checks: list[Check] = []
    if not any(m.is_woman for m in members):
        checks.append(
            Check("no_woman", _("No woman on the team: local women speak more freely to women."))
        )
    if TeamRole.GENDER_OFFICER not in roles:
        checks.append(Check("no_gender_officer", _("No gender officer on the team.")))
    if TeamRole.SEXUAL_VIOLENCE_EXPERT not in roles:
        checks.append(Check("no_sv_expert", _("No sexual-violence expert on the team.")))
    if TeamRole.INTERPRETER not in roles:
        checks.append(Check("no_cli", _("No CLI / interpreter on the team.")))
    days = mission.visit_days
    if days is not None and days < settings.JPT_MIN_VISIT_DAYS:
        checks.append(
            Check(
                "short_visit",
                _("The visit lasts %(days)d day(s); the target is at least %(min)d.")
                % {"days": days, "min": settings.JPT_MIN_VISIT_DAYS},
            )
        )
    lead = invitation_lead_days(mission)
    if lead is not None and lead < INVITATION_LEAD_MIN:
        checks.append(
            Check(
                "late_invitations",
                _("Invitations went out less than 48 hours before departure."),
            )
        )
    if not mission.lead_id:
        checks.append(Check("no_lead", _("The mission has no lead."), blocking=True))
    others = [m for m in members if m.status == "accepted" and m.user_id != mission.lead_id]
    if not others:
        checks.append(
            Check(
                "no_member",
                _("No member besides the lead has accepted: the team cannot deploy."),
                blocking=True,
            )
        )
    return checks


def deployment_blockers(mission: Mission) -> list[Check]:
    return [c for c in readiness_checks(mission) if c.blocking]


@dataclass
class Indicator:
    label: str
    value: int | None
    unit: str
    target: str
    ok: bool | None


def timeline_indicators(mission: Mission) -> list[Indicator]:
    """Planning lead time, invitation lead time and visit length, against the brief's targets."""
    planning = mission.planning_lead_days
    invitation = invitation_lead_days(mission)
    visit = mission.visit_days
    emergency = mission.request.trigger_category == TriggerCategory.EMERGENCY
    return [
        # Emergencies come at short notice: the three-week target is for assessments.
        Indicator(
            _("Planning lead time"),
            planning,
            _("days"),
            _("none for an emergency")
            if emergency
            else _("at least %(n)d days") % {"n": PLANNING_LEAD_TARGET},
            None if planning is None or emergency else planning >= PLANNING_LEAD_TARGET,
        ),
        # The brief: invitations 48 hours to a week before departure, and notice "as early
        # as possible"; an early invitation is never a fault, only a late one.
        Indicator(
            _("Invitation lead time"),
            invitation,
            _("days"),
            _("at least %(a)d days (usually %(a)d to %(b)d)")
            % {"a": INVITATION_LEAD_MIN, "b": INVITATION_LEAD_MAX},
            None if invitation is None else invitation >= INVITATION_LEAD_MIN,
        ),
        Indicator(
            _("Visit length"),
            visit,
            _("days"),
            _("at least %(n)d days") % {"n": settings.JPT_MIN_VISIT_DAYS},
            None if visit is None else visit >= settings.JPT_MIN_VISIT_DAYS,
        ),
    ]


def women_meetings(mission: Mission) -> int:
    return mission.consultations.filter(kind=ConsultationType.LOCAL_WOMEN).count()


def missions_led_or_joined(user):
    """Missions the user leads or whose team they are on ("My missions"): an invitation not yet
    accepted is not one of them (see ``open_invitations``)."""
    return Mission.objects.filter(
        Q(lead=user)
        | Q(
            id__in=TeamMember.objects.filter(
                user=user, status__in=TEAM_RIGHTS_PARTICIPATION
            ).values("mission_id")
        )
    )


def open_invitations(user):
    """The user's invitations still waiting for an answer, missions leaving soonest first."""
    return (
        TeamMember.objects.filter(
            user=user,
            status=ParticipationStatus.INVITED,
            mission__status__in=PRE_DEPLOYMENT_STATUSES,
        )
        .select_related("mission__request__territory", "mission__province", "mission__lead")
        .order_by("mission__planned_departure", "id")
    )


# What a team "includes" (the indicators count missions by it, the mission list filters by it):
# conditions on a mission's team members who are invited or accepted.
WOMAN_MEMBER = Q(user__sex=Sex.FEMALE) | Q(user__isnull=True, external_sex=Sex.FEMALE)
TEAM_INCLUDES = {
    "woman": WOMAN_MEMBER,
    "gender_officer": Q(role=TeamRole.GENDER_OFFICER),
    "sv_expert": Q(role=TeamRole.SEXUAL_VIOLENCE_EXPERT),
    "cli": Q(role=TeamRole.INTERPRETER),
}


def missions_whose_team_includes(queryset, what: str):
    """``queryset`` narrowed to the missions whose team (invited or accepted) includes ``what``
    (a key of ``TEAM_INCLUDES``), or whose key-stakeholder list includes a woman
    (``stakeholder_woman``)."""
    if what == "stakeholder_woman":
        return queryset.filter(
            pk__in=MissionStakeholder.objects.filter(stakeholder__sex=Sex.FEMALE).values("mission")
        )
    members = TeamMember.objects.filter(status__in=ACTIVE_PARTICIPATION).filter(TEAM_INCLUDES[what])
    return queryset.filter(pk__in=members.values("mission"))


def team_member_rows(user) -> QuerySet:
    """The places on teams (invited or accepted: the team the indicators count) of the missions
    in the user's scope (``TeamMember.objects.visible_to``), with what the team list shows of
    the member and their mission, in a fixed number of queries; newest mission first, then as
    its roster lists them."""
    return (
        TeamMember.objects.visible_to(user)
        .active()
        .select_related(
            "user",
            "mission__request__territory",
            "mission__province",
            "mission__lead",
        )
        .order_by("-mission_id", "id")
    )


def consultation_rows(user) -> QuerySet:
    """Consultations in the user's scope (``Consultation.objects.visible_to``: whoever sees the
    mission), with what the consultation list shows of their mission and place, in a fixed
    number of queries; newest meeting first (the index ``missions_consult_newest``)."""
    return (
        Consultation.objects.visible_to(user)
        .select_related(
            "mission__request__territory",
            "mission__province",
            "mission__lead",
            "locality__territory",
        )
        .order_by("-held_at", "-id")
    )
