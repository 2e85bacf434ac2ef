"""The mission's status follows its report: submitted → in review, returned → report drafting,
approved → recommendations followed up, closed with nothing endorsed → closed. The lead is
never offered a step the report has already taken."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from missions.choices import MissionStatus
from missions.models import Mission
from reports.choices import Decision
from reports.services import recommendation_decide, report_return, report_submit

pytestmark = pytest.mark.django_db


def mission_status(report) -> str:
    return Mission.objects.get(pk=report.mission_id).status


def decide_all(report, user, decision=Decision.ENDORSE):
    for rec in report.recommendations.filter(status="in_review"):
        recommendation_decide(
            recommendation=rec, user=user, decision=decision, reason="Out of mandate."
        )


def test_the_mission_follows_its_report_up_the_chain(make_report, reviewers, places, client):
    from reports.models import ProvinceChain

    ProvinceChain.objects.create(province=places.nord_kivu, final_level="provincial_smg")
    report = make_report()
    lead = report.mission.lead
    report_submit(report=report, user=lead)
    assert mission_status(report) == MissionStatus.IN_REVIEW
    report_return(report=report, user=reviewers.hoo, comment="Add the women's meeting.")
    assert mission_status(report) == MissionStatus.REPORT_DRAFTING
    report_submit(report=report, user=lead)
    decide_all(report, reviewers.hoo)
    assert mission_status(report) == MissionStatus.IN_REVIEW
    decide_all(report, reviewers.provincial)
    assert mission_status(report) == MissionStatus.FOLLOW_UP
    # The lead is offered only to close the mission once follow-up is over.
    client.force_login(lead)
    page = client.get(reverse("missions:mission_detail", args=[report.mission_id]))
    assert [a["status"] for a in page.context["status_actions"]] == [MissionStatus.CLOSED]
    assert "Mark as returned" not in page.content.decode()


def test_a_report_closed_with_nothing_endorsed_closes_the_mission(make_report, reviewers):
    report = make_report()
    report_submit(report=report, user=report.mission.lead)
    decide_all(report, reviewers.hoo, Decision.REJECT)
    assert mission_status(report) == MissionStatus.CLOSED


def test_a_report_is_not_submitted_while_the_team_is_in_the_field(make_report):
    report = make_report()
    Mission.objects.filter(pk=report.mission_id).update(status=MissionStatus.DEPLOYED)
    with pytest.raises(ValidationError, match="still in the field"):
        report_submit(report=report, user=report.mission.lead)
    assert mission_status(report) == MissionStatus.DEPLOYED
