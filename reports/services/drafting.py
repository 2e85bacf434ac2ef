"""Drafting a mission report (step 6 of the life of a JPT), one function per change.

None of these functions changes the report's status: its state machine is written in
``reports.services.review`` only.

Each service is atomic, locks the report row, checks the right (``can_contribute`` on the
mission: the team and Civil Affairs) and the state (the report is a draft or was returned to the
team), and writes exactly one audit entry, targeting the report. Audit details name fields and
counts, never the text typed: the trail must not copy sensitive content.

Submission and the review chain are in ``reports.services.review``.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jpt.audit.choices import AuditAction
from jpt.audit.services import audit_record
from jpt.core.exceptions import InvalidTransition
from jpt.places.models import Locality
from missions.choices import MissionStatus
from missions.models import Mission, MissionStakeholder
from missions.permissions import can_see_contacts
from missions.services._common import lock_mission, require_contributor

from ..choices import (
    EDITABLE_REPORT_STATUSES,
    PerpetratorCategory,
    RecommendationStatus,
    ReportStatus,
)
from ..models import (
    ContingencyContact,
    EscortPoint,
    IncidentCount,
    ProtectionPlan,
    Recommendation,
    Report,
    SafeArea,
    SexualViolenceAnalysis,
    Threat,
    VulnerableArea,
)
from ._common import lock_report, touch_report

# A report may be started once the team is in the field.
REPORT_START_MISSION_STATUSES = {
    MissionStatus.DEPLOYED,
    MissionStatus.RETURNED,
    MissionStatus.REPORT_DRAFTING,
}
REPORT_FIELDS = ["commander_coauthor", "plan_of_action"]
THREAT_FIELDS = [
    "threat_type",
    "perpetrator_category",
    "perpetrator_name",
    "period",
    "frequency",
    "severity",
    "trend",
    "narrative",
]
SV_ANALYSIS_FIELDS = [
    "medical_access",
    "psychosocial_access",
    "legal_access",
    "services_notes",
    "risk_places_times",
    "patterns",
]
INCIDENT_COUNT_FIELDS = [
    "period",
    "locality",
    "perpetrator_category",
    "age_group",
    "survivor_sex",
    "count",
]
PROTECTION_PLAN_FIELDS = [
    "priorities",
    "local_authority_roles",
    "early_warning",
    "womens_organizations_consulted",
    "womens_organizations",
]
SAFE_AREA_FIELDS = ["name", "locality", "latitude", "longitude", "capacity"]
ESCORT_POINT_FIELDS = ["place", "day_time"]
VULNERABLE_AREA_FIELDS = ["place", "why", "when"]
CONTINGENCY_CONTACT_FIELDS = ["stakeholder", "how_to_reach", "when"]
RECOMMENDATION_FIELDS = [
    "text",
    "category",
    "addressee",
    "addressee_detail",
    "priority",
    "target_date",
]


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def require_editable(report: Report) -> None:
    if report.status not in EDITABLE_REPORT_STATUSES:
        raise InvalidTransition(
            _("The report is %(status)s: it cannot change.")
            % {"status": ReportStatus(report.status).label.lower()}
        )


def _open_for_editing(report: Report, user) -> Report:
    """Check the right, lock the report, check its state; return the locked row."""
    require_contributor(user, report.mission)
    locked = lock_report(report)
    require_editable(locked)
    touch_report(locked)  # rolled back with the rest if the change is refused
    return locked


def _pick(data: dict[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k in fields}


def _clean_text(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _localities_in_province(localities, mission: Mission) -> list[Locality]:
    """The localities as a list; a ValidationError unless all are in the mission's province."""
    items = list(localities or [])
    ids = {getattr(item, "pk", item) for item in items}
    found = list(
        Locality.objects.filter(pk__in=ids, territory__province_id=mission.province_id).order_by(
            "name"
        )
    )
    if len(found) != len(ids):
        raise ValidationError(
            {"localities": [_("Choose localities in the mission's province only.")]}
        )
    return found


def _locality_error(locality, mission: Mission) -> str | None:
    if locality is None:
        return _("Choose a locality.")
    if not Locality.objects.filter(
        pk=getattr(locality, "pk", locality), territory__province_id=mission.province_id
    ).exists():
        return _("Choose a locality in the mission's province.")
    return None


def _full_clean(obj, exclude: list[str] | None = None) -> None:
    obj.full_clean(exclude=exclude, validate_unique=False)


def _row_errors(errors: dict[str, list[str]], key: str, index: int, messages: list[str]) -> None:
    for message in messages:
        errors.setdefault(key, []).append(
            _("Row %(row)s: %(message)s") % {"row": index + 1, "message": message}
        )


# --------------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------------


@transaction.atomic
def report_start(*, mission: Mission, user) -> Report:
    """Open the one report of a mission in the field or back from it, with its (empty)
    sexual-violence analysis and community protection plan. The host unit's commander is
    named co-author by default."""
    require_contributor(user, mission)
    locked = lock_mission(mission)
    if locked.status not in REPORT_START_MISSION_STATUSES:
        raise InvalidTransition(
            _("A report is started once the team is deployed or back; this mission is %(status)s.")
            % {"status": locked.get_status_display().lower()}
        )
    if Report.objects.filter(mission=locked).exists():
        raise InvalidTransition(_("This mission already has its report."))
    report = Report.objects.create(
        mission=locked, commander_coauthor=locked.host_unit_commander or ""
    )
    SexualViolenceAnalysis.objects.create(report=report)
    ProtectionPlan.objects.create(report=report)
    audit_record(
        actor=user,
        action=AuditAction.REPORT_STARTED,
        target=report,
        details={"mission": locked.pk},
    )
    return report


@transaction.atomic
def report_update(*, report: Report, user, data: dict[str, Any]) -> Report:
    """Change the co-author (the host-base commander) or the plan of action."""
    locked = _open_for_editing(report, user)
    changed = []
    for name, value in _pick(data, REPORT_FIELDS).items():
        value = _clean_text(value)
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            changed.append(name)
    _full_clean(locked)
    locked.save()
    audit_record(
        actor=user,
        action=AuditAction.REPORT_EDITED,
        target=locked,
        details={"section": "report", "fields": changed},
    )
    return locked


# --------------------------------------------------------------------------------------------
# Threats
# --------------------------------------------------------------------------------------------


def _check_threat(mission: Mission, data: dict[str, Any]) -> list[Locality]:
    errors: dict[str, list[str]] = {}
    if (
        data.get("perpetrator_category") == PerpetratorCategory.ARMED_GROUP
        and not (data.get("perpetrator_name") or "").strip()
    ):
        errors["perpetrator_name"] = [_("Name the armed group (e.g. Mayi-Mayi Kifuafua).")]
    severity = data.get("severity")
    if severity is not None and (
        not isinstance(severity, int) or isinstance(severity, bool) or not 1 <= severity <= 4
    ):
        errors["severity"] = [_("Severity is from 1 (low) to 4 (critical).")]
    if not (data.get("narrative") or "").strip():
        errors["narrative"] = [_("Describe the threat.")]
    if not (data.get("period") or "").strip():
        errors["period"] = [_("Give the period (e.g. since August).")]
    localities: list[Locality] = []
    if not data.get("localities"):
        errors["localities"] = [_("Choose at least one location.")]
    else:
        try:
            localities = _localities_in_province(data["localities"], mission)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return localities


def _apply_threat(threat: Threat, data: dict[str, Any]) -> None:
    for name, value in _pick(data, THREAT_FIELDS).items():
        setattr(threat, name, _clean_text(value))


@transaction.atomic
def threat_add(*, report: Report, user, data: dict[str, Any]) -> Threat:
    """Add a current protection threat to the analysis."""
    locked = _open_for_editing(report, user)
    localities = _check_threat(locked.mission, data)
    threat = Threat(report=locked)
    _apply_threat(threat, data)
    _full_clean(threat, exclude=["report"])
    threat.save()
    threat.localities.set(localities)
    audit_record(
        actor=user,
        action=AuditAction.REPORT_EDITED,
        target=locked,
        details={"section": "threats", "added": threat.pk, "threat_type": threat.threat_type},
    )
    return threat


@transaction.atomic
def threat_update(*, threat: Threat, user, data: dict[str, Any]) -> Threat:
    locked = _open_for_editing(threat.report, user)
    row = Threat.objects.select_for_update().get(pk=threat.pk, report=locked)
    merged = {name: getattr(row, name) for name in THREAT_FIELDS}
    merged["localities"] = list(row.localities.all())
    merged.update(_pick(data, [*THREAT_FIELDS, "localities"]))
    localities = _check_threat(locked.mission, merged)
    changed = [n for n in THREAT_FIELDS if n in data and getattr(row, n) != _clean_text(data[n])]
    _apply_threat(row, merged)
    _full_clean(row, exclude=["report"])
    row.save()
    if {loc.pk for loc in localities} != {loc.pk for loc in row.localities.all()}:
        row.localities.set(localities)
        changed.append("localities")
    audit_record(
        actor=user,
        action=AuditAction.REPORT_EDITED,
        target=locked,
        details={"section": "threats", "changed": row.pk, "fields": changed},
    )
    return row


@transaction.atomic
def threat_remove(*, threat: Threat, user) -> None:
    locked = _open_for_editing(threat.report, user)
    row = Threat.objects.select_for_update().get(pk=threat.pk, report=locked)
    threat_id = row.pk
    row.delete()
    audit_record(
        actor=user,
        action=AuditAction.REPORT_EDITED,
        target=locked,
        details={"section": "threats", "removed": threat_id},
    )


# --------------------------------------------------------------------------------------------
# Sexual-violence analysis (aggregates only)
# --------------------------------------------------------------------------------------------


@transaction.atomic
def sv_analysis_update(
    *,
    report: Report,
    user,
    data: dict[str, Any],
    incident_counts: list[dict[str, Any]],
) -> SexualViolenceAnalysis:
    """Save the analysis of patterns of sexual violence and replace its incident counts.

    Counts only: a row is a number of reported incidents for a period, place, perpetrator
    category, age group and sex. There is no field for a survivor's name or identifier.
    """
    locked = _open_for_editing(report, user)
    analysis, _created = SexualViolenceAnalysis.objects.select_for_update().get_or_create(
        report=locked
    )
    for name, value in _pick(data, SV_ANALYSIS_FIELDS).items():
        setattr(analysis, name, _clean_text(value))
    errors: dict[str, list[str]] = {}
    try:
        _full_clean(analysis, exclude=["report"])
    except ValidationError as error:
        errors.update(error.message_dict)
    rows: list[IncidentCount] = []
    for index, values in enumerate(incident_counts or []):
        values = _pick(values, INCIDENT_COUNT_FIELDS)
        row_messages = []
        count = values.get("count")
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            row_messages.append(_("the number of reported incidents must be 1 or more."))
        problem = _locality_error(values.get("locality"), locked.mission)
        if problem:
            row_messages.append(problem)
        row = IncidentCount(analysis=analysis, **{k: _clean_text(v) for k, v in values.items()})
        if not row_messages:
            try:
                _full_clean(row, exclude=["analysis"])
            except ValidationError as error:
                row_messages.extend(m for ms in error.message_dict.values() for m in ms)
        if row_messages:
            _row_errors(errors, "incident_counts", index, row_messages)
        rows.append(row)
    if errors:
        raise ValidationError(errors)
    analysis.save()
    analysis.incident_counts.all().delete()
    IncidentCount.objects.bulk_create(rows)
    audit_record(
        actor=user,
        action=AuditAction.REPORT_EDITED,
        target=locked,
        details={
            "section": "sv_analysis",
            "incident_rows": len(rows),
            "filled": analysis.is_filled,
        },
    )
    return analysis


# --------------------------------------------------------------------------------------------
# Community protection plan
# --------------------------------------------------------------------------------------------


def _check_coordinates(values: dict[str, Any]) -> list[str]:
    latitude, longitude = values.get("latitude"), values.get("longitude")
    if (latitude is None) != (longitude is None):
        return [_("Give both latitude and longitude, or neither.")]
    messages = []
    if latitude is not None and not Decimal(-90) <= Decimal(str(latitude)) <= Decimal(90):
        messages.append(_("The latitude must be between -90 and 90."))
    if longitude is not None and not Decimal(-180) <= Decimal(str(longitude)) <= Decimal(180):
        messages.append(_("The longitude must be between -180 and 180."))
    return messages


@transaction.atomic
def protection_plan_update(
    *,
    report: Report,
    user,
    data: dict[str, Any],
    safe_areas: list[dict[str, Any]],
    escort_points: list[dict[str, Any]],
    vulnerable_areas: list[dict[str, Any]],
    contingency_contacts: list[dict[str, Any]] | None,
) -> ProtectionPlan:
    """Save the community protection plan and replace its lists.

    Contingency contacts are people on this mission's key-stakeholder list; ``None`` keeps the
    current ones (for users who may not see contacts, so cannot edit how to reach people).
    """
    locked = _open_for_editing(report, user)
    mission = locked.mission
    plan, _created = ProtectionPlan.objects.select_for_update().get_or_create(report=locked)
    for name, value in _pick(data, PROTECTION_PLAN_FIELDS).items():
        setattr(plan, name, _clean_text(value))
    errors: dict[str, list[str]] = {}
    if plan.womens_organizations_consulted and not plan.womens_organizations.strip():
        errors["womens_organizations"] = [_("Name the women's organizations consulted.")]
    try:
        _full_clean(plan, exclude=["report"])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)

    def build(key, model, fields, items, extra_check=None):
        rows = []
        for index, values in enumerate(items or []):
            values = {k: _clean_text(v) for k, v in _pick(values, fields).items()}
            messages = extra_check(values) if extra_check else []
            row = model(plan=plan, **values)
            if not messages:
                try:
                    _full_clean(row, exclude=["plan"])
                except ValidationError as error:
                    messages.extend(m for ms in error.message_dict.values() for m in ms)
            if messages:
                _row_errors(errors, key, index, messages)
            rows.append(row)
        return rows

    def check_safe_area(values):
        messages = _check_coordinates(values)
        problem = _locality_error(values.get("locality"), mission)
        if problem:
            messages.append(problem)
        capacity = values.get("capacity")
        if capacity is not None and (not isinstance(capacity, int) or capacity < 0):
            messages.append(_("The capacity is a number of people, zero or more."))
        return messages

    stakeholder_ids = set(
        MissionStakeholder.objects.filter(mission=mission).values_list("pk", flat=True)
    )

    def check_contact(values):
        stakeholder = values.get("stakeholder")
        if stakeholder is None:
            return [_("Choose a person from the key-stakeholder list.")]
        if getattr(stakeholder, "pk", stakeholder) not in stakeholder_ids:
            return [_("The contact must be on this mission's key-stakeholder list.")]
        return []

    safe_rows = build("safe_areas", SafeArea, SAFE_AREA_FIELDS, safe_areas, check_safe_area)
    escort_rows = build("escort_points", EscortPoint, ESCORT_POINT_FIELDS, escort_points)
    vulnerable_rows = build(
        "vulnerable_areas", VulnerableArea, VULNERABLE_AREA_FIELDS, vulnerable_areas
    )
    contact_rows = None
    if contingency_contacts is not None:
        if not can_see_contacts(user, mission):
            raise PermissionDenied(
                _("Only those who may see stakeholders' contacts change the contingency contacts.")
            )
        contact_rows = build(
            "contingency_contacts",
            ContingencyContact,
            CONTINGENCY_CONTACT_FIELDS,
            contingency_contacts,
            check_contact,
        )
    if errors:
        raise ValidationError(errors)
    plan.save()
    counts = {}
    for related, model, rows in (
        ("safe_areas", SafeArea, safe_rows),
        ("escort_points", EscortPoint, escort_rows),
        ("vulnerable_areas", VulnerableArea, vulnerable_rows),
        ("contingency_contacts", ContingencyContact, contact_rows),
    ):
        if rows is None:
            continue
        getattr(plan, related).all().delete()
        model.objects.bulk_create(rows)
        counts[related] = len(rows)
    audit_record(
        actor=user,
        action=AuditAction.REPORT_EDITED,
        target=locked,
        details={
            "section": "protection_plan",
            **counts,
            "womens_organizations_consulted": plan.womens_organizations_consulted,
        },
    )
    return plan


# --------------------------------------------------------------------------------------------
# Draft recommendations
# --------------------------------------------------------------------------------------------


def _check_recommendation(mission: Mission, data: dict[str, Any]) -> list[Locality]:
    errors: dict[str, list[str]] = {}
    if not (data.get("text") or "").strip():
        errors["text"] = [_("Write the recommendation.")]
    localities: list[Locality] = []
    if not data.get("localities"):
        errors["localities"] = [_("Choose at least one locality it concerns.")]
    else:
        try:
            localities = _localities_in_province(data["localities"], mission)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return localities


def _apply_recommendation(rec: Recommendation, data: dict[str, Any]) -> None:
    for name, value in _pick(data, RECOMMENDATION_FIELDS).items():
        setattr(rec, name, _clean_text(value))
    # The team's wording is the current text until a reviewer changes it.
    rec.current_text = rec.text


@transaction.atomic
def recommendation_add(*, report: Report, user, data: dict[str, Any]) -> Recommendation:
    """Draft a recommendation (while the report is a draft or returned to the team)."""
    locked = _open_for_editing(report, user)
    localities = _check_recommendation(locked.mission, data)
    rec = Recommendation(report=locked, status=RecommendationStatus.DRAFT)
    _apply_recommendation(rec, data)
    _full_clean(rec, exclude=["report"])
    rec.save()
    rec.localities.set(localities)
    audit_record(
        actor=user,
        action=AuditAction.RECOMMENDATION_ADDED,
        target=locked,
        details={"recommendation": rec.pk, "category": rec.category},
    )
    return rec


@transaction.atomic
def recommendation_update(
    *, recommendation: Recommendation, user, data: dict[str, Any]
) -> Recommendation:
    locked = _open_for_editing(recommendation.report, user)
    rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk, report=locked)
    merged = {name: getattr(rec, name) for name in RECOMMENDATION_FIELDS}
    merged["localities"] = list(rec.localities.all())
    merged.update(_pick(data, [*RECOMMENDATION_FIELDS, "localities"]))
    localities = _check_recommendation(locked.mission, merged)
    changed = [
        n for n in RECOMMENDATION_FIELDS if n in data and getattr(rec, n) != _clean_text(data[n])
    ]
    _apply_recommendation(rec, merged)
    _full_clean(rec, exclude=["report"])
    rec.save()
    if {loc.pk for loc in localities} != {loc.pk for loc in rec.localities.all()}:
        rec.localities.set(localities)
        changed.append("localities")
    audit_record(
        actor=user,
        action=AuditAction.RECOMMENDATION_EDITED,
        target=locked,
        details={"recommendation": rec.pk, "fields": changed},
    )
    return rec


@transaction.atomic
def recommendation_remove(*, recommendation: Recommendation, user) -> None:
    """Delete a draft recommendation. One that reviewers already decided on stays (its
    decisions are part of the history)."""
    locked = _open_for_editing(recommendation.report, user)
    rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk, report=locked)
    if rec.decisions.exists():
        raise InvalidTransition(
            _("Reviewers have decided on this recommendation: it cannot be removed.")
        )
    rec_id = rec.pk
    rec.delete()
    audit_record(
        actor=user,
        action=AuditAction.RECOMMENDATION_REMOVED,
        target=locked,
        details={"recommendation": rec_id},
    )
