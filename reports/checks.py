"""What a report needs before it goes up the review chain (shown in the editor, enforced on
submission)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from missions.choices import ConsultationType, MissionStatus

from .models import Report


@dataclass
class SubmissionCheck:
    code: str
    message: str
    blocking: bool


def submission_checks(report: Report) -> list[SubmissionCheck]:
    """Blocking problems and warnings, in the order the editor shows them."""
    checks: list[SubmissionCheck] = []
    mission = report.mission
    if mission.status == MissionStatus.DEPLOYED:
        checks.append(
            SubmissionCheck(
                "team_in_the_field",
                _(
                    "The team is still in the field: mark the mission as returned, with its "
                    "return date, before submitting the report."
                ),
                True,
            )
        )
    analysis = getattr(report, "sv_analysis", None)
    if analysis is None or not analysis.is_filled:
        checks.append(
            SubmissionCheck(
                "sv_analysis",
                _(
                    "Fill in the analysis of patterns of sexual violence (Annex 2): access to "
                    "medical, psychosocial and legal services and the patterns observed. "
                    "Every report must have it."
                ),
                True,
            )
        )
    if not report.threats.exists():
        checks.append(
            SubmissionCheck("threats", _("Describe at least one current protection threat."), True)
        )
    if not report.recommendations.exists():
        checks.append(
            SubmissionCheck("recommendations", _("Draft at least one recommendation."), True)
        )
    if not mission.stakeholders.filter(stakeholder__sex="female").exists():
        checks.append(
            SubmissionCheck(
                "stakeholder_women",
                _(
                    "The key-stakeholder list has no woman. Lists of key local stakeholders "
                    "must include women (the policy brief asks to mandate it): add the women "
                    "leaders, health workers or teachers the team met."
                ),
                True,
            )
        )
    if not mission.consultations.filter(kind=ConsultationType.LOCAL_WOMEN).exists():
        checks.append(
            SubmissionCheck(
                "no_women_meeting",
                _("The team held no separate meeting with local women."),
                False,
            )
        )
    plan = getattr(report, "protection_plan", None)
    if plan is None or not plan.womens_organizations_consulted:
        checks.append(
            SubmissionCheck(
                "no_womens_organization",
                _("No women's organization was consulted on the community protection plan."),
                False,
            )
        )
    return checks


def blocking_checks(report: Report) -> list[SubmissionCheck]:
    return [c for c in submission_checks(report) if c.blocking]
