"""Selectors: team composition, readiness checks, timeline indicators, "my missions", and the
missions whose transport is not confirmed 48 hours before departure."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from django.utils import timezone

from jpt.accounts.choices import Section, Sex, StaffCategory
from jpt.accounts.roles import Role
from missions.choices import (
    LogisticsCategory,
    LogisticsStatus,
    MissionStatus,
    ParticipationStatus,
    TeamRole,
    TransportMode,
    Trigger,
)
from missions.models import JptRequest, LogisticsItem, Mission, TeamMember
from missions.selectors import (
    Composition,
    deployment_blockers,
    invitation_lead_days,
    mission_composition,
    missions_led_or_joined,
    open_invitations,
    readiness_checks,
    timeline_indicators,
)
from missions.services import (
    request_approve,
    request_submit,
    team_add_member,
    team_respond,
    team_withdraw,
)

# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture
def lead(make_user, places):
    """A man, international staff, Civil Affairs of Nord-Kivu."""
    return make_user(
        "lead_man",
        Role.CIVIL_AFFAIRS,
        [places.nord_kivu],
        sex=Sex.MALE,
        staff_category=StaffCategory.INTERNATIONAL,
        section=Section.CIVIL_AFFAIRS,
    )


@pytest.fixture
def mission(submitted_request, lead):
    return request_approve(jpt_request=submitted_request, user=lead, mandate="Assess threats.")


def staff_user(make_user, places, username, sex, category, section, role=Role.TEAM_MEMBER):
    return make_user(
        username, role, [places.nord_kivu], sex=sex, staff_category=category, section=section
    )


def invite(mission, lead, user, role=TeamRole.MEMBER) -> TeamMember:
    return team_add_member(mission=mission, user=lead, data={"member": user, "role": role})


def external(mission, lead, name, sex, organisation="Femmes Solidaires", role=TeamRole.MEMBER):
    return team_add_member(
        mission=mission,
        user=lead,
        data={
            "external_name": name,
            "external_organisation": organisation,
            "external_sex": sex,
            "role": role,
        },
    )


def fresh(mission) -> Mission:
    return Mission.objects.select_related("request").get(pk=mission.pk)


def codes(mission) -> set[str]:
    return {check.code for check in readiness_checks(fresh(mission))}


def set_dates(mission, departure, days=7):
    Mission.objects.filter(pk=mission.pk).update(
        planned_departure=departure, planned_return=departure + timedelta(days=days - 1)
    )


# --- composition -----------------------------------------------------------------------------


@pytest.fixture
def roster(mission, lead, make_user, places):
    """Lead (man, international, Civil Affairs); an accepted gender officer (woman, national,
    Gender Affairs); an external NGO woman; an invited man (national, Civil Affairs again);
    a declined woman and a withdrawn woman, who must not count."""
    gender = staff_user(
        make_user, places, "gender", Sex.FEMALE, StaffCategory.NATIONAL, Section.GENDER_AFFAIRS
    )
    invited = staff_user(
        make_user, places, "invited", Sex.MALE, StaffCategory.NATIONAL, Section.CIVIL_AFFAIRS
    )
    declined = staff_user(
        make_user, places, "declined", Sex.FEMALE, StaffCategory.NATIONAL, Section.HUMAN_RIGHTS
    )
    withdrawn = staff_user(
        make_user,
        places,
        "withdrawn",
        Sex.FEMALE,
        StaffCategory.INTERNATIONAL,
        Section.CHILD_PROTECTION,
    )
    team_respond(
        member=invite(mission, lead, gender, TeamRole.GENDER_OFFICER), user=gender, accept=True
    )
    ngo = external(mission, lead, "Aline Furaha", Sex.FEMALE)
    invited_row = invite(mission, lead, invited)
    team_respond(
        member=invite(mission, lead, declined, TeamRole.HUMAN_RIGHTS), user=declined, accept=False
    )
    team_withdraw(member=invite(mission, lead, withdrawn, TeamRole.CHILD_PROTECTION), user=lead)
    return {"ngo": ngo, "invited": invited_row}


def test_composition_of_a_roster(mission, roster):
    comp = mission_composition(fresh(mission))
    assert (comp.total, comp.women, comp.men) == (4, 2, 2)
    assert comp.women_share == 50
    assert (comp.national, comp.international, comp.external) == (2, 1, 1)
    assert comp.sections == ["Civil Affairs", "Gender Affairs", "Femmes Solidaires"]


def test_composition_is_live_and_rounds_the_share(mission, lead, roster):
    team_withdraw(member=roster["invited"], user=lead)
    comp = mission_composition(fresh(mission))
    assert (comp.total, comp.women, comp.men) == (3, 2, 1)
    assert comp.women_share == 67
    assert (comp.national, comp.international, comp.external) == (1, 1, 1)
    assert comp.sections == ["Civil Affairs", "Gender Affairs", "Femmes Solidaires"]


def test_composition_uses_a_prefetched_team(mission, roster, django_assert_num_queries):
    prefetched = Mission.objects.prefetch_related("team__user").get(pk=mission.pk)
    with django_assert_num_queries(0):
        comp = mission_composition(prefetched)
    assert comp.total == 4


def test_composition_of_the_lead_alone(mission):
    comp = mission_composition(fresh(mission))
    assert (comp.total, comp.women, comp.men, comp.women_share) == (1, 0, 1, 0)
    assert comp.sections == ["Civil Affairs"]


def test_empty_composition_has_no_share():
    assert Composition().women_share is None


# --- readiness -------------------------------------------------------------------------------


def test_each_readiness_warning_disappears_when_fixed(mission, lead, make_user, places, cli):
    m = fresh(mission)
    assert codes(m) == {"no_woman", "no_gender_officer", "no_sv_expert", "no_cli", "no_member"}
    assert [c.code for c in deployment_blockers(m)] == ["no_member"]
    warnings = {c.code: c.blocking for c in readiness_checks(m)}
    assert not any(blocking for code, blocking in warnings.items() if code != "no_member")

    gender = staff_user(
        make_user, places, "gender", Sex.FEMALE, StaffCategory.NATIONAL, Section.GENDER_AFFAIRS
    )
    member = invite(mission, lead, gender, TeamRole.GENDER_OFFICER)
    # An invited woman counts for the composition, but has not accepted.
    assert codes(mission) == {"no_sv_expert", "no_cli", "no_member"}

    team_respond(member=member, user=gender, accept=True)
    assert codes(mission) == {"no_sv_expert", "no_cli"}
    assert deployment_blockers(fresh(mission)) == []

    external(mission, lead, "Dr Kahindo", Sex.MALE, "MSF", TeamRole.SEXUAL_VIOLENCE_EXPERT)
    assert codes(mission) == {"no_cli"}

    invite(mission, lead, cli, TeamRole.INTERPRETER)
    assert codes(mission) == set()


def test_declined_and_withdrawn_members_do_not_satisfy_the_checks(mission, lead, make_user, places):
    gender = staff_user(
        make_user, places, "gender", Sex.FEMALE, StaffCategory.NATIONAL, Section.GENDER_AFFAIRS
    )
    sv = staff_user(
        make_user, places, "sv", Sex.FEMALE, StaffCategory.NATIONAL, Section.HUMAN_RIGHTS
    )
    row = invite(mission, lead, gender, TeamRole.GENDER_OFFICER)
    team_respond(member=row, user=gender, accept=False)
    team_withdraw(member=invite(mission, lead, sv, TeamRole.SEXUAL_VIOLENCE_EXPERT), user=lead)
    assert {"no_woman", "no_gender_officer", "no_sv_expert", "no_member"} <= codes(mission)


@pytest.mark.parametrize(("days", "short"), [(1, True), (4, True), (5, False), (7, False)])
def test_short_visit(mission, days, short):
    set_dates(mission, timezone.localdate() + timedelta(days=30), days=days)
    assert ("short_visit" in codes(mission)) is short
    check = next((c for c in readiness_checks(fresh(mission)) if c.code == "short_visit"), None)
    if short:
        assert not check.blocking
        assert str(days) in check.message


def test_visit_length_uses_the_actual_dates(mission):
    start = timezone.localdate() + timedelta(days=30)
    Mission.objects.filter(pk=mission.pk).update(
        actual_departure=start, actual_return=start + timedelta(days=2)
    )
    assert fresh(mission).visit_days == 3
    assert "short_visit" in codes(mission)


@pytest.mark.parametrize(("lead_days", "late"), [(0, True), (1, True), (2, False), (10, False)])
def test_late_invitations(mission, lead, cli, lead_days, late):
    invited = timezone.now()
    set_dates(mission, timezone.localdate() + timedelta(days=lead_days))
    row = invite(mission, lead, cli, TeamRole.INTERPRETER)
    TeamMember.objects.filter(pk=row.pk).update(invited_at=invited)
    assert invitation_lead_days(fresh(mission)) == lead_days
    assert ("late_invitations" in codes(mission)) is late


def test_late_invitations_fixed_by_an_earlier_invitation(mission, lead, cli, make_user, places):
    departure = timezone.localdate() + timedelta(days=1)
    set_dates(mission, departure)
    row = invite(mission, lead, cli, TeamRole.INTERPRETER)
    assert "late_invitations" in codes(mission)
    TeamMember.objects.filter(pk=row.pk).update(invited_at=timezone.now() - timedelta(days=5))
    assert "late_invitations" not in codes(mission)
    assert invitation_lead_days(fresh(mission)) == 6


def test_the_leads_own_row_is_not_an_invitation(mission):
    set_dates(mission, timezone.localdate())
    TeamMember.objects.filter(mission=mission, role=TeamRole.TEAM_LEAD).update(
        invited_at=timezone.now()
    )
    assert invitation_lead_days(fresh(mission)) is None
    assert "late_invitations" not in codes(mission)


def test_declined_invitations_do_not_count_for_the_lead_time(mission, lead, cli):
    set_dates(mission, timezone.localdate() + timedelta(days=1))
    row = invite(mission, lead, cli, TeamRole.INTERPRETER)
    team_respond(member=row, user=cli, accept=False)
    assert invitation_lead_days(fresh(mission)) is None
    assert "late_invitations" not in codes(mission)


def test_no_lead_is_blocking(mission, lead):
    external(mission, lead, "Aline Furaha", Sex.FEMALE)
    assert "no_lead" not in codes(mission)
    Mission.objects.filter(pk=mission.pk).update(lead=None)
    blockers = deployment_blockers(fresh(mission))
    assert [c.code for c in blockers] == ["no_lead"]
    assert all(c.blocking for c in blockers)


def test_the_lead_alone_is_no_member(mission):
    assert [c.code for c in deployment_blockers(fresh(mission))] == ["no_member"]


# --- timeline indicators ---------------------------------------------------------------------


def indicators(mission):
    planning, invitation, visit = timeline_indicators(fresh(mission))
    return planning, invitation, visit


@pytest.mark.parametrize(("lead_days", "ok"), [(30, True), (21, True), (20, False), (3, False)])
def test_planning_lead_time_of_an_assessment(mission, lead_days, ok):
    JptRequest.objects.filter(pk=mission.request_id).update(
        decided_at=timezone.now(), trigger=Trigger.RUMOURED_ATTACKS
    )
    set_dates(mission, timezone.localdate() + timedelta(days=lead_days))
    planning, _invitation, _visit = indicators(mission)
    assert planning.value == lead_days
    assert planning.ok is ok
    assert planning.unit == "days"


@pytest.mark.parametrize("lead_days", [30, 3])
def test_an_emergency_is_not_judged_on_planning_lead_time(mission, lead_days):
    """An attack is answered at once: the brief's three weeks are for assessments."""
    JptRequest.objects.filter(pk=mission.request_id).update(
        decided_at=timezone.now(), trigger=Trigger.ATTACK
    )
    set_dates(mission, timezone.localdate() + timedelta(days=lead_days))
    planning, _invitation, _visit = indicators(mission)
    assert planning.value == lead_days
    assert planning.ok is None
    assert planning.target == "none for an emergency"


def test_planning_lead_time_counts_from_the_decision_not_the_filing(mission):
    decided = timezone.now() - timedelta(days=10)
    JptRequest.objects.filter(pk=mission.request_id).update(
        decided_at=decided, trigger=Trigger.FOLLOW_UP
    )
    set_dates(mission, timezone.localdate() + timedelta(days=15))
    planning, _invitation, _visit = indicators(mission)
    assert planning.value == 25
    assert planning.ok is True


def test_indicators_without_invitations(mission):
    _planning, invitation, visit = indicators(mission)
    assert invitation.value is None
    assert invitation.ok is None
    assert visit.value == 7
    assert visit.ok is True


# Early is never a fault (the brief: notice as early as possible); late is.
@pytest.mark.parametrize(
    ("days_before", "ok"), [(1, False), (2, True), (5, True), (7, True), (8, True), (30, True)]
)
def test_invitation_lead_time(mission, lead, cli, days_before, ok):
    departure = timezone.localdate() + timedelta(days=30)
    row = invite(mission, lead, cli, TeamRole.INTERPRETER)
    invited_on = departure - timedelta(days=days_before)
    TeamMember.objects.filter(pk=row.pk).update(
        invited_at=timezone.make_aware(datetime.combine(invited_on, time(9, 0)))
    )
    _planning, invitation, _visit = indicators(mission)
    assert invitation.value == days_before
    assert invitation.ok is ok


@pytest.mark.parametrize(("days", "ok"), [(4, False), (5, True), (12, True)])
def test_visit_length(mission, days, ok):
    set_dates(mission, timezone.localdate() + timedelta(days=30), days=days)
    _planning, _invitation, visit = indicators(mission)
    assert visit.value == days
    assert visit.ok is ok


def test_indicators_without_dates(mission):
    Mission.objects.filter(pk=mission.pk).update(planned_departure=None, planned_return=None)
    for indicator in timeline_indicators(fresh(mission)):
        assert indicator.value is None
        assert indicator.ok is None


# --- my missions -----------------------------------------------------------------------------


def test_missions_led_or_joined(mission, lead, make_user, places, requester, request_details):
    other = request_approve(
        jpt_request=request_submit(
            user=requester,
            details=request_details(
                title="Nyabiondo", territory=places.masisi, localities=[places.nyabiondo]
            ),
        ),
        user=make_user("ca_other", Role.CIVIL_AFFAIRS, [places.nord_kivu]),
        mandate="Assess.",
    )
    users = {
        name: staff_user(
            make_user, places, name, Sex.FEMALE, StaffCategory.NATIONAL, Section.HUMAN_RIGHTS
        )
        for name in ["accepted", "invited", "declined", "withdrawn", "nobody"]
    }
    team_respond(
        member=invite(mission, lead, users["accepted"]), user=users["accepted"], accept=True
    )
    invite(mission, lead, users["invited"])
    team_respond(
        member=invite(mission, lead, users["declined"]), user=users["declined"], accept=False
    )
    team_withdraw(member=invite(mission, lead, users["withdrawn"]), user=lead)
    # "accepted" also declined another mission: that one is not theirs.
    TeamMember.objects.create(
        mission=other,
        user=users["accepted"],
        role=TeamRole.MEMBER,
        status=ParticipationStatus.DECLINED,
    )

    assert list(missions_led_or_joined(lead)) == [mission]
    assert list(missions_led_or_joined(users["accepted"])) == [mission]
    # An invitation not yet accepted is an invitation, not one of my missions.
    assert list(missions_led_or_joined(users["invited"])) == []
    assert [m.mission for m in open_invitations(users["invited"])] == [mission]
    assert list(open_invitations(users["accepted"])) == []
    assert list(missions_led_or_joined(users["declined"])) == []
    assert list(missions_led_or_joined(users["withdrawn"])) == []
    assert list(missions_led_or_joined(users["nobody"])) == []
    assert list(missions_led_or_joined(other.lead)) == [other]


def test_a_lead_who_was_a_member_elsewhere_gets_both_once(mission, lead, make_user, places):
    other_lead = make_user("ca_other", Role.CIVIL_AFFAIRS, [places.nord_kivu])
    Mission.objects.filter(pk=mission.pk).update(lead=other_lead)
    # lead_man still holds the accepted team-lead row: the mission stays in his list, once.
    assert list(missions_led_or_joined(lead)) == [mission]
    assert list(missions_led_or_joined(other_lead)) == [mission]


# --- transport not confirmed 48 hours before departure ---------------------------------------

NOW = timezone.make_aware(datetime(2010, 6, 14, 9, 0))


def soon():
    return set(Mission.objects.transport_unconfirmed_soon(now=NOW).values_list("pk", flat=True))


def transport(mission, status, category=LogisticsCategory.TRANSPORT):
    return LogisticsItem.objects.create(
        mission=mission,
        category=category,
        transport_mode=TransportMode.HELICOPTER if category == LogisticsCategory.TRANSPORT else "",
        description="Mi-8 Goma–Walikale",
        status=status,
    )


def depart(mission, days_from_now, status=MissionStatus.PLANNING):
    departure = NOW.date() + timedelta(days=days_from_now)
    Mission.objects.filter(pk=mission.pk).update(
        planned_departure=departure,
        planned_return=departure + timedelta(days=6),
        status=status,
    )


@pytest.mark.parametrize(
    ("days", "flagged"), [(-1, True), (0, True), (1, True), (2, True), (3, False), (30, False)]
)
def test_no_transport_line_within_48_hours_is_flagged(mission, days, flagged):
    depart(mission, days)
    assert (mission.pk in soon()) is flagged


@pytest.mark.parametrize("status", [LogisticsStatus.REQUESTED, LogisticsStatus.REFUSED])
def test_unconfirmed_transport_is_flagged(mission, status):
    depart(mission, 1)
    transport(mission, status)
    assert mission.pk in soon()


def test_confirmed_transport_is_not_flagged(mission):
    depart(mission, 1)
    transport(mission, LogisticsStatus.REQUESTED)
    transport(mission, LogisticsStatus.CONFIRMED)
    assert mission.pk not in soon()


def test_other_confirmed_lines_do_not_count_as_transport(mission):
    depart(mission, 1)
    transport(mission, LogisticsStatus.CONFIRMED, category=LogisticsCategory.EQUIPMENT)
    assert mission.pk in soon()


def test_unconfirmed_transport_with_another_confirmed_line_is_flagged(mission):
    """One line is transport (refused), another line is confirmed (an escort): the transport
    is still not confirmed."""
    depart(mission, 1)
    transport(mission, LogisticsStatus.REFUSED)
    transport(mission, LogisticsStatus.CONFIRMED, category=LogisticsCategory.ESCORT)
    assert mission.pk in soon()


@pytest.mark.parametrize(
    ("status", "flagged"),
    [
        (MissionStatus.PLANNING, True),
        (MissionStatus.TEAM_FORMING, True),
        (MissionStatus.DEPLOYED, False),
        (MissionStatus.RETURNED, False),
        (MissionStatus.CANCELLED, False),
        (MissionStatus.CLOSED, False),
    ],
)
def test_only_missions_not_yet_deployed_are_flagged(mission, status, flagged):
    depart(mission, 1, status=status)
    assert (mission.pk in soon()) is flagged


def test_mission_without_a_departure_is_not_flagged(mission):
    Mission.objects.filter(pk=mission.pk).update(planned_departure=None, planned_return=None)
    assert mission.pk not in soon()


def test_the_horizon_follows_now(mission):
    depart(mission, 3)
    assert mission.pk not in soon()
    later = NOW + timedelta(days=1)
    assert mission.pk in set(
        Mission.objects.transport_unconfirmed_soon(now=later).values_list("pk", flat=True)
    )


def test_the_horizon_is_counted_in_local_time(mission):
    """Just after midnight in Goma/Lubumbashi the UTC date is still the day before: the same
    instant must give the same answer whatever the time zone of ``now``."""
    local = timezone.make_aware(datetime(2010, 6, 14, 0, 30))
    as_utc = local.astimezone(UTC)
    assert as_utc.date() != local.date()
    departure = local.date() + timedelta(days=2)
    Mission.objects.filter(pk=mission.pk).update(
        planned_departure=departure, planned_return=departure + timedelta(days=6)
    )
    flagged = Mission.objects.transport_unconfirmed_soon
    assert flagged(now=local).filter(pk=mission.pk).exists()
    assert flagged(now=as_utc).filter(pk=mission.pk).exists()
