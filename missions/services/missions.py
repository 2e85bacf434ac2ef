"""Planning a mission: its plan, status, logistics and the early notice."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jpt.accounts.choices import Section
from jpt.audit.choices import AuditAction
from jpt.audit.services import audit_record
from jpt.core.exceptions import InvalidTransition
from jpt.notifications.models import EmailMessage
from jpt.notifications.services import email_queue, email_requeue

from ..choices import (
    MISSION_TRANSITIONS,
    REPORT_STEP_TRANSITIONS,
    LogisticsCategory,
    MissionStatus,
    ParticipationStatus,
    ReportStep,
    TeamRole,
)
from ..models import LogisticsItem, Mission, TeamMember
from ..permissions import PERM_MANAGE
from ..selectors import deployment_blockers
from ._common import lock_mission, require_manager, require_open, require_plan_open

PLAN_FIELDS = [
    "mandate",
    "lead",
    "host_base",
    "host_unit_commander",
    "host_unit_email",
    "planned_departure",
    "planned_return",
    "women_accommodation_needed",
    "women_accommodation_confirmed",
    "women_accommodation_notes",
]
LOGISTICS_FIELDS = [
    "category",
    "transport_mode",
    "description",
    "quantity_requested",
    "quantity_confirmed",
    "status",
    "notes",
]
# Sections whose staff are not civilian (the early notice goes to women civilian staff).
NON_CIVILIAN_SECTIONS = {Section.FORCE, Section.MILITARY_OBSERVER, Section.UN_POLICE}


def _audit_value(value: Any) -> Any:
    """A field's value as the audit trail keeps it: JSON scalars, dates in ISO, records by name."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _changes(instance, data: dict[str, Any], fields: list[str]) -> dict[str, list[Any]]:
    """Apply ``data`` to ``instance``; return ``{field: [old, new]}`` of what changed."""
    changed = {}
    for name in fields:
        if name not in data:
            continue
        old = getattr(instance, name)
        new = data[name]
        if old != new:
            changed[name] = [_audit_value(old), _audit_value(new)]
            setattr(instance, name, new)
    return changed


@transaction.atomic
def mission_update_plan(*, mission: Mission, user, data: dict[str, Any]) -> Mission:
    """Change the plan: mandate, lead, host base and commander, dates, accommodation for women.

    ``data`` holds any of PLAN_FIELDS. A new lead takes the team-lead place on the roster.
    """
    require_manager(user, mission)
    locked = lock_mission(mission)
    require_plan_open(locked)
    errors: dict[str, list[str]] = {}
    departure = data.get("planned_departure", locked.planned_departure)
    back = data.get("planned_return", locked.planned_return)
    if departure and back and back < departure:
        errors["planned_return"] = [_("The return must be on or after the departure.")]
    if "mandate" in data and not (data["mandate"] or "").strip():
        errors["mandate"] = [_("The mandate cannot be empty.")]
    new_lead = data.get("lead", locked.lead)
    if new_lead is not None and new_lead != locked.lead:
        in_province = locked.province_id in new_lead.province_ids() or new_lead.sees_all_provinces
        if not (new_lead.is_active and new_lead.has_perm(PERM_MANAGE) and in_province):
            errors["lead"] = [_("The lead must be a Civil Affairs officer of the province.")]
    if errors:
        raise ValidationError(errors)
    old_lead_id = locked.lead_id
    changed = _changes(locked, data, PLAN_FIELDS)
    if not changed:
        return locked
    locked.full_clean(exclude=["request", "province"])
    locked.save()
    if "lead" in changed:
        _move_lead(locked, old_lead_id)
    audit_record(
        actor=user, action=AuditAction.MISSION_PLAN_UPDATED, target=locked, details=changed
    )
    return locked


def _move_lead(mission: Mission, old_lead_id: int | None) -> None:
    if old_lead_id:
        TeamMember.objects.filter(
            mission=mission, user_id=old_lead_id, role=TeamRole.TEAM_LEAD
        ).update(role=TeamRole.MEMBER)
    if mission.lead_id:
        TeamMember.objects.update_or_create(
            mission=mission,
            user_id=mission.lead_id,
            defaults={
                "role": TeamRole.TEAM_LEAD,
                "status": ParticipationStatus.ACCEPTED,
                "responded_at": timezone.now(),
            },
        )


@transaction.atomic
def mission_change_status(
    *, mission: Mission, user, status: str, on_date: date | None = None
) -> Mission:
    """Move a mission along planning → team forming → deployed → returned → report drafting →
    closed, or cancel it. Deploying needs a lead and one accepted member besides the lead;
    deploying and returning record the actual dates (``on_date``, default today)."""
    require_manager(user, mission)
    locked = lock_mission(mission)
    target = MissionStatus(status)
    if target not in MISSION_TRANSITIONS[MissionStatus(locked.status)]:
        raise InvalidTransition(
            _("A mission that is %(current)s cannot become %(target)s.")
            % {
                "current": locked.get_status_display().lower(),
                "target": target.label.lower(),
            }
        )
    today = timezone.localdate()
    on_date = on_date or today
    if target in {MissionStatus.DEPLOYED, MissionStatus.RETURNED} and on_date > today:
        raise ValidationError(
            {
                "on_date": _(
                    "The team cannot be marked %(status)s on a day still to come (%(day)s)."
                )
                % {"status": target.label.lower(), "day": on_date.isoformat()}
            }
        )
    update = ["status", "updated_at"]
    if target == MissionStatus.DEPLOYED:
        blockers = deployment_blockers(locked)
        if blockers:
            raise ValidationError([b.message for b in blockers])
        locked.actual_departure = on_date
        update.append("actual_departure")
    if target == MissionStatus.RETURNED:
        if locked.actual_departure and on_date < locked.actual_departure:
            raise ValidationError(_("The return cannot be before the departure."))
        locked.actual_return = on_date
        update.append("actual_return")
    previous = locked.status
    locked.status = target
    locked.save(update_fields=update)
    audit_record(
        actor=user,
        action=AuditAction.MISSION_STATUS_CHANGED,
        target=locked,
        details={"from": previous, "to": target.value, "date": on_date.isoformat()},
    )
    return locked


@transaction.atomic
def mission_follow_report(*, mission: Mission, user, step: str) -> Mission:
    """Move the mission as its report moves: submitted → in review; returned → report drafting;
    approved → recommendations followed up; closed with nothing endorsed → closed.

    Called by the reports app's services inside their transaction, once they have checked the
    user's right on the report (a reviewer moves the mission without managing it).
    """
    locked = lock_mission(mission)
    step = ReportStep(step)
    sources, target = REPORT_STEP_TRANSITIONS[step]
    if locked.status not in sources:
        raise InvalidTransition(
            _("The mission is %(status)s: it cannot follow its report (%(step)s).")
            % {"status": locked.get_status_display().lower(), "step": step.label.lower()}
        )
    previous = locked.status
    locked.status = target
    locked.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=user,
        action=AuditAction.MISSION_STATUS_CHANGED,
        target=locked,
        details={"from": previous, "to": target.value, "report": step.value},
    )
    return locked


def _check_logistics(data: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    category = data.get("category")
    if category == LogisticsCategory.TRANSPORT and not data.get("transport_mode"):
        errors["transport_mode"] = [_("Say how the team travels.")]
    if category != LogisticsCategory.TRANSPORT and data.get("transport_mode"):
        errors["transport_mode"] = [_("A transport mode only goes with a transport line.")]
    requested, confirmed = data.get("quantity_requested"), data.get("quantity_confirmed")
    if requested is not None and confirmed is not None and confirmed > requested:
        errors["quantity_confirmed"] = [_("More confirmed than requested: check the numbers.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def logistics_add(*, mission: Mission, user, data: dict[str, Any]) -> LogisticsItem:
    require_manager(user, mission)
    locked = lock_mission(mission)
    require_open(locked, _("logistics"))
    _check_logistics(data)
    item = LogisticsItem(mission=locked, **{k: v for k, v in data.items() if k in LOGISTICS_FIELDS})
    item.transport_mode = item.transport_mode or ""
    item.full_clean()
    item.save()
    audit_record(
        actor=user,
        action=AuditAction.LOGISTICS_ADDED,
        target=locked,
        details={"item": item.pk, "what": str(item), "status": item.status},
    )
    return item


@transaction.atomic
def logistics_update(*, item: LogisticsItem, user, data: dict[str, Any]) -> LogisticsItem:
    """Change a logistics line, typically its status (requested → confirmed or refused)."""
    require_manager(user, item.mission)
    require_open(lock_mission(item.mission), _("logistics"))
    locked = LogisticsItem.objects.select_for_update().get(pk=item.pk)
    _check_logistics({**{f: getattr(locked, f) for f in LOGISTICS_FIELDS}, **data})
    changed = _changes(locked, data, LOGISTICS_FIELDS)
    if not changed:
        return locked
    locked.transport_mode = locked.transport_mode or ""
    locked.full_clean()
    locked.save()
    audit_record(
        actor=user,
        action=AuditAction.LOGISTICS_UPDATED,
        target=locked.mission,
        details={"item": locked.pk, "what": str(locked), **changed},
    )
    return locked


def early_notice_recipients(mission: Mission):
    """Women civilian staff of the mission's province (the brief: notify them early)."""
    User = get_user_model()
    return (
        User.objects.filter(is_active=True, sex="female", provinces=mission.province_id)
        .exclude(email="")
        .exclude(section__in=NON_CIVILIAN_SECTIONS)
        .distinct()
        .order_by("full_name")
    )


@transaction.atomic
def mission_send_early_notice(*, mission: Mission, user) -> int:
    """E-mail the planned mission to the province's women civilian staff and to the host unit.

    Can be sent again (e.g. after the dates change). Returns the number of e-mails queued.
    """
    require_manager(user, mission)
    locked = lock_mission(mission)
    if locked.status not in {MissionStatus.PLANNING, MissionStatus.TEAM_FORMING}:
        raise InvalidTransition(_("The early notice is for missions still being planned."))
    if not locked.planned_departure:
        raise ValidationError(_("Set the planned departure before sending the notice."))
    sent = 0
    context = {"mission": locked}
    for staff in early_notice_recipients(locked):
        if email_queue(
            recipient=staff,
            template="missions/email/early_notice_staff",
            context=context,
            target=locked,
        ):
            sent += 1
    if locked.host_unit_email and email_queue(
        to_address=locked.host_unit_email,
        template="missions/email/early_notice_host_unit",
        context=context,
        target=locked,
    ):
        sent += 1
    if not sent:
        raise ValidationError(
            _("Nobody to notify: no woman civilian staff in the province and no host-unit e-mail.")
        )
    locked.early_notice_sent_at = timezone.now()
    locked.save(update_fields=["early_notice_sent_at", "updated_at"])
    audit_record(
        actor=user,
        action=AuditAction.MISSION_EARLY_NOTICE_SENT,
        target=locked,
        details={"emails": sent},
    )
    return sent


@transaction.atomic
def mission_email_resend(*, mission: Mission, user, message_id: int) -> EmailMessage:
    """Send again an e-mail of this mission that failed (retries exhausted) or is stuck."""
    require_manager(user, mission)
    message = (
        EmailMessage.objects.for_object(mission).select_for_update().filter(pk=message_id).first()
    )
    if message is None:
        raise PermissionDenied(_("This e-mail does not belong to the mission."))
    email_requeue(message=message, user=user)  # audited there, once
    return message
