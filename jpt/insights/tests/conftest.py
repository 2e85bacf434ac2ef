"""A small hand-built world for the trend figures: March 2026 in Nord-Kivu and Sud-Kivu, with
February 2026 (the month before) and March 2025 (the same month a year before).

Every number the tests expect is counted by hand below, next to the rows that make it.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from jpt.accounts.choices import Sex, StaffCategory
from jpt.accounts.roles import Role
from jpt.insights.periods import Period
from missions.choices import ConsultationType, ParticipationStatus, TeamRole, Trigger
from recommendations.models import (
    CommunityAlert,
    FollowUpVisit,
    Implementation,
    MaterialSupport,
    VisitObservation,
)
from reports.choices import (
    AgeGroup,
    Category,
    PerpetratorCategory,
    ReportStatus,
    ReviewLevel,
    StageOutcome,
    SurvivorSex,
    ThreatType,
    Trend,
)
from tests.factories import (
    ConsultationFactory,
    IncidentCountFactory,
    MissionFactory,
    MissionStakeholderFactory,
    ProtectionPlanFactory,
    RecommendationFactory,
    ReportFactory,
    ReviewStageFactory,
    SexualViolenceAnalysisFactory,
    StakeholderFactory,
    TeamMemberFactory,
    ThreatFactory,
    UserFactory,
)

MARCH = Period.month(date(2026, 3, 1))


def local(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def world(places, make_user):
    """Missions (departures), teams, stakeholders, meetings, reports with threats, incidents
    and recommendations, review stages, follow-up visits, alerts and material support."""
    nk, sk = places.nord_kivu, places.sud_kivu

    def mission(territory, trigger, departure=None, actual=None, status="follow_up"):
        return MissionFactory(
            request__territory=territory,
            request__trigger=trigger,
            planned_departure=departure,
            planned_return=None,
            actual_departure=actual,
            status=status,
            lead_member=False,
        )

    # Missions. March: Nord-Kivu 2 attacks (m1 by its actual departure, m3 actual on the 31st
    # though planned for April) and 1 displacement (m2, planned); m4 planned in March left in
    # April (not March). Sud-Kivu: m5, rumoured attacks. February: m6 (Nord-Kivu, attack).
    # March 2025: m7 (Sud-Kivu, attack).
    m1 = mission(places.walikale, Trigger.ATTACK, date(2026, 3, 1), date(2026, 3, 5))
    m2 = mission(places.masisi, Trigger.DISPLACEMENT, date(2026, 3, 20))
    m3 = mission(places.walikale, Trigger.ATTACK, date(2026, 4, 2), date(2026, 3, 31))
    m4 = mission(places.walikale, Trigger.ATTACK, date(2026, 3, 10), date(2026, 4, 1))
    m5 = mission(places.shabunda, Trigger.RUMOURED_ATTACKS, date(2026, 3, 15))
    m6 = mission(places.walikale, Trigger.ATTACK, date(2026, 2, 10))
    m7 = mission(places.shabunda, Trigger.ATTACK, date(2025, 3, 3))

    # Teams (members invited or accepted count). m1: a woman gender officer (national), a man
    # sexual-violence expert (international), an external woman; a man who declined (not
    # counted). m2: a man CLI (national, invited) and a woman CLI (national). m5: a man
    # (international). March, every province: 6 members, 3 women; 3 national, 2 international,
    # 1 external; 2 CLIs, 1 woman; missions with a team 3, with a woman 2 (m1, m2), a gender
    # officer 1, a sexual-violence expert 1, a CLI 1. m6: 1 man (February).
    def staff(sex, category):
        return UserFactory(sex=sex, staff_category=category)

    TeamMemberFactory(
        mission=m1,
        user=staff(Sex.FEMALE, StaffCategory.NATIONAL),
        role=TeamRole.GENDER_OFFICER,
        accepted=True,
    )
    TeamMemberFactory(
        mission=m1,
        user=staff(Sex.MALE, StaffCategory.INTERNATIONAL),
        role=TeamRole.SEXUAL_VIOLENCE_EXPERT,
        accepted=True,
    )
    TeamMemberFactory(mission=m1, external=True)
    TeamMemberFactory(
        mission=m1,
        user=staff(Sex.MALE, StaffCategory.NATIONAL),
        status=ParticipationStatus.DECLINED,
    )
    TeamMemberFactory(
        mission=m2, user=staff(Sex.MALE, StaffCategory.NATIONAL), role=TeamRole.INTERPRETER
    )
    TeamMemberFactory(
        mission=m2,
        user=staff(Sex.FEMALE, StaffCategory.NATIONAL),
        role=TeamRole.INTERPRETER,
        accepted=True,
    )
    TeamMemberFactory(mission=m5, user=staff(Sex.MALE, StaffCategory.INTERNATIONAL))
    TeamMemberFactory(mission=m6, user=staff(Sex.MALE, StaffCategory.INTERNATIONAL))

    # Key stakeholders: m1 a woman and a chief, m2 a chief. March: 3, 1 woman, on 2 lists, 1
    # with a woman.
    MissionStakeholderFactory(mission=m1, stakeholder=StakeholderFactory(locality=places.ntoto))
    MissionStakeholderFactory(
        mission=m1, stakeholder=StakeholderFactory(chief=True, locality=places.ntoto)
    )
    MissionStakeholderFactory(
        mission=m2, stakeholder=StakeholderFactory(chief=True, locality=places.nyabiondo)
    )

    # Consultations (by local time). March: local leaders (3 women, 9 men) on the 6th; a
    # meeting with local women (14 women) on the 7th; a women's organisation (6 women, 1 man)
    # at 23:30 on the 31st. Not March: 00:30 on 1 April.
    ConsultationFactory(mission=m1, held_at=local(date(2026, 3, 6)), locality=places.ntoto)
    ConsultationFactory(
        mission=m1, held_at=local(date(2026, 3, 7), 6, 30), local_women=True, locality=places.ntoto
    )
    ConsultationFactory(
        mission=m1,
        held_at=local(date(2026, 3, 31), 23, 30),
        kind=ConsultationType.WOMENS_ORGANIZATION,
        women=6,
        men=1,
        locality=places.ntoto,
    )
    ConsultationFactory(
        mission=m2, held_at=local(date(2026, 4, 1), 0, 30), locality=places.nyabiondo
    )

    # Reports. r1 (m1, Nord-Kivu): submitted 12 March, approved 25 March, sexual-violence
    # analysis filled, women's organisations consulted on the plan. r2 (m5, Sud-Kivu):
    # submitted 20 March, in review, analysis not filled, no plan. r0 (m6): submitted and
    # approved in February.
    r1 = ReportFactory(
        mission=m1,
        status=ReportStatus.APPROVED,
        submitted_at=local(date(2026, 3, 12)),
        approved_at=local(date(2026, 3, 25)),
    )
    r2 = ReportFactory(
        mission=m5, status=ReportStatus.IN_REVIEW, submitted_at=local(date(2026, 3, 20))
    )
    r0 = ReportFactory(
        mission=m6,
        status=ReportStatus.APPROVED,
        submitted_at=local(date(2026, 2, 15)),
        approved_at=local(date(2026, 2, 20)),
    )
    analysis = SexualViolenceAnalysisFactory(report=r1, filled=True)
    SexualViolenceAnalysisFactory(report=r2)
    ProtectionPlanFactory(report=r1, with_womens_organizations=True)

    # Threats. r1: attack by an armed group (rising), attack by an army unit (stable), sexual
    # violence by an armed group (rising). r2: looting, unknown, falling. r0: an attack.
    ThreatFactory(report=r1)
    ThreatFactory(
        report=r1, perpetrator_category=PerpetratorCategory.NATIONAL_ARMY, trend=Trend.STABLE
    )
    ThreatFactory(report=r1, threat_type=ThreatType.SEXUAL_VIOLENCE)
    ThreatFactory(
        report=r2,
        threat_type=ThreatType.LOOTING,
        perpetrator_category=PerpetratorCategory.UNKNOWN,
        trend=Trend.FALLING,
    )
    ThreatFactory(report=r0)

    # Incidents of sexual violence (r1): 7 adult women and 2 girls by an armed group, 1 adult
    # man by an army unit.
    IncidentCountFactory(analysis=analysis, count=7)
    IncidentCountFactory(analysis=analysis, age_group=AgeGroup.CHILD, count=2)
    IncidentCountFactory(
        analysis=analysis,
        perpetrator_category=PerpetratorCategory.NATIONAL_ARMY,
        survivor_sex=SurvivorSex.MALE,
        count=1,
    )

    # Recommendations. r1: escort approved and implemented, health approved (no
    # implementation yet: not started), justice rejected. r2: dialogue in review. r0: escort
    # approved, stalled.
    escort = RecommendationFactory(report=r1, approved=True)
    RecommendationFactory(report=r1, approved=True, category=Category.HEALTH)
    RecommendationFactory(report=r1, rejected=True, category=Category.JUSTICE)
    RecommendationFactory(report=r2, in_review=True, category=Category.DIALOGUE)
    stalled = RecommendationFactory(report=r0, approved=True)
    Implementation.objects.create(recommendation=escort, status="implemented")
    Implementation.objects.create(
        recommendation=stalled, status="stalled", stalled_reason="security"
    )

    # Review stages closed in March: head of office 48 h (r1) and 96 h (r2, returned; past its
    # 3-day deadline): median 72 h (3.0 days), 90th percentile 91.2 h (3.8 days); Kinshasa
    # 264 h (r1; 11.0 days, past its deadline).
    def stage(report, level, entered, hours, outcome, deadline_days=10):
        return ReviewStageFactory(
            report=report,
            level=level,
            entered_at=entered,
            due_at=entered + timedelta(days=deadline_days),
            closed_at=entered + timedelta(hours=hours),
            closed_by=UserFactory(),
            outcome=outcome,
        )

    stage(r1, ReviewLevel.HEAD_OF_OFFICE, local(date(2026, 3, 12)), 48, StageOutcome.FORWARDED)
    stage(r1, ReviewLevel.KINSHASA_SMG, local(date(2026, 3, 14)), 264, StageOutcome.APPROVED)
    stage(
        r2,
        ReviewLevel.HEAD_OF_OFFICE,
        local(date(2026, 3, 20)),
        96,
        StageOutcome.RETURNED,
        deadline_days=3,
    )

    # Follow-up. CLIs on staff: a woman (Nord-Kivu), a man (Sud-Kivu).
    cli_nk = make_user("cli_nk", Role.CLI, [nk], staff_category=StaffCategory.NATIONAL)
    cli_sk = make_user(
        "cli_sk", Role.CLI, [sk], sex=Sex.MALE, staff_category=StaffCategory.NATIONAL
    )
    # Visits: Nord-Kivu 10 March (4 women, 6 men, urgent, meeting with women, confidence 3,
    # saw the escort implemented); Sud-Kivu 28 March (2 women, 2 men, confidence 5).
    v1 = FollowUpVisit.objects.create(
        client_id=uuid.uuid4(),
        cli=cli_nk,
        province=nk,
        visited_on=date(2026, 3, 10),
        women=4,
        men=6,
        women_meeting=True,
        confidence=3,
        urgent_alert=True,
    )
    VisitObservation.objects.create(visit=v1, recommendation=escort, finding="as_planned")
    FollowUpVisit.objects.create(
        client_id=uuid.uuid4(),
        cli=cli_sk,
        province=sk,
        visited_on=date(2026, 3, 28),
        women=2,
        men=2,
        confidence=5,
    )

    # Alerts: Nord-Kivu answered in 2 h and 4 h, one without response; Sud-Kivu in 6 h.
    # Every province: 4 alerts, 3 answered, median 4 h, 90th percentile 5.6 h.
    def alert(province, cli, locality, day, hours):
        received = local(day, 8)
        return CommunityAlert.objects.create(
            received_at=received,
            responded_at=None if hours is None else received + timedelta(hours=hours),
            relayed_at=received + timedelta(minutes=30),
            cli=cli,
            province=province,
            locality=locality,
            channel="phone",
            threat_type="attack",
            source="local_leader",
        )

    alert(nk, cli_nk, places.ntoto, date(2026, 3, 5), 2)
    alert(nk, cli_nk, places.ntoto, date(2026, 3, 6), 4)
    alert(nk, cli_nk, places.otobora, date(2026, 3, 7), None)
    alert(sk, cli_sk, places.matili, date(2026, 3, 8), 6)

    # Material support: Nord-Kivu 12 women, 3 men; Sud-Kivu 8 men.
    MaterialSupport.objects.create(
        province=nk,
        locality=places.ntoto,
        given_on=date(2026, 3, 10),
        item="phone",
        women=12,
        men=3,
        recorded_by=cli_nk,
    )
    MaterialSupport.objects.create(
        province=sk,
        locality=places.matili,
        given_on=date(2026, 3, 11),
        item="phone",
        women=0,
        men=8,
        recorded_by=cli_sk,
    )
    return SimpleNamespace(
        places=places,
        missions=[m1, m2, m3, m4, m5, m6, m7],
        reports=(r0, r1, r2),
        escort=escort,
        cli_nk=cli_nk,
        cli_sk=cli_sk,
    )
