"""Helpers shared by the mission services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from jpt.core.exceptions import InvalidTransition

from ..choices import (
    FIELD_RECORD_OPEN_STATUSES,
    PLAN_OPEN_STATUSES,
    ROSTER_OPEN_STATUSES,
    TERMINAL_MISSION_STATUSES,
)
from ..models import Mission
from ..permissions import can_contribute, can_manage


def lock_mission(mission: Mission) -> Mission:
    return Mission.objects.select_for_update().select_related("request").get(pk=mission.pk)


def require_visible(user, mission: Mission) -> None:
    if not Mission.objects.visible_to(user).filter(pk=mission.pk).exists():
        raise PermissionDenied(_("This mission is outside your scope."))


def require_manager(user, mission: Mission) -> None:
    require_visible(user, mission)
    if not can_manage(user, mission):
        raise PermissionDenied(
            _("Only the mission's lead or Civil Affairs of its province may do this.")
        )


def require_contributor(user, mission: Mission) -> None:
    require_visible(user, mission)
    if not can_contribute(user, mission):
        raise PermissionDenied(_("Only the mission's team or Civil Affairs may record this."))


def require_open(mission: Mission, what: str) -> None:
    """A closed or cancelled mission takes nothing new (``what``: what was refused)."""
    if mission.status in TERMINAL_MISSION_STATUSES:
        raise InvalidTransition(
            _("The mission is %(status)s: it takes no new %(what)s.")
            % {"status": mission.get_status_display().lower(), "what": what}
        )


def require_field_record_open(mission: Mission, what: str) -> None:
    """The record of meetings and the key-stakeholder list change only until the report is
    submitted (and again once it is returned): reviewers decide on what was submitted."""
    require_open(mission, what)
    if mission.status not in FIELD_RECORD_OPEN_STATUSES:
        raise InvalidTransition(
            _(
                "The report is submitted: the record of meetings and the key-stakeholder list "
                "stay as the reviewers read them (they can change again if the report is "
                "returned)."
            )
        )


def require_plan_open(mission: Mission) -> None:
    """The plan changes until the team is back."""
    if mission.status not in PLAN_OPEN_STATUSES:
        raise InvalidTransition(
            _("The plan of a mission that is %(status)s can no longer change.")
            % {"status": mission.get_status_display().lower()}
        )


def require_roster_open(mission: Mission) -> None:
    """The team changes until it comes back."""
    if mission.status not in ROSTER_OPEN_STATUSES:
        raise InvalidTransition(_("The team of this mission can no longer change."))


def touch_missions(*missions: Mission) -> None:
    """Mark missions changed (``updated_at`` keys what is cached of them, e.g. the report's
    document, which shows the record of meetings and the key-stakeholder list)."""
    now = timezone.now()
    for mission in missions:
        mission.updated_at = now
    Mission.objects.filter(pk__in=[m.pk for m in missions]).update(updated_at=now)
