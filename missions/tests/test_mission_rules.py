"""Rules the mission services hold whoever calls them (the pages, later the API): a closed or
cancelled mission takes nothing new; the record of meetings and the key-stakeholder list are
fixed while the report is in review; the team is not marked deployed or back on a day to come;
the mission's status follows its report."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jpt.accounts.choices import Sex
from jpt.accounts.roles import Role
from jpt.audit.models import AuditEntry
from jpt.core.exceptions import InvalidTransition
from missions import services
from missions.choices import (
    ConsultationType,
    LogisticsCategory,
    MissionStatus,
    ParticipationStatus,
    ReportStep,
    StakeholderCategory,
    TeamRole,
)
from missions.models import Consultation, LogisticsItem, Mission, MissionStakeholder, TeamMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def mission(submitted_request, ca_officer):
    return services.request_approve(
        jpt_request=submitted_request, user=ca_officer, mandate="Assess the threats."
    )


def set_status(mission, status) -> Mission:
    Mission.objects.filter(pk=mission.pk).update(status=status)
    return Mission.objects.get(pk=mission.pk)


def consultation_data(mission, places):
    return {
        "held_at": timezone.make_aware(datetime.combine(mission.planned_departure, time(9, 0))),
        "kind": ConsultationType.LOCAL_LEADERS,
        "locality": places.ntoto,
        "women": 3,
        "men": 5,
    }


def stakeholder_data(places, name="Maman Furaha"):
    return {
        "name": name,
        "sex": Sex.FEMALE,
        "locality": places.ntoto,
        "phone": "+243 997 000 111",
        "category": StakeholderCategory.WOMENS_LEADER,
    }


@pytest.fixture
def recorded(mission, ca_officer, places):
    """A consultation, a stakeholder and a logistics line, recorded while the mission is open."""
    return (
        services.consultation_create(
            mission=mission, user=ca_officer, data=consultation_data(mission, places)
        ),
        services.stakeholder_add(mission=mission, user=ca_officer, data=stakeholder_data(places)),
        services.logistics_add(
            mission=mission,
            user=ca_officer,
            data={"category": LogisticsCategory.EQUIPMENT, "description": "Satellite phone"},
        ),
    )


def field_changes(mission, user, places, recorded):
    consultation, link, item = recorded
    consultation.mission = mission
    link.mission = mission
    item.mission = mission
    return {
        "consultation_create": lambda: services.consultation_create(
            mission=mission, user=user, data=consultation_data(mission, places)
        ),
        "consultation_update": lambda: services.consultation_update(
            consultation=consultation, user=user, data={"women": 4}
        ),
        "stakeholder_add": lambda: services.stakeholder_add(
            mission=mission, user=user, data=stakeholder_data(places, "Mama Neema")
        ),
        "stakeholder_update": lambda: services.stakeholder_update(
            link=link, user=user, data={"title": "Chair"}
        ),
        "stakeholder_remove": lambda: services.stakeholder_remove(link=link, user=user),
    }


def logistics_changes(mission, user, recorded):
    _consultation, _link, item = recorded
    item.mission = mission
    return {
        "logistics_add": lambda: services.logistics_add(
            mission=mission,
            user=user,
            data={"category": LogisticsCategory.EQUIPMENT, "description": "Radio"},
        ),
        "logistics_update": lambda: services.logistics_update(
            item=item, user=user, data={"notes": "Collected"}
        ),
    }


def counts(mission):
    return (
        Consultation.objects.filter(mission=mission).count(),
        MissionStakeholder.objects.filter(mission=mission).count(),
        LogisticsItem.objects.filter(mission=mission).count(),
    )


@pytest.mark.parametrize("status", [MissionStatus.CLOSED, MissionStatus.CANCELLED])
def test_a_closed_or_cancelled_mission_takes_nothing_new(
    mission, ca_officer, places, recorded, status
):
    mission = set_status(mission, status)
    before = counts(mission)
    changes = {
        **field_changes(mission, ca_officer, places, recorded),
        **logistics_changes(mission, ca_officer, recorded),
    }
    for change in changes.values():
        with pytest.raises(InvalidTransition):
            change()
    assert counts(mission) == before


@pytest.mark.parametrize("status", [MissionStatus.IN_REVIEW, MissionStatus.FOLLOW_UP])
def test_the_field_record_is_fixed_once_the_report_is_submitted(
    mission, ca_officer, places, recorded, status
):
    mission = set_status(mission, status)
    before = counts(mission)
    for change in field_changes(mission, ca_officer, places, recorded).values():
        with pytest.raises(InvalidTransition, match="report is submitted"):
            change()
    assert counts(mission) == before


def test_the_field_record_opens_again_when_the_report_is_returned(
    mission, ca_officer, places, recorded
):
    set_status(mission, MissionStatus.IN_REVIEW)
    mission = services.mission_follow_report(
        mission=mission, user=ca_officer, step=ReportStep.RETURNED
    )
    assert mission.status == MissionStatus.REPORT_DRAFTING
    for change in field_changes(mission, ca_officer, places, recorded).values():
        change()


def test_a_person_listed_on_a_report_in_review_keeps_their_details(
    mission, ca_officer, places, recorded, requester, request_details, make_user
):
    """The same person on another mission's list: corrected there, the report in review would
    change under its reviewers."""
    _consultation, link, _item = recorded
    other_officer = make_user("ca_other", Role.CIVIL_AFFAIRS, [places.nord_kivu])
    other = services.request_approve(
        jpt_request=services.request_submit(user=requester, details=request_details(title="B")),
        user=other_officer,
        mandate="Revisit.",
    )
    other_link = services.stakeholder_add(
        mission=other, user=other_officer, existing=link.stakeholder
    )
    set_status(mission, MissionStatus.IN_REVIEW)
    other_link.mission = other
    with pytest.raises(InvalidTransition, match="in review"):
        services.stakeholder_update(link=other_link, user=other_officer, data={"title": "Chair"})
    # This mission's own notes about the person are not shared: they may change.
    services.stakeholder_update(link=other_link, user=other_officer, data={}, notes="Seen again.")


def test_the_pages_say_so_before_anything_is_typed(client, mission, ca_officer, places, recorded):
    _consultation, link, item = recorded
    mission = set_status(mission, MissionStatus.IN_REVIEW)
    client.force_login(ca_officer)
    for url in (
        reverse("missions:consultation_create", args=[mission.pk]),
        reverse("missions:stakeholder_add", args=[mission.pk]),
        reverse("missions:stakeholder_update", args=[mission.pk, link.pk]),
        reverse("missions:stakeholder_remove", args=[mission.pk, link.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
    response = client.post(reverse("missions:stakeholder_remove", args=[mission.pk, link.pk]))
    assert response.status_code == 302
    assert MissionStakeholder.objects.filter(pk=link.pk).exists()
    page = client.get(mission.get_absolute_url()).content.decode()
    assert reverse("missions:consultation_create", args=[mission.pk]) not in page
    assert reverse("missions:stakeholder_add", args=[mission.pk]) not in page
    set_status(mission, MissionStatus.CANCELLED)
    assert client.get(reverse("missions:logistics_create", args=[mission.pk])).status_code == 302


@pytest.mark.parametrize("target", [MissionStatus.DEPLOYED, MissionStatus.RETURNED])
def test_the_team_is_not_marked_deployed_or_back_on_a_day_to_come(
    mission, ca_officer, make_user, places, target
):
    TeamMember.objects.create(
        mission=mission,
        external_name="Dr Amani",
        external_sex=Sex.FEMALE,
        role=TeamRole.MEMBER,
        status=ParticipationStatus.ACCEPTED,
    )
    previous = (
        MissionStatus.TEAM_FORMING if target == MissionStatus.DEPLOYED else MissionStatus.DEPLOYED
    )
    mission = set_status(mission, previous)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.mission_change_status(
            mission=mission, user=ca_officer, status=target, on_date=tomorrow
        )
    assert "on_date" in error.value.message_dict
    assert Mission.objects.get(pk=mission.pk).status == previous
    services.mission_change_status(
        mission=mission, user=ca_officer, status=target, on_date=timezone.localdate()
    )


@pytest.mark.parametrize(
    ("step", "start", "end"),
    [
        (ReportStep.SUBMITTED, MissionStatus.RETURNED, MissionStatus.IN_REVIEW),
        (ReportStep.SUBMITTED, MissionStatus.REPORT_DRAFTING, MissionStatus.IN_REVIEW),
        (ReportStep.RETURNED, MissionStatus.IN_REVIEW, MissionStatus.REPORT_DRAFTING),
        (ReportStep.APPROVED, MissionStatus.IN_REVIEW, MissionStatus.FOLLOW_UP),
        (ReportStep.CLOSED, MissionStatus.IN_REVIEW, MissionStatus.CLOSED),
    ],
)
def test_the_mission_follows_its_report(mission, ca_officer, step, start, end):
    mission = set_status(mission, start)
    mission = services.mission_follow_report(mission=mission, user=ca_officer, step=step)
    assert Mission.objects.get(pk=mission.pk).status == end
    last = AuditEntry.objects.for_object(mission).last()
    assert last.details == {"from": start.value, "to": end.value, "report": step.value}


@pytest.mark.parametrize(
    "start", [MissionStatus.PLANNING, MissionStatus.DEPLOYED, MissionStatus.CLOSED]
)
def test_a_report_step_from_the_wrong_status_is_refused(mission, ca_officer, start):
    mission = set_status(mission, start)
    with pytest.raises(InvalidTransition):
        services.mission_follow_report(mission=mission, user=ca_officer, step=ReportStep.SUBMITTED)
    assert Mission.objects.get(pk=mission.pk).status == start


@pytest.mark.parametrize("status", [MissionStatus.IN_REVIEW, MissionStatus.FOLLOW_UP])
def test_no_hand_moves_a_mission_in_review_or_in_follow_up_back(mission, ca_officer, status):
    mission = set_status(mission, status)
    for target in (MissionStatus.RETURNED, MissionStatus.DEPLOYED, MissionStatus.CANCELLED):
        with pytest.raises(InvalidTransition):
            services.mission_change_status(mission=mission, user=ca_officer, status=target)
