"""Who sees a mission (``Mission.objects.visible_to``) and who may act on it
(``can_manage``, ``can_contribute``, ``can_see_contacts``)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from jpt.accounts.choices import Sex
from jpt.accounts.roles import Role
from missions.choices import ParticipationStatus, TeamRole
from missions.models import Mission, TeamMember
from missions.permissions import can_contribute, can_manage, can_see_contacts
from missions.services import request_approve
from missions.tests.factories import JptRequestFactory


def on_team(mission, user, status=ParticipationStatus.ACCEPTED, role=TeamRole.MEMBER):
    return TeamMember.objects.create(mission=mission, user=user, role=role, status=status)


@pytest.fixture
def cast(
    places,
    make_user,
    submitted_request,
    ca_officer,
    ca_officer_sud,
    kinshasa_smg,
    analyst,
    cli,
    requester,
):
    """A Nord-Kivu mission led by ``ca_officer``, a Sud-Kivu one led by ``ca_officer_sud``, and
    one user for each line of the truth table."""
    nord, sud = places.nord_kivu, places.sud_kivu
    mission = request_approve(jpt_request=submitted_request, user=ca_officer, mandate="Assess.")
    sud_request = JptRequestFactory(territory=places.shabunda, localities=[places.matili])
    sud_mission = request_approve(jpt_request=sud_request, user=ca_officer_sud, mandate="Assess.")

    def user(name, role, provinces=(), **fields):
        return make_user(name, role, list(provinces), **fields)

    ns = SimpleNamespace(
        mission=mission,
        sud_mission=sud_mission,
        lead=ca_officer,
        ca_same_province=user("ca_nord_2", Role.CIVIL_AFFAIRS, [nord], sex=Sex.MALE),
        ca_other_province=ca_officer_sud,
        ca_inactive=user("ca_gone", Role.CIVIL_AFFAIRS, [nord], is_active=False),
        member=user("member", Role.TEAM_MEMBER, [nord]),
        invited_member=user("invited", Role.TEAM_MEMBER, [nord]),
        declined_member=user("declined", Role.TEAM_MEMBER, [nord]),
        withdrawn_member=user("withdrawn", Role.TEAM_MEMBER, [nord]),
        team_member_role_off_team=user("team_role", Role.TEAM_MEMBER, [nord]),
        head_of_office=user("hoo_nord", Role.HEAD_OF_OFFICE, [nord]),
        head_of_office_sud=user("hoo_sud", Role.HEAD_OF_OFFICE, [sud]),
        smg_provincial=user("smg_nord", Role.SMG_PROVINCIAL, [nord]),
        smg_provincial_sud=user("smg_sud", Role.SMG_PROVINCIAL, [sud]),
        smg_kinshasa=kinshasa_smg,
        cli_off_team=cli,
        cli_on_team=user("cli_team", Role.CLI, [nord]),
        analyst=analyst,
        analyst_on_team=user("analyst_team", Role.ANALYST),
        requester=requester,
        requester_on_team=user("req_team", Role.REQUESTER, [nord]),
        requester_sud_on_team=user("req_sud_team", Role.REQUESTER, [sud]),
        administrator=user("admin_kin", Role.ADMINISTRATOR),
    )
    on_team(mission, ns.member)
    on_team(mission, ns.invited_member, ParticipationStatus.INVITED)
    on_team(mission, ns.declined_member, ParticipationStatus.DECLINED)
    on_team(mission, ns.withdrawn_member, ParticipationStatus.WITHDRAWN)
    on_team(mission, ns.cli_on_team, role=TeamRole.INTERPRETER)
    on_team(mission, ns.analyst_on_team)
    on_team(mission, ns.requester_on_team)
    on_team(mission, ns.requester_sud_on_team)
    return ns


# who: (sees the Nord-Kivu mission, sees the Sud-Kivu mission)
VISIBILITY = {
    "lead": (True, False),
    "ca_same_province": (True, False),
    "ca_other_province": (False, True),
    "ca_inactive": (False, False),
    "member": (True, False),
    "invited_member": (True, False),
    "declined_member": (True, False),  # a Nord-Kivu team-member role sees the province anyway
    "withdrawn_member": (True, False),  # idem
    "team_member_role_off_team": (True, False),
    "head_of_office": (True, False),
    "head_of_office_sud": (False, True),
    "smg_provincial": (True, False),
    "smg_provincial_sud": (False, True),
    "smg_kinshasa": (True, True),
    "cli_off_team": (True, False),
    "cli_on_team": (True, False),
    "analyst": (False, False),  # no view_mission: only missions they are on
    "analyst_on_team": (True, False),
    "requester": (False, False),  # no view_mission
    "requester_on_team": (True, False),
    "requester_sud_on_team": (True, False),  # on the team, outside their province
    "administrator": (True, True),
}


@pytest.mark.parametrize("who", list(VISIBILITY))
def test_visible_to(cast, who):
    user = getattr(cast, who)
    visible = set(Mission.objects.visible_to(user).values_list("pk", flat=True))
    expected = {
        pk
        for pk, seen in zip((cast.mission.pk, cast.sud_mission.pk), VISIBILITY[who], strict=True)
        if seen
    }
    assert visible == expected


def test_anonymous_sees_nothing(cast):
    assert not Mission.objects.visible_to(AnonymousUser()).exists()
    assert not Mission.objects.visible_to(None).exists()


def test_a_withdrawn_member_without_the_view_permission_loses_the_mission(cast):
    user = cast.requester_on_team
    assert Mission.objects.visible_to(user).filter(pk=cast.mission.pk).exists()
    TeamMember.objects.filter(mission=cast.mission, user=user).update(
        status=ParticipationStatus.WITHDRAWN
    )
    assert not Mission.objects.visible_to(user).exists()


def test_an_analyst_withdrawn_from_the_team_loses_the_mission(cast):
    user = cast.analyst_on_team
    TeamMember.objects.filter(mission=cast.mission, user=user).update(
        status=ParticipationStatus.WITHDRAWN
    )
    assert not Mission.objects.visible_to(user).exists()


def test_visible_to_lists_each_mission_once(cast):
    """A Nord-Kivu officer who is also on the team is not counted twice."""
    on_team(cast.mission, cast.ca_same_province)
    assert Mission.objects.visible_to(cast.ca_same_province).count() == 1


# who: (can_manage, can_contribute, can_see_contacts) on the Nord-Kivu mission
TRUTH_TABLE = {
    "lead": (True, True, True),
    "ca_same_province": (True, True, True),
    "ca_other_province": (False, False, False),
    "ca_inactive": (False, False, False),
    "member": (False, True, True),
    "invited_member": (False, False, False),  # an invitee has no right until they accept
    "declined_member": (False, False, False),
    "withdrawn_member": (False, False, False),
    "team_member_role_off_team": (False, False, False),
    "head_of_office": (False, False, True),
    "head_of_office_sud": (False, False, False),
    "smg_provincial": (False, False, True),
    "smg_provincial_sud": (False, False, False),
    "smg_kinshasa": (False, False, False),  # sees the mission, not the contacts
    "cli_off_team": (False, False, False),
    "cli_on_team": (False, True, True),
    "analyst": (False, False, False),
    "analyst_on_team": (False, True, True),
    "requester": (False, False, False),
    "requester_on_team": (False, True, True),
    "requester_sud_on_team": (False, True, True),
    "administrator": (True, True, False),  # manages every province; contacts are not theirs
}


@pytest.mark.parametrize("who", list(TRUTH_TABLE))
def test_truth_table(cast, who):
    user = getattr(cast, who)
    mission = Mission.objects.get(pk=cast.mission.pk)  # fresh: no cached team
    assert (
        can_manage(user, mission),
        can_contribute(user, mission),
        can_see_contacts(user, mission),
    ) == TRUTH_TABLE[who]


def test_anonymous_may_do_nothing(cast):
    anonymous = AnonymousUser()
    mission = Mission.objects.get(pk=cast.mission.pk)
    assert not can_manage(anonymous, mission)
    assert not can_contribute(anonymous, mission)
    assert not can_see_contacts(anonymous, mission)


def test_kinshasa_smg_sees_the_mission_but_not_the_contacts(cast):
    user = cast.smg_kinshasa
    assert Mission.objects.visible_to(user).filter(pk=cast.mission.pk).exists()
    assert not can_see_contacts(user, Mission.objects.get(pk=cast.mission.pk))


def test_cli_of_the_province_off_the_team_sees_the_mission_but_not_the_contacts(cast):
    user = cast.cli_off_team
    mission = Mission.objects.get(pk=cast.mission.pk)
    assert Mission.objects.visible_to(user).filter(pk=mission.pk).exists()
    assert not can_see_contacts(user, mission)


def test_rights_follow_a_new_answer(cast):
    """Declining takes the contributor right and the contacts away (fresh instances)."""
    user = cast.member
    assert can_see_contacts(user, Mission.objects.get(pk=cast.mission.pk))
    TeamMember.objects.filter(mission=cast.mission, user=user).update(
        status=ParticipationStatus.DECLINED
    )
    mission = Mission.objects.get(pk=cast.mission.pk)
    assert not can_contribute(user, mission)
    assert not can_see_contacts(user, mission)


def test_the_team_is_read_once_per_mission_instance(cast, django_assert_num_queries):
    mission = Mission.objects.get(pk=cast.mission.pk)
    can_contribute(cast.member, mission)
    with django_assert_num_queries(0):
        for who in ("member", "cli_on_team", "requester_on_team", "lead"):
            can_see_contacts(getattr(cast, who), mission)


def test_the_sud_kivu_lead_manages_only_their_mission(cast):
    sud = Mission.objects.get(pk=cast.sud_mission.pk)
    assert can_manage(cast.ca_other_province, sud)
    assert can_see_contacts(cast.ca_other_province, sud)
    assert not can_manage(cast.lead, sud)
    assert not can_see_contacts(cast.lead, sud)
    assert not can_see_contacts(cast.head_of_office, sud)
    assert can_see_contacts(cast.head_of_office_sud, sud)
