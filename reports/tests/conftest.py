"""Fixtures of the review-chain tests: reviewers of each level in both Kivus, and a builder of
reports ready to be submitted.

``reviewers``
    Namespace of users: ``hoo`` (head of office, Nord-Kivu), ``provincial`` (provincial SMG-P,
    Nord-Kivu), ``kinshasa`` (Kinshasa SMG-P, every province), ``rrewc`` (RREWC, Nord-Kivu), and
    their Sud-Kivu counterparts ``hoo_sud``, ``provincial_sud``, ``rrewc_sud``.
``make_report(province=None, recommendations=2, ...)``
    Builder writing rows with the ORM: an approved request and its mission (led by the Civil
    Affairs officer of the province, with an accepted team member ``report.team_user`` and a
    withdrawn one ``report.gone_user``), a report with a filled sexual-violence analysis, one
    threat, a woman on the key-stakeholder list, and N recommendations. Ready for
    ``report_submit(report=report, user=report.mission.lead)``.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import timezone

from jpt.accounts.choices import Sex
from jpt.accounts.roles import Role
from missions.choices import MissionStatus, ParticipationStatus, StakeholderCategory, TeamRole
from missions.models import Mission, MissionStakeholder, Stakeholder, TeamMember
from missions.tests.factories import JptRequestFactory
from reports.choices import (
    Addressee,
    Category,
    PerpetratorCategory,
    Priority,
    ServiceAccess,
    Severity,
    ThreatType,
    Trend,
)
from reports.models import Recommendation, Report, SexualViolenceAnalysis, Threat

WOMAN_PHONE = "+243 997 111 222"
MAN_PHONE = "+243 998 333 444"

RECOMMENDATION_TEXTS = [
    "Escort women to the Ntoto market every Thursday.",
    "Double the foot patrols between Ntoto and Otobora.",
    "Provide a motorbike for transport to the legal clinic.",
    "Engage the Mayi-Mayi commander on moving troops out of Otobora.",
]


@pytest.fixture
def reviewers(make_user, places, kinshasa_smg):
    nord, sud = [places.nord_kivu], [places.sud_kivu]
    return SimpleNamespace(
        hoo=make_user("hoo_nord", Role.HEAD_OF_OFFICE, nord),
        provincial=make_user("smgp_nord", Role.SMG_PROVINCIAL, nord),
        kinshasa=kinshasa_smg,
        rrewc=make_user("rrewc_nord", Role.RREWC, nord),
        hoo_sud=make_user("hoo_sud", Role.HEAD_OF_OFFICE, sud),
        provincial_sud=make_user("smgp_sud", Role.SMG_PROVINCIAL, sud),
        rrewc_sud=make_user("rrewc_sud", Role.RREWC, sud),
    )


@pytest.fixture
def make_report(places, make_user, ca_officer, ca_officer_sud):
    counter = {"n": 0}

    def build(
        province=None,
        recommendations: int = 2,
        *,
        lead=None,
        sv_analysis: bool = True,
        sv_filled: bool = True,
        threats: int = 1,
        woman_stakeholder: bool = True,
    ) -> Report:
        counter["n"] += 1
        n = counter["n"]
        province = province or places.nord_kivu
        if province == places.sud_kivu:
            territory, locality, default_lead = places.shabunda, places.matili, ca_officer_sud
        else:
            territory, locality, default_lead = places.walikale, places.ntoto, ca_officer
        lead = lead or default_lead
        jpt_request = JptRequestFactory(
            approved=True,
            requested_by=lead,
            territory=territory,
            localities=[locality],
            title=f"Attack on {locality.name} ({n})",
        )
        mission = Mission.objects.create(
            request=jpt_request,
            province=province,
            mandate="Assess the threats and the patterns of sexual violence (Annex 2).",
            lead=lead,
            # Back from the field, the report being drafted: ready to submit.
            status=MissionStatus.REPORT_DRAFTING,
            planned_departure=jpt_request.start_date,
            planned_return=jpt_request.end_date,
        )
        TeamMember.objects.create(
            mission=mission,
            user=lead,
            role=TeamRole.TEAM_LEAD,
            status=ParticipationStatus.ACCEPTED,
            responded_at=timezone.now(),
        )
        team_user = make_user(f"team_{n}", Role.TEAM_MEMBER, [province])
        TeamMember.objects.create(
            mission=mission,
            user=team_user,
            role=TeamRole.GENDER_OFFICER,
            status=ParticipationStatus.ACCEPTED,
            responded_at=timezone.now(),
        )
        gone_user = make_user(f"gone_{n}", Role.TEAM_MEMBER, [province])
        TeamMember.objects.create(
            mission=mission,
            user=gone_user,
            role=TeamRole.MEMBER,
            status=ParticipationStatus.WITHDRAWN,
        )
        report = Report.objects.create(
            mission=mission,
            commander_coauthor="Major Kabila, COB Walikale",
            plan_of_action="Share the findings with the Protection Cluster within a week.",
        )
        if sv_analysis:
            SexualViolenceAnalysis.objects.create(
                report=report,
                medical_access=ServiceAccess.LIMITED,
                psychosocial_access=ServiceAccess.NONE,
                legal_access=ServiceAccess.NONE,
                services_notes="Legal clinic 30 km away; no transport.",
                risk_places_times="The road to the market on Thursdays.",
                patterns="Attacks on women on the road to the fields." if sv_filled else "",
            )
        for i in range(threats):
            threat = Threat.objects.create(
                report=report,
                threat_type=ThreatType.ATTACK,
                perpetrator_category=PerpetratorCategory.ARMED_GROUP,
                perpetrator_name="Mayi-Mayi",
                period="since August",
                frequency="weekly",
                severity=Severity.HIGH,
                trend=Trend.RISING,
                narrative=f"Night raids on the market ({i + 1}).",
            )
            threat.localities.set([locality])
        chief = Stakeholder.objects.create(
            name=f"Chief Mwami {n}",
            title="Customary chief",
            sex=Sex.MALE,
            locality=locality,
            phone=MAN_PHONE,
            category=StakeholderCategory.CUSTOMARY_CHIEF,
        )
        MissionStakeholder.objects.create(mission=mission, stakeholder=chief, added_by=lead)
        if woman_stakeholder:
            leader = Stakeholder.objects.create(
                name=f"Maman Furaha {n}",
                title="President of the women's association",
                sex=Sex.FEMALE,
                locality=locality,
                phone=WOMAN_PHONE,
                category=StakeholderCategory.WOMENS_LEADER,
            )
            MissionStakeholder.objects.create(mission=mission, stakeholder=leader, added_by=lead)
        for i in range(recommendations):
            rec = Recommendation.objects.create(
                report=report,
                text=RECOMMENDATION_TEXTS[i % len(RECOMMENDATION_TEXTS)],
                category=Category.ESCORT_PATROL,
                addressee=Addressee.FORCE,
                priority=Priority.HIGH,
            )
            rec.localities.set([locality])
        report.team_user = team_user
        report.gone_user = gone_user
        return report

    return build
