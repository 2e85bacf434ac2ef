"""State changes of JPT requests and missions. Views (and later the API) call only these.

Each service is atomic, locks the row it changes, checks state and right, writes exactly one
audit entry for its action, and queues e-mails to be sent after the transaction commits.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jpt.accounts.roles import Role
from jpt.audit.choices import AuditAction
from jpt.audit.services import audit_record
from jpt.core.exceptions import InvalidTransition
from jpt.notifications.services import email_queue
from jpt.places.models import Province
from jpt.places.services import locality_create

from ..choices import (
    DECIDABLE_REQUEST_STATUSES,
    EDITABLE_REQUEST_STATUSES,
    ParticipationStatus,
    RequestStatus,
    TeamRole,
)
from ..models import JptRequest, Mission, TeamMember
from ..validation import RequestDetails, is_short_notice, request_errors

PERM_FILE = "missions.add_jptrequest"
PERM_DECIDE = "missions.decide_jptrequest"

_DETAIL_FIELDS = [
    "title",
    "requester_kind",
    "requesting_office",
    "requesting_section",
    "trigger",
    "trigger_details",
    "province",
    "territory",
    "nearest_base",
    "reason",
    "start_date",
    "end_date",
    "urgency",
    "is_repeat_visit",
    "previous_request",
]


def _check_details(details: RequestDetails, *, user, is_new: bool) -> None:
    """The request's rules (as the form checks them), and that the user works in its province."""
    errors = request_errors(details, today=timezone.localdate(), is_new=is_new)
    if (
        details.province is not None
        and not Province.objects.visible_to(user).filter(pk=details.province.pk).exists()
    ):
        errors.setdefault("province", []).append(
            _("You do not work in %(province)s: file the request for one of your provinces.")
            % {"province": details.province}
        )
    if errors:
        raise ValidationError(errors)


def _apply_details(jpt_request: JptRequest, details: RequestDetails, *, user) -> None:
    for name in _DETAIL_FIELDS:
        setattr(jpt_request, name, getattr(details, name))


def _set_localities(jpt_request: JptRequest, details: RequestDetails, *, user) -> None:
    localities = list(details.localities)
    for name in details.new_locality_names:
        localities.append(locality_create(territory=details.territory, name=name, user=user))
    jpt_request.localities.set(localities)


def _deciders(jpt_request: JptRequest):
    """Whom to ask for a decision: the active Civil Affairs officers of the province with an
    address, but the filer (who may not decide what they filed: ``_require_decider``)."""
    User = get_user_model()
    return (
        User.objects.filter(
            is_active=True,
            groups__name=Role.CIVIL_AFFAIRS.value,
            provinces__id=jpt_request.province_id,
        )
        .exclude(email="")
        .exclude(pk=jpt_request.requested_by_id)
        .distinct()
    )


def _lock(jpt_request: JptRequest) -> JptRequest:
    return JptRequest.objects.select_for_update().get(pk=jpt_request.pk)


@transaction.atomic
def request_submit(*, user, details: RequestDetails) -> JptRequest:
    """File a new JPT request. Civil Affairs officers of the province (but the filer) are
    e-mailed for a decision."""
    if not user.has_perm(PERM_FILE):
        raise PermissionDenied(_("You may not file JPT requests."))
    _check_details(details, user=user, is_new=True)
    now = timezone.now()
    jpt_request = JptRequest(
        requested_by=user,
        status=RequestStatus.SUBMITTED,
        submitted_at=now,
        is_short_notice=is_short_notice(
            details.start_date, today=timezone.localdate(), emergency=details.is_emergency
        ),
    )
    _apply_details(jpt_request, details, user=user)
    jpt_request.full_clean(exclude=["localities"])
    jpt_request.save()
    _set_localities(jpt_request, details, user=user)
    audit_record(
        actor=user,
        action=AuditAction.REQUEST_SUBMITTED,
        target=jpt_request,
        details={"province": jpt_request.province.name, "trigger": jpt_request.trigger},
    )
    for officer in _deciders(jpt_request):
        email_queue(
            recipient=officer,
            template="missions/email/request_submitted",
            context={"jpt_request": jpt_request},
            target=jpt_request,
        )
    return jpt_request


@transaction.atomic
def request_update(*, jpt_request: JptRequest, user, details: RequestDetails) -> JptRequest:
    """The requester edits a request not yet decided; a returned request goes back for decision."""
    locked = _lock(jpt_request)
    if locked.requested_by_id != user.pk:
        raise PermissionDenied(_("Only the person who filed this request may change it."))
    if locked.status not in EDITABLE_REQUEST_STATUSES:
        raise InvalidTransition(_("This request has been decided and can no longer be changed."))
    _check_details(details, user=user, is_new=False)
    was_returned = locked.status == RequestStatus.RETURNED
    _apply_details(locked, details, user=user)
    locked.status = RequestStatus.SUBMITTED
    locked.full_clean(exclude=["localities"])
    locked.save()
    _set_localities(locked, details, user=user)
    audit_record(
        actor=user,
        action=AuditAction.REQUEST_UPDATED,
        target=locked,
        details={"was_returned": was_returned},
    )
    if was_returned:
        for officer in _deciders(locked):
            email_queue(
                recipient=officer,
                template="missions/email/request_submitted",
                context={"jpt_request": locked, "resubmitted": True},
                target=locked,
            )
    return locked


def _require_decider(jpt_request: JptRequest, user) -> None:
    if not user.has_perm(PERM_DECIDE):
        raise PermissionDenied(_("Only Civil Affairs officers decide JPT requests."))
    if not JptRequest.objects.visible_to(user).filter(pk=jpt_request.pk).exists():
        raise PermissionDenied(_("This request is outside your provinces."))
    if jpt_request.requested_by_id == user.pk:
        raise PermissionDenied(
            _("You filed this request: another Civil Affairs officer of the province decides it.")
        )


def _lock_decidable(jpt_request: JptRequest) -> JptRequest:
    """Lock the row and check that it still awaits a decision (call _require_decider first)."""
    locked = _lock(jpt_request)
    if locked.status not in DECIDABLE_REQUEST_STATUSES:
        raise InvalidTransition(
            _("This request is already %(status)s; nothing was changed.")
            % {"status": locked.get_status_display().lower()}
        )
    return locked


def _record_decision(locked: JptRequest, *, user, status: str, comment: str) -> None:
    locked.status = status
    locked.decided_by = user
    locked.decided_at = timezone.now()
    locked.decision_comment = comment
    locked.save(
        update_fields=["status", "decided_by", "decided_at", "decision_comment", "updated_at"]
    )


def _email_requester(locked: JptRequest) -> None:
    email_queue(
        recipient=locked.requested_by,
        template="missions/email/request_decided",
        context={"jpt_request": locked},
        target=locked,
    )


@transaction.atomic
def request_approve(*, jpt_request: JptRequest, user, mandate: str, comment: str = "") -> Mission:
    """Approve a request: it becomes a mission with its mandate, led by the approving officer.

    Two records change, each with its entry: the request (approved) and the new mission
    (created, with the request's reference and the mandate's length, never its text).
    """
    _require_decider(jpt_request, user)
    if not mandate.strip():
        raise ValidationError({"mandate": _("Write the mission's mandate / terms of reference.")})
    locked = _lock_decidable(jpt_request)
    _record_decision(locked, user=user, status=RequestStatus.APPROVED, comment=comment)
    mission = Mission.objects.create(
        request=locked,
        province_id=locked.province_id,
        mandate=mandate.strip(),
        lead=user,
        host_base_id=locked.nearest_base_id,
        planned_departure=locked.start_date,
        planned_return=locked.end_date,
    )
    TeamMember.objects.create(
        mission=mission,
        user=user,
        role=TeamRole.TEAM_LEAD,
        status=ParticipationStatus.ACCEPTED,
        responded_at=timezone.now(),
    )
    audit_record(
        actor=user,
        action=AuditAction.REQUEST_APPROVED,
        target=locked,
        details={"mission_id": mission.pk, "comment": comment},
    )
    audit_record(
        actor=user,
        action=AuditAction.MISSION_CREATED,
        target=mission,
        details={"request": locked.reference, "mandate_length": len(mission.mandate)},
    )
    _email_requester(locked)
    return mission


@transaction.atomic
def request_decline(*, jpt_request: JptRequest, user, reason: str) -> JptRequest:
    """Decline a request, with the reason the requester will read."""
    _require_decider(jpt_request, user)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the request is declined.")})
    locked = _lock_decidable(jpt_request)
    _record_decision(locked, user=user, status=RequestStatus.DECLINED, comment=reason.strip())
    audit_record(
        actor=user,
        action=AuditAction.REQUEST_DECLINED,
        target=locked,
        details={"reason": reason.strip()},
    )
    _email_requester(locked)
    return locked


@transaction.atomic
def request_return(*, jpt_request: JptRequest, user, comment: str) -> JptRequest:
    """Send a request back to its requester, saying what information is missing."""
    _require_decider(jpt_request, user)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what information is missing.")})
    locked = _lock_decidable(jpt_request)
    locked.status = RequestStatus.RETURNED
    locked.decision_comment = comment.strip()
    locked.save(update_fields=["status", "decision_comment", "updated_at"])
    audit_record(
        actor=user,
        action=AuditAction.REQUEST_RETURNED,
        target=locked,
        details={"comment": comment.strip()},
    )
    _email_requester(locked)
    return locked
