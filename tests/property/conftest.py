"""The scene of the property-based form tests, built once per test through the services.

``scene`` returns a namespace with:

- ``users``: who acts on each form. ``lead`` is a Civil Affairs officer of Nord-Kivu who leads
  both missions and did not file any request; ``requester`` files the requests; ``invitee``
  is invited (not yet accepted) to the planning mission; ``hoo`` reviews at head-of-office
  level in Nord-Kivu. Others exist only so that their ids can be typed into the forms.
- ``ids``: every id a strategy may refer to (``strategies.Ref("name")``), in the user's scope
  or out of it (Sud-Kivu rows, an inactive user...).
- the rows the forms act on: ``pending_request`` (submitted by ``requester``), ``planning``
  (a mission in team forming, with a logistics line, an accepted gender officer and an invited
  member), ``field`` (a deployed mission with consultations, key stakeholders and a draft
  report holding a threat, a recommendation, its sexual-violence analysis with one incident
  count and its protection plan with one row in every list), and ``stage`` (another Nord-Kivu
  report submitted for review, open at head-of-office level, with two recommendations).

``followup_scene`` is the same scene with what follows approval, for the follow-up forms
(``test_followup_forms.py``): the ``stage`` report approved at Kinshasa (its two
recommendations ``review_recommendation`` and ``second_recommendation`` approved, its plan's
safe area and escort point those of an approved plan), an implementation recorded for the
second, the CLI's calendar, an urgent visit and a community alert (see its docstring).

Each hypothesis example runs inside a savepoint that is rolled back (``harness.run``), so
the examples all see this same scene.
"""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from jpt.accounts.choices import Section, Sex, StaffCategory
from jpt.accounts.roles import Role
from jpt.places.choices import BaseKind
from jpt.places.models import OperatingBase
from missions import services as mission_services
from missions.choices import (
    ConsultationSetting,
    ConsultationType,
    LogisticsCategory,
    LogisticsStatus,
    MissionStatus,
    RequesterKind,
    StakeholderCategory,
    TeamRole,
    TransportMode,
    Trigger,
    Urgency,
)
from missions.models import Stakeholder, TeamMember
from missions.validation import RequestDetails
from recommendations import services as followup_services
from recommendations.choices import (
    AlertChannel,
    AlertSource,
    Finding,
    ImplementationStatus,
    OwnerKind,
)
from reports import services as report_services
from reports.choices import (
    Addressee,
    AgeGroup,
    Category,
    Decision,
    PerpetratorCategory,
    Priority,
    RecommendationStatus,
    ReportStatus,
    ServiceAccess,
    Severity,
    SurvivorSex,
    ThreatType,
    Trend,
)
from reports.models import EscortPoint, SafeArea
from reports.services import recommendation_decide, report_submit


class Scene(SimpleNamespace):
    """The scene, shown briefly in hypothesis' "Failing test case" lines."""

    def __repr__(self) -> str:
        return "<scene>"


def _details(places, **overrides) -> RequestDetails:
    start = timezone.localdate() + timedelta(days=30)
    values = {
        "title": "Attack on Ntoto",
        "requester_kind": RequesterKind.SENIOR_MANAGEMENT,
        "trigger": Trigger.ATTACK,
        "province": places.nord_kivu,
        "territory": places.walikale,
        "localities": [places.ntoto],
        "nearest_base": places.walikale_cob,
        "reason": "Armed men attacked Ntoto market; about 200 families fled to Otobora.",
        "start_date": start,
        "end_date": start + timedelta(days=6),
        "urgency": Urgency.HIGH,
    }
    values.update(overrides)
    return RequestDetails(**values)


def _approved_mission(places, requester, lead, title: str, member):
    """A request filed by ``requester``, approved by ``lead``, with ``member`` accepted."""
    jpt_request = mission_services.request_submit(
        user=requester, details=_details(places, title=title)
    )
    mission = mission_services.request_approve(
        jpt_request=jpt_request,
        user=lead,
        mandate="Assess the threats, with a gender analysis and the patterns of sexual violence.",
    )
    place = mission_services.team_add_member(
        mission=mission, user=lead, data={"role": TeamRole.GENDER_OFFICER, "member": member}
    )
    mission_services.team_respond(member=place, user=member, accept=True)
    mission_services.mission_change_status(
        mission=mission, user=lead, status=MissionStatus.TEAM_FORMING
    )
    mission.refresh_from_db()
    return mission


def _fill_report(report, *, user, places, stakeholders: list) -> None:
    """A threat, a recommendation, the analysis and the plan (through the services)."""
    report_services.threat_add(
        report=report,
        user=user,
        data={
            "threat_type": ThreatType.ATTACK,
            "perpetrator_category": PerpetratorCategory.ARMED_GROUP,
            "perpetrator_name": "Mayi-Mayi Kifuafua",
            "localities": [places.ntoto],
            "period": "since August",
            "frequency": "weekly",
            "severity": Severity.HIGH,
            "trend": Trend.RISING,
            "narrative": "Night raids on the market.",
        },
    )
    for text in (
        "Escort women to the Ntoto market every Thursday.",
        "Double the foot patrols between Ntoto and Otobora.",
    ):
        report_services.recommendation_add(
            report=report,
            user=user,
            data={
                "text": text,
                "category": Category.ESCORT_PATROL,
                "addressee": Addressee.FORCE,
                "addressee_detail": "",
                "priority": Priority.HIGH,
                "target_date": timezone.localdate() + timedelta(days=60),
                "localities": [places.ntoto],
            },
        )
    report_services.sv_analysis_update(
        report=report,
        user=user,
        data={
            "medical_access": ServiceAccess.LIMITED,
            "psychosocial_access": ServiceAccess.NONE,
            "legal_access": ServiceAccess.NONE,
            "services_notes": "Legal clinic 30 km away; no transport.",
            "risk_places_times": "The road to the market on Thursdays.",
            "patterns": "Attacks on women on the road to the fields.",
        },
        incident_counts=[
            {
                "period": "August 2026",
                "locality": places.ntoto,
                "perpetrator_category": PerpetratorCategory.ARMED_GROUP,
                "age_group": AgeGroup.ADULT,
                "survivor_sex": SurvivorSex.FEMALE,
                "count": 4,
            }
        ],
    )
    report_services.protection_plan_update(
        report=report,
        user=user,
        data={
            "priorities": "Safe access to the fields.",
            "local_authority_roles": "The chief relays alerts.",
            "early_warning": "Whistles and the parish bell.",
            "womens_organizations_consulted": True,
            "womens_organizations": "Association des mamans de Ntoto",
        },
        safe_areas=[
            {
                "name": "Parish compound",
                "locality": places.ntoto,
                "latitude": Decimal("-1.07"),
                "longitude": Decimal("28.01"),
                "capacity": 300,
            }
        ],
        escort_points=[{"place": "Ntoto bridge", "day_time": "Thursdays 6:00"}],
        vulnerable_areas=[{"place": "Road to the fields", "why": "Ambushes", "when": "dawn"}],
        contingency_contacts=[
            {"stakeholder": stakeholders[0], "how_to_reach": "Via the parish radio", "when": ""}
        ],
    )


@pytest.fixture
def scene(places, make_user, requester, ca_officer, ca_officer_sud, cli):
    nord, sud = [places.nord_kivu], [places.sud_kivu]
    lead = ca_officer
    other_ca = make_user("ca_nord_2", Role.CIVIL_AFFAIRS, nord, sex=Sex.MALE)
    gender = make_user(
        "gender_nord", Role.TEAM_MEMBER, nord, section=Section.GENDER_AFFAIRS, sex=Sex.FEMALE
    )
    gender_2 = make_user("gender_nord_2", Role.TEAM_MEMBER, nord, section=Section.GENDER_AFFAIRS)
    invitee = make_user("invitee_nord", Role.TEAM_MEMBER, nord, sex=Sex.MALE)
    inactive = make_user("gone_nord", Role.TEAM_MEMBER, nord, is_active=False)
    hoo = make_user("hoo_nord", Role.HEAD_OF_OFFICE, nord)
    requester_sud = make_user(
        "requester_sud", Role.REQUESTER, sud, staff_category=StaffCategory.NATIONAL
    )
    sud_base = OperatingBase.objects.create(
        name="COB Shabunda", kind=BaseKind.COB, locality=places.matili, host_unit="Company B"
    )

    # Requests: one awaiting a decision (filed by the requester), one in Sud-Kivu.
    pending = mission_services.request_submit(
        user=requester, details=_details(places, title="Rumoured attacks on Otobora")
    )
    sud_request = mission_services.request_submit(
        user=requester_sud,
        details=_details(
            places,
            title="Displacement around Matili",
            province=places.sud_kivu,
            territory=places.shabunda,
            localities=[places.matili],
            nearest_base=sud_base,
        ),
    )

    # The planning mission: team forming, a logistics line, an invited member.
    planning = _approved_mission(places, requester, lead, "Attack on Ntoto", gender)
    invitation = mission_services.team_add_member(
        mission=planning, user=lead, data={"role": TeamRole.MEMBER, "member": invitee}
    )
    logistics = mission_services.logistics_add(
        mission=planning,
        user=lead,
        data={
            "category": LogisticsCategory.TRANSPORT,
            "transport_mode": TransportMode.HELICOPTER,
            "description": "Mi-8 Goma–Walikale",
            "quantity_requested": 8,
            "quantity_confirmed": None,
            "status": LogisticsStatus.REQUESTED,
            "notes": "",
        },
    )
    known = mission_services.stakeholder_add(
        mission=planning,
        user=lead,
        data={
            "name": "Pasteur Kambale",
            "title": "Pastor",
            "organisation": "CBCA Ntoto",
            "sex": Sex.MALE,
            "locality": places.otobora,
            "phone": "+243 990 000 111",
            "category": StakeholderCategory.RELIGIOUS_LEADER,
            "agreed_to_contact": True,
        },
    )

    # The field mission: deployed, with its field work and a draft report.
    field = _approved_mission(places, requester, lead, "Displacement to Otobora", gender)
    mission_services.mission_change_status(mission=field, user=lead, status=MissionStatus.DEPLOYED)
    field.refresh_from_db()
    interpreter = mission_services.team_add_member(
        mission=field,
        user=lead,
        data={
            "role": TeamRole.INTERPRETER,
            "external_name": "Jeanne Masika",
            "external_organisation": "CLI pool",
            "external_sex": Sex.FEMALE,
        },
    )
    consultation = mission_services.consultation_create(
        mission=field,
        user=lead,
        data={
            "held_at": timezone.now(),
            "kind": ConsultationType.LOCAL_WOMEN,
            "locality": places.ntoto,
            "venue": "Parish hall",
            "setting": ConsultationSetting.COMMUNITY,
            "language": "Kiswahili",
            "interpreter": interpreter,
            "women": 12,
            "men": 0,
            "girls": None,
            "boys": None,
            "announced_by": ["market"],
            "time_avoids_childcare": True,
            "travel_reimbursed": False,
            "reimbursement_amount": None,
            "topics": "Safety on the road to the fields.",
            "concerns": "Night raids.",
            "follow_up": "",
        },
    )
    woman = mission_services.stakeholder_add(
        mission=field,
        user=lead,
        data={
            "name": "Maman Furaha",
            "title": "President of the women's association",
            "organisation": "",
            "sex": Sex.FEMALE,
            "locality": places.ntoto,
            "phone": "+243 997 111 222",
            "category": StakeholderCategory.WOMENS_LEADER,
            "agreed_to_contact": True,
        },
        notes="Met twice.",
    )
    chief = mission_services.stakeholder_add(
        mission=planning,
        user=lead,
        data={
            "name": "Chef Mwami",
            "title": "Customary chief",
            "organisation": "",
            "sex": Sex.MALE,
            "locality": places.ntoto,
            "phone": "",
            "category": StakeholderCategory.CUSTOMARY_CHIEF,
            "agreed_to_contact": False,
        },
    ).stakeholder
    report = report_services.report_start(mission=field, user=lead)
    _fill_report(report, user=lead, places=places, stakeholders=[woman])
    threat = report.threats.get()
    recommendation = report.recommendations.order_by("id").first()

    # A third mission whose report is in review at head-of-office level.
    reviewed = _approved_mission(places, requester, lead, "Looting in Masisi", gender_2)
    mission_services.mission_change_status(
        mission=reviewed, user=lead, status=MissionStatus.DEPLOYED
    )
    reviewed_woman = mission_services.stakeholder_add(
        mission=reviewed,
        user=lead,
        data={
            "name": "Maman Neema",
            "title": "Midwife",
            "organisation": "",
            "sex": Sex.FEMALE,
            "locality": places.ntoto,
            "phone": "",
            "category": StakeholderCategory.HEALTH_WORKER,
            "agreed_to_contact": True,
        },
    )
    reviewed_report = report_services.report_start(mission=reviewed, user=lead)
    _fill_report(reviewed_report, user=lead, places=places, stakeholders=[reviewed_woman])
    mission_services.mission_change_status(
        mission=reviewed, user=lead, status=MissionStatus.RETURNED
    )
    stage = report_submit(report=reviewed_report, user=lead)
    review_recommendation = reviewed_report.recommendations.order_by("id").first()

    # Someone known in Sud-Kivu: out of the field mission's area.
    sud_person = Stakeholder.objects.create(
        name="Mama Bahati",
        sex=Sex.FEMALE,
        locality=places.matili,
        category=StakeholderCategory.WOMENS_LEADER,
    )

    users = SimpleNamespace(
        lead=lead,
        requester=requester,
        invitee=invitee,
        hoo=hoo,
        gender=gender,
        other_ca=other_ca,
        cli=cli,
    )
    ids = {
        # places
        "nord_kivu": places.nord_kivu.pk,
        "sud_kivu": places.sud_kivu.pk,
        "walikale": places.walikale.pk,
        "masisi": places.masisi.pk,
        "shabunda": places.shabunda.pk,
        "ntoto": places.ntoto.pk,
        "otobora": places.otobora.pk,
        "nyabiondo": places.nyabiondo.pk,
        "masisi_centre": places.masisi_centre.pk,
        "matili": places.matili.pk,
        "shabunda_centre": places.shabunda_centre.pk,
        "walikale_cob": places.walikale_cob.pk,
        "sud_base": sud_base.pk,
        # users
        "lead": lead.pk,
        "other_ca": other_ca.pk,
        "ca_sud": ca_officer_sud.pk,
        "requester": requester.pk,
        "requester_sud": requester_sud.pk,
        "gender": gender.pk,
        "gender_2": gender_2.pk,
        "invitee": invitee.pk,
        "inactive": inactive.pk,
        "hoo": hoo.pk,
        "cli": cli.pk,
        # requests, missions and their rows
        "pending_request": pending.pk,
        "sud_request": sud_request.pk,
        "planning": planning.pk,
        "planning_request": planning.request_id,
        "field": field.pk,
        "reviewed": reviewed.pk,
        "logistics": logistics.pk,
        "invitation": invitation.pk,
        "planning_gender": TeamMember.objects.get(mission=planning, user=gender).pk,
        "field_gender": TeamMember.objects.get(mission=field, user=gender).pk,
        "interpreter": interpreter.pk,
        "planning_lead_place": TeamMember.objects.get(mission=planning, user=lead).pk,
        "consultation": consultation.pk,
        "woman_link": woman.pk,
        "woman": woman.stakeholder_id,
        "known": known.stakeholder_id,
        "known_link": known.pk,
        "chief": chief.pk,
        "sud_person": sud_person.pk,
        "reviewed_woman": reviewed_woman.stakeholder_id,
        "reviewed_woman_link": reviewed_woman.pk,
        "report": report.pk,
        "threat": threat.pk,
        "recommendation": recommendation.pk,
        "reviewed_report": reviewed_report.pk,
        "stage": stage.pk,
        "review_recommendation": review_recommendation.pk,
        "reviewed_threat": reviewed_report.threats.get().pk,
    }
    return Scene(
        users=users,
        ids=ids,
        places=places,
        pending_request=pending,
        planning=planning,
        field=field,
        report=report,
        stage=stage,
    )


@pytest.fixture
def followup_scene(scene, make_user):
    """The scene, with what follows approval (through the services, as users make it):

    - the ``stage`` report endorsed at head-of-office, provincial and Kinshasa level, so
      approved: ``review_recommendation`` and ``second_recommendation`` (both about Ntoto) are
      approved, and its plan's ``approved_safe_area`` and ``approved_escort`` are offered for an
      alert in Walikale (the draft report's ``draft_safe_area`` and ``draft_escort`` are not);
    - the implementation of ``second_recommendation`` recorded by the lead;
    - the CLI's calendar: ``planned`` (Otobora, in two days), ``done_planned`` (made by the
      urgent visit); ``others_planned`` of another Nord-Kivu CLI, ``sud_planned`` of a
      Sud-Kivu CLI;
    - ``urgent_visit``: the CLI's urgent visit to Ntoto yesterday (device id
      ``urgent_client_id``), no request made from it yet; ``others_client_id``: the device id
      of another CLI's visit;
    - ``alert``: an alert the CLI received yesterday at 05:40 in Ntoto, not yet relayed.
    """
    places, users = scene.places, scene.users
    nord, sud = [places.nord_kivu], [places.sud_kivu]
    provincial = make_user("smgp_nord", Role.SMG_PROVINCIAL, nord)
    kinshasa = make_user("smg_kinshasa", Role.SMG_KINSHASA)
    report = scene.stage.report
    for reviewer in (users.hoo, provincial, kinshasa):
        for rec in report.recommendations.filter(status=RecommendationStatus.IN_REVIEW):
            recommendation_decide(recommendation=rec, user=reviewer, decision=Decision.ENDORSE)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    first, second = report.recommendations.order_by("id")
    assert first.status == second.status == RecommendationStatus.APPROVED

    cli = users.cli
    other_cli = make_user("cli_walikale_2", Role.CLI, nord, staff_category=StaffCategory.NATIONAL)
    cli_sud = make_user(
        "cli_shabunda", Role.CLI, sud, sex=Sex.MALE, staff_category=StaffCategory.NATIONAL
    )
    today = timezone.localdate()
    planned = followup_services.planned_visit_add(
        user=cli,
        data={
            "planned_on": today + timedelta(days=2),
            "localities": [places.otobora],
            "purpose": "Check the Thursday market escorts",
        },
    )
    done_planned = followup_services.planned_visit_add(
        user=cli, data={"planned_on": today, "localities": [places.ntoto]}
    )
    others_planned = followup_services.planned_visit_add(
        user=other_cli, data={"planned_on": today, "localities": [places.ntoto]}
    )
    sud_planned = followup_services.planned_visit_add(
        user=cli_sud, data={"planned_on": today, "localities": [places.matili]}
    )
    urgent_visit, _created = followup_services.visit_record(
        user=cli,
        client_id=uuid.uuid4(),
        data={
            "visited_on": today - timedelta(days=1),
            "localities": [places.ntoto],
            "women": 12,
            "men": 9,
            "women_meeting": True,
            "confidence": 2,
            "new_threats": [ThreatType.ATTACK],
            "threats_note": "Armed men seen near the fields at dawn.",
            "urgent_alert": True,
            "planned_visit": done_planned,
            "observations": [{"recommendation": first, "finding": Finding.WORSE}],
        },
    )
    others_visit, _created = followup_services.visit_record(
        user=other_cli,
        client_id=uuid.uuid4(),
        data={"visited_on": today, "localities": [places.otobora], "confidence": 4},
    )
    followup_services.implementation_update(
        recommendation=second,
        user=users.lead,
        data={
            "owner_kind": OwnerKind.MISSION_SECTION,
            "owner_name": "Human Rights section",
            "status": ImplementationStatus.IN_PROGRESS,
            "target_date": today + timedelta(days=30),
        },
        comment="Escorts start next week.",
    )
    alert = followup_services.alert_record(
        user=cli,
        data={
            "received_at": timezone.make_aware(
                datetime.combine(today - timedelta(days=1), time(5, 40))
            ),
            "locality": places.ntoto,
            "base": places.walikale_cob,
            "channel": AlertChannel.RADIO,
            "threat_type": ThreatType.LOOTING,
            "source": AlertSource.LOCAL_LEADER,
            "description": "Looting at the Ntoto checkpoint.",
        },
    )
    scene.users.provincial = provincial
    scene.users.kinshasa = kinshasa
    scene.users.other_cli = other_cli
    scene.users.cli_sud = cli_sud
    scene.ids.update(
        {
            "second_recommendation": second.pk,
            "approved_safe_area": SafeArea.objects.get(plan__report=report).pk,
            "approved_escort": EscortPoint.objects.get(plan__report=report).pk,
            "draft_safe_area": SafeArea.objects.get(plan__report=scene.report).pk,
            "draft_escort": EscortPoint.objects.get(plan__report=scene.report).pk,
            "other_cli": other_cli.pk,
            "cli_sud": cli_sud.pk,
            "planned": planned.pk,
            "done_planned": done_planned.pk,
            "others_planned": others_planned.pk,
            "sud_planned": sud_planned.pk,
            "urgent_visit": urgent_visit.pk,
            "urgent_client_id": str(urgent_visit.client_id),
            "others_visit": others_visit.pk,
            "others_client_id": str(others_visit.client_id),
            "alert": alert.pk,
        }
    )
    scene.urgent_visit = urgent_visit
    scene.alert = alert
    return scene
