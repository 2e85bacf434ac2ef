"""Mission services: state rules, rights, validation, audit trail and e-mails after commit."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from jpt.accounts.choices import Section, Sex, StaffCategory
from jpt.accounts.roles import Role
from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from jpt.core.exceptions import InvalidTransition
from jpt.notifications.choices import EmailStatus
from jpt.notifications.models import EmailMessage
from missions.choices import (
    MISSION_TRANSITIONS,
    OPEN_MISSION_STATUSES,
    Announcement,
    ConsultationType,
    LogisticsCategory,
    LogisticsStatus,
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
from missions.services import (
    consultation_create,
    consultation_update,
    logistics_add,
    logistics_update,
    mission_change_status,
    mission_email_resend,
    mission_send_early_notice,
    mission_update_plan,
    request_approve,
    request_submit,
    stakeholder_add,
    stakeholder_remove,
    stakeholder_update,
    team_add_member,
    team_respond,
    team_withdraw,
)

PHONE = "+243 997 123 456"
NO_MEMBER = "No member besides the lead has accepted: the team cannot deploy."

# --- helpers and fixtures ---------------------------------------------------------------------


def audit_entries(mission):
    return AuditEntry.objects.for_object(mission)


def audit_count(mission) -> int:
    return audit_entries(mission).count()


def set_status(mission: Mission, status: str) -> Mission:
    Mission.objects.filter(pk=mission.pk).update(status=status)
    mission.refresh_from_db()
    return mission


def at(day, hour: int = 10):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def add_accepted(mission, user, role=TeamRole.MEMBER) -> TeamMember:
    return TeamMember.objects.create(
        mission=mission,
        user=user,
        role=role,
        status=ParticipationStatus.ACCEPTED,
        invited_at=timezone.now(),
        responded_at=timezone.now(),
    )


def add_external(mission, name="Aline Furaha", sex=Sex.FEMALE) -> TeamMember:
    return TeamMember.objects.create(
        mission=mission,
        external_name=name,
        external_organisation="Femmes Solidaires",
        external_sex=sex,
        role=TeamRole.MEMBER,
        status=ParticipationStatus.ACCEPTED,
    )


@pytest.fixture
def mission(submitted_request, ca_officer):
    return request_approve(
        jpt_request=submitted_request, user=ca_officer, mandate="Assess threats; Annex 2."
    )


@pytest.fixture
def other_mission(requester, ca_officer, request_details, places):
    """A second Nord-Kivu mission (Masisi), also led by ``ca_officer``."""
    req = request_submit(
        user=requester,
        details=request_details(
            title="Rumours in Nyabiondo", territory=places.masisi, localities=[places.nyabiondo]
        ),
    )
    return request_approve(jpt_request=req, user=ca_officer, mandate="Assess rumours.")


@pytest.fixture
def ca_officer_2(make_user, places):
    """Another Civil Affairs officer of Nord-Kivu (not the lead)."""
    return make_user("ca_nord_2", Role.CIVIL_AFFAIRS, [places.nord_kivu], sex=Sex.MALE)


@pytest.fixture
def staff(make_user, places):
    """A Nord-Kivu staff member with the team-member role (a man, so not on early notices)."""
    return make_user(
        "staff_nord",
        Role.TEAM_MEMBER,
        [places.nord_kivu],
        sex=Sex.MALE,
        section=Section.HUMAN_RIGHTS,
    )


NON_MANAGERS = ["requester", "on_team", "cli", "kinshasa_smg", "ca_officer_sud"]


@pytest.fixture
def on_team(mission, staff):
    """An accepted team member (no management right)."""
    add_accepted(mission, staff)
    return staff


MANAGERS = ["ca_officer", "ca_officer_2"]


def test_a_new_mission_starts_with_its_creation_in_its_trail(mission, ca_officer):
    """The approval's entry is on the request; the mission's own trail starts with its creation,
    so the counts below (``before + 1``) start from one."""
    assert audit_count(mission) == 1
    entry = audit_entries(mission).get()
    assert entry.action == AuditAction.MISSION_CREATED
    assert entry.actor == ca_officer
    assert entry.details == {
        "request": mission.request.reference,
        "mandate_length": len("Assess threats; Annex 2."),
    }


# --- status ---------------------------------------------------------------------------------

ALL_MOVES = [(a, b) for a in MissionStatus for b in MissionStatus if a != b]


@pytest.mark.parametrize(
    ("current", "target"),
    [(a, b) for a, b in ALL_MOVES if b in MISSION_TRANSITIONS[a]],
    ids=lambda s: str(s.value) if hasattr(s, "value") else str(s),
)
def test_every_allowed_move_works_with_one_audit_entry(mission, ca_officer, current, target):
    add_external(mission)  # an accepted member besides the lead, so deploying is possible
    set_status(mission, current)
    before = audit_count(mission)

    result = mission_change_status(mission=mission, user=ca_officer, status=target)

    mission.refresh_from_db()
    assert result.status == target
    assert mission.status == target
    assert audit_count(mission) == before + 1
    entry = audit_entries(mission).latest("id")
    assert entry.action == AuditAction.MISSION_STATUS_CHANGED
    assert entry.actor == ca_officer
    assert entry.details["from"] == current.value
    assert entry.details["to"] == target.value


@pytest.mark.parametrize(
    ("current", "target"),
    [(a, b) for a, b in ALL_MOVES if b not in MISSION_TRANSITIONS[a]],
    ids=lambda s: str(s.value) if hasattr(s, "value") else str(s),
)
def test_every_other_move_is_an_invalid_transition(mission, ca_officer, current, target):
    add_external(mission)
    set_status(mission, current)
    before = audit_count(mission)

    with pytest.raises(InvalidTransition):
        mission_change_status(mission=mission, user=ca_officer, status=target)

    mission.refresh_from_db()
    assert mission.status == current
    assert audit_count(mission) == before


# A mission whose report is in review, or whose recommendations are followed up, is not cancelled.
CANCELLABLE = OPEN_MISSION_STATUSES - {MissionStatus.IN_REVIEW, MissionStatus.FOLLOW_UP}


@pytest.mark.parametrize("current", sorted(CANCELLABLE))
def test_cancel_from_every_open_status(mission, ca_officer, current):
    set_status(mission, current)
    mission_change_status(mission=mission, user=ca_officer, status=MissionStatus.CANCELLED)
    mission.refresh_from_db()
    assert mission.status == MissionStatus.CANCELLED


@pytest.mark.parametrize("terminal", [MissionStatus.CLOSED, MissionStatus.CANCELLED])
@pytest.mark.parametrize("target", list(MissionStatus))
def test_nothing_follows_closed_or_cancelled(mission, ca_officer, terminal, target):
    set_status(mission, terminal)
    with pytest.raises(InvalidTransition):
        mission_change_status(mission=mission, user=ca_officer, status=target)


def test_status_move_to_the_same_status_is_invalid(mission, ca_officer):
    with pytest.raises(InvalidTransition):
        mission_change_status(mission=mission, user=ca_officer, status=MissionStatus.PLANNING)


def test_deploy_is_blocked_until_a_member_besides_the_lead_accepts(mission, ca_officer, staff):
    set_status(mission, MissionStatus.TEAM_FORMING)
    before = audit_count(mission)

    with pytest.raises(ValidationError) as excinfo:
        mission_change_status(mission=mission, user=ca_officer, status=MissionStatus.DEPLOYED)
    assert NO_MEMBER in excinfo.value.messages

    member = team_add_member(
        mission=mission, user=ca_officer, data={"member": staff, "role": TeamRole.HUMAN_RIGHTS}
    )
    # Invited is not enough.
    with pytest.raises(ValidationError) as excinfo:
        mission_change_status(mission=mission, user=ca_officer, status=MissionStatus.DEPLOYED)
    assert NO_MEMBER in excinfo.value.messages
    mission.refresh_from_db()
    assert mission.status == MissionStatus.TEAM_FORMING
    assert mission.actual_departure is None

    team_respond(member=member, user=staff, accept=True)
    day = timezone.localdate()
    mission_change_status(
        mission=mission, user=ca_officer, status=MissionStatus.DEPLOYED, on_date=day
    )
    mission.refresh_from_db()
    assert mission.status == MissionStatus.DEPLOYED
    assert mission.actual_departure == day
    # invitation + answer + deployment: the refused attempts left no trace.
    assert audit_count(mission) == before + 3


def test_a_declined_member_does_not_unblock_deployment(mission, ca_officer, staff):
    set_status(mission, MissionStatus.TEAM_FORMING)
    member = team_add_member(
        mission=mission, user=ca_officer, data={"member": staff, "role": TeamRole.MEMBER}
    )
    team_respond(member=member, user=staff, accept=False)
    with pytest.raises(ValidationError):
        mission_change_status(mission=mission, user=ca_officer, status=MissionStatus.DEPLOYED)


def test_deployed_and_returned_record_the_actual_dates(mission, ca_officer):
    add_external(mission)
    set_status(mission, MissionStatus.TEAM_FORMING)
    back = timezone.localdate()
    leave = back - timedelta(days=6)

    mission_change_status(
        mission=mission, user=ca_officer, status=MissionStatus.DEPLOYED, on_date=leave
    )
    mission_change_status(
        mission=mission, user=ca_officer, status=MissionStatus.RETURNED, on_date=back
    )

    mission.refresh_from_db()
    assert (mission.actual_departure, mission.actual_return) == (leave, back)
    assert mission.departure == leave
    assert mission.return_date == back


def test_deploy_without_a_date_uses_today(mission, ca_officer):
    add_external(mission)
    set_status(mission, MissionStatus.TEAM_FORMING)
    mission_change_status(mission=mission, user=ca_officer, status=MissionStatus.DEPLOYED)
    mission.refresh_from_db()
    assert mission.actual_departure == timezone.localdate()


def test_return_before_departure_is_rejected(mission, ca_officer):
    add_external(mission)
    set_status(mission, MissionStatus.TEAM_FORMING)
    leave = timezone.localdate()
    mission_change_status(
        mission=mission, user=ca_officer, status=MissionStatus.DEPLOYED, on_date=leave
    )
    before = audit_count(mission)

    with pytest.raises(ValidationError):
        mission_change_status(
            mission=mission,
            user=ca_officer,
            status=MissionStatus.RETURNED,
            on_date=leave - timedelta(days=1),
        )

    mission.refresh_from_db()
    assert mission.status == MissionStatus.DEPLOYED
    assert mission.actual_return is None
    assert audit_count(mission) == before


# --- who may manage -------------------------------------------------------------------------


def _manage_actions(mission):
    item = LogisticsItem.objects.create(
        mission=mission, category=LogisticsCategory.EQUIPMENT, description="Satellite phone"
    )
    return {
        "status": lambda u: mission_change_status(
            mission=mission, user=u, status=MissionStatus.TEAM_FORMING
        ),
        "plan": lambda u: mission_update_plan(
            mission=mission, user=u, data={"host_unit_commander": "Cdt Mbala"}
        ),
        "logistics_add": lambda u: logistics_add(
            mission=mission,
            user=u,
            data={"category": LogisticsCategory.ESCORT, "description": "Escort to Otobora"},
        ),
        "logistics_update": lambda u: logistics_update(
            item=item, user=u, data={"status": LogisticsStatus.CONFIRMED}
        ),
        "notice": lambda u: mission_send_early_notice(mission=mission, user=u),
        "team_add": lambda u: team_add_member(
            mission=mission,
            user=u,
            data={
                "external_name": "Jean Bosco",
                "external_sex": Sex.MALE,
                "role": TeamRole.MEMBER,
            },
        ),
    }


ACTIONS = ["status", "plan", "logistics_add", "logistics_update", "notice", "team_add"]


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("who", NON_MANAGERS)
def test_only_managers_may_manage(request, mission, places, who, action):
    user = request.getfixturevalue(who)
    actions = _manage_actions(mission)
    before = audit_count(mission)
    emails = EmailMessage.objects.count()

    with pytest.raises(PermissionDenied):
        actions[action](user)

    mission.refresh_from_db()
    assert mission.status == MissionStatus.PLANNING
    assert mission.host_unit_commander == ""
    assert mission.early_notice_sent_at is None
    assert audit_count(mission) == before
    assert EmailMessage.objects.count() == emails


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("who", MANAGERS)
def test_lead_and_civil_affairs_of_the_province_manage_with_one_audit_entry(
    request, mission, places, who, action
):
    user = request.getfixturevalue(who)
    actions = _manage_actions(mission)
    before = audit_count(mission)

    actions[action](user)

    assert audit_count(mission) == before + 1
    assert audit_entries(mission).latest("id").actor == user


@pytest.mark.parametrize("who", NON_MANAGERS)
def test_only_managers_may_withdraw_a_member(request, mission, ca_officer, who):
    member = add_external(mission)
    with pytest.raises(PermissionDenied):
        team_withdraw(member=member, user=request.getfixturevalue(who))
    member.refresh_from_db()
    assert member.status == ParticipationStatus.ACCEPTED


# --- plan ------------------------------------------------------------------------------------


def test_update_plan_changes_fields_with_one_audit_entry(mission, ca_officer):
    before = audit_count(mission)
    leave = mission.planned_departure + timedelta(days=2)
    mission_update_plan(
        mission=mission,
        user=ca_officer,
        data={
            "planned_departure": leave,
            "planned_return": leave + timedelta(days=6),
            "host_unit_commander": "Cdt Mbala",
            "women_accommodation_needed": True,
        },
    )
    mission.refresh_from_db()
    assert mission.planned_departure == leave
    assert mission.host_unit_commander == "Cdt Mbala"
    assert mission.women_accommodation_needed is True
    assert audit_count(mission) == before + 1
    entry = audit_entries(mission).latest("id")
    assert entry.action == AuditAction.MISSION_PLAN_UPDATED
    assert set(entry.details) == {
        "planned_departure",
        "planned_return",
        "host_unit_commander",
        "women_accommodation_needed",
    }


def test_update_plan_without_change_writes_nothing(mission, ca_officer):
    before = audit_count(mission)
    mission_update_plan(mission=mission, user=ca_officer, data={"mandate": mission.mandate})
    assert audit_count(mission) == before


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda m: {"planned_return": m.planned_departure - timedelta(days=1)}, "planned_return"),
        (lambda m: {"planned_departure": m.planned_return + timedelta(days=1)}, "planned_return"),
        (lambda m: {"mandate": "   "}, "mandate"),
        (lambda m: {"mandate": ""}, "mandate"),
    ],
    ids=["return_before_departure", "departure_after_return", "blank_mandate", "empty_mandate"],
)
def test_update_plan_rejects_bad_input(mission, ca_officer, build, field):
    data = build(mission)
    before = audit_count(mission)
    original = (mission.mandate, mission.planned_departure, mission.planned_return)

    with pytest.raises(ValidationError) as excinfo:
        mission_update_plan(mission=mission, user=ca_officer, data=data)

    assert field in excinfo.value.message_dict
    mission.refresh_from_db()
    assert (mission.mandate, mission.planned_departure, mission.planned_return) == original
    assert audit_count(mission) == before


@pytest.mark.parametrize("who", ["ca_officer_sud", "cli", "staff", "kinshasa_smg"])
def test_lead_must_be_a_civil_affairs_officer_of_the_province(request, mission, ca_officer, who):
    with pytest.raises(ValidationError) as excinfo:
        mission_update_plan(
            mission=mission, user=ca_officer, data={"lead": request.getfixturevalue(who)}
        )
    assert "lead" in excinfo.value.message_dict
    mission.refresh_from_db()
    assert mission.lead == ca_officer


def test_inactive_civil_affairs_officer_cannot_lead(mission, ca_officer, make_user, places):
    gone = make_user("ca_gone", Role.CIVIL_AFFAIRS, [places.nord_kivu], is_active=False)
    with pytest.raises(ValidationError):
        mission_update_plan(mission=mission, user=ca_officer, data={"lead": gone})


def test_moving_the_lead_moves_the_team_lead_row(mission, ca_officer, ca_officer_2):
    before = audit_count(mission)
    mission_update_plan(mission=mission, user=ca_officer, data={"lead": ca_officer_2})

    mission.refresh_from_db()
    assert mission.lead == ca_officer_2
    old = TeamMember.objects.get(mission=mission, user=ca_officer)
    new = TeamMember.objects.get(mission=mission, user=ca_officer_2)
    assert old.role == TeamRole.MEMBER
    assert old.status == ParticipationStatus.ACCEPTED
    assert new.role == TeamRole.TEAM_LEAD
    assert new.status == ParticipationStatus.ACCEPTED
    assert mission.team.filter(role=TeamRole.TEAM_LEAD).count() == 1
    assert audit_count(mission) == before + 1


def test_a_new_lead_already_invited_takes_the_lead_row(mission, ca_officer, ca_officer_2):
    invited = team_add_member(
        mission=mission, user=ca_officer, data={"member": ca_officer_2, "role": TeamRole.MEMBER}
    )
    mission_update_plan(mission=mission, user=ca_officer, data={"lead": ca_officer_2})
    invited.refresh_from_db()
    assert invited.role == TeamRole.TEAM_LEAD
    assert invited.status == ParticipationStatus.ACCEPTED
    assert mission.team.filter(user=ca_officer_2).count() == 1


@pytest.mark.parametrize("status", [MissionStatus.CLOSED, MissionStatus.CANCELLED])
def test_plan_of_a_finished_mission_cannot_change(mission, ca_officer, status):
    set_status(mission, status)
    with pytest.raises(InvalidTransition):
        mission_update_plan(mission=mission, user=ca_officer, data={"mandate": "New"})


# --- logistics -------------------------------------------------------------------------------

HELICOPTER = {
    "category": LogisticsCategory.TRANSPORT,
    "transport_mode": TransportMode.HELICOPTER,
    "description": "Mi-8 Goma–Walikale",
    "quantity_requested": 6,
}


def test_logistics_add_and_confirm(mission, ca_officer):
    before = audit_count(mission)
    item = logistics_add(mission=mission, user=ca_officer, data=HELICOPTER)
    assert item.status == LogisticsStatus.REQUESTED
    assert item.mission_id == mission.pk
    assert audit_count(mission) == before + 1
    assert audit_entries(mission).latest("id").action == AuditAction.LOGISTICS_ADDED

    logistics_update(
        item=item,
        user=ca_officer,
        data={"status": LogisticsStatus.CONFIRMED, "quantity_confirmed": 6},
    )
    item.refresh_from_db()
    assert item.status == LogisticsStatus.CONFIRMED
    assert item.quantity_confirmed == 6
    assert audit_count(mission) == before + 2
    entry = audit_entries(mission).latest("id")
    assert entry.action == AuditAction.LOGISTICS_UPDATED
    assert entry.details["status"] == [LogisticsStatus.REQUESTED, LogisticsStatus.CONFIRMED]

    logistics_update(item=item, user=ca_officer, data={"status": LogisticsStatus.REFUSED})
    item.refresh_from_db()
    assert item.status == LogisticsStatus.REFUSED


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({**HELICOPTER, "transport_mode": ""}, "transport_mode"),
        (
            {
                "category": LogisticsCategory.EQUIPMENT,
                "transport_mode": TransportMode.ROAD_CONVOY,
                "description": "Tents",
            },
            "transport_mode",
        ),
        ({**HELICOPTER, "quantity_confirmed": 7}, "quantity_confirmed"),
    ],
    ids=["transport_without_mode", "mode_on_equipment", "confirmed_over_requested"],
)
def test_logistics_add_rejects_bad_input(mission, ca_officer, data, field):
    before = audit_count(mission)
    with pytest.raises(ValidationError) as excinfo:
        logistics_add(mission=mission, user=ca_officer, data=data)
    assert field in excinfo.value.message_dict
    assert not mission.logistics.exists()
    assert audit_count(mission) == before


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"transport_mode": ""}, "transport_mode"),
        ({"category": LogisticsCategory.EQUIPMENT}, "transport_mode"),
        ({"quantity_confirmed": 9}, "quantity_confirmed"),
    ],
)
def test_logistics_update_checks_the_merged_line(mission, ca_officer, data, field):
    item = logistics_add(mission=mission, user=ca_officer, data=HELICOPTER)
    before = audit_count(mission)
    with pytest.raises(ValidationError) as excinfo:
        logistics_update(item=item, user=ca_officer, data=data)
    assert field in excinfo.value.message_dict
    item.refresh_from_db()
    assert item.transport_mode == TransportMode.HELICOPTER
    assert item.category == LogisticsCategory.TRANSPORT
    assert audit_count(mission) == before


# --- team ------------------------------------------------------------------------------------


def test_staff_member_is_invited_and_emailed_on_commit(
    mission, ca_officer, staff, django_capture_on_commit_callbacks
):
    before = audit_count(mission)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        member = team_add_member(
            mission=mission,
            user=ca_officer,
            data={"member": staff, "role": TeamRole.HUMAN_RIGHTS},
        )

    assert member.status == ParticipationStatus.INVITED
    assert member.role == TeamRole.HUMAN_RIGHTS
    assert member.invited_at is not None
    assert member.responded_at is None
    assert audit_count(mission) == before + 1
    assert audit_entries(mission).latest("id").action == AuditAction.TEAM_MEMBER_INVITED

    message = EmailMessage.objects.for_object(mission).get()
    assert message.recipient == staff
    assert message.to_address == staff.email
    assert message.status == EmailStatus.PENDING
    answer_url = settings.SITE_URL + reverse("missions:team_answer", args=[mission.pk, member.pk])
    assert f"{answer_url}?answer=accept" in message.body
    assert f"{answer_url}?answer=decline" in message.body
    assert mail.outbox == []
    assert len(callbacks) == 1

    for callback in callbacks:
        callback()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [staff.email]
    assert mission.reference in mail.outbox[0].subject
    assert answer_url in mail.outbox[0].body
    message.refresh_from_db()
    assert message.status == EmailStatus.SENT


def test_external_participant_is_accepted_without_email(mission, ca_officer):
    member = team_add_member(
        mission=mission,
        user=ca_officer,
        data={
            "external_name": "  Aline   Furaha ",
            "external_organisation": " Femmes Solidaires ",
            "external_sex": Sex.FEMALE,
            "role": TeamRole.GENDER_OFFICER,
        },
    )
    assert member.user is None
    assert member.status == ParticipationStatus.ACCEPTED
    assert member.external_name == "Aline Furaha"
    assert member.external_organisation == "Femmes Solidaires"
    assert not EmailMessage.objects.for_object(mission).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"external_name": "", "external_sex": Sex.FEMALE}, "external_name"),
        ({"external_name": "   ", "external_sex": Sex.FEMALE}, "external_name"),
        ({"external_name": "Aline Furaha", "external_sex": ""}, "external_sex"),
        ({"external_name": "Aline Furaha"}, "external_sex"),
    ],
)
def test_external_participant_needs_name_and_sex(mission, ca_officer, data, field):
    count = mission.team.count()
    with pytest.raises(ValidationError) as excinfo:
        team_add_member(mission=mission, user=ca_officer, data={**data, "role": TeamRole.MEMBER})
    assert field in excinfo.value.message_dict
    assert mission.team.count() == count


@pytest.mark.parametrize("status", [ParticipationStatus.INVITED, ParticipationStatus.ACCEPTED])
def test_an_active_member_cannot_be_added_twice(mission, ca_officer, staff, status):
    TeamMember.objects.create(mission=mission, user=staff, role=TeamRole.MEMBER, status=status)
    before = audit_count(mission)
    with pytest.raises(ValidationError) as excinfo:
        team_add_member(
            mission=mission, user=ca_officer, data={"member": staff, "role": TeamRole.MEMBER}
        )
    assert "member" in excinfo.value.message_dict
    assert audit_count(mission) == before


def test_the_lead_cannot_be_added_again(mission, ca_officer):
    with pytest.raises(ValidationError):
        team_add_member(
            mission=mission, user=ca_officer, data={"member": ca_officer, "role": TeamRole.MEMBER}
        )


@pytest.mark.parametrize("status", [ParticipationStatus.DECLINED, ParticipationStatus.WITHDRAWN])
def test_someone_who_left_can_be_invited_again_on_the_same_row(mission, ca_officer, staff, status):
    old = TeamMember.objects.create(
        mission=mission, user=staff, role=TeamRole.MEMBER, status=status
    )
    member = team_add_member(
        mission=mission, user=ca_officer, data={"member": staff, "role": TeamRole.UN_POLICE}
    )
    assert member.pk == old.pk
    assert member.status == ParticipationStatus.INVITED
    assert member.role == TeamRole.UN_POLICE


def test_team_lead_role_is_rejected(mission, ca_officer, staff):
    with pytest.raises(ValidationError) as excinfo:
        team_add_member(
            mission=mission, user=ca_officer, data={"member": staff, "role": TeamRole.TEAM_LEAD}
        )
    assert "role" in excinfo.value.message_dict
    assert not mission.team.filter(user=staff).exists()


def test_inactive_account_cannot_be_invited(mission, ca_officer, make_user, places):
    gone = make_user("gone", Role.TEAM_MEMBER, [places.nord_kivu], is_active=False)
    with pytest.raises(ValidationError):
        team_add_member(
            mission=mission, user=ca_officer, data={"member": gone, "role": TeamRole.MEMBER}
        )


@pytest.mark.parametrize(
    "status",
    [
        MissionStatus.RETURNED,
        MissionStatus.REPORT_DRAFTING,
        MissionStatus.CLOSED,
        MissionStatus.CANCELLED,
    ],
)
def test_roster_is_closed_after_return(mission, ca_officer, staff, status):
    member = add_external(mission)
    set_status(mission, status)
    with pytest.raises(InvalidTransition):
        team_add_member(
            mission=mission, user=ca_officer, data={"member": staff, "role": TeamRole.MEMBER}
        )
    with pytest.raises(InvalidTransition):
        team_withdraw(member=member, user=ca_officer)


def test_roster_still_changes_while_deployed(mission, ca_officer, staff):
    set_status(mission, MissionStatus.DEPLOYED)
    member = team_add_member(
        mission=mission, user=ca_officer, data={"member": staff, "role": TeamRole.MEMBER}
    )
    assert member.status == ParticipationStatus.INVITED


@pytest.fixture
def invited(mission, ca_officer, staff):
    return team_add_member(
        mission=mission, user=ca_officer, data={"member": staff, "role": TeamRole.CHILD_PROTECTION}
    )


@pytest.mark.parametrize("who", ["ca_officer", "requester", "cli"])
def test_only_the_invited_person_answers(request, invited, who):
    with pytest.raises(PermissionDenied):
        team_respond(member=invited, user=request.getfixturevalue(who), accept=True)
    invited.refresh_from_db()
    assert invited.status == ParticipationStatus.INVITED


def test_answers_and_change_of_mind_before_deployment(
    mission, invited, staff, ca_officer, django_capture_on_commit_callbacks
):
    before = audit_count(mission)
    with django_capture_on_commit_callbacks(execute=True):
        team_respond(member=invited, user=staff, accept=True)
    invited.refresh_from_db()
    assert invited.status == ParticipationStatus.ACCEPTED
    assert invited.responded_at is not None
    entry = audit_entries(mission).latest("id")
    assert entry.action == AuditAction.TEAM_MEMBER_ANSWERED
    assert entry.details["answer"] == ParticipationStatus.ACCEPTED

    answer = EmailMessage.objects.for_object(mission).filter(recipient=ca_officer).get()
    assert answer.to_address == ca_officer.email
    assert answer.status == EmailStatus.SENT
    assert [m.to for m in mail.outbox] == [[ca_officer.email]]

    # Same answer again: nothing happens.
    team_respond(member=invited, user=staff, accept=True)
    assert audit_count(mission) == before + 1

    set_status(mission, MissionStatus.TEAM_FORMING)
    team_respond(member=invited, user=staff, accept=False)
    invited.refresh_from_db()
    assert invited.status == ParticipationStatus.DECLINED
    team_respond(member=invited, user=staff, accept=True)
    invited.refresh_from_db()
    assert invited.status == ParticipationStatus.ACCEPTED
    assert audit_count(mission) == before + 3
    assert EmailMessage.objects.for_object(mission).filter(recipient=ca_officer).count() == 3


def test_decline(mission, invited, staff):
    team_respond(member=invited, user=staff, accept=False)
    invited.refresh_from_db()
    assert invited.status == ParticipationStatus.DECLINED


@pytest.mark.parametrize(
    "status",
    [
        MissionStatus.DEPLOYED,
        MissionStatus.RETURNED,
        MissionStatus.CLOSED,
        MissionStatus.CANCELLED,
    ],
)
def test_no_answer_after_deployment(mission, invited, staff, status):
    set_status(mission, status)
    before = audit_count(mission)
    with pytest.raises(InvalidTransition):
        team_respond(member=invited, user=staff, accept=True)
    invited.refresh_from_db()
    assert invited.status == ParticipationStatus.INVITED
    assert audit_count(mission) == before


def test_withdrawn_member_cannot_answer(mission, invited, staff, ca_officer):
    team_withdraw(member=invited, user=ca_officer)
    with pytest.raises(InvalidTransition):
        team_respond(member=invited, user=staff, accept=True)
    invited.refresh_from_db()
    assert invited.status == ParticipationStatus.WITHDRAWN


def test_the_lead_cannot_decline_their_own_place(mission, ca_officer):
    lead_row = mission.team.get(user=ca_officer)
    with pytest.raises(InvalidTransition):
        team_respond(member=lead_row, user=ca_officer, accept=False)


def test_withdraw_once(mission, invited, ca_officer):
    before = audit_count(mission)
    team_withdraw(member=invited, user=ca_officer)
    invited.refresh_from_db()
    assert invited.status == ParticipationStatus.WITHDRAWN
    assert audit_count(mission) == before + 1
    assert audit_entries(mission).latest("id").action == AuditAction.TEAM_MEMBER_WITHDRAWN

    with pytest.raises(InvalidTransition):
        team_withdraw(member=invited, user=ca_officer)
    assert audit_count(mission) == before + 1


def test_the_lead_cannot_be_withdrawn(mission, ca_officer, ca_officer_2):
    lead_row = mission.team.get(user=ca_officer)
    with pytest.raises(InvalidTransition):
        team_withdraw(member=lead_row, user=ca_officer_2)
    lead_row.refresh_from_db()
    assert lead_row.status == ParticipationStatus.ACCEPTED


# --- early notice ----------------------------------------------------------------------------


@pytest.fixture
def notice_staff(make_user, places):
    nord, sud = places.nord_kivu, places.sud_kivu
    female = {"sex": Sex.FEMALE}
    return {
        "gender": make_user("w_gender", Role.TEAM_MEMBER, [nord], section=Section.GENDER_AFFAIRS),
        "no_section": make_user(
            "w_plain", None, [nord], staff_category=StaffCategory.NATIONAL, **female
        ),
        "two_provinces": make_user(
            "w_both", None, [nord, sud], section=Section.HUMAN_RIGHTS, **female
        ),
        "force": make_user("w_force", None, [nord], section=Section.FORCE),
        "milobs": make_user("w_milobs", None, [nord], section=Section.MILITARY_OBSERVER),
        "police": make_user("w_police", None, [nord], section=Section.UN_POLICE),
        "man": make_user("m_civil", None, [nord], sex=Sex.MALE, section=Section.CIVIL_AFFAIRS),
        "sud": make_user("w_sud", None, [sud], section=Section.CIVIL_AFFAIRS),
        "no_email": make_user("w_noemail", None, [nord], email=""),
        "inactive": make_user("w_inactive", None, [nord], is_active=False),
    }


def test_early_notice_goes_to_women_civilian_staff_of_the_province_and_host_unit(
    mission, ca_officer, notice_staff, django_capture_on_commit_callbacks
):
    Mission.objects.filter(pk=mission.pk).update(host_unit_email="company-a@example.org")
    mission.refresh_from_db()
    before = audit_count(mission)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sent = mission_send_early_notice(mission=mission, user=ca_officer)

    expected = {
        ca_officer.email,  # the lead is a woman civilian of Nord-Kivu too
        notice_staff["gender"].email,
        notice_staff["no_section"].email,
        notice_staff["two_provinces"].email,
        "company-a@example.org",
    }
    messages = EmailMessage.objects.for_object(mission)
    assert sent == len(expected) == messages.count()
    assert set(messages.values_list("to_address", flat=True)) == expected
    assert messages.get(to_address="company-a@example.org").recipient is None
    assert set(messages.values_list("status", flat=True)) == {EmailStatus.PENDING}
    assert mail.outbox == []
    mission.refresh_from_db()
    assert mission.early_notice_sent_at is not None
    assert audit_count(mission) == before + 1
    entry = audit_entries(mission).latest("id")
    assert entry.action == AuditAction.MISSION_EARLY_NOTICE_SENT
    assert entry.details == {"emails": len(expected)}

    for callback in callbacks:
        callback()

    assert sorted(addr for m in mail.outbox for addr in m.to) == sorted(expected)
    assert set(messages.values_list("status", flat=True)) == {EmailStatus.SENT}


def test_early_notice_with_nobody_to_notify(mission, ca_officer):
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(pk=ca_officer.pk).update(email="")
    before = audit_count(mission)
    with pytest.raises(ValidationError):
        mission_send_early_notice(mission=mission, user=ca_officer)
    mission.refresh_from_db()
    assert mission.early_notice_sent_at is None
    assert not EmailMessage.objects.for_object(mission).exists()
    assert audit_count(mission) == before


def test_early_notice_needs_a_planned_departure(mission, ca_officer):
    Mission.objects.filter(pk=mission.pk).update(planned_departure=None, planned_return=None)
    mission.refresh_from_db()
    with pytest.raises(ValidationError):
        mission_send_early_notice(mission=mission, user=ca_officer)
    assert not EmailMessage.objects.for_object(mission).exists()


@pytest.mark.parametrize("status", [MissionStatus.DEPLOYED, MissionStatus.CANCELLED])
def test_early_notice_is_for_missions_being_planned(mission, ca_officer, status):
    set_status(mission, status)
    with pytest.raises(InvalidTransition):
        mission_send_early_notice(mission=mission, user=ca_officer)


def test_host_unit_only_notice(mission, ca_officer):
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(pk=ca_officer.pk).update(email="")
    Mission.objects.filter(pk=mission.pk).update(host_unit_email="company-a@example.org")
    assert mission_send_early_notice(mission=mission, user=ca_officer) == 1


def test_nothing_is_kept_or_sent_when_the_transaction_rolls_back(
    mission, ca_officer, staff, django_capture_on_commit_callbacks
):
    from django.db import transaction

    before = audit_count(mission)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        team_add_member(
            mission=mission, user=ca_officer, data={"member": staff, "role": TeamRole.MEMBER}
        )
        raise RuntimeError("later failure")
    assert callbacks == []
    assert mail.outbox == []
    assert not EmailMessage.objects.for_object(mission).exists()
    assert not mission.team.filter(user=staff).exists()
    assert audit_count(mission) == before


# --- resending -------------------------------------------------------------------------------


def test_resend_a_failed_message_of_this_mission(
    mission, ca_officer, staff, django_capture_on_commit_callbacks
):
    team_add_member(
        mission=mission, user=ca_officer, data={"member": staff, "role": TeamRole.MEMBER}
    )
    message = EmailMessage.objects.for_object(mission).get()
    EmailMessage.objects.filter(pk=message.pk).update(status=EmailStatus.FAILED, attempts=3)
    before = audit_count(mission)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        mission_email_resend(mission=mission, user=ca_officer, message_id=message.pk)
    message.refresh_from_db()
    assert message.status == EmailStatus.PENDING
    assert mail.outbox == []
    assert audit_count(mission) == before + 1
    assert audit_entries(mission).latest("id").action == AuditAction.EMAIL_RESENT

    for callback in callbacks:
        callback()
    message.refresh_from_db()
    assert message.status == EmailStatus.SENT
    assert [m.to for m in mail.outbox] == [[staff.email]]


def test_resend_refuses_another_missions_message(mission, other_mission, ca_officer, staff):
    team_add_member(
        mission=other_mission, user=ca_officer, data={"member": staff, "role": TeamRole.MEMBER}
    )
    foreign = EmailMessage.objects.for_object(other_mission).get()
    EmailMessage.objects.filter(pk=foreign.pk).update(status=EmailStatus.FAILED)
    before = audit_count(mission)

    with pytest.raises(PermissionDenied):
        mission_email_resend(mission=mission, user=ca_officer, message_id=foreign.pk)

    foreign.refresh_from_db()
    assert foreign.status == EmailStatus.FAILED
    assert audit_count(mission) == before


def test_resend_needs_a_manager(mission, ca_officer, on_team):
    Mission.objects.filter(pk=mission.pk).update(host_unit_email="company-a@example.org")
    mission_send_early_notice(mission=mission, user=ca_officer)
    message = EmailMessage.objects.for_object(mission).first()
    with pytest.raises(PermissionDenied):
        mission_email_resend(mission=mission, user=on_team, message_id=message.pk)


# --- consultations ---------------------------------------------------------------------------


def consultation_data(mission, places, **overrides):
    data = {
        "held_at": at(mission.planned_departure + timedelta(days=1)),
        "kind": ConsultationType.LOCAL_WOMEN,
        "locality": places.otobora,
        "venue": "Market square",
        "women": 14,
        "men": 0,
        "announced_by": [Announcement.WORD_OF_MOUTH, Announcement.MARKET],
        "time_avoids_childcare": True,
        "travel_reimbursed": True,
        "reimbursement_amount": Decimal("25.00"),
        "topics": "Night attacks on the road to the fields.",
    }
    data.update(overrides)
    return data


def test_consultation_recorded_by_the_lead(mission, ca_officer, places):
    before = audit_count(mission)
    consultation = consultation_create(
        mission=mission, user=ca_officer, data=consultation_data(mission, places)
    )
    consultation.refresh_from_db()
    assert consultation.mission_id == mission.pk
    assert consultation.recorded_by == ca_officer
    assert consultation.women == 14
    assert consultation.announced_by == ["word_of_mouth", "market"]
    assert consultation.timing == "within"
    assert audit_count(mission) == before + 1
    entry = audit_entries(mission).latest("id")
    assert entry.action == AuditAction.CONSULTATION_RECORDED
    assert entry.details["women"] == 14


@pytest.fixture
def foreign_interpreter(other_mission, cli):
    return add_accepted(other_mission, cli, role=TeamRole.INTERPRETER)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"women": 0}, "women"),
        ({"women": None}, "women"),
        ({"kind": ConsultationType.CIVIL_SOCIETY, "women": -1}, "women"),
        ({"men": -3}, "men"),
        ({"girls": -1}, "girls"),
        ({"boys": -1}, "boys"),
        ({"men": 2.5}, "men"),
        ({"locality": "matili"}, "locality"),
        ({"interpreter": "foreign"}, "interpreter"),
        ({"announced_by": ["word_of_mouth", "pigeon"]}, "announced_by"),
        ({"travel_reimbursed": False}, "travel_reimbursed"),
        ({"reimbursement_amount": Decimal("-5")}, "reimbursement_amount"),
    ],
)
def test_consultation_rejects_bad_input(request, mission, ca_officer, places, overrides, field):
    overrides = dict(overrides)
    if overrides.get("locality") == "matili":
        overrides["locality"] = places.matili
    if overrides.get("interpreter") == "foreign":
        overrides["interpreter"] = request.getfixturevalue("foreign_interpreter")
    before = audit_count(mission)
    with pytest.raises(ValidationError) as excinfo:
        consultation_create(
            mission=mission, user=ca_officer, data=consultation_data(mission, places, **overrides)
        )
    assert field in excinfo.value.message_dict
    assert not mission.consultations.exists()
    assert audit_count(mission) == before


def test_interpreter_from_this_team_is_accepted(mission, ca_officer, places, cli):
    interpreter = add_accepted(mission, cli, role=TeamRole.INTERPRETER)
    consultation = consultation_create(
        mission=mission,
        user=ca_officer,
        data=consultation_data(mission, places, interpreter=interpreter, language="Kinyarwanda"),
    )
    assert consultation.interpreter == interpreter


def test_consultation_update_is_validated_on_the_merged_record(mission, ca_officer, places):
    consultation = consultation_create(
        mission=mission, user=ca_officer, data=consultation_data(mission, places)
    )
    before = audit_count(mission)
    with pytest.raises(ValidationError) as excinfo:
        consultation_update(consultation=consultation, user=ca_officer, data={"women": 0})
    assert "women" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        consultation_update(
            consultation=consultation, user=ca_officer, data={"locality": places.matili}
        )
    consultation.refresh_from_db()
    assert consultation.women == 14
    assert audit_count(mission) == before

    consultation_update(consultation=consultation, user=ca_officer, data={"women": 20, "men": 1})
    consultation.refresh_from_db()
    assert (consultation.women, consultation.men) == (20, 1)
    assert audit_count(mission) == before + 1
    assert audit_entries(mission).latest("id").action == AuditAction.CONSULTATION_UPDATED


def test_an_accepted_team_member_may_record(mission, places, on_team):
    consultation = consultation_create(
        mission=mission, user=on_team, data=consultation_data(mission, places)
    )
    assert consultation.recorded_by == on_team
    consultation_update(consultation=consultation, user=on_team, data={"men": 2})


@pytest.mark.parametrize("who", ["cli", "kinshasa_smg", "requester", "ca_officer_sud"])
def test_non_members_may_not_record(request, mission, places, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        consultation_create(mission=mission, user=user, data=consultation_data(mission, places))
    assert not mission.consultations.exists()


@pytest.mark.parametrize("status", [ParticipationStatus.DECLINED, ParticipationStatus.WITHDRAWN])
def test_a_member_who_left_may_not_record(mission, places, staff, status):
    TeamMember.objects.create(mission=mission, user=staff, role=TeamRole.MEMBER, status=status)
    with pytest.raises(PermissionDenied):
        consultation_create(mission=mission, user=staff, data=consultation_data(mission, places))


@pytest.mark.parametrize(
    ("offset", "timing"),
    [(-3, "before"), (0, "within"), (6, "within"), (7, "after"), (20, "after")],
)
def test_consultation_outside_the_dates_is_saved_and_flagged(
    mission, ca_officer, places, offset, timing
):
    held = at(mission.planned_departure + timedelta(days=offset))
    consultation = consultation_create(
        mission=mission, user=ca_officer, data=consultation_data(mission, places, held_at=held)
    )
    fresh = Consultation.objects.get(pk=consultation.pk)
    assert fresh.timing == timing


def test_timing_follows_the_actual_dates(mission, ca_officer, places):
    held = at(mission.planned_departure - timedelta(days=2))
    consultation = consultation_create(
        mission=mission, user=ca_officer, data=consultation_data(mission, places, held_at=held)
    )
    Mission.objects.filter(pk=mission.pk).update(
        actual_departure=mission.planned_departure - timedelta(days=3)
    )
    assert Consultation.objects.get(pk=consultation.pk).timing == "within"


# --- key stakeholders ------------------------------------------------------------------------


def stakeholder_data(places, **overrides):
    data = {
        "name": "  Mama   Solange ",
        "title": "President",
        "organisation": "Women's association of Otobora",
        "sex": Sex.FEMALE,
        "locality": places.otobora,
        "phone": PHONE,
        "category": StakeholderCategory.WOMENS_LEADER,
        "agreed_to_contact": True,
    }
    data.update(overrides)
    return data


def assert_no_phone_in_audit():
    for entry in AuditEntry.objects.all():
        assert PHONE not in json.dumps(entry.details)
        assert PHONE not in entry.target_repr
        assert "+243" not in json.dumps(entry.details)


def test_stakeholder_add_new(mission, ca_officer, places):
    before = audit_count(mission)
    link = stakeholder_add(
        mission=mission, user=ca_officer, data=stakeholder_data(places), notes=" Met twice "
    )
    assert link.stakeholder.name == "Mama Solange"
    assert link.stakeholder.phone == PHONE
    assert link.notes == "Met twice"
    assert link.added_by == ca_officer
    assert audit_count(mission) == before + 1
    entry = audit_entries(mission).latest("id")
    assert entry.action == AuditAction.STAKEHOLDER_ADDED
    assert entry.details == {"stakeholder": link.stakeholder_id, "reused": False}
    assert_no_phone_in_audit()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"name": "   "}, "name"), ({"locality": "matili"}, "locality")],
)
def test_stakeholder_add_rejects_bad_input(mission, ca_officer, places, overrides, field):
    if overrides.get("locality") == "matili":
        overrides = {"locality": places.matili}
    with pytest.raises(ValidationError) as excinfo:
        stakeholder_add(
            mission=mission, user=ca_officer, data=stakeholder_data(places, **overrides)
        )
    assert field in excinfo.value.message_dict
    assert not Stakeholder.objects.exists()


def test_stakeholder_seen_on_an_earlier_mission_can_be_picked(mission, ca_officer, places):
    known = Stakeholder.objects.create(
        name="Chief Kasereka",
        sex=Sex.MALE,
        locality=places.ntoto,  # Walikale, the mission's territory
        category=StakeholderCategory.CUSTOMARY_CHIEF,
        phone=PHONE,
    )
    before = audit_count(mission)
    link = stakeholder_add(mission=mission, user=ca_officer, existing=known)
    assert link.stakeholder == known
    assert Stakeholder.objects.count() == 1
    assert audit_entries(mission).latest("id").details == {
        "stakeholder": known.pk,
        "reused": True,
    }
    assert audit_count(mission) == before + 1

    with pytest.raises(ValidationError) as excinfo:
        stakeholder_add(mission=mission, user=ca_officer, existing=known)
    assert "existing" in excinfo.value.message_dict
    assert MissionStakeholder.objects.filter(mission=mission).count() == 1
    assert_no_phone_in_audit()


@pytest.mark.parametrize("where", ["nyabiondo", "matili"])
def test_an_existing_stakeholder_must_be_from_the_missions_territory(
    mission, ca_officer, places, where
):
    elsewhere = Stakeholder.objects.create(
        name="Pasteur Jean",
        sex=Sex.MALE,
        locality=getattr(places, where),
        category=StakeholderCategory.RELIGIOUS_LEADER,
    )
    with pytest.raises(ValidationError) as excinfo:
        stakeholder_add(mission=mission, user=ca_officer, existing=elsewhere)
    assert "existing" in excinfo.value.message_dict
    assert not mission.stakeholders.exists()


def test_stakeholder_update_records_field_names_not_contacts(mission, ca_officer, places):
    link = stakeholder_add(mission=mission, user=ca_officer, data=stakeholder_data(places))
    before = audit_count(mission)
    new_phone = "+243 811 000 222"

    stakeholder_update(
        link=link,
        user=ca_officer,
        data={"phone": new_phone, "title": "Vice-president"},
        notes="Prefers to be called after 18:00",
    )

    link.refresh_from_db()
    link.stakeholder.refresh_from_db()
    assert link.stakeholder.phone == new_phone
    assert link.stakeholder.title == "Vice-president"
    assert link.notes == "Prefers to be called after 18:00"
    assert audit_count(mission) == before + 1
    entry = audit_entries(mission).latest("id")
    assert entry.action == AuditAction.STAKEHOLDER_UPDATED
    assert sorted(entry.details["fields"]) == ["notes", "phone", "title"]
    assert new_phone not in json.dumps(entry.details)
    assert_no_phone_in_audit()


def test_stakeholder_update_rejects_bad_input(mission, ca_officer, places):
    link = stakeholder_add(mission=mission, user=ca_officer, data=stakeholder_data(places))
    with pytest.raises(ValidationError):
        stakeholder_update(link=link, user=ca_officer, data={"name": ""})
    with pytest.raises(ValidationError):
        stakeholder_update(link=link, user=ca_officer, data={"locality": places.matili})
    link.stakeholder.refresh_from_db()
    assert link.stakeholder.name == "Mama Solange"


def test_stakeholder_remove_keeps_the_person(mission, ca_officer, places):
    link = stakeholder_add(mission=mission, user=ca_officer, data=stakeholder_data(places))
    before = audit_count(mission)
    stakeholder_remove(link=link, user=ca_officer)
    assert not MissionStakeholder.objects.filter(pk=link.pk).exists()
    assert Stakeholder.objects.filter(pk=link.stakeholder_id).exists()
    assert audit_count(mission) == before + 1
    assert audit_entries(mission).latest("id").action == AuditAction.STAKEHOLDER_REMOVED
    assert_no_phone_in_audit()


def test_stakeholders_by_team_members_only(mission, ca_officer, places, on_team, cli):
    link = stakeholder_add(mission=mission, user=on_team, data=stakeholder_data(places))
    stakeholder_update(link=link, user=on_team, data={"title": "Chair"})
    with pytest.raises(PermissionDenied):
        stakeholder_add(
            mission=mission, user=cli, data=stakeholder_data(places, name="Someone else")
        )
    with pytest.raises(PermissionDenied):
        stakeholder_update(link=link, user=cli, data={"title": "X"})
    with pytest.raises(PermissionDenied):
        stakeholder_remove(link=link, user=cli)
    stakeholder_remove(link=link, user=on_team)
