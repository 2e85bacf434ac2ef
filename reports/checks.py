"""What a report needs before it goes up the review chain (shown in the editor, enforced on
submission). One implementation, read from the report's document (``reports.presenter``): the
page checks the document it shows, the service the document it is about to submit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from jpt.accounts.choices import Sex
from missions.choices import ConsultationType, MissionStatus

from .models import Report
from .presenter import report_content


@dataclass
class SubmissionCheck:
    code: str
    message: str
    blocking: bool


def _filled(analysis: dict | None) -> bool:
    """Access to the three services assessed, and the patterns described."""
    if not analysis:
        return False
    return bool(
        analysis.get("medical_access")
        and analysis.get("psychosocial_access")
        and analysis.get("legal_access")
        and (analysis.get("patterns") or "").strip()
    )


def submission_checks(
    report: Report, content: dict[str, Any] | None = None
) -> list[SubmissionCheck]:
    """Blocking problems and warnings, in the order the editor shows them. ``content`` is the
    report's document (read from the database when not given)."""
    if content is None:
        content = report_content(Report.objects.with_content().get(pk=report.pk))
    checks: list[SubmissionCheck] = []
    if report.mission.status == MissionStatus.DEPLOYED:
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
    if not _filled(content.get("sv_analysis")):
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
    if not content.get("threats"):
        checks.append(
            SubmissionCheck("threats", _("Describe at least one current protection threat."), True)
        )
    if not content.get("recommendations"):
        checks.append(
            SubmissionCheck("recommendations", _("Draft at least one recommendation."), True)
        )
    if not any(person.get("sex") == Sex.FEMALE for person in content.get("stakeholders") or []):
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
    if not any(
        meeting.get("kind") == ConsultationType.LOCAL_WOMEN
        for meeting in content.get("meetings") or []
    ):
        checks.append(
            SubmissionCheck(
                "no_women_meeting",
                _("The team held no separate meeting with local women."),
                False,
            )
        )
    plan = content.get("protection_plan") or {}
    if not plan.get("womens_organizations_consulted"):
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
