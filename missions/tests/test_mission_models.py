"""Database constraints of the mission models: the last line of defence behind the services."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from jpt.accounts.choices import Sex
from jpt.accounts.roles import Role
from missions.choices import (
    ConsultationType,
    LogisticsCategory,
    MissionStatus,
    ParticipationStatus,
    StakeholderCategory,
    TeamRole,
    TransportMode,
)
from missions.models import (
    Consultation,
    LogisticsItem,
    Mission,
    MissionStakeholder,
    Stakeholder,
    TeamMember,
)
from missions.services import request_approve


@pytest.fixture
def mission(submitted_request, ca_officer):
    return request_approve(jpt_request=submitted_request, user=ca_officer, mandate="Assess.")


@pytest.fixture
def staff(make_user, places):
    return make_user("staff_nord", Role.TEAM_MEMBER, [places.nord_kivu])


def rejected(**kwargs):
    """Context: the statement inside must violate a constraint (and roll back alone)."""
    return pytest.raises(IntegrityError, **kwargs)


# --- team members ----------------------------------------------------------------------------


def member(mission, **fields):
    fields.setdefault("role", TeamRole.MEMBER)
    return TeamMember.objects.create(mission=mission, **fields)


def test_staff_member_and_external_participant_are_accepted(mission, staff):
    member(mission, user=staff)
    member(mission, external_name="Aline Furaha", external_sex=Sex.FEMALE, external_organisation="")
    assert mission.team.count() == 3  # with the lead


@pytest.mark.parametrize(
    "fields",
    [
        {},  # nobody
        {"external_name": "Aline Furaha"},  # external without sex
        {"external_sex": Sex.FEMALE},  # external without name
        {"external_organisation": "MSF", "external_sex": Sex.MALE},
    ],
    ids=["nobody", "external_without_sex", "external_without_name", "organisation_only"],
)
def test_team_member_must_be_a_user_or_an_external_with_name_and_sex(mission, fields):
    with rejected(match="staff_or_external"), transaction.atomic():
        member(mission, **fields)
    assert mission.team.count() == 1


def test_team_member_cannot_be_both_user_and_external(mission, staff):
    with rejected(match="staff_or_external"), transaction.atomic():
        member(mission, user=staff, external_name="Someone", external_sex=Sex.MALE)


def test_one_row_per_user_per_mission(mission, staff):
    member(mission, user=staff, status=ParticipationStatus.DECLINED)
    with rejected(match="unique_user"), transaction.atomic():
        member(mission, user=staff, role=TeamRole.GENDER_OFFICER)
    assert mission.team.filter(user=staff).count() == 1


def test_the_lead_has_a_row_already(mission, ca_officer):
    with rejected(match="unique_user"), transaction.atomic():
        member(mission, user=ca_officer)


def test_same_user_on_two_missions_and_several_externals(
    mission, staff, requester, request_details, places, ca_officer
):
    from missions.services import request_submit

    other = request_approve(
        jpt_request=request_submit(
            user=requester,
            details=request_details(territory=places.masisi, localities=[places.nyabiondo]),
        ),
        user=ca_officer,
        mandate="Assess.",
    )
    member(mission, user=staff)
    member(other, user=staff)
    member(mission, external_name="A", external_sex=Sex.FEMALE)
    member(mission, external_name="A", external_sex=Sex.FEMALE)  # no uniqueness for externals
    assert TeamMember.objects.filter(user=staff).count() == 2


@pytest.mark.parametrize(("field", "value"), [("status", "maybe"), ("role", "cook")])
def test_team_member_status_and_role_are_checked(mission, staff, field, value):
    with rejected(), transaction.atomic():
        member(mission, user=staff, **{field: value})


# --- consultations ---------------------------------------------------------------------------


def consultation(mission, places, user, **fields):
    values = {
        "held_at": timezone.make_aware(datetime.combine(mission.planned_departure, time(7))),
        "kind": ConsultationType.LOCAL_WOMEN,
        "locality": places.nyabiondo,
        "women": 12,
        "recorded_by": user,
    }
    values.update(fields)
    return Consultation.objects.create(mission=mission, **values)


def test_womens_meeting_with_women_is_accepted(mission, places, ca_officer):
    consultation(mission, places, ca_officer, women=1)


def test_womens_meeting_with_no_woman_is_rejected(mission, places, ca_officer):
    with rejected(match="women_meeting_has_women"), transaction.atomic():
        consultation(mission, places, ca_officer, women=0, men=4)
    assert not mission.consultations.exists()


def test_other_meetings_may_have_no_woman(mission, places, ca_officer):
    consultation(mission, places, ca_officer, kind=ConsultationType.ARMED_ACTOR, women=0, men=3)


@pytest.mark.parametrize("field", ["women", "men", "girls", "boys"])
def test_counts_cannot_be_negative(mission, places, ca_officer, field):
    fields = {"kind": ConsultationType.CIVIL_SOCIETY, field: -1}
    with rejected(), transaction.atomic():
        consultation(mission, places, ca_officer, **fields)


def test_reimbursement_cannot_be_negative(mission, places, ca_officer):
    with rejected(match="amount_not_negative"), transaction.atomic():
        consultation(mission, places, ca_officer, travel_reimbursed=True, reimbursement_amount=-1)


def test_consultation_kind_is_checked(mission, places, ca_officer):
    with rejected(match="kind_valid"), transaction.atomic():
        consultation(mission, places, ca_officer, kind="picnic")


# --- missions --------------------------------------------------------------------------------


def test_planned_return_before_departure_is_rejected(mission):
    with rejected(match="planned_dates_ordered"), transaction.atomic():
        Mission.objects.filter(pk=mission.pk).update(
            planned_return=mission.planned_departure - timedelta(days=1)
        )
    mission.refresh_from_db()
    assert mission.planned_return >= mission.planned_departure


def test_same_day_return_is_accepted(mission):
    Mission.objects.filter(pk=mission.pk).update(planned_return=mission.planned_departure)


def test_actual_return_before_actual_departure_is_rejected(mission):
    today = timezone.localdate()
    with rejected(match="actual_dates_ordered"), transaction.atomic():
        Mission.objects.filter(pk=mission.pk).update(
            actual_departure=today, actual_return=today - timedelta(days=1)
        )


def test_mission_status_is_checked(mission):
    with rejected(match="status_valid"), transaction.atomic():
        Mission.objects.filter(pk=mission.pk).update(status="lost")
    mission.refresh_from_db()
    assert mission.status == MissionStatus.PLANNING


def test_one_mission_per_request(mission, submitted_request):
    with rejected(), transaction.atomic():
        Mission.objects.create(
            request=submitted_request, province=mission.province, mandate="Twice"
        )


# --- logistics -------------------------------------------------------------------------------


def test_transport_mode_on_a_transport_line_is_accepted(mission):
    LogisticsItem.objects.create(
        mission=mission,
        category=LogisticsCategory.TRANSPORT,
        transport_mode=TransportMode.ROAD_CONVOY,
        description="Convoy Goma–Walikale",
    )


@pytest.mark.parametrize(
    "category",
    [LogisticsCategory.EQUIPMENT, LogisticsCategory.ESCORT, LogisticsCategory.ACCOMMODATION],
)
def test_transport_mode_on_a_non_transport_line_is_rejected(mission, category):
    with rejected(match="mode_only_for_transport"), transaction.atomic():
        LogisticsItem.objects.create(
            mission=mission,
            category=category,
            transport_mode=TransportMode.HELICOPTER,
            description="Tents",
        )
    assert not mission.logistics.exists()


@pytest.mark.parametrize(("field", "value"), [("category", "food"), ("status", "lost")])
def test_logistics_category_and_status_are_checked(mission, field, value):
    fields = {"category": LogisticsCategory.EQUIPMENT, "description": "Tents", field: value}
    with rejected(), transaction.atomic():
        LogisticsItem.objects.create(mission=mission, **fields)


# --- stakeholders ----------------------------------------------------------------------------


def test_a_stakeholder_once_per_mission(mission, places, ca_officer):
    person = Stakeholder.objects.create(
        name="Chief Kasereka",
        sex=Sex.MALE,
        locality=places.ntoto,
        category=StakeholderCategory.CUSTOMARY_CHIEF,
    )
    MissionStakeholder.objects.create(mission=mission, stakeholder=person, added_by=ca_officer)
    with rejected(match="missionstakeholder_unique"), transaction.atomic():
        MissionStakeholder.objects.create(mission=mission, stakeholder=person, added_by=ca_officer)


def test_stakeholder_sex_is_checked(places):
    with rejected(match="sex_valid"), transaction.atomic():
        Stakeholder.objects.create(
            name="X", sex="unknown", locality=places.ntoto, category=StakeholderCategory.OTHER
        )


# --- computed properties ---------------------------------------------------------------------


def test_reference_dates_and_visit_days(mission):
    assert mission.reference == f"JPT-M{mission.created_at.year}-{mission.pk:04d}"
    assert mission.visit_days == 7
    assert mission.departure == mission.planned_departure
    Mission.objects.filter(pk=mission.pk).update(
        actual_departure=mission.planned_departure + timedelta(days=1)
    )
    mission.refresh_from_db()
    assert mission.departure == mission.planned_departure + timedelta(days=1)
    assert mission.visit_days == 6


def test_team_member_describes_staff_and_externals(mission, ca_officer):
    lead_row = mission.team.get(user=ca_officer)
    assert lead_row.is_woman
    assert lead_row.staff_category == "international"
    assert lead_row.is_active
    ext = member(mission, external_name="Dr Kahindo", external_sex=Sex.MALE)
    assert not ext.is_woman
    assert ext.staff_category == "external"
    assert ext.name == "Dr Kahindo"
    ext.status = ParticipationStatus.DECLINED
    assert not ext.is_active
