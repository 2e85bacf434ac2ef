"""`manage.py load_demo`: demo accounts, bases, requests and missions, loaded once, never in
production."""

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
    MISSIONS,
    NTOTO,
    OTOBORA,
    REQUESTS,
    USERS,
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
    assert otobora.status == MissionStatus.REPORT_DRAFTING
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
