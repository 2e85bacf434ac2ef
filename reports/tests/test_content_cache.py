"""The report's document is cached by version: every change to what the report says is seen on
the next view, whichever service made it (the report's sections, the mission's meetings and
key stakeholders, a person's details corrected through another mission, a review decision)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jpt.accounts.roles import Role
from missions import services as mission_services
from missions.choices import ConsultationType, MissionStatus
from missions.models import Mission
from reports import services
from reports.choices import Decision
from tests.factories import ready_report

pytestmark = pytest.mark.django_db


def page(client, report) -> str:
    return client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()


def test_each_change_is_seen_on_the_next_view(client, places, make_user):
    report = ready_report()
    lead = report.mission.lead
    client.force_login(lead)
    assert "Night raids on Thursdays" not in page(client, report)  # cached now

    threat = report.threats.first()
    threat.report = report
    services.threat_update(threat=threat, user=lead, data={"narrative": "Night raids on Thursdays"})
    assert "Night raids on Thursdays" in page(client, report)

    mission = Mission.objects.get(pk=report.mission_id)
    mission_services.consultation_create(
        mission=mission,
        user=lead,
        data={
            "held_at": timezone.make_aware(datetime.combine(timezone.localdate(), time(7, 0))),
            "kind": ConsultationType.LOCAL_LEADERS,
            "locality": report.mission.request.localities.first(),
            "women": 3,
            "men": 8,
            "topics": "Checkpoints on the Pinga road",
        },
    )
    assert "Checkpoints on the Pinga road" in page(client, report)

    # The same person on another mission's list, corrected there.
    link = mission.stakeholders.select_related("stakeholder").first()
    other_request = mission_services.request_submit(
        user=make_user("req_other", Role.REQUESTER, [mission.province]),
        details=_details(mission, places),
    )
    other_officer = make_user("ca_other", Role.CIVIL_AFFAIRS, [mission.province])
    other = mission_services.request_approve(
        jpt_request=other_request, user=other_officer, mandate="Revisit."
    )
    other_link = mission_services.stakeholder_add(
        mission=other, user=other_officer, existing=link.stakeholder
    )
    other_link.mission = other
    mission_services.stakeholder_update(
        link=other_link, user=other_officer, data={"name": "Maman Furaha Bisimwa-Kahindo"}
    )
    assert "Maman Furaha Bisimwa-Kahindo" in page(client, report)


def test_a_decision_is_seen_by_the_team_on_the_next_view(client, reviewers, places):
    report = ready_report(locality=places.ntoto)
    Mission.objects.filter(pk=report.mission_id).update(status=MissionStatus.REPORT_DRAFTING)
    lead = report.mission.lead
    services.report_submit(report=report, user=lead)
    client.force_login(lead)
    assert "Endorse with changes" not in page(client, report)
    rec = report.recommendations.first()
    services.recommendation_decide(
        recommendation=rec,
        user=reviewers.hoo,
        decision=Decision.ENDORSE_WITH_CHANGES,
        changed_text="Escort women to the market twice a week.",
    )
    html = page(client, report)
    assert "Endorse with changes" in html


def _details(mission, places):
    from missions.validation import RequestDetails

    start = timezone.localdate() + timedelta(days=30)
    return RequestDetails(
        title="Revisit",
        requester_kind="senior_management",
        trigger="attack",
        province=mission.province,
        territory=mission.request.territory,
        localities=list(mission.request.localities.all()),
        reason="Revisit the area.",
        start_date=start,
        end_date=start + timedelta(days=6),
        urgency="high",
    )


def test_the_drawn_content_follows_the_viewer(client, kinshasa_smg):
    """The page's content is drawn once per version and per what the viewer may see: the
    lead (contacts, edit buttons) and then a Kinshasa SMG-P member (neither) of the same version
    never share a drawing."""
    from tests.factories import WOMAN_PHONE

    report = ready_report()
    client.force_login(report.mission.lead)
    lead_page = page(client, report)
    assert WOMAN_PHONE in lead_page
    assert reverse("reports:threat_create", args=[report.pk]) in lead_page
    client.force_login(kinshasa_smg)
    for _ in range(2):  # drawn, then from the cache
        kinshasa_page = page(client, report)
        assert WOMAN_PHONE not in kinshasa_page
        assert reverse("reports:threat_create", args=[report.pk]) not in kinshasa_page
    client.force_login(report.mission.lead)
    assert WOMAN_PHONE in page(client, report)
