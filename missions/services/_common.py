"""Helpers shared by the mission services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

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
