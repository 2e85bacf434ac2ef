"""State changes after approval, one function each: implementation tracking, follow-up visits
(offline-first: idempotent by the id the device made), the visit calendar, community alerts,
material support, and turning an urgent alert into a new JPT request.

Each function is atomic, checks the user's right and scope, writes one audit entry, and queues
e-mails after the transaction commits.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jpt.accounts.roles import Role
from jpt.audit.choices import AuditAction
from jpt.audit.services import audit_record
from jpt.core.dates import moment_error
from jpt.notifications.services import email_queue
from jpt.places.models import Locality, OperatingBase, Province
from missions.choices import RequesterKind, Trigger, Urgency
from missions.models import JptRequest
from missions.services import request_submit
from missions.validation import RequestDetails
from reports.choices import RecommendationStatus, ThreatType
from reports.models import EscortPoint, Recommendation, SafeArea

from .choices import (
    AlertChannel,
    AlertSource,
    Finding,
    ImplementationStatus,
    OwnerKind,
    PlannedVisitStatus,
    PlanUse,
    RelayedTo,
    StalledReason,
    SupportItem,
)
from .models import (
    PERM_LOG_FOLLOWUP,
    PERM_TRACK,
    CommunityAlert,
    FollowUpVisit,
    Implementation,
    MaterialSupport,
    PlannedVisit,
    VisitObservation,
)

IMPLEMENTATION_FIELDS = [
    "owner_kind",
    "owner_name",
    "focal_person",
    "target_date",
    "status",
    "stalled_reason",
    "plan_section",
    "plan_name",
    "cluster_discussed_on",
    "cluster_outcome",
]
ALERT_FIELDS = [
    "received_at",
    "locality",
    "base",
    "channel",
    "threat_type",
    "source",
    "description",
    "relayed_at",
    "relayed_to",
    "responded_at",
    "response",
    "plan_used",
    "safe_area",
    "escort_point",
    "plan_outcome",
    "plan_note",
]
SUPPORT_FIELDS = ["locality", "given_on", "item", "item_detail", "women", "men", "note"]


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _audit_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _require(user, perm: str, message: str) -> None:
    if not (user.is_authenticated and user.is_active and user.has_perm(perm)):
        raise PermissionDenied(message)


def _count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _not_in_future(day, errors: dict, field: str) -> None:
    if day is not None and day > timezone.localdate():
        errors.setdefault(field, []).append(_("This date is still to come."))


def _province_of(localities: list[Locality], user, errors: dict, field: str = "localities"):
    """The one province of the localities, which must be one of the user's."""
    if not localities:
        errors.setdefault(field, []).append(_("Choose at least one locality."))
        return None
    provinces = {loc.territory.province_id for loc in localities}
    if len(provinces) != 1:
        errors.setdefault(field, []).append(_("Choose localities of one province."))
        return None
    province_id = provinces.pop()
    if not Province.objects.visible_to(user).filter(pk=province_id).exists():
        errors.setdefault(field, []).append(_("Choose localities of your provinces."))
        return None
    return Province.objects.get(pk=province_id)


def approved_in_scope(user):
    """Approved recommendations the user may see (the only ones followed up)."""
    return Recommendation.objects.visible_to(user).filter(status=RecommendationStatus.APPROVED)


# --------------------------------------------------------------------------------------------
# Implementation tracking
# --------------------------------------------------------------------------------------------


@transaction.atomic
def implementation_update(
    *, recommendation: Recommendation, user, data: dict[str, Any], comment: str
) -> Implementation:
    """Record who owns an approved recommendation, by when, and how far it is; a comment says
    why. Stalled needs a reason; the Protection Cluster's outcome needs the date it met."""
    _require(user, PERM_TRACK, _("Only Civil Affairs officers track implementation."))
    if not approved_in_scope(user).filter(pk=recommendation.pk).exists():
        raise PermissionDenied(_("This recommendation is not an approved one in your scope."))
    comment = (comment or "").strip()
    errors: dict[str, list[str]] = {}
    if not comment:
        errors["comment"] = [_("Say what changed and why.")]
    implementation, _created = Implementation.objects.select_for_update().get_or_create(
        recommendation=recommendation
    )
    merged = {name: getattr(implementation, name) for name in IMPLEMENTATION_FIELDS}
    merged.update({k: v for k, v in data.items() if k in IMPLEMENTATION_FIELDS})
    for name in ("owner_kind", "owner_name", "focal_person", "stalled_reason", "plan_section"):
        merged[name] = (merged[name] or "").strip() if isinstance(merged[name], str) else ""
    merged["plan_name"] = (merged["plan_name"] or "").strip()
    merged["cluster_outcome"] = (merged["cluster_outcome"] or "").strip()
    if merged["status"] not in ImplementationStatus.values:
        errors["status"] = [_("Choose the implementation status.")]
    if merged["owner_kind"] and merged["owner_kind"] not in OwnerKind.values:
        errors["owner_kind"] = [_("Choose who owns it.")]
    if merged["status"] == ImplementationStatus.STALLED:
        if merged["stalled_reason"] not in StalledReason.values:
            errors["stalled_reason"] = [_("Say why it is stalled.")]
    else:
        merged["stalled_reason"] = ""
    if merged["cluster_outcome"] and not merged["cluster_discussed_on"]:
        errors["cluster_discussed_on"] = [_("Give the date of the Protection Cluster meeting.")]
    _not_in_future(merged["cluster_discussed_on"], errors, "cluster_discussed_on")
    if errors:
        raise ValidationError(errors)
    changed = {
        name: [_audit_value(getattr(implementation, name)), _audit_value(merged[name])]
        for name in IMPLEMENTATION_FIELDS
        if getattr(implementation, name) != merged[name]
    }
    for name, value in merged.items():
        setattr(implementation, name, value)
    implementation.full_clean(exclude=["recommendation"])
    implementation.save()
    audit_record(
        actor=user,
        action=AuditAction.IMPLEMENTATION_UPDATED,
        target=recommendation,
        details={**changed, "comment": comment},
    )
    return implementation


# --------------------------------------------------------------------------------------------
# Follow-up visits
# --------------------------------------------------------------------------------------------


def _check_visit(user, data: dict[str, Any]) -> tuple[dict, list[Locality], list[dict]]:
    errors: dict[str, list[str]] = {}
    localities = list(data.get("localities") or [])
    province = _province_of(localities, user, errors)
    visited_on = data.get("visited_on")
    if not isinstance(visited_on, date):
        errors["visited_on"] = [_("Give the date of the visit.")]
    else:
        _not_in_future(visited_on, errors, "visited_on")
    for name in ("women", "men"):
        if not _count(data.get(name, 0)):
            errors[name] = [_("Give a whole number, zero or more.")]
    if data.get("women_meeting") and not (data.get("women") or 0) >= 1:
        errors["women"] = [_("A separate meeting with women needs at least one woman.")]
    confidence = data.get("confidence")
    if not (isinstance(confidence, int) and 1 <= confidence <= 5):
        errors["confidence"] = [_("Give the community's confidence, from 1 to 5.")]
    threats = list(data.get("new_threats") or [])
    if set(threats) - set(ThreatType.values):
        errors["new_threats"] = [_("Unknown type of threat.")]
    # What was seen of each approved recommendation concerning those places.
    observations = []
    if province is not None:
        concerned = set(
            approved_in_scope(user)
            .filter(localities__in=localities)
            .values_list("pk", flat=True)
            .distinct()
        )
        for row in data.get("observations") or []:
            rec = row.get("recommendation")
            rec_id = getattr(rec, "pk", rec)
            if rec_id not in concerned:
                errors.setdefault("observations", []).append(
                    _(
                        "A recommendation observed is not an approved one concerning these "
                        "places (it may have been withdrawn meanwhile)."
                    )
                )
                continue
            if row.get("finding") not in Finding.values:
                errors.setdefault("observations", []).append(_("Say what was seen."))
                continue
            observations.append(
                {
                    "recommendation_id": rec_id,
                    "finding": row["finding"],
                    "note": (row.get("note") or "").strip(),
                }
            )
    planned = data.get("planned_visit")
    if planned is not None and (planned.cli_id != user.pk or planned.status != "planned"):
        errors["planned_visit"] = [_("This is not one of your planned visits.")]
    if errors:
        raise ValidationError(errors)
    return {"province": province, "threats": threats}, localities, observations


def visit_record(*, user, client_id, data: dict[str, Any]) -> tuple[FollowUpVisit, bool]:
    """Store a CLI's follow-up visit; ``(visit, created)``.

    ``client_id`` is the id the device made (the form works offline and retries): a visit
    already stored under it is returned as it is (``created`` False), so a retry after a
    dropped connection stores nothing twice. An urgent alert e-mails the Civil Affairs officers
    of the province once the visit is stored.
    """
    _require(user, PERM_LOG_FOLLOWUP, _("Only CLIs log follow-up visits."))
    try:
        client_id = uuid.UUID(str(client_id))
    except (TypeError, ValueError, AttributeError) as error:
        raise ValidationError({"client_id": [_("The device id is not valid.")]}) from error
    existing = FollowUpVisit.objects.filter(client_id=client_id).first()
    if existing is not None:
        if existing.cli_id != user.pk:
            raise PermissionDenied(_("This visit was logged by someone else."))
        return existing, False
    try:
        with transaction.atomic():
            visit = _create_visit(user=user, client_id=client_id, data=data)
    except IntegrityError:
        # The same visit, sent twice at the same moment: the other request stored it.
        visit = FollowUpVisit.objects.filter(client_id=client_id, cli=user).first()
        if visit is None:
            raise
        return visit, False
    return visit, True


def _create_visit(*, user, client_id: uuid.UUID, data: dict[str, Any]) -> FollowUpVisit:
    checked, localities, observations = _check_visit(user, data)
    visit = FollowUpVisit.objects.create(
        client_id=client_id,
        cli=user,
        province=checked["province"],
        visited_on=data["visited_on"],
        women=data.get("women", 0),
        men=data.get("men", 0),
        women_meeting=bool(data.get("women_meeting")),
        confidence=data["confidence"],
        new_threats=checked["threats"],
        threats_note=(data.get("threats_note") or "").strip(),
        urgent_alert=bool(data.get("urgent_alert")),
        note=(data.get("note") or "").strip(),
        planned_visit=data.get("planned_visit"),
    )
    visit.localities.set(localities)
    VisitObservation.objects.bulk_create(
        VisitObservation(visit=visit, **row) for row in observations
    )
    planned = data.get("planned_visit")
    if planned is not None:
        PlannedVisit.objects.filter(pk=planned.pk).update(
            status=PlannedVisitStatus.DONE, updated_at=timezone.now()
        )
    audit_record(
        actor=user,
        action=AuditAction.VISIT_RECORDED,
        target=visit,
        details={
            "province": visit.province.name,
            "localities": [loc.name for loc in localities],
            "observations": len(observations),
            "urgent_alert": visit.urgent_alert,
        },
    )
    if visit.urgent_alert:
        for officer in civil_affairs_of(visit.province_id):
            email_queue(
                recipient=officer,
                template="recommendations/email/urgent_alert",
                context={"visit": visit, "localities": localities},
                target=visit,
            )
    return visit


def civil_affairs_of(province_id: int):
    return (
        get_user_model()
        .objects.filter(
            is_active=True, groups__name=Role.CIVIL_AFFAIRS.value, provinces__id=province_id
        )
        .exclude(email="")
        .distinct()
        .order_by("full_name")
    )


@transaction.atomic
def visit_to_request(*, visit: FollowUpVisit, user, start_date: date, end_date: date) -> JptRequest:
    """Civil Affairs turns an urgent alert into a new JPT request: the area and the context come
    from the visit; another officer of the province decides it, as for any request."""
    if not FollowUpVisit.objects.visible_to(user).filter(pk=visit.pk).exists():
        raise PermissionDenied(_("This visit is outside your scope."))
    locked = FollowUpVisit.objects.select_for_update().get(pk=visit.pk)
    if locked.request_id:
        raise ValidationError(_("A request was already made from this visit."))
    localities = list(locked.localities.select_related("territory").order_by("name"))
    territory = localities[0].territory
    in_territory = [loc for loc in localities if loc.territory_id == territory.pk]
    observed = (
        Recommendation.objects.filter(observations__visit=locked)
        .select_related("report__mission__request")
        .order_by("-report__approved_at")
        .first()
    )
    previous = observed.report.mission.request if observed else None
    threats = ", ".join(locked.new_threat_labels) or _("none named")
    reason = "\n\n".join(
        part
        for part in (
            _("Urgent alert from %(cli)s's follow-up visit of %(day)s to %(places)s.")
            % {
                "cli": locked.cli,
                "day": locked.visited_on.isoformat(),
                "places": ", ".join(loc.name for loc in localities),
            },
            _("New threats heard of: %(threats)s.") % {"threats": threats},
            locked.threats_note,
            locked.note,
        )
        if part
    )
    details = RequestDetails(
        title=(_("Urgent alert: %(places)s") % {"places": ", ".join(x.name for x in in_territory)})[
            :200
        ],
        requester_kind=RequesterKind.SECTION,
        requesting_section="civil_affairs",
        trigger=Trigger.EMERGENCY_OTHER,
        trigger_details=_("Urgent alert from a CLI's follow-up visit"),
        province=locked.province,
        territory=territory,
        localities=in_territory,
        reason=reason,
        start_date=start_date,
        end_date=end_date,
        urgency=Urgency.IMMEDIATE,
        is_repeat_visit=previous is not None,
        previous_request=previous,
        nearest_base=base_for(in_territory[0]),
    )
    jpt_request = request_submit(user=user, details=details)
    locked.request = jpt_request
    locked.save(update_fields=["request", "updated_at"])
    audit_record(
        actor=user,
        action=AuditAction.VISIT_TO_REQUEST,
        target=locked,
        details={"request": jpt_request.reference},
    )
    return jpt_request


# --------------------------------------------------------------------------------------------
# The visit calendar
# --------------------------------------------------------------------------------------------


@transaction.atomic
def planned_visit_add(*, user, data: dict[str, Any]) -> PlannedVisit:
    """Put a visit in the CLI's calendar."""
    _require(user, PERM_LOG_FOLLOWUP, _("Only CLIs keep a visit calendar."))
    errors: dict[str, list[str]] = {}
    localities = list(data.get("localities") or [])
    province = _province_of(localities, user, errors)
    planned_on = data.get("planned_on")
    if not isinstance(planned_on, date):
        errors["planned_on"] = [_("Give the planned date.")]
    elif planned_on < timezone.localdate() - timedelta(days=1):
        errors["planned_on"] = [_("Plan a visit from today on.")]
    if errors:
        raise ValidationError(errors)
    planned = PlannedVisit.objects.create(
        cli=user,
        province=province,
        planned_on=planned_on,
        purpose=(data.get("purpose") or "").strip()[:300],
    )
    planned.localities.set(localities)
    audit_record(
        actor=user,
        action=AuditAction.VISIT_PLANNED,
        target=planned,
        details={"planned_on": planned_on.isoformat(), "localities": [x.name for x in localities]},
    )
    return planned


@transaction.atomic
def planned_visit_cancel(*, planned: PlannedVisit, user) -> PlannedVisit:
    if planned.cli_id != user.pk:
        raise PermissionDenied(_("Only the CLI who planned the visit cancels it."))
    locked = PlannedVisit.objects.select_for_update().get(pk=planned.pk)
    if locked.status != PlannedVisitStatus.PLANNED:
        raise ValidationError(_("This visit is no longer planned."))
    locked.status = PlannedVisitStatus.CANCELLED
    locked.save(update_fields=["status", "updated_at"])
    audit_record(actor=user, action=AuditAction.VISIT_PLAN_CANCELLED, target=locked, details={})
    return locked


# --------------------------------------------------------------------------------------------
# Community alerts
# --------------------------------------------------------------------------------------------


def _check_alert(user, data: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    locality = data.get("locality")
    if locality is None:
        errors["locality"] = [_("Choose the locality.")]
    else:
        _province_of([locality], user, errors, "locality")
    received = data.get("received_at")
    now = timezone.now()
    if not isinstance(received, datetime):
        errors["received_at"] = [_("Give the time the alert came.")]
    elif received > now + timedelta(minutes=5):
        errors["received_at"] = [_("This time is still to come.")]
    elif problem := moment_error(received):
        errors["received_at"] = [problem]
    for name in ("relayed_at", "responded_at"):
        value = data.get(name)
        if value is not None and isinstance(received, datetime):
            if problem := moment_error(value):
                errors[name] = [problem]
            elif value < received:
                errors[name] = [_("This is before the alert came.")]
            elif value > now + timedelta(minutes=5):
                errors[name] = [_("This time is still to come.")]
    if data.get("responded_at") and not data.get("relayed_at"):
        errors["relayed_at"] = [_("Say when the alert was relayed.")]
    if data.get("relayed_at") and not data.get("relayed_to"):
        errors["relayed_to"] = [_("Say to whom it was relayed.")]
    if data.get("responded_at") and not (data.get("response") or "").strip():
        errors["response"] = [_("Say what the response was.")]
    for name, choices in (
        ("channel", AlertChannel.values),
        ("threat_type", ThreatType.values),
        ("source", AlertSource.values),
    ):
        if data.get(name) not in choices:
            errors[name] = [_("Choose one.")]
    if set(data.get("relayed_to") or []) - set(RelayedTo.values):
        errors["relayed_to"] = [_("Unknown recipient.")]
    if data.get("plan_outcome") and data.get("plan_outcome") not in PlanUse.values:
        errors["plan_outcome"] = [_("Choose how the plan worked.")]
    # The plan's safe area and escort point: those of an approved plan for this locality.
    if locality is not None:
        for name, model in (("safe_area", SafeArea), ("escort_point", EscortPoint)):
            row = data.get(name)
            if row is not None and not _plan_rows(model, locality).filter(pk=row.pk).exists():
                errors[name] = [_("Choose from the approved protection plan of this area.")]
    if not data.get("plan_used") and (data.get("safe_area") or data.get("escort_point")):
        errors["plan_used"] = [_("Tick 'plan used' when you name a safe area or escort point.")]
    base = data.get("base")
    if (
        base is not None
        and locality is not None
        and base.locality.territory.province_id != locality.territory.province_id
    ):
        errors["base"] = [_("Choose a base of the alert's province.")]
    return errors


def _plan_rows(model, locality: Locality):
    """Safe areas or escort points of approved reports' plans whose recommendations or safe
    areas concern the locality's territory."""
    return model.objects.filter(
        plan__report__status="approved",
        plan__report__mission__request__territory_id=locality.territory_id,
    )


def plan_options(locality: Locality):
    """The approved plan's safe areas and escort points for an alert in this locality."""
    return _plan_rows(SafeArea, locality), _plan_rows(EscortPoint, locality)


@transaction.atomic
def alert_record(*, user, data: dict[str, Any]) -> CommunityAlert:
    """Log an alert received from a community."""
    _require(user, PERM_LOG_FOLLOWUP, _("Only CLIs log community alerts."))
    errors = _check_alert(user, data)
    if errors:
        raise ValidationError(errors)
    alert = CommunityAlert(cli=user, province_id=data["locality"].territory.province_id)
    for name in ALERT_FIELDS:
        if name in data:
            setattr(alert, name, data[name])
    alert.relayed_to = list(alert.relayed_to or [])
    alert.full_clean()
    alert.save()
    audit_record(
        actor=user,
        action=AuditAction.ALERT_RECORDED,
        target=alert,
        details={
            "threat_type": alert.threat_type,
            "locality": alert.locality.name,
            "relayed": bool(alert.relayed_at),
            "responded": bool(alert.responded_at),
        },
    )
    return alert


@transaction.atomic
def alert_update(*, alert: CommunityAlert, user, data: dict[str, Any]) -> CommunityAlert:
    """Record the relay, the response and the use of the protection plan as they come."""
    _require(user, PERM_LOG_FOLLOWUP, _("Only CLIs update community alerts."))
    if not CommunityAlert.objects.visible_to(user).filter(pk=alert.pk).exists():
        raise PermissionDenied(_("This alert is outside your scope."))
    locked = CommunityAlert.objects.select_for_update().get(pk=alert.pk)
    merged = {name: getattr(locked, name) for name in ALERT_FIELDS}
    merged.update({k: v for k, v in data.items() if k in ALERT_FIELDS})
    errors = _check_alert(user, merged)
    if errors:
        raise ValidationError(errors)
    changed = {
        name: [_audit_value(getattr(locked, name)), _audit_value(merged[name])]
        for name in ALERT_FIELDS
        if getattr(locked, name) != merged[name] and name not in ("description", "response")
    }
    for name, value in merged.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    audit_record(actor=user, action=AuditAction.ALERT_UPDATED, target=locked, details=changed)
    return locked


# --------------------------------------------------------------------------------------------
# Material support
# --------------------------------------------------------------------------------------------


@transaction.atomic
def support_record(*, user, data: dict[str, Any]) -> MaterialSupport:
    """Record items given out in a locality, recipients counted by sex."""
    if not (user.has_perm(PERM_LOG_FOLLOWUP) or user.has_perm(PERM_TRACK)):
        raise PermissionDenied(_("Only CLIs and Civil Affairs record material support."))
    errors: dict[str, list[str]] = {}
    locality = data.get("locality")
    if locality is None:
        errors["locality"] = [_("Choose the locality.")]
    else:
        _province_of([locality], user, errors, "locality")
    given_on = data.get("given_on")
    if not isinstance(given_on, date):
        errors["given_on"] = [_("Give the date.")]
    else:
        _not_in_future(given_on, errors, "given_on")
    for name in ("women", "men"):
        if not _count(data.get(name, 0)):
            errors[name] = [_("Give a whole number, zero or more.")]
    if (
        not errors.get("women")
        and not errors.get("men")
        and not (data.get("women") or 0) + (data.get("men") or 0)
    ):
        errors["women"] = [_("Give the number of women and men who received it.")]
    if data.get("item") not in SupportItem.values:
        errors["item"] = [_("Choose the item.")]
    elif data["item"] == SupportItem.OTHER and not (data.get("item_detail") or "").strip():
        errors["item_detail"] = [_("Say what was given.")]
    if errors:
        raise ValidationError(errors)
    support = MaterialSupport(
        province_id=locality.territory.province_id,
        recorded_by=user,
        **{k: v for k, v in data.items() if k in SUPPORT_FIELDS},
    )
    support.item_detail = (support.item_detail or "").strip()
    support.full_clean()
    support.save()
    audit_record(
        actor=user,
        action=AuditAction.SUPPORT_RECORDED,
        target=support,
        details={"item": support.item, "women": support.women, "men": support.men},
    )
    return support


def base_for(locality: Locality):
    """The base nearest the locality: one of its territory, else of its province."""
    bases = OperatingBase.objects.active().select_related("locality__territory")
    return (
        bases.filter(locality__territory_id=locality.territory_id).first()
        or bases.filter(locality__territory__province_id=locality.territory.province_id).first()
    )
