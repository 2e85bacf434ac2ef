"""The frozen copy of an approved report: its content as JSON, and the SHA-256 of that JSON.

Contacts (phone numbers) are left out of the frozen copy: it is what PDFs and exports show.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.utils import timezone

from .models import Report, ReportVersion


def _date(value) -> str | None:
    return value.isoformat() if value else None


def report_content(report: Report) -> dict[str, Any]:
    """Everything the report says, as plain data (stable order, no contacts)."""
    mission = report.mission
    analysis = getattr(report, "sv_analysis", None)
    plan = getattr(report, "protection_plan", None)
    return {
        "report": report.reference,
        "mission": {
            "reference": mission.reference,
            "title": mission.title,
            "province": str(mission.province),
            "territory": str(mission.request.territory),
            "lead": str(mission.lead or ""),
            "departure": _date(mission.departure),
            "return": _date(mission.return_date),
        },
        "commander_coauthor": report.commander_coauthor,
        "meetings": [
            {
                "held_at": timezone.localtime(c.held_at).isoformat(),
                "type": c.get_kind_display(),
                "locality": str(c.locality),
                "setting": c.get_setting_display(),
                "women": c.women,
                "men": c.men,
                "girls": c.girls,
                "boys": c.boys,
                "topics": c.topics,
                "concerns": c.concerns,
                "follow_up": c.follow_up,
            }
            for c in mission.consultations.select_related("locality").order_by("held_at", "id")
        ],
        "stakeholders": [
            {
                "name": link.stakeholder.name,
                "title": link.stakeholder.title,
                "organisation": link.stakeholder.organisation,
                "sex": link.stakeholder.sex,
                "locality": str(link.stakeholder.locality),
                "category": link.stakeholder.get_category_display(),
            }
            for link in mission.stakeholders.select_related(
                "stakeholder", "stakeholder__locality"
            ).order_by("stakeholder__name", "id")
        ],
        "threats": [
            {
                "type": t.get_threat_type_display(),
                "perpetrator": t.get_perpetrator_category_display(),
                "perpetrator_name": t.perpetrator_name,
                "localities": sorted(str(loc) for loc in t.localities.all()),
                "period": t.period,
                "frequency": t.frequency,
                "severity": t.severity,
                "trend": t.get_trend_display(),
                "narrative": t.narrative,
            }
            for t in report.threats.prefetch_related("localities").order_by("id")
        ],
        "sv_analysis": None
        if analysis is None
        else {
            "medical_access": analysis.get_medical_access_display(),
            "psychosocial_access": analysis.get_psychosocial_access_display(),
            "legal_access": analysis.get_legal_access_display(),
            "services_notes": analysis.services_notes,
            "risk_places_times": analysis.risk_places_times,
            "patterns": analysis.patterns,
            "incident_counts": [
                {
                    "period": n.period,
                    "locality": str(n.locality),
                    "perpetrator": n.get_perpetrator_category_display(),
                    "age_group": n.get_age_group_display(),
                    "survivor_sex": n.get_survivor_sex_display(),
                    "count": n.count,
                }
                for n in analysis.incident_counts.select_related("locality").order_by("id")
            ],
        },
        "protection_plan": None
        if plan is None
        else {
            "priorities": plan.priorities,
            "local_authority_roles": plan.local_authority_roles,
            "early_warning": plan.early_warning,
            "womens_organizations_consulted": plan.womens_organizations_consulted,
            "womens_organizations": plan.womens_organizations,
            "safe_areas": [
                {
                    "name": a.name,
                    "locality": str(a.locality),
                    "capacity": a.capacity,
                    "latitude": str(a.latitude) if a.latitude is not None else None,
                    "longitude": str(a.longitude) if a.longitude is not None else None,
                }
                for a in plan.safe_areas.select_related("locality").order_by("id")
            ],
            "escort_points": [
                {"place": p.place, "day_time": p.day_time}
                for p in plan.escort_points.order_by("id")
            ],
            "vulnerable_areas": [
                {"place": v.place, "why": v.why, "when": v.when}
                for v in plan.vulnerable_areas.order_by("id")
            ],
            "contingency_contacts": [
                # How to reach them is a contact: it stays out of the frozen copy.
                {"stakeholder": str(c.stakeholder), "when": c.when}
                for c in plan.contingency_contacts.select_related("stakeholder__stakeholder")
            ],
        },
        "plan_of_action": report.plan_of_action,
        "recommendations": [
            {
                "id": r.pk,
                "text": r.display_text,
                "original_text": r.text,
                "category": r.get_category_display(),
                "addressee": r.get_addressee_display(),
                "addressee_detail": r.addressee_detail,
                "priority": r.get_priority_display(),
                "target_date": _date(r.target_date),
                "localities": sorted(str(loc) for loc in r.localities.all()),
                "status": r.status,
                "decisions": [
                    {
                        "level": d.stage.get_level_display(),
                        "decision": d.get_decision_display(),
                        "by": str(d.decided_by),
                        "at": d.decided_at.isoformat(),
                        "changed_text": d.changed_text,
                        "reason": d.reason,
                    }
                    # Decisions of a level that returned the report never applied.
                    for d in r.decisions.exclude(stage__outcome="returned")
                    .select_related("stage", "decided_by")
                    .order_by("decided_at", "id")
                ],
            }
            for r in report.recommendations.prefetch_related("localities").order_by("id")
        ],
    }


def canonical_json(content: dict[str, Any]) -> str:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(content: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def freeze_report(report: Report, *, user) -> ReportVersion:
    """Store the approved content as the next version (called inside the approving service)."""
    content = report_content(report)
    number = (report.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    content["version"] = number
    return ReportVersion.objects.create(
        report=report,
        number=number,
        content=content,
        sha256=content_hash(content),
        created_by=user,
    )


def verify(version: ReportVersion) -> bool:
    """True when the stored content still matches its hash."""
    return content_hash(version.content) == version.sha256
