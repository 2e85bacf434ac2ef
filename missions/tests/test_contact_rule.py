"""Who sees a key stakeholder's phone number: the mission's team (members who accepted) and Civil
Affairs officers, heads of office and provincial SMG-P members of its province. Nobody else:
not an invitee who has not answered, declined or was withdrawn; not through the "met on an
earlier mission" picker; not an administrator who puts themselves on a team."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jpt.accounts.choices import Sex
from jpt.accounts.roles import Role
from missions import services
from missions.choices import ParticipationStatus, StakeholderCategory, TeamRole
from missions.models import Mission, TeamMember
from missions.permissions import can_see_contacts

pytestmark = pytest.mark.django_db

PHONE = "+243 997 123 456"
OTHER_PHONE = "+243 998 765 432"


@pytest.fixture
def mission(submitted_request, ca_officer):
    return services.request_approve(
        jpt_request=submitted_request, user=ca_officer, mandate="Assess the threats in Ntoto."
    )


@pytest.fixture
def link(mission, ca_officer, places):
    return services.stakeholder_add(
        mission=mission,
        user=ca_officer,
        data={
            "name": "Mwami Kalinda",
            "sex": Sex.MALE,
            "locality": places.ntoto,
            "phone": PHONE,
            "category": StakeholderCategory.CUSTOMARY_CHIEF,
        },
    )


def place(mission, manager, user, *, status):
    member = services.team_add_member(
        mission=mission, user=manager, data={"role": TeamRole.HUMAN_RIGHTS, "member": user}
    )
    if status == ParticipationStatus.ACCEPTED:
        services.team_respond(member=member, user=user, accept=True)
    elif status == ParticipationStatus.DECLINED:
        services.team_respond(member=member, user=user, accept=False)
    elif status == ParticipationStatus.WITHDRAWN:
        services.team_withdraw(member=member, user=manager)
    return TeamMember.objects.get(pk=member.pk)


@pytest.mark.parametrize(
    "status",
    [ParticipationStatus.INVITED, ParticipationStatus.DECLINED, ParticipationStatus.WITHDRAWN],
)
@pytest.mark.parametrize("province", ["same", "other"])
def test_an_invitee_who_has_not_accepted_sees_no_contact(
    client, mission, link, ca_officer, make_user, places, status, province
):
    """From another province: no mission page at all. From the province (a team-member role
    that sees its missions): the page, never the number."""
    provinces = [places.nord_kivu] if province == "same" else [places.sud_kivu]
    person = make_user("invitee", Role.TEAM_MEMBER, provinces)
    place(mission, ca_officer, person, status=status)
    assert not can_see_contacts(person, Mission.objects.get(pk=mission.pk))
    client.force_login(person)
    page = client.get(reverse("missions:mission_detail", args=[mission.pk]))
    if province == "other":
        assert page.status_code == 404
    else:
        assert page.status_code == 200
        assert PHONE not in page.content.decode()
    # The report page and the stakeholder pages follow the same rule.
    edit = client.get(reverse("missions:stakeholder_update", args=[mission.pk, link.pk]))
    assert edit.status_code in (403, 404)


def test_an_invitee_who_accepts_sees_the_contacts(
    client, mission, link, ca_officer, make_user, places
):
    person = make_user("invitee", Role.TEAM_MEMBER, [places.sud_kivu])
    place(mission, ca_officer, person, status=ParticipationStatus.ACCEPTED)
    client.force_login(person)
    page = client.get(reverse("missions:mission_detail", args=[mission.pk]))
    assert PHONE in page.content.decode()


@pytest.mark.parametrize("status", [ParticipationStatus.INVITED, ParticipationStatus.DECLINED])
def test_the_invitation_page_shows_only_what_is_needed_to_answer(
    client, mission, link, ca_officer, make_user, places, status
):
    person = make_user("invitee", Role.TEAM_MEMBER, [places.sud_kivu])
    member = place(mission, ca_officer, person, status=status)
    client.force_login(person)
    page = client.get(reverse("missions:team_answer", args=[mission.pk, member.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert mission.title in html
    for secret in (mission.mandate, PHONE, "Mwami Kalinda"):
        assert secret not in html


def test_a_withdrawn_invitee_gets_no_invitation_page(
    client, mission, ca_officer, make_user, places
):
    person = make_user("invitee", Role.TEAM_MEMBER, [places.sud_kivu])
    member = place(mission, ca_officer, person, status=ParticipationStatus.WITHDRAWN)
    client.force_login(person)
    url = reverse("missions:team_answer", args=[mission.pk, member.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"answer": "accept"}).status_code == 404
    assert TeamMember.objects.get(pk=member.pk).status == ParticipationStatus.WITHDRAWN


@pytest.fixture
def earlier(places, make_user, request_details, requester):
    """An earlier Walikale mission led by another Nord-Kivu officer, with a woman leader on its
    list whose number only its team and the province's Civil Affairs may see."""
    officer = make_user("ca_earlier", Role.CIVIL_AFFAIRS, [places.nord_kivu], sex=Sex.MALE)
    jpt_request = services.request_submit(
        user=requester, details=request_details(title="Earlier visit to Otobora")
    )
    earlier = services.request_approve(jpt_request=jpt_request, user=officer, mandate="Assess.")
    services.stakeholder_add(
        mission=earlier,
        user=officer,
        data={
            "name": "Maman Furaha",
            "sex": Sex.FEMALE,
            "locality": places.otobora,
            "phone": OTHER_PHONE,
            "category": StakeholderCategory.WOMENS_LEADER,
        },
    )
    return earlier


def test_the_picker_offers_only_people_whose_contacts_the_user_may_see(
    client, mission, earlier, ca_officer, make_user, places
):
    person = earlier.stakeholders.get().stakeholder
    # A team member of this mission who was not on the earlier one: not offered, refused.
    member = make_user("member", Role.TEAM_MEMBER, [places.sud_kivu])
    place(mission, ca_officer, member, status=ParticipationStatus.ACCEPTED)
    client.force_login(member)
    page = client.get(reverse("missions:stakeholder_add", args=[mission.pk])).content.decode()
    assert "Maman Furaha" not in page
    with pytest.raises(ValidationError):
        services.stakeholder_add(mission=mission, user=member, existing=person)
    response = client.post(
        reverse("missions:stakeholder_add", args=[mission.pk]),
        {"action": "pick", "pick-existing": str(person.pk)},
    )
    assert response.status_code == 400
    assert not mission.stakeholders.exists()
    # Civil Affairs of the province sees every contact of the province: offered.
    client.force_login(ca_officer)
    page = client.get(reverse("missions:stakeholder_add", args=[mission.pk])).content.decode()
    assert "Maman Furaha" in page
    # Someone who was on the earlier team: offered too.
    services.team_add_member(
        mission=earlier, user=earlier.lead, data={"role": TeamRole.MEMBER, "member": member}
    )
    services.team_respond(member=earlier.team.get(user=member), user=member, accept=True)
    services.stakeholder_add(mission=mission, user=member, existing=person)
    assert mission.stakeholders.get().stakeholder == person


def test_nobody_invites_themselves(client, mission, make_user, ca_officer):
    admin = make_user("admin_jpt", Role.ADMINISTRATOR)
    with pytest.raises(ValidationError) as error:
        services.team_add_member(
            mission=mission, user=admin, data={"role": TeamRole.MEMBER, "member": admin}
        )
    assert "member" in error.value.message_dict
    client.force_login(admin)
    page = client.get(reverse("missions:team_add", args=[mission.pk])).content.decode()
    assert f'<option value="{admin.pk}"' not in page


def test_a_superuser_on_a_team_sees_no_contact(
    client, mission, link, ca_officer, make_user, places
):
    root = make_user("root", is_superuser=True, is_staff=True)
    root.provinces.set([places.nord_kivu])
    place(mission, ca_officer, root, status=ParticipationStatus.ACCEPTED)
    assert not can_see_contacts(root, Mission.objects.get(pk=mission.pk))
    client.force_login(root)
    page = client.get(reverse("missions:mission_detail", args=[mission.pk]))
    assert page.status_code == 200
    assert PHONE not in page.content.decode()
