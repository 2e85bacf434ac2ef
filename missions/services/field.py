"""Field work: consultations and the key-stakeholder list."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jpt.audit.choices import AuditAction
from jpt.audit.services import audit_record
from jpt.core.dates import moment_error
from jpt.core.exceptions import InvalidTransition

from ..choices import Announcement, ConsultationType, MissionStatus
from ..models import Consultation, Mission, MissionStakeholder, Stakeholder
from ._common import (
    lock_mission,
    require_contributor,
    require_field_record_open,
    touch_missions,
)

CONSULTATION_FIELDS = [
    "held_at",
    "kind",
    "locality",
    "venue",
    "setting",
    "language",
    "interpreter",
    "women",
    "men",
    "girls",
    "boys",
    "announced_by",
    "time_avoids_childcare",
    "travel_reimbursed",
    "reimbursement_amount",
    "topics",
    "concerns",
    "follow_up",
]
STAKEHOLDER_FIELDS = [
    "name",
    "title",
    "organisation",
    "sex",
    "locality",
    "phone",
    "category",
    "agreed_to_contact",
]


def _check_consultation(mission: Mission, data: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    problem = moment_error(data.get("held_at"))
    if problem:
        errors["held_at"] = [problem]
    for name in ("women", "men", "girls", "boys"):
        value = data.get(name)
        if value is not None and (not isinstance(value, int) or value < 0):
            errors[name] = [_("Give a whole number, zero or more.")]
    if data.get("kind") == ConsultationType.LOCAL_WOMEN and not (data.get("women") or 0) >= 1:
        errors["women"] = [_("A meeting with local women needs at least one woman participant.")]
    locality = data.get("locality")
    if locality is not None and locality.territory.province_id != mission.province_id:
        errors["locality"] = [_("Choose a locality in the mission's province.")]
    interpreter = data.get("interpreter")
    if interpreter is not None and interpreter.mission_id != mission.pk:
        errors["interpreter"] = [_("The interpreter must be on this mission's team.")]
    unknown = set(data.get("announced_by") or []) - set(Announcement.values)
    if unknown:
        errors["announced_by"] = [_("Unknown way of announcing the meeting.")]
    amount = data.get("reimbursement_amount")
    if amount is not None and amount < 0:
        errors["reimbursement_amount"] = [_("The amount cannot be negative.")]
    if amount and not data.get("travel_reimbursed"):
        errors["travel_reimbursed"] = [_("Tick 'travel reimbursed' when you give an amount.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def consultation_create(*, mission: Mission, user, data: dict[str, Any]) -> Consultation:
    """Record a meeting the team held. A date outside the mission's dates is kept and flagged."""
    require_contributor(user, mission)
    locked = lock_mission(mission)
    require_field_record_open(locked, _("consultations"))
    touch_missions(locked)
    _check_consultation(locked, data)
    consultation = Consultation(
        mission=locked,
        recorded_by=user,
        **{k: v for k, v in data.items() if k in CONSULTATION_FIELDS},
    )
    consultation.announced_by = list(consultation.announced_by or [])
    consultation.full_clean()
    consultation.save()
    audit_record(
        actor=user,
        action=AuditAction.CONSULTATION_RECORDED,
        target=locked,
        details={
            "consultation": consultation.pk,
            "kind": consultation.kind,
            "women": consultation.women,
            "men": consultation.men,
        },
    )
    return consultation


@transaction.atomic
def consultation_update(*, consultation: Consultation, user, data: dict[str, Any]) -> Consultation:
    require_contributor(user, consultation.mission)
    mission = lock_mission(consultation.mission)
    require_field_record_open(mission, _("consultations"))
    touch_missions(mission)
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    merged = {name: getattr(locked, name) for name in CONSULTATION_FIELDS}
    merged.update({k: v for k, v in data.items() if k in CONSULTATION_FIELDS})
    _check_consultation(consultation.mission, merged)
    for name, value in merged.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    audit_record(
        actor=user,
        action=AuditAction.CONSULTATION_UPDATED,
        target=consultation.mission,
        details={"consultation": locked.pk, "kind": locked.kind},
    )
    return locked


def _require_not_under_review(stakeholder: Stakeholder, mission: Mission) -> None:
    """A person's details are shared by every mission that met them: they do not change while
    another mission's report, listing them, is in front of reviewers."""
    frozen = (
        Mission.objects.filter(stakeholders__stakeholder=stakeholder)
        .exclude(pk=mission.pk)
        .filter(status=MissionStatus.IN_REVIEW)
        .first()
    )
    if frozen is not None:
        raise InvalidTransition(
            _(
                "%(name)s is on the list of %(mission)s, whose report is in review: their "
                "details can be corrected once that review is over."
            )
            % {"name": stakeholder, "mission": frozen.reference}
        )


def _check_stakeholder(mission: Mission, data: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    if not " ".join((data.get("name") or "").split()):
        errors["name"] = [_("Give the person's name.")]
    locality = data.get("locality")
    if locality is not None and locality.territory.province_id != mission.province_id:
        errors["locality"] = [_("Choose a locality in the mission's province.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def stakeholder_add(
    *,
    mission: Mission,
    user,
    data: dict[str, Any] | None = None,
    existing: Stakeholder | None = None,
    notes: str = "",
) -> MissionStakeholder:
    """Put a key local stakeholder on the mission's list: someone recorded on an earlier mission
    to the same area (``existing``), or a new person described by ``data``."""
    require_contributor(user, mission)
    locked = lock_mission(mission)
    require_field_record_open(locked, _("stakeholders"))
    touch_missions(locked)
    if existing is not None:
        if not Stakeholder.objects.in_area_of(locked).filter(pk=existing.pk).exists():
            raise ValidationError({"existing": _("This person is not from the mission's area.")})
        if not Stakeholder.objects.known_to(user).filter(pk=existing.pk).exists():
            raise ValidationError(
                {"existing": _("Choose someone met on a mission whose contacts you may see.")}
            )
        stakeholder = existing
        if MissionStakeholder.objects.filter(mission=locked, stakeholder=stakeholder).exists():
            raise ValidationError(
                {"existing": _("%(name)s is already on the list.") % {"name": stakeholder}}
            )
    else:
        data = data or {}
        _check_stakeholder(locked, data)
        stakeholder = Stakeholder(**{k: v for k, v in data.items() if k in STAKEHOLDER_FIELDS})
        stakeholder.name = " ".join(stakeholder.name.split())
        stakeholder.full_clean()
        stakeholder.save()
    link = MissionStakeholder.objects.create(
        mission=locked, stakeholder=stakeholder, notes=notes.strip(), added_by=user
    )
    audit_record(
        actor=user,
        action=AuditAction.STAKEHOLDER_ADDED,
        target=locked,
        details={"stakeholder": stakeholder.pk, "reused": existing is not None},
    )
    return link


@transaction.atomic
def stakeholder_update(
    *, link: MissionStakeholder, user, data: dict[str, Any], notes: str | None = None
) -> MissionStakeholder:
    """Correct a stakeholder's details (shared with other missions) or this mission's notes."""
    require_contributor(user, link.mission)
    mission_row = lock_mission(link.mission)
    require_field_record_open(mission_row, _("stakeholders"))
    touch_missions(mission_row)  # the notes are this mission's; the person's details below
    locked = MissionStakeholder.objects.select_for_update().get(pk=link.pk)
    stakeholder = Stakeholder.objects.select_for_update().get(pk=locked.stakeholder_id)
    merged = {name: getattr(stakeholder, name) for name in STAKEHOLDER_FIELDS}
    merged.update({k: v for k, v in data.items() if k in STAKEHOLDER_FIELDS})
    _check_stakeholder(link.mission, merged)
    changed = [name for name in STAKEHOLDER_FIELDS if getattr(stakeholder, name) != merged[name]]
    if changed:
        _require_not_under_review(stakeholder, link.mission)
        # Every mission that lists the person shows the correction.
        touch_missions(*Mission.objects.filter(stakeholders__stakeholder=stakeholder).distinct())
    for name in changed:
        setattr(stakeholder, name, merged[name])
    stakeholder.full_clean()
    stakeholder.save()
    if notes is not None and notes.strip() != locked.notes:
        locked.notes = notes.strip()
        locked.save(update_fields=["notes", "updated_at"])
        changed.append("notes")
    audit_record(
        actor=user,
        action=AuditAction.STAKEHOLDER_UPDATED,
        target=link.mission,
        # Field names only: the audit trail must not copy contacts.
        details={"stakeholder": stakeholder.pk, "fields": changed},
    )
    return locked


@transaction.atomic
def stakeholder_remove(*, link: MissionStakeholder, user) -> None:
    """Take a stakeholder off this mission's list (the person stays known for the area)."""
    require_contributor(user, link.mission)
    mission_row = lock_mission(link.mission)
    require_field_record_open(mission_row, _("stakeholders"))
    touch_missions(mission_row)
    locked = MissionStakeholder.objects.select_for_update().get(pk=link.pk)
    mission = link.mission
    stakeholder_id = locked.stakeholder_id
    locked.delete()
    audit_record(
        actor=user,
        action=AuditAction.STAKEHOLDER_REMOVED,
        target=mission,
        details={"stakeholder": stakeholder_id},
    )
