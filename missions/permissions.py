"""Who may do what on a mission the user can already see (``Mission.objects.visible_to``).

Seeing is decided by querysets; these functions decide acting, and the services call them.
"""

from __future__ import annotations

from .choices import ACTIVE_PARTICIPATION
from .models import JptRequest, Mission

PERM_DECIDE = "missions.decide_jptrequest"
PERM_MANAGE = "missions.manage_mission"
PERM_CONTACTS = "missions.view_stakeholder_contact"


def can_decide_request(user, jpt_request: JptRequest) -> bool:
    """Approve, decline or return a request the user can see: Civil Affairs officers of its
    province, except whoever filed it (another officer decides: nobody approves their own)."""
    return (
        user.is_authenticated
        and user.is_active
        and user.has_perm(PERM_DECIDE)
        and jpt_request.requested_by_id != user.pk
    )


def _in_province(user, mission: Mission) -> bool:
    return user.sees_all_provinces or mission.province_id in user.province_ids()


def _on_team(user, mission: Mission) -> bool:
    """Whether the user holds an active place on the team (cached on the mission)."""
    cache = mission.__dict__.setdefault("_team_user_ids", None)
    if cache is None:
        cache = set(
            mission.team.filter(status__in=ACTIVE_PARTICIPATION, user__isnull=False).values_list(
                "user_id", flat=True
            )
        )
        mission.__dict__["_team_user_ids"] = cache
    return user.pk in cache


def can_manage(user, mission: Mission) -> bool:
    """Plan, change status, manage the team and logistics, send notices: the lead, or a Civil
    Affairs officer of the mission's province."""
    if not (user.is_authenticated and user.is_active):
        return False
    if mission.lead_id == user.pk:
        return True
    return user.has_perm(PERM_MANAGE) and _in_province(user, mission)


def can_contribute(user, mission: Mission) -> bool:
    """Record consultations and stakeholders: managers and the team's active members."""
    return can_manage(user, mission) or (user.is_authenticated and _on_team(user, mission))


def can_see_contacts(user, mission: Mission) -> bool:
    """Stakeholders' phone numbers: the mission's team, and Civil Affairs officers and
    reviewers (head of office, provincial SMG-P) of the mission's province. Nobody else,
    not even roles that see every province."""
    if not (user.is_authenticated and user.is_active):
        return False
    if mission.lead_id == user.pk or _on_team(user, mission):
        return True
    return user.has_perm(PERM_CONTACTS) and mission.province_id in user.province_ids()
