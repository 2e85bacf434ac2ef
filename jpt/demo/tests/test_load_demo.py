"""`manage.py load_demo`: demo accounts, bases, requests, missions and reports at each level of
the review chain, loaded once, never in production, and telling a story that keeps the rules the
services enforce.

The demo is loaded once for the package (``demo``, in ``conftest``), inside a transaction rolled
back after its last test; each test runs in a savepoint of it, as pytest-django's ``django_db``
does. Also run on SQLite (marker ``sqlite``), the database of ``make run``. What follows approval
(implementation, visits, alerts, support) is checked in ``test_load_demo_followup``.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from jpt.accounts.roles import Role
from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from jpt.demo.management.commands.load_demo import LOADERS
from jpt.demo.stories.bases import BASES
from jpt.demo.stories.followup import ALERTS, IMPLEMENTATIONS, PLANNED_VISITS, SUPPORT, VISITS
from jpt.demo.stories.missions import MISSIONS
from jpt.demo.stories.people import DEMO_PASSWORD, USERS
from jpt.demo.stories.reports import REPORTS
from jpt.demo.stories.requests import (
    BANGADI,
    BOGORO,
    DURU_BANGADI,
    KALEMBE,
    MATILI,
    NTOTO,
    NYABIONDO,
    OTOBORA,
    REQUESTS,
    WALUNGU,
)
from jpt.notifications.models import EmailMessage
from jpt.places.models import OperatingBase, Province
from missions.choices import (
    ConsultationSetting,
    ConsultationType,
    MissionStatus,
    ParticipationStatus,
    RequestStatus,
    TeamRole,
)
from missions.models import (
    Consultation,
    JptRequest,
    LogisticsItem,
    Mission,
    MissionStakeholder,
    Stakeholder,
    TeamMember,
)
from missions.selectors import invitation_lead_days, readiness_checks, timeline_indicators
from recommendations.models import (
    CommunityAlert,
    FollowUpVisit,
    Implementation,
    MaterialSupport,
    PlannedVisit,
    VisitObservation,
)
from reports.checks import blocking_checks
from reports.choices import Decision, RecommendationStatus, ReportStatus, ReviewLevel, StageOutcome
from reports.freeze import verify
from reports.models import (
    Recommendation,
    RecommendationDecision,
    Report,
    ReportVersion,
    ReviewStage,
)
from reports.selectors import inbox

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def _load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {
        "users": get_user_model().objects.count(),
        "bases": OperatingBase.objects.count(),
        "requests": JptRequest.objects.count(),
        "missions": Mission.objects.count(),
        "team": TeamMember.objects.count(),
        "logistics": LogisticsItem.objects.count(),
        "consultations": Consultation.objects.count(),
        "stakeholders": Stakeholder.objects.count(),
        "stakeholder_links": MissionStakeholder.objects.count(),
        "reports": Report.objects.count(),
        "recommendations": Recommendation.objects.count(),
        "decisions": RecommendationDecision.objects.count(),
        "stages": ReviewStage.objects.count(),
        "versions": ReportVersion.objects.count(),
        "implementations": Implementation.objects.count(),
        "planned_visits": PlannedVisit.objects.count(),
        "visits": FollowUpVisit.objects.count(),
        "observations": VisitObservation.objects.count(),
        "alerts": CommunityAlert.objects.count(),
        "support": MaterialSupport.objects.count(),
        "audit": AuditEntry.objects.count(),
        "emails": EmailMessage.objects.count(),
    }


def _report(title: str) -> Report:
    return Report.objects.select_related("mission").get(mission__request__title=title)


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _with_role(role: Role):
    return get_user_model().objects.filter(groups__name=role.value, is_active=True)


# Loading -------------------------------------------------------------------------------------


def test_load_demo_is_idempotent_and_prints_logins(demo) -> None:
    first = _counts()
    assert first["users"] >= len(USERS)
    assert first["bases"] == len(BASES)
    # One more request: the urgent alert of a follow-up visit made into a JPT request.
    assert first["requests"] == len(REQUESTS) + sum(1 for v in VISITS if v.to_request)
    assert first["missions"] == len(MISSIONS)
    assert first["reports"] == len(REPORTS)
    assert first["recommendations"] == sum(len(r.recommendations) for r in REPORTS)
    assert first["decisions"] == sum(len(review.decisions) for r in REPORTS for review in r.reviews)
    assert first["stages"] >= len(REPORTS) and first["versions"] >= 2

    for label, count in (
        ("accounts", len(USERS)),
        ("operating bases", len(BASES)),
        ("JPT requests", len(REQUESTS)),
        ("missions", len(MISSIONS)),
        ("reports", len(REPORTS)),
        ("implementations", len(IMPLEMENTATIONS)),
        ("planned visits", len(PLANNED_VISITS)),
        ("follow-up visits", len(VISITS)),
        ("community alerts", len(ALERTS)),
        ("material support records", len(SUPPORT)),
    ):
        assert f"Demo {label}: {count} created, 0 already present." in demo

    second_output = _load()
    assert _counts() == first  # not one row more, audit entries and e-mails included
    created_lines = [line for line in second_output.splitlines() if " created, " in line]
    assert len(created_lines) == len(LOADERS)
    assert all(": 0 created, " in line for line in created_lines), created_lines
    assert "skipped" not in demo + second_output
    for output in (demo, second_output):
        assert f"Demo logins (password: {DEMO_PASSWORD}):" in output
        for spec in USERS:
            assert spec.username in output


def test_load_demo_refused_when_demo_data_not_allowed(settings) -> None:
    settings.DEMO_DATA_ALLOWED = False
    before = _counts()
    with pytest.raises(CommandError, match="DEMO_DATA_ALLOWED"):
        _load()
    assert _counts() == before


def test_load_demo_requests_cover_every_status_through_the_services(demo) -> None:
    statuses = set(JptRequest.objects.values_list("status", flat=True))
    assert {
        RequestStatus.SUBMITTED,
        RequestStatus.APPROVED,
        RequestStatus.DECLINED,
        RequestStatus.RETURNED,
    } <= statuses
    approved = JptRequest.objects.filter(status=RequestStatus.APPROVED)
    assert Mission.objects.count() == approved.count()
    assert all(m.mandate for m in Mission.objects.all())
    # Filed and decided through the services: each request has its audit trail.
    for jpt_request in JptRequest.objects.all():
        assert AuditEntry.objects.for_object(jpt_request).filter(
            action=AuditAction.REQUEST_SUBMITTED
        ), jpt_request
    assert JptRequest.objects.filter(is_short_notice=True).exists()
    assert any(r.is_short_visit for r in JptRequest.objects.all())
    assert not OperatingBase.objects.get(name="TOB Ntoto (closed)").is_active


def test_every_demo_user_can_log_in(demo) -> None:
    for spec in USERS:
        account = authenticate(username=spec.username, password=DEMO_PASSWORD)
        assert account is not None, spec.username
        assert account.email == f"{spec.username}@jpt-desk.example"
        assert account.has_role(spec.role)
    admin = _user("admin")
    assert admin.is_superuser and admin.is_staff
    assert set(_user("civil.affairs").provinces.values_list("name", flat=True)) == {
        "Nord-Kivu",
        "Sud-Kivu",
    }


def test_load_demo_missions_are_staged_through_the_services(demo) -> None:
    missions = Mission.objects.select_related("request")
    assert missions.count() >= 6
    assert len({m.status for m in missions}) >= 5
    assert {MissionStatus.DEPLOYED, MissionStatus.CANCELLED} <= {m.status for m in missions}
    for mission in missions:
        # Every step left an audit entry on the mission; team invitations were e-mailed.
        assert AuditEntry.objects.for_object(mission).filter(
            action=AuditAction.MISSION_PLAN_UPDATED
        ), mission
    assert EmailMessage.objects.count() > len(REQUESTS)
    assert TeamMember.objects.filter(status=ParticipationStatus.INVITED).exists()
    assert TeamMember.objects.filter(status=ParticipationStatus.DECLINED).exists()

    otobora = missions.get(request__title=OTOBORA)
    assert otobora.status == MissionStatus.FOLLOW_UP  # its report is approved
    assert otobora.actual_departure < otobora.actual_return < timezone.localdate()
    commander = otobora.consultations.get(kind=ConsultationType.ARMED_ACTOR)
    assert "IHL" in commander.topics
    assert otobora.team.filter(user__username="team.member", role="gender_officer").exists()

    # Bogoro left this morning: filed, approved and staffed today, and it shows.
    bogoro = missions.get(request__title=BOGORO)
    assert bogoro.status == MissionStatus.DEPLOYED
    assert bogoro.actual_departure == timezone.localdate()
    assert "late_invitations" in {c.code for c in readiness_checks(bogoro)}


def test_load_demo_shows_what_the_brief_asks_to_track(demo) -> None:
    on_base = Consultation.objects.filter(
        kind=ConsultationType.LOCAL_WOMEN, setting=ConsultationSetting.ON_BASE, women__gte=1
    ).first()
    assert on_base is not None
    assert on_base.time_avoids_childcare and on_base.travel_reimbursed
    assert on_base.reimbursement_amount > 0
    assert timezone.localtime(on_base.held_at).hour < 8  # early, before the day's work

    assert any(
        "no_woman" in {c.code for c in readiness_checks(m)}
        for m in Mission.objects.exclude(status=MissionStatus.CANCELLED)
    )
    bangadi = Mission.objects.get(request__title=BANGADI)
    assert "no_woman" in {c.code for c in readiness_checks(bangadi)}
    assert Mission.objects.transport_unconfirmed_soon().filter(pk=bangadi.pk).exists()

    # A stakeholder met in Otobora is picked again for the repeat visit to Ntoto.
    shared = Stakeholder.objects.filter(mission_links__mission__request__title=OTOBORA).filter(
        mission_links__mission__request__title=NTOTO
    )
    assert shared.exists()
    assert all(p.phone.startswith("+243 99 000 ") for p in Stakeholder.objects.all())


def test_load_demo_reports_stand_at_each_level_of_the_chain(demo) -> None:
    for report in Report.objects.all():
        # Every report passed the blocking checks (a woman among the key stakeholders...).
        assert not blocking_checks(report), report
        assert report.sv_analysis.is_filled
        assert AuditEntry.objects.for_object(report).exists()

    # Walungu: just arrived at the head of office and brigade commander of Sud-Kivu.
    walungu = _report(WALUNGU)
    stage = walungu.stages.get()
    assert walungu.status == ReportStatus.IN_REVIEW
    assert stage.level == ReviewLevel.HEAD_OF_OFFICE and stage.is_open
    assert not stage.is_overdue()
    assert stage in inbox(_user("head.southkivu"))
    assert stage in inbox(_user("brigade.southkivu"))
    assert stage not in inbox(_user("head.office"))  # a Nord-Kivu reviewer

    # Matili: through the first level, overdue at the provincial SMG-P.
    matili = _report(MATILI)
    head, provincial = matili.stages.order_by("entered_at")
    assert head.outcome == StageOutcome.FORWARDED
    assert head.decisions.count() == matili.recommendations.count()
    assert head.closed_by == _user("brigade.southkivu")
    assert provincial.level == ReviewLevel.PROVINCIAL_SMG and provincial.is_overdue()
    assert 0 < provincial.decisions.count() < matili.recommendations.count()
    assert provincial in inbox(_user("smg.southkivu"))
    assert matili.recommendations.filter(text__contains="CADDHOM legal clinic").exists()

    # Nyabiondo: returned by the head of office with comments.
    nyabiondo = _report(NYABIONDO)
    returned = nyabiondo.stages.get()
    assert nyabiondo.status == ReportStatus.RETURNED
    assert returned.outcome == StageOutcome.RETURNED and returned.comment
    assert returned.closed_by == _user("head.office")
    assert nyabiondo.recommendations.filter(text__contains="Masisi Centre").exists()

    # Otobora: approved in Kinshasa after three levels; one changed, one rejected.
    otobora = _report(OTOBORA)
    assert otobora.status == ReportStatus.APPROVED and otobora.approved_at
    assert list(otobora.stages.values_list("level", flat=True)) == [
        ReviewLevel.HEAD_OF_OFFICE,
        ReviewLevel.PROVINCIAL_SMG,
        ReviewLevel.KINSHASA_SMG,
    ]
    decisions = RecommendationDecision.objects.filter(recommendation__report=otobora)
    assert (
        decisions.filter(decision=Decision.ENDORSE_WITH_CHANGES).exclude(changed_text="").exists()
    )
    assert decisions.filter(decision=Decision.REJECT).exclude(reason="").exists()
    assert otobora.recommendations.filter(status=RecommendationStatus.REJECTED).exists()
    ihl = otobora.recommendations.get(category="ihl_engagement")
    assert ihl.status == RecommendationStatus.APPROVED
    assert "camp on the outskirts" in ihl.display_text
    version = otobora.versions.get()
    assert verify(version)
    assert len(version.sha256) == 64
    assert "+243" not in str(version.content)  # contacts stay out of the frozen copy

    # Duru and Bangadi: Haut-Uele's chain ends at provincial level; the mission is closed.
    duru = _report(DURU_BANGADI)
    assert duru.status == ReportStatus.APPROVED
    assert duru.chain_final_level == ReviewLevel.PROVINCIAL_SMG
    assert duru.stages.last().level == ReviewLevel.PROVINCIAL_SMG
    assert verify(duru.versions.get())
    assert duru.mission.status == MissionStatus.CLOSED
    assert duru.recommendations.filter(
        text__startswith="Double the area", status=RecommendationStatus.APPROVED
    ).exists()

    # The early-warning cell of Nord-Kivu was told when Otobora reached the provincial SMG-P.
    assert EmailMessage.objects.filter(recipient__username="rrewc.nordkivu").exists()


# The story keeps the rules the services enforce -------------------------------------------


def test_every_mission_was_approved_and_staffed_before_it_left(demo) -> None:
    today = timezone.localdate()
    stories = {spec.request_title: spec for spec in MISSIONS}
    for mission in Mission.objects.select_related("request"):
        planning, invitation, _visit = timeline_indicators(mission)
        assert planning.value is not None and planning.value >= 0, mission
        assert invitation.value is None or invitation.value >= 0, mission
        assert invitation.value == invitation_lead_days(mission)
        story = stories[mission.request.title]
        if story.lead_times is not None:  # a past mission: the lead times its story tells
            assert planning.value == story.lead_times.approved, mission
            assert invitation.value == story.lead_times.invited, mission

        # Filed, then approved, then the notice and the invitations, then the answers.
        jpt_request = mission.request
        assert jpt_request.submitted_at <= jpt_request.decided_at, mission
        assert jpt_request.start_date <= jpt_request.end_date
        departure = mission.departure
        if mission.early_notice_sent_at:
            assert jpt_request.decided_at <= mission.early_notice_sent_at, mission
            assert timezone.localtime(mission.early_notice_sent_at).date() <= departure, mission
        for member in mission.team.exclude(role=TeamRole.TEAM_LEAD):
            assert jpt_request.decided_at <= member.invited_at, member
            assert timezone.localtime(member.invited_at).date() <= departure, member
            if member.responded_at:
                assert member.invited_at <= member.responded_at, member
        # Nobody is marked deployed or back on a day to come.
        for day in (mission.actual_departure, mission.actual_return):
            assert day is None or day <= today, mission


REPORT_TO_MISSION = {
    ReportStatus.DRAFT: {MissionStatus.DEPLOYED, MissionStatus.RETURNED},
    ReportStatus.IN_REVIEW: {MissionStatus.IN_REVIEW},
    ReportStatus.RETURNED: {MissionStatus.REPORT_DRAFTING},
    # Followed up, then closed by Civil Affairs when nothing is left to follow up.
    ReportStatus.APPROVED: {MissionStatus.FOLLOW_UP, MissionStatus.CLOSED},
    ReportStatus.CLOSED: {MissionStatus.CLOSED},
}


def test_every_mission_follows_its_report(demo) -> None:
    reports = Report.objects.select_related("mission")
    assert {r.status for r in reports} >= {
        ReportStatus.IN_REVIEW,
        ReportStatus.APPROVED,
        ReportStatus.RETURNED,
    }
    for report in reports:
        mission = report.mission
        assert mission.status in REPORT_TO_MISSION[ReportStatus(report.status)], report
        if mission.status == MissionStatus.CLOSED and report.status == ReportStatus.APPROVED:
            closed = AuditEntry.objects.for_object(mission).filter(
                action=AuditAction.MISSION_STATUS_CHANGED, details__to=MissionStatus.CLOSED
            )
            assert closed.get().details["from"] == MissionStatus.FOLLOW_UP
    # No mission is in review or followed up without a report that says so.
    for mission in Mission.objects.filter(
        status__in=[MissionStatus.IN_REVIEW, MissionStatus.FOLLOW_UP]
    ):
        assert Report.objects.filter(mission=mission).exists(), mission


def test_reports_are_submitted_once_the_team_is_back_and_its_field_work_recorded(demo) -> None:
    submitted = Report.objects.exclude(status=ReportStatus.DRAFT).select_related("mission")
    assert submitted.count() == sum(1 for r in REPORTS if r.submitted_days_ago is not None)
    for report in submitted:
        mission = report.mission
        assert mission.actual_return is not None, report
        assert mission.actual_return <= timezone.localdate(report.submitted_at), report
        trail = AuditEntry.objects.for_object(mission)
        first_submission = (
            AuditEntry.objects.for_object(report)
            .filter(action=AuditAction.REPORT_SUBMITTED)
            .earliest("id")
        )
        field_work = trail.filter(
            action__in=[AuditAction.CONSULTATION_RECORDED, AuditAction.STAKEHOLDER_ADDED]
        )
        assert field_work.exists(), report
        assert all(entry.id < first_submission.id for entry in field_work), report
        assert not trail.filter(
            action__in=[
                AuditAction.CONSULTATION_UPDATED,
                AuditAction.STAKEHOLDER_UPDATED,
                AuditAction.STAKEHOLDER_REMOVED,
            ]
        ).exists()
        for meeting in mission.consultations.all():
            assert meeting.held_at <= report.submitted_at, meeting


def test_nobody_decides_a_request_they_filed(demo) -> None:
    decisions = [
        AuditAction.REQUEST_APPROVED,
        AuditAction.REQUEST_DECLINED,
        AuditAction.REQUEST_RETURNED,
    ]
    decided = 0
    for jpt_request in JptRequest.objects.select_related("requested_by", "decided_by"):
        assert jpt_request.decided_by_id != jpt_request.requested_by_id, jpt_request
        for entry in AuditEntry.objects.for_object(jpt_request).filter(action__in=decisions):
            assert entry.actor_id != jpt_request.requested_by_id, (jpt_request, entry)
            assert entry.actor.has_role(Role.CIVIL_AFFAIRS)
            decided += 1
    assert decided >= len([r for r in REQUESTS if r.decision])
    # A Civil Affairs officer files too (Kalembe), and the other officer of Nord-Kivu decides.
    kalembe = JptRequest.objects.get(title=KALEMBE)
    assert kalembe.requested_by.has_role(Role.CIVIL_AFFAIRS)
    assert kalembe.decided_by.has_role(Role.CIVIL_AFFAIRS)
    assert JptRequest.objects.get(title=MATILI).requested_by == _user("requester.southkivu")


def test_every_province_with_requests_has_two_civil_affairs_officers(demo) -> None:
    """Nobody decides their own request: wherever a province has a Civil Affairs officer (or a
    request), it has a second one."""
    with_officer = Province.objects.filter(
        staff__groups__name=Role.CIVIL_AFFAIRS.value, staff__is_active=True
    )
    provinces = (Province.objects.filter(jpt_requests__isnull=False) | with_officer).distinct()
    assert provinces.count() >= 4
    for province in provinces:
        officers = _with_role(Role.CIVIL_AFFAIRS).filter(provinces=province).distinct()
        assert officers.count() >= 2, province


def test_brigade_commanders_review_beside_the_heads_of_office(demo) -> None:
    heads = Province.objects.filter(
        staff__groups__name=Role.HEAD_OF_OFFICE.value, staff__is_active=True
    ).distinct()
    assert heads.count() >= 4
    for province in heads:
        assert _with_role(Role.BRIGADE_COMMANDER).filter(provinces=province).exists(), province
    by_commanders = RecommendationDecision.objects.filter(
        decided_by__groups__name=Role.BRIGADE_COMMANDER.value
    ).select_related("stage")
    assert by_commanders.exists()
    assert {d.stage.level for d in by_commanders} == {ReviewLevel.HEAD_OF_OFFICE}
    # Beside the head of office: both decided at the same first level of Otobora's report.
    first_level = _report(OTOBORA).stages.get(level=ReviewLevel.HEAD_OF_OFFICE)
    deciders = set(first_level.decisions.values_list("decided_by__username", flat=True))
    assert deciders == {"head.office", "brigade.nordkivu"}
