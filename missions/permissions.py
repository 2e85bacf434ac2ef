"""Who may do what on a mission the user can already see (``Mission.objects.visible_to``).

Seeing is decided by querysets; these functions decide acting, and the services call them.
"""

from __future__ import annotations

from .choices import PERM_CONTACTS, PERM_DECIDE, PERM_MANAGE, TEAM_RIGHTS_PARTICIPATION
from .models import JptRequest, Mission

__all__ = ["PERM_CONTACTS", "PERM_DECIDE", "PERM_MANAGE"]


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


def team_user_ids(mission: Mission) -> set[int]:
    """Users who hold the team's rights on the mission: the lead and the members who accepted
    (read once per mission instance)."""
    cache = mission.__dict__.get("_team_user_ids")
    if cache is None:
        prefetched = getattr(mission, "_prefetched_objects_cache", {}).get("team")
        if prefetched is not None:  # the mission page has the roster already
            cache = {
                m.user_id for m in prefetched if m.user_id and m.status in TEAM_RIGHTS_PARTICIPATION
            }
        else:
            cache = set(
                mission.team.filter(
                    status__in=TEAM_RIGHTS_PARTICIPATION, user__isnull=False
                ).values_list("user_id", flat=True)
            )
        if mission.lead_id:
            cache.add(mission.lead_id)
        mission.__dict__["_team_user_ids"] = cache
    return cache


def _on_team(user, mission: Mission) -> bool:
    return user.pk in team_user_ids(mission)


def can_manage(user, mission: Mission) -> bool:
    """Plan, change status, manage the team and logistics, send notices: the lead, or a Civil
    Affairs officer of the mission's province."""
    if not (user.is_authenticated and user.is_active):
        return False
    if mission.lead_id == user.pk:
        return True
    return user.has_perm(PERM_MANAGE) and _in_province(user, mission)


def can_contribute(user, mission: Mission) -> bool:
    """Record consultations and stakeholders: managers and the team's members who accepted."""
    return can_manage(user, mission) or (user.is_authenticated and _on_team(user, mission))


def can_see_contacts(user, mission: Mission) -> bool:
    """Stakeholders' phone numbers: the mission's team (members who accepted), and Civil
    Affairs officers and reviewers (head of office, provincial SMG-P) of the mission's province.
    Nobody else: not roles that see every province, nor administrators (a superuser has every
    permission and could put themselves on any team; running the system is not a need to know).
    """
    if not (user.is_authenticated and user.is_active) or user.is_superuser:
        return False
    if _on_team(user, mission):
        return True
    return user.has_perm(PERM_CONTACTS) and mission.province_id in user.province_ids()
