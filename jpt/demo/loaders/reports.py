"""Demo reports and their journey up the review chain (``stories.reports``), through the reports
app's services: drafting (``reports.services.drafting``) and the chain
(``reports.services.review``), so the audit trail, the e-mails, the stages, the mission's status
following its report and the frozen copy with its SHA-256 exist as if people had used the site.
Submissions and decisions pass ``now=`` some days in the past, so the stages have realistic
waiting times and one is overdue.

Idempotent, keyed on the mission: a mission that already has a report is left alone.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import CommandError
from django.utils import timezone

from jpt.places.models import Province
from missions.choices import MissionStatus
from missions.models import Mission, MissionStakeholder
from missions.services import mission_change_status
from reports.choices import ReviewLevel
from reports.models import ProvinceChain, Recommendation, Report
from reports.services import (
    protection_plan_update,
    recommendation_add,
    recommendation_decide,
    report_return,
    report_start,
    report_submit,
    report_update,
    sv_analysis_update,
    threat_add,
)
from reports.services.drafting import REPORT_START_MISSION_STATUSES

from ..helpers import Loaded, fresh_mission, fresh_report, localities_of, locality_of, user
from ..stories.reports import PROVINCIAL_CHAINS, REPORTS, DemoReport


def load_reports() -> Loaded:
    """Draft, submit and review each report whose mission has none yet."""
    set_provincial_chains()
    result = Loaded()
    for spec in REPORTS:
        mission = Mission.objects.filter(request__title=spec.mission_title).first()
        if mission is None:
            result.skipped.append(f"{spec.mission_title}: no mission.")
            continue
        if Report.objects.filter(mission=mission).exists():
            result.present += 1
            continue
        if mission.status not in REPORT_START_MISSION_STATUSES:
            # A database loaded by an older version of load_demo (e.g. Nyabiondo closed).
            result.skipped.append(
                f"{spec.mission_title}: the mission is {mission.get_status_display().lower()}, "
                "so no report can be started (load the demo into a fresh database)."
            )
            continue
        recommendations = _draft(mission, spec)
        _review(mission, spec, recommendations)
        if spec.close_mission:
            mission_change_status(
                mission=fresh_mission(mission),
                user=user(mission.lead.username),
                status=MissionStatus.CLOSED,
            )
        result.created += 1
    return result


def set_provincial_chains() -> None:
    """What an administrator does in the admin; an existing setting is left as it is."""
    for province in Province.objects.filter(name__in=PROVINCIAL_CHAINS):
        ProvinceChain.objects.get_or_create(
            province=province, defaults={"final_level": ReviewLevel.PROVINCIAL_SMG}
        )


def _draft(mission: Mission, spec: DemoReport) -> dict[str, Recommendation]:
    """The team drafts every section, as it would in the report editor."""
    author = spec.author
    report_start(mission=fresh_mission(mission), user=user(author))
    report_update(
        report=fresh_report(mission),
        user=user(author),
        data={"plan_of_action": spec.plan_of_action},
    )
    for threat in spec.threats:
        threat_add(
            report=fresh_report(mission),
            user=user(author),
            data={
                "threat_type": threat.threat_type,
                "perpetrator_category": threat.perpetrator_category,
                "perpetrator_name": threat.perpetrator_name,
                "localities": localities_of(mission, threat.localities),
                "period": threat.period,
                "frequency": threat.frequency,
                "severity": threat.severity,
                "trend": threat.trend,
                "narrative": threat.narrative,
            },
        )
    analysis = spec.sv_analysis
    sv_analysis_update(
        report=fresh_report(mission),
        user=user(analysis.author),
        data={
            "medical_access": analysis.medical_access,
            "psychosocial_access": analysis.psychosocial_access,
            "legal_access": analysis.legal_access,
            "services_notes": analysis.services_notes,
            "risk_places_times": analysis.risk_places_times,
            "patterns": analysis.patterns,
        },
        incident_counts=[
            {
                "period": row.period,
                "locality": locality_of(mission, row.locality),
                "perpetrator_category": row.perpetrator_category,
                "age_group": row.age_group,
                "survivor_sex": row.survivor_sex,
                "count": row.count,
            }
            for row in analysis.incidents
        ],
    )
    plan = spec.plan
    links = {
        link.stakeholder.name: link
        for link in MissionStakeholder.objects.filter(mission=mission).select_related("stakeholder")
    }
    missing = [c.stakeholder for c in plan.contacts if c.stakeholder not in links]
    if missing:
        raise CommandError(
            f"{spec.mission_title}: contingency contacts {missing} are not on the mission's "
            "key-stakeholder list."
        )
    protection_plan_update(
        report=fresh_report(mission),
        user=user(author),
        data={
            "priorities": plan.priorities,
            "local_authority_roles": plan.local_authority_roles,
            "early_warning": plan.early_warning,
            "womens_organizations_consulted": bool(plan.womens_organizations),
            "womens_organizations": plan.womens_organizations,
        },
        safe_areas=[
            {
                "name": area.name,
                "locality": locality_of(mission, area.locality),
                "capacity": area.capacity,
            }
            for area in plan.safe_areas
        ],
        escort_points=[{"place": place, "day_time": when} for place, when in plan.escort_points],
        vulnerable_areas=[
            {"place": place, "why": why, "when": when} for place, why, when in plan.vulnerable_areas
        ],
        contingency_contacts=[
            {"stakeholder": links[c.stakeholder], "how_to_reach": c.how_to_reach, "when": c.when}
            for c in plan.contacts
        ],
    )
    today = timezone.localdate()
    recommendations = {}
    for rec in spec.recommendations:
        recommendations[rec.key] = recommendation_add(
            report=fresh_report(mission),
            user=user(author),
            data={
                "text": rec.text,
                "category": rec.category,
                "addressee": rec.addressee,
                "addressee_detail": rec.addressee_detail,
                "priority": rec.priority,
                "target_date": (
                    today + timedelta(days=rec.target_in_days)
                    if rec.target_in_days is not None
                    else None
                ),
                "localities": localities_of(mission, rec.localities),
            },
        )
    return recommendations


def _review(mission: Mission, spec: DemoReport, recommendations: dict[str, Recommendation]) -> None:
    """Submit the report (its mission is back) and let each reviewer decide, or return it, on the
    day the story says. The mission follows its report (``reports.services.review``)."""
    if spec.submitted_days_ago is None:
        return
    now = timezone.now()
    submitted_at = now - timedelta(days=spec.submitted_days_ago)
    back = fresh_mission(mission).actual_return
    if back is None or back > timezone.localtime(submitted_at).date():
        raise CommandError(
            f"{spec.mission_title}: a report is submitted once its team is back (the mission "
            f"came back on {back})."
        )
    report_submit(report=fresh_report(mission), user=user(spec.author), now=submitted_at)
    for review in spec.reviews:
        at = now - timedelta(days=review.days_ago)
        if review.return_comment:
            report_return(
                report=fresh_report(mission),
                user=user(review.reviewer),
                comment=review.return_comment,
                now=at,
            )
            continue
        for index, decision in enumerate(review.decisions):
            recommendation_decide(
                recommendation=Recommendation.objects.select_related("report__mission").get(
                    pk=recommendations[decision.recommendation].pk
                ),
                user=user(review.reviewer),
                decision=decision.decision,
                changed_text=decision.changed_text,
                reason=decision.reason,
                now=at + timedelta(minutes=7 * index),
            )
