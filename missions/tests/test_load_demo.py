"""`manage.py load_demo`: demo accounts, bases, requests, missions and reports at each level of
the review chain, loaded once, never in production."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from jpt.audit.models import AuditEntry
from jpt.notifications.models import EmailMessage
from jpt.places.models import OperatingBase
from missions.choices import (
    ConsultationSetting,
    ConsultationType,
    MissionStatus,
    ParticipationStatus,
    RequestStatus,
)
from missions.management.commands.load_demo import (
    BANGADI,
    BASES,
    DEMO_PASSWORD,
    DURU_BANGADI,
    MATILI,
    MISSIONS,
    NTOTO,
    NYABIONDO,
    OTOBORA,
    REQUESTS,
    USERS,
    WALUNGU,
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
from missions.selectors import readiness_checks
from reports.checks import blocking_checks
from reports.choices import Decision, RecommendationStatus, ReportStatus, ReviewLevel, StageOutcome
from reports.demo import REPORTS
from reports.freeze import verify
from reports.models import (
    Recommendation,
    RecommendationDecision,
    Report,
    ReportVersion,
    ReviewStage,
)
from reports.selectors import inbox


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
        "audit": AuditEntry.objects.count(),
        "emails": EmailMessage.objects.count(),
    }


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_prints_logins() -> None:
    first_output = _load()
    first = _counts()
    assert first["users"] >= len(USERS)
    assert first["bases"] == len(BASES)
    assert first["requests"] == len(REQUESTS)
    assert first["missions"] == len(MISSIONS)
    assert first["reports"] == len(REPORTS)
    assert first["recommendations"] == sum(len(r.recommendations) for r in REPORTS)
    assert first["decisions"] == sum(len(review.decisions) for r in REPORTS for review in r.reviews)
    assert first["stages"] >= len(REPORTS) and first["versions"] >= 2

    second_output = _load()
    assert _counts() == first
    assert "0 created" in second_output
    for output in (first_output, second_output):
        assert f"Demo logins (password: {DEMO_PASSWORD}):" in output
        for spec in USERS:
            assert spec.username in output


@pytest.mark.django_db
def test_load_demo_requests_cover_every_status_through_the_services() -> None:
    _load()
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
    assert AuditEntry.objects.count() >= len(REQUESTS) + approved.count()
    assert JptRequest.objects.filter(is_short_notice=True).exists()
    assert any(r.is_short_visit for r in JptRequest.objects.all())
    assert not OperatingBase.objects.get(name="TOB Ntoto (closed)").is_active


@pytest.mark.django_db
def test_every_demo_user_can_log_in() -> None:
    _load()
    User = get_user_model()
    for spec in USERS:
        user = authenticate(username=spec.username, password=DEMO_PASSWORD)
        assert user is not None, spec.username
        assert user.email == f"{spec.username}@jpt-desk.example"
        assert user.has_role(spec.role)
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert set(
        User.objects.get(username="civil.affairs").provinces.values_list("name", flat=True)
    ) == {"Nord-Kivu", "Sud-Kivu"}


@pytest.mark.django_db
def test_load_demo_refused_when_demo_data_not_allowed(settings) -> None:
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="DEMO_DATA_ALLOWED"):
        _load()
    assert not get_user_model().objects.filter(username="requester").exists()


@pytest.mark.django_db
def test_load_demo_missions_are_staged_through_the_services() -> None:
    _load()
    missions = Mission.objects.select_related("request")
    assert missions.count() >= 6
    assert len({m.status for m in missions}) >= 5
    assert {MissionStatus.DEPLOYED, MissionStatus.CANCELLED} <= {m.status for m in missions}
    for mission in missions:
        # Every step left an audit entry on the mission; team invitations were e-mailed.
        assert AuditEntry.objects.for_object(mission).exists(), mission
    assert EmailMessage.objects.count() > len(REQUESTS)
    assert TeamMember.objects.filter(status=ParticipationStatus.INVITED).exists()
    assert TeamMember.objects.filter(status=ParticipationStatus.DECLINED).exists()

    otobora = missions.get(request__title=OTOBORA)
    assert otobora.status == MissionStatus.FOLLOW_UP  # its report is approved
    assert otobora.actual_departure < otobora.actual_return < timezone.localdate()
    commander = otobora.consultations.get(kind=ConsultationType.ARMED_ACTOR)
    assert "IHL" in commander.topics
    assert otobora.team.filter(user__username="team.member", role="gender_officer").exists()


@pytest.mark.django_db
def test_load_demo_shows_what_the_brief_asks_to_track() -> None:
    _load()
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


def _report(title: str) -> Report:
    return Report.objects.select_related("mission").get(mission__request__title=title)


def _user(username: str):
    return get_user_model().objects.get(username=username)


@pytest.mark.django_db
def test_load_demo_reports_stand_at_each_level_of_the_chain() -> None:
    _load()
    for report in Report.objects.all():
        # Every report passed the blocking checks (a woman among the key stakeholders...).
        assert not blocking_checks(report), report
        assert report.sv_analysis.is_filled
        assert AuditEntry.objects.for_object(report).exists()

    # Walungu: just arrived at the head of office of Sud-Kivu.
    walungu = _report(WALUNGU)
    stage = walungu.stages.get()
    assert walungu.status == ReportStatus.IN_REVIEW
    assert stage.level == ReviewLevel.HEAD_OF_OFFICE and stage.is_open
    assert not stage.is_overdue()
    assert stage in inbox(_user("head.southkivu"))
    assert stage not in inbox(_user("head.office"))  # a Nord-Kivu reviewer

    # Matili: endorsed by the head of office, overdue at the provincial SMG-P.
    matili = _report(MATILI)
    head, provincial = matili.stages.order_by("entered_at")
    assert head.outcome == StageOutcome.FORWARDED
    assert head.decisions.count() == matili.recommendations.count()
    assert provincial.level == ReviewLevel.PROVINCIAL_SMG and provincial.is_overdue()
    assert 0 < provincial.decisions.count() < matili.recommendations.count()
    assert provincial in inbox(_user("smg.southkivu"))
    assert matili.recommendations.filter(text__contains="CADDHOM legal clinic").exists()

    # Nyabiondo: returned by the head of office with comments.
    nyabiondo = _report(NYABIONDO)
    returned = nyabiondo.stages.get()
    assert nyabiondo.status == ReportStatus.RETURNED
    assert returned.outcome == StageOutcome.RETURNED and returned.comment
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
