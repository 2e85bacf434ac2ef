"""The team roster: invitations, answers and withdrawals."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jpt.audit.choices import AuditAction
from jpt.audit.services import audit_record
from jpt.core.exceptions import InvalidTransition
from jpt.notifications.services import email_queue

from ..choices import PRE_DEPLOYMENT_STATUSES, ParticipationStatus, TeamRole
from ..models import Mission, TeamMember
from ._common import lock_mission, require_manager, require_roster_open


@transaction.atomic
def team_add_member(*, mission: Mission, user, data: dict[str, Any]) -> TeamMember:
    """Put someone on the team.

    ``data``: ``role`` and either ``member`` (a user: invited and e-mailed an invitation with
    accept/decline links) or ``external_name``, ``external_organisation`` and ``external_sex``
    (an NGO or agency participant without an account, recorded as accepted).
    """
    require_manager(user, mission)
    locked = lock_mission(mission)
    require_roster_open(locked)
    role = data.get("role")
    if role == TeamRole.TEAM_LEAD:
        raise ValidationError({"role": _("Change the lead in the mission's plan.")})
    member_user = data.get("member")
    now = timezone.now()
    if member_user is not None:
        if not member_user.is_active:
            raise ValidationError({"member": _("This account is not active.")})
        if member_user.pk == user.pk:
            # A manager who could put themselves on any team would read every mission's
            # contacts: places on a team are given by someone else.
            raise ValidationError(
                {"member": _("You cannot invite yourself: ask the lead or Civil Affairs.")}
            )
        existing = TeamMember.objects.filter(mission=locked, user=member_user).first()
        if existing and existing.is_active:
            raise ValidationError(
                {"member": _("%(name)s is already on the team.") % {"name": member_user}}
            )
        member = existing or TeamMember(mission=locked, user=member_user)
        member.role = role
        member.status = ParticipationStatus.INVITED
        member.invited_at = now
        member.responded_at = None
    else:
        name = " ".join((data.get("external_name") or "").split())
        errors = {}
        if not name:
            errors["external_name"] = [_("Choose a staff member or type an external name.")]
        if not data.get("external_sex"):
            errors["external_sex"] = [_("Give the participant's sex (for the composition).")]
        if errors:
            raise ValidationError(errors)
        member = TeamMember(
            mission=locked,
            external_name=name,
            external_organisation=(data.get("external_organisation") or "").strip(),
            external_sex=data["external_sex"],
            role=role,
            status=ParticipationStatus.ACCEPTED,
            invited_at=now,
            responded_at=now,
        )
    member.full_clean()
    member.save()
    audit_record(
        actor=user,
        action=AuditAction.TEAM_MEMBER_INVITED,
        target=locked,
        details={"member": member.name, "role": member.role, "external": not member.user_id},
    )
    if member.user_id:
        email_queue(
            recipient=member.user,
            template="missions/email/invitation",
            context={"mission": locked, "member": member},
            target=locked,
        )
    return member


@transaction.atomic
def team_respond(*, member: TeamMember, user, accept: bool) -> TeamMember:
    """The invited person accepts or declines (and may change their mind before deployment)."""
    if member.user_id != user.pk:
        raise PermissionDenied(_("Only the invited person can answer this invitation."))
    locked = TeamMember.objects.select_for_update().select_related("mission").get(pk=member.pk)
    mission = locked.mission
    if mission.status not in PRE_DEPLOYMENT_STATUSES:
        raise InvalidTransition(_("The team has left: the invitation can no longer be answered."))
    if locked.status == ParticipationStatus.WITHDRAWN:
        raise InvalidTransition(_("You were withdrawn from this team."))
    if locked.role == TeamRole.TEAM_LEAD:
        raise InvalidTransition(_("The lead cannot decline; change the lead in the plan."))
    new = ParticipationStatus.ACCEPTED if accept else ParticipationStatus.DECLINED
    if locked.status == new:
        return locked
    locked.status = new
    locked.responded_at = timezone.now()
    locked.save(update_fields=["status", "responded_at", "updated_at"])
    audit_record(
        actor=user,
        action=AuditAction.TEAM_MEMBER_ANSWERED,
        target=mission,
        details={"member": locked.name, "answer": new.value},
    )
    if mission.lead_id and mission.lead_id != user.pk:
        email_queue(
            recipient=mission.lead,
            template="missions/email/invitation_answered",
            context={"mission": mission, "member": locked},
            target=mission,
        )
    return locked


@transaction.atomic
def team_withdraw(*, member: TeamMember, user) -> TeamMember:
    """Take someone off the team (their place and history stay on the roster)."""
    require_manager(user, member.mission)
    locked = TeamMember.objects.select_for_update().select_related("mission").get(pk=member.pk)
    require_roster_open(locked.mission)
    if locked.role == TeamRole.TEAM_LEAD or locked.user_id == locked.mission.lead_id:
        raise InvalidTransition(_("The lead cannot be withdrawn; change the lead in the plan."))
    if locked.status == ParticipationStatus.WITHDRAWN:
        raise InvalidTransition(_("%(name)s is already withdrawn.") % {"name": locked.name})
    locked.status = ParticipationStatus.WITHDRAWN
    locked.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=user,
        action=AuditAction.TEAM_MEMBER_WITHDRAWN,
        target=locked.mission,
        details={"member": locked.name},
    )
    return locked
