"""The team roster, consultation and stakeholder pages through the test client: who may open
what, the invitation flow, the composition box, bad input kept in the forms, and the rule that
stakeholders' phone numbers reach only those allowed to see them."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jpt.accounts.choices import Section, Sex, StaffCategory
from jpt.accounts.roles import Role
from jpt.notifications.models import EmailMessage
from missions import services
from missions.choices import (
    ConsultationType,
    MissionStatus,
    ParticipationStatus,
    StakeholderCategory,
    TeamRole,
)
from missions.models import Consultation, Mission, MissionStakeholder, Stakeholder, TeamMember

pytestmark = pytest.mark.django_db

LOGIN = "login"
MANDATE = "Assess threats to civilians around Ntoto; include the Annex 2 analysis."
PHONE = "+243 997 123 456"


# --------------------------------------------------------------------------------------------
# Helpers and fixtures
# --------------------------------------------------------------------------------------------


def text(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def assert_login_redirect(response, url: str) -> None:
    assert response.status_code == 302
    parts = urlsplit(response.url)
    assert parts.path == reverse("login")
    assert parse_qs(parts.query)["next"] == [url]


def assert_field_error(html: str, field_id: str, message: str | None = None) -> None:
    """The error is rendered next to the field (crispy's ``invalid-feedback`` for it)."""
    match = re.search(rf'<[^>]*id="error_\d+_{re.escape(field_id)}"[^>]*>(.*?)</', html, flags=re.S)
    assert match, f"no error shown next to {field_id}"
    if message is not None:
        assert message in html[match.start() : match.start() + 600]


def detail_url(mission) -> str:
    return reverse("missions:mission_detail", args=[mission.pk])


def section_url(mission, section: str) -> str:
    return f"{detail_url(mission)}#{section}"


@pytest.fixture
def mission(submitted_request, ca_officer):
    """A Nord-Kivu mission (Walikale / Ntoto) led by ``ca_officer`` (a woman, international,
    Civil Affairs), in planning."""
    get_user_model().objects.filter(pk=ca_officer.pk).update(section=Section.CIVIL_AFFAIRS)
    return services.request_approve(jpt_request=submitted_request, user=ca_officer, mandate=MANDATE)


@pytest.fixture
def invitee(make_user, places):
    """A national Human Rights officer of Sud-Kivu: sees the mission only once invited."""
    return make_user(
        "hr_officer",
        Role.TEAM_MEMBER,
        [places.sud_kivu],
        sex=Sex.MALE,
        staff_category=StaffCategory.NATIONAL,
        section=Section.HUMAN_RIGHTS,
    )


@pytest.fixture
def invited(mission, ca_officer, invitee):
    """``invitee`` invited to the mission (status: invited)."""
    return services.team_add_member(
        mission=mission,
        user=ca_officer,
        data={"role": TeamRole.HUMAN_RIGHTS, "member": invitee},
    )


@pytest.fixture
def on_team(invited, invitee):
    """``invitee`` has accepted."""
    return services.team_respond(member=invited, user=invitee, accept=True)


@pytest.fixture
def head_of_office(make_user, places):
    return make_user("hoo_nord", Role.HEAD_OF_OFFICE, [places.nord_kivu], sex=Sex.MALE)


@pytest.fixture
def accepted_member(make_user, places, mission, ca_officer):
    """A Sud-Kivu child-protection officer who accepted a place on the (Nord-Kivu) team."""
    person = make_user("cp_officer", Role.TEAM_MEMBER, [places.sud_kivu], sex=Sex.MALE)
    member = services.team_add_member(
        mission=mission, user=ca_officer, data={"role": TeamRole.CHILD_PROTECTION, "member": person}
    )
    services.team_respond(member=member, user=person, accept=True)
    return person


@pytest.fixture
def administrator(make_user):
    """Manages every mission, but is no reviewer: may not see stakeholders' contacts."""
    return make_user("admin_jpt", Role.ADMINISTRATOR)


@pytest.fixture
def consultation(mission, ca_officer, places):
    return services.consultation_create(
        mission=mission,
        user=ca_officer,
        data={
            "held_at": timezone.make_aware(
                datetime.combine(mission.planned_departure + timedelta(days=1), time(7, 0))
            ),
            "kind": ConsultationType.LOCAL_WOMEN,
            "locality": places.ntoto,
            "women": 23,
            "men": 0,
            "announced_by": ["word_of_mouth", "market"],
            "topics": "Safety on the road to the market.",
        },
    )


@pytest.fixture
def link(mission, ca_officer, places):
    """A man on the key-stakeholder list, with a phone number."""
    return services.stakeholder_add(
        mission=mission,
        user=ca_officer,
        data={
            "name": "Mwami Kalinda",
            "title": "Chef de groupement",
            "sex": "male",
            "locality": places.ntoto,
            "phone": PHONE,
            "category": StakeholderCategory.CUSTOMARY_CHIEF,
            "agreed_to_contact": True,
        },
        notes="Asked for patrols on market days.",
    )


@pytest.fixture
def other_mission(make_user, places, request_details, ca_officer):
    """A second Nord-Kivu mission, to put another mission's ids in the URLs."""
    requester2 = make_user("requester2", Role.REQUESTER, [places.nord_kivu])
    jpt_request = services.request_submit(
        user=requester2, details=request_details(title="Rumours in Otobora")
    )
    return services.request_approve(jpt_request=jpt_request, user=ca_officer, mandate=MANDATE)


def consultation_post(places, mission, **overrides) -> dict:
    day = mission.planned_departure + timedelta(days=2)
    data = {
        "held_at_0": day.isoformat(),
        "held_at_1": "07:30",
        "kind": ConsultationType.LOCAL_WOMEN.value,
        "locality": str(places.otobora.pk),
        "venue": "Church hall",
        "setting": "community",
        "language": "Kiswahili",
        "interpreter": "",
        "women": "31",
        "men": "0",
        "girls": "",
        "boys": "",
        "announced_by": ["word_of_mouth", "market"],
        "time_avoids_childcare": "on",
        "travel_reimbursed": "on",
        "reimbursement_amount": "45.50",
        "topics": "Attacks on the road to the fields.",
        "concerns": "Soldiers at the roadblock demand money.",
        "follow_up": "Escort on market days.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def stakeholder_post(places, **overrides) -> dict:
    data = {
        "action": "new",
        "new-name": "Maman Furaha Bisimwa",
        "new-title": "Présidente",
        "new-organisation": "Association des femmes de Walikale",
        "new-sex": "female",
        "new-locality": str(places.otobora.pk),
        "new-phone": "+243 811 000 222",
        "new-category": StakeholderCategory.WOMENS_LEADER.value,
        "new-agreed_to_contact": "on",
        "new-notes": "Knows where the displaced families are.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --------------------------------------------------------------------------------------------
# 1. Permission matrix
# --------------------------------------------------------------------------------------------

# page -> (method, url builder taking the ``world`` namespace)
PAGES = {
    "team_add": ("get", lambda w: reverse("missions:team_add", args=[w.mission.pk])),
    "team_withdraw": (
        "post",
        lambda w: reverse("missions:team_withdraw", args=[w.mission.pk, w.invited.pk]),
    ),
    "consultation_create": (
        "get",
        lambda w: reverse("missions:consultation_create", args=[w.mission.pk]),
    ),
    "consultation_update": (
        "get",
        lambda w: reverse("missions:consultation_update", args=[w.mission.pk, w.consultation.pk]),
    ),
    "stakeholder_add": ("get", lambda w: reverse("missions:stakeholder_add", args=[w.mission.pk])),
    "stakeholder_update": (
        "get",
        lambda w: reverse("missions:stakeholder_update", args=[w.mission.pk, w.link.pk]),
    ),
    "stakeholder_remove_confirm": (
        "get",
        lambda w: reverse("missions:stakeholder_remove", args=[w.mission.pk, w.link.pk]),
    ),
    "stakeholder_remove": (
        "post",
        lambda w: reverse("missions:stakeholder_remove", args=[w.mission.pk, w.link.pk]),
    ),
    "answer": (
        "get",
        lambda w: (
            reverse("missions:team_answer", args=[w.mission.pk, w.invited.pk]) + "?answer=accept"
        ),
    ),
}
MANAGER_PAGES = ["team_add", "team_withdraw"]
CONTRIBUTOR_PAGES = [p for p in PAGES if p not in MANAGER_PAGES and p != "answer"]


def _ok(page: str) -> int:
    return 302 if PAGES[page][0] == "post" else 200


MATRIX = [
    *[(page, None, LOGIN) for page in PAGES],
    # Managers: the lead, Civil Affairs of the province, an administrator.
    *[(page, who, _ok(page)) for page in MANAGER_PAGES for who in ("ca_officer", "administrator")],
    *[
        (page, who, 403)
        for page in MANAGER_PAGES
        for who in ("team_member", "cli", "kinshasa_smg", "head_of_office", "accepted_member")
    ],
    *[(page, who, 404) for page in MANAGER_PAGES for who in ("ca_officer_sud", "requester")],
    # An invitee who has not answered sees only the invitation (the mission is not theirs yet).
    *[(page, "invitee", 404) for page in PAGES if page != "answer"],
    # Contributors: managers and the team (a member who accepted, even from Sud-Kivu).
    *[
        (page, who, _ok(page))
        for page in CONTRIBUTOR_PAGES
        for who in ("ca_officer", "administrator", "accepted_member")
    ],
    *[
        (page, who, 403)
        for page in CONTRIBUTOR_PAGES
        for who in ("team_member", "cli", "kinshasa_smg", "head_of_office")
    ],
    *[(page, "ca_officer_sud", 404) for page in CONTRIBUTOR_PAGES],
    *[(page, "requester", 404) for page in CONTRIBUTOR_PAGES],
    # The invitation: only the invited person; it does not exist for anyone else.
    ("answer", "invitee", 200),
    *[
        ("answer", who, 404)
        for who in (
            "ca_officer",
            "team_member",
            "kinshasa_smg",
            "ca_officer_sud",
            "requester",
            "accepted_member",
        )
    ],
]


@pytest.fixture
def world(mission, invited, consultation, link):
    from types import SimpleNamespace

    return SimpleNamespace(mission=mission, invited=invited, consultation=consultation, link=link)


@pytest.mark.parametrize(
    ("page", "who", "expected"),
    MATRIX,
    ids=[f"{page}-{who or 'anonymous'}-{expected}" for page, who, expected in MATRIX],
)
def test_permission_matrix(client, request, world, page, who, expected):
    method, build_url = PAGES[page]
    url = build_url(world)
    if who is not None:
        client.force_login(request.getfixturevalue(who))
    response = getattr(client, method)(url)

    if expected == LOGIN:
        assert_login_redirect(response, url)
    else:
        assert response.status_code == expected
    world.invited.refresh_from_db()
    if page == "team_withdraw":
        expected_status = "withdrawn" if expected == 302 else "invited"
        assert world.invited.status == expected_status
    else:
        assert world.invited.status == ParticipationStatus.INVITED
    if page == "stakeholder_remove":
        assert MissionStakeholder.objects.filter(pk=world.link.pk).exists() == (expected != 302)


def test_rows_of_another_mission_are_404(client, ca_officer, world, other_mission):
    """A member, consultation or stakeholder of mission A in the URL of mission B."""
    client.force_login(ca_officer)
    other = other_mission.pk
    urls = [
        ("post", reverse("missions:team_withdraw", args=[other, world.invited.pk])),
        ("get", reverse("missions:team_answer", args=[other, world.invited.pk])),
        ("get", reverse("missions:consultation_update", args=[other, world.consultation.pk])),
        ("get", reverse("missions:stakeholder_update", args=[other, world.link.pk])),
        ("post", reverse("missions:stakeholder_remove", args=[other, world.link.pk])),
    ]
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 404, url


def test_invitee_with_the_wrong_mission_in_the_answer_url_is_404(
    client, invitee, invited, other_mission
):
    client.force_login(invitee)
    url = reverse("missions:team_answer", args=[other_mission.pk, invited.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"answer": "accept"}).status_code == 404
    invited.refresh_from_db()
    assert invited.status == ParticipationStatus.INVITED


def test_withdraw_refuses_get(client, ca_officer, invited, mission):
    client.force_login(ca_officer)
    url = reverse("missions:team_withdraw", args=[mission.pk, invited.pk])
    assert client.get(url).status_code == 405


# --------------------------------------------------------------------------------------------
# 2. Team: invitation flow, externals, withdrawal, composition
# --------------------------------------------------------------------------------------------


def test_invitation_flow(client, mission, ca_officer, invitee):
    client.force_login(ca_officer)
    page = client.get(reverse("missions:team_add", args=[mission.pk]))
    html = text(page)
    # The staff list shows name, section and sex; the lead (already on the team) is not in it.
    assert f'value="{invitee.pk}"' in html
    assert "Hr Officer · Human Rights · Man" in html
    assert f'<option value="{ca_officer.pk}"' not in html

    response = client.post(
        reverse("missions:team_add", args=[mission.pk]),
        {"member": invitee.pk, "role": TeamRole.HUMAN_RIGHTS.value},
    )
    assert response.status_code == 302
    assert response.url == section_url(mission, "team")
    member = TeamMember.objects.get(mission=mission, user=invitee)
    assert member.status == ParticipationStatus.INVITED
    assert member.invited_at is not None

    email = EmailMessage.objects.get(recipient=invitee)
    answer_path = reverse("missions:team_answer", args=[mission.pk, member.pk])
    assert f"{answer_path}?answer=accept" in email.body
    assert f"{answer_path}?answer=decline" in email.body

    # The invitee follows the link: anonymous first, then logged in.
    client.logout()
    link = f"{answer_path}?answer=accept"
    assert_login_redirect(client.get(link), link)

    client.force_login(invitee)
    page = client.get(link)
    assert page.status_code == 200
    html = text(page)
    assert mission.title in html
    assert re.search(r'<input[^>]*value="accept"[^>]*checked', html)
    member.refresh_from_db()
    assert member.status == ParticipationStatus.INVITED  # GET changes nothing

    # Until they accept, the mission page is not theirs (they are from Sud-Kivu), and the
    # invitation shows only what they need to answer: not the mandate.
    assert client.get(detail_url(mission)).status_code == 404
    assert mission.mandate not in html

    # Someone else cannot answer for them: for anyone else the invitation does not exist.
    client.force_login(ca_officer)
    assert client.post(answer_path, {"answer": "accept"}).status_code == 404
    member.refresh_from_db()
    assert member.status == ParticipationStatus.INVITED

    client.force_login(invitee)
    response = client.post(answer_path, {"answer": "accept"})
    assert response.status_code == 302
    assert response.url == section_url(mission, "team")
    member.refresh_from_db()
    assert member.status == ParticipationStatus.ACCEPTED
    assert member.responded_at is not None
    assert client.get(detail_url(mission)).status_code == 200
    # The lead is told.
    assert EmailMessage.objects.filter(recipient=ca_officer, target_id=str(mission.pk)).exists()


def test_invitation_decline_and_bad_answer(client, invited, invitee, mission):
    client.force_login(invitee)
    url = reverse("missions:team_answer", args=[mission.pk, invited.pk])
    page = text(client.get(f"{url}?answer=decline"))
    assert re.search(r'<input[^>]*value="decline"[^>]*checked', page)

    response = client.post(url, {"answer": "maybe"})
    assert response.status_code == 400
    assert_field_error(text(response), "id_answer")

    response = client.post(url, {"answer": "decline"})
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.status == ParticipationStatus.DECLINED


def test_answer_after_deployment_is_refused_with_a_message(client, on_team, invitee, mission):
    type(mission).objects.filter(pk=mission.pk).update(status=MissionStatus.DEPLOYED)
    client.force_login(invitee)
    url = reverse("missions:team_answer", args=[mission.pk, on_team.pk])
    assert "can no longer be answered" in text(client.get(url))
    response = client.post(url, {"answer": "decline"})
    assert response.status_code == 302
    assert any("can no longer be answered" in m for m in messages_of(response))
    on_team.refresh_from_db()
    assert on_team.status == ParticipationStatus.ACCEPTED


def test_external_participant_is_recorded_as_accepted(client, mission, ca_officer):
    client.force_login(ca_officer)
    response = client.post(
        reverse("missions:team_add", args=[mission.pk]),
        {
            "member": "",
            "external_name": "  Dr Neema   Kahindo ",
            "external_organisation": "Médecins Sans Frontières",
            "external_sex": "female",
            "role": TeamRole.MEMBER.value,
        },
    )
    assert response.status_code == 302
    member = TeamMember.objects.get(mission=mission, user__isnull=True)
    assert member.external_name == "Dr Neema Kahindo"
    assert member.status == ParticipationStatus.ACCEPTED
    assert not EmailMessage.objects.filter(subject__icontains="invit").exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"external_name": "Jean Mushagalusa", "external_organisation": "OCHA"},
            "id_external_sex",
            "Give the participant&#x27;s sex",
        ),
        ({}, "id_member", "Choose a staff member or type an external name."),
        (
            {"external_name": "X", "external_sex": "male", "member": "INVITEE"},
            "id_member",
            "not both",
        ),
        ({"external_name": "Jean", "external_sex": "other"}, "id_external_sex", None),
        ({"external_name": "Jean", "external_sex": "male", "role": "team_lead"}, "id_role", None),
        ({"member": "LEAD"}, "id_member", None),  # already on the team: not a choice
    ],
    ids=["external-without-sex", "nobody", "both", "bad-sex", "team-lead-role", "lead-again"],
)
def test_team_add_bad_input(client, mission, ca_officer, invitee, data, field, message):
    client.force_login(ca_officer)
    post = {"member": "", "role": TeamRole.MEMBER.value, **data}
    if post["member"] == "INVITEE":
        post["member"] = str(invitee.pk)
    if post["member"] == "LEAD":
        post["member"] = str(ca_officer.pk)
    response = client.post(reverse("missions:team_add", args=[mission.pk]), post)
    assert response.status_code == 200
    html = text(response)
    assert_field_error(html, field, message)
    if data.get("external_name"):
        assert f'value="{data["external_name"]}"' in html  # input kept
    assert TeamMember.objects.filter(mission=mission).count() == 1  # only the lead


def test_withdraw(client, mission, ca_officer, invited):
    client.force_login(ca_officer)
    lead_member = mission.team.get(role=TeamRole.TEAM_LEAD)
    response = client.post(reverse("missions:team_withdraw", args=[mission.pk, invited.pk]))
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.status == ParticipationStatus.WITHDRAWN

    # The lead cannot be withdrawn: a message, nothing changes.
    response = client.post(reverse("missions:team_withdraw", args=[mission.pk, lead_member.pk]))
    assert response.status_code == 302
    assert any("lead cannot be withdrawn" in m for m in messages_of(response))
    lead_member.refresh_from_db()
    assert lead_member.status == ParticipationStatus.ACCEPTED


def test_composition_on_the_mission_page(client, mission, ca_officer, invitee):
    """Lead (woman, international, Civil Affairs) + invitee (man, national, Human Rights)
    + an external woman (Sofepadi) + an external man (OCHA) = 2 women of 4."""
    for name, organisation, sex in (
        ("Justine Masika", "Sofepadi", "female"),
        ("Paul Kambale", "OCHA", "male"),
    ):
        services.team_add_member(
            mission=mission,
            user=ca_officer,
            data={
                "role": TeamRole.MEMBER,
                "external_name": name,
                "external_organisation": organisation,
                "external_sex": sex,
            },
        )
    services.team_add_member(
        mission=mission, user=ca_officer, data={"role": TeamRole.HUMAN_RIGHTS, "member": invitee}
    )
    client.force_login(ca_officer)
    html = text(client.get(detail_url(mission)))
    box = html[html.index('id="team-composition"') :]
    assert re.search(r'data-figure="total">\s*4<', box)
    assert "2 of 4 (50 %)" in box
    assert re.search(r'data-figure="men">\s*2<', box)
    assert re.search(r'data-figure="national">\s*1<', box)
    assert re.search(r'data-figure="international">\s*1<', box)
    assert re.search(r'data-figure="external">\s*2<', box)
    sections = box[box.index('data-figure="sections"') :]
    for label in ("Civil Affairs", "Human Rights", "Sofepadi", "OCHA"):
        assert label in sections
    # The roster: every member, with a withdraw button for the active non-lead ones.
    roster = html[html.index('id="team-table"') : html.index('id="team-composition"')]
    assert "Justine Masika" in roster and "Hr Officer" in roster
    assert roster.count("/withdraw/") == 3
    assert reverse("missions:team_add", args=[mission.pk]) in html


def test_roster_without_manager_rights_has_no_buttons(client, mission, invited, head_of_office):
    client.force_login(head_of_office)
    html = text(client.get(detail_url(mission)))
    assert "Hr Officer" in html
    assert "/withdraw/" not in html
    assert reverse("missions:team_add", args=[mission.pk]) not in html
    assert "/answer/" not in html


# --------------------------------------------------------------------------------------------
# 3. Consultations
# --------------------------------------------------------------------------------------------


def test_record_a_consultation(client, mission, ca_officer, on_team, places):
    client.force_login(ca_officer)
    page = text(client.get(reverse("missions:consultation_create", args=[mission.pk])))
    # Localities of the territory first, then the rest of the province; not other provinces.
    assert page.index("Ntoto (Walikale)") < page.index("Nyabiondo (Masisi)")
    assert "Matili" not in page
    assert 'type="date"' in page and 'type="time"' in page
    assert "Hr Officer" in page  # the interpreter list is the active team

    response = client.post(
        reverse("missions:consultation_create", args=[mission.pk]),
        consultation_post(places, mission, interpreter=str(on_team.pk)),
    )
    assert response.status_code == 302
    assert response.url == section_url(mission, "consultations")
    c = Consultation.objects.get(mission=mission)
    assert (c.women, c.men, c.girls, c.boys) == (31, 0, None, None)
    assert c.announced_by == ["word_of_mouth", "market"]
    assert c.interpreter == on_team
    assert c.travel_reimbursed and str(c.reimbursement_amount) == "45.50"
    assert timezone.localtime(c.held_at).time() == time(7, 30)
    assert c.recorded_by == ca_officer
    assert c.timing == "within"
    assert not any("flagged" in m for m in messages_of(response))

    html = text(client.get(detail_url(mission)))
    table = html[html.index('id="consultation-list"') : html.index('id="stakeholder-list"')]
    assert "Meeting with local women" in table
    assert "Otobora, Church hall" in table
    assert "31 women, 0 men" in table
    assert "Word of mouth, Market announcement" in table
    assert "45.50 USD" in table
    assert "Escort on market days." in table
    assert re.search(r'data-figure="meetings">1<', table)
    assert re.search(r'data-figure="women">31<', table)
    assert re.search(r'data-figure="women-meetings">1<', table)
    assert reverse("missions:consultation_update", args=[mission.pk, c.pk]) in table


def test_a_team_member_records_a_consultation(client, mission, on_team, invitee, places):
    client.force_login(invitee)
    response = client.post(
        reverse("missions:consultation_create", args=[mission.pk]),
        consultation_post(places, mission, kind="local_leaders", women="2", men="9"),
    )
    assert response.status_code == 302
    assert Consultation.objects.get(mission=mission).recorded_by == invitee


def test_consultation_outside_the_mission_dates_is_saved_and_flagged(
    client, mission, ca_officer, places
):
    client.force_login(ca_officer)
    before = mission.planned_departure - timedelta(days=3)
    response = client.post(
        reverse("missions:consultation_create", args=[mission.pk]),
        consultation_post(places, mission, held_at_0=before.isoformat()),
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get(mission=mission)
    assert consultation.timing == "before"
    assert any("before the mission" in m for m in messages_of(response))
    html = text(client.get(detail_url(mission)))
    assert 'data-timing="before"' in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"women": "-3"}, "id_women", "Give a whole number, zero or more."),
        ({"men": "-1"}, "id_men", "Give a whole number, zero or more."),
        ({"girls": "-2"}, "id_girls", "Give a whole number, zero or more."),
        ({"men": "2.5"}, "id_men", "no letters or decimals"),
        ({"boys": "many"}, "id_boys", "no letters or decimals"),
        (
            {"women": "0", "men": "12"},
            "id_women",
            "A meeting with local women needs at least one woman participant.",
        ),
        ({"locality": "MATILI"}, "id_locality", None),
        ({"held_at_0": "31/02/2010"}, "id_held_at", None),
        ({"reimbursement_amount": "-5"}, "id_reimbursement_amount", "cannot be negative"),
        (
            {"travel_reimbursed": None},
            "id_travel_reimbursed",
            "Tick &#x27;travel reimbursed&#x27; when you give an amount.",
        ),
        ({"announced_by": ["smoke_signals"]}, "id_announced_by", None),
    ],
    ids=[
        "negative-women",
        "negative-men",
        "negative-girls",
        "decimal-men",
        "letters-boys",
        "women-meeting-without-women",
        "locality-other-province",
        "bad-date",
        "negative-amount",
        "amount-without-reimbursement",
        "unknown-announcement",
    ],
)
def test_consultation_bad_input(client, mission, ca_officer, places, overrides, field, message):
    if overrides.get("locality") == "MATILI":
        overrides = {**overrides, "locality": str(places.matili.pk)}
    client.force_login(ca_officer)
    response = client.post(
        reverse("missions:consultation_create", args=[mission.pk]),
        consultation_post(places, mission, **overrides),
    )
    assert response.status_code == 200
    html = text(response)
    assert_field_error(html, field, message)
    # The input is kept.
    assert "Soldiers at the roadblock demand money." in html
    assert 'value="Church hall"' in html
    assert not Consultation.objects.exists()


def test_update_a_consultation(client, mission, ca_officer, consultation, places):
    client.force_login(ca_officer)
    url = reverse("missions:consultation_update", args=[mission.pk, consultation.pk])
    page = text(client.get(url))
    day = (mission.planned_departure + timedelta(days=1)).isoformat()
    assert f'value="{day}"' in page and 'value="07:00"' in page
    assert 'value="23"' in page

    response = client.post(url, consultation_post(places, mission, women="25", men="3"))
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert (consultation.women, consultation.men) == (25, 3)

    response = client.post(url, consultation_post(places, mission, women="0"))
    assert response.status_code == 200
    assert_field_error(text(response), "id_women", "at least one woman")
    consultation.refresh_from_db()
    assert consultation.women == 25


def test_the_consultation_form_has_no_field_for_names(client, mission, ca_officer):
    client.force_login(ca_officer)
    html = text(client.get(reverse("missions:consultation_create", args=[mission.pk])))
    names = set(re.findall(r'name="([^"]+)"', html))
    assert not {n for n in names if "name" in n or "participant" in n}


# --------------------------------------------------------------------------------------------
# 4. Stakeholders
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "sees_phone"),
    [
        ("ca_officer", True),  # the lead
        ("invitee", True),  # a team member (from another province)
        ("head_of_office", True),  # a reviewer of the province
        ("kinshasa_smg", False),  # sees every mission, not the contacts
        ("cli", False),  # Nord-Kivu CLI, not on the team
        ("team_member", False),  # Nord-Kivu team member role, not on this team
        ("administrator", False),  # manages, but is no reviewer
    ],
)
def test_stakeholder_contact_rule(client, request, mission, link, on_team, who, sees_phone):
    client.force_login(request.getfixturevalue(who))
    response = client.get(detail_url(mission))
    assert response.status_code == 200
    html = text(response)
    assert "Mwami Kalinda" in html
    assert "Chef de groupement" in html
    assert (PHONE in html) is sees_phone
    # Not even part of the number (pieces long enough not to be an id in a link).
    for piece in ("+243", "997 123", "123 456"):
        assert (piece in html) is sees_phone, piece
    assert ("tel:" in html) is sees_phone


def test_stakeholder_partial_alone_hides_the_phone(mission, link, ca_officer):
    """The partial itself, with the context the mission page gives it."""
    context = {
        "mission": mission,
        "can_contribute": True,
        "stakeholder_links": [link],
        "stakeholder_women": 0,
        "user": ca_officer,
    }
    assert PHONE not in render_to_string(
        "missions/partials/mission_stakeholders.html", {**context, "can_see_contacts": False}
    )
    assert PHONE in render_to_string(
        "missions/partials/mission_stakeholders.html", {**context, "can_see_contacts": True}
    )


def test_add_a_new_stakeholder_and_the_no_woman_flag(
    drawn, client, mission, ca_officer, link, places
):
    client.force_login(ca_officer)
    # While planning the list is not judged; from the field phase on, no woman is flagged.
    html = text(client.get(detail_url(mission)))
    assert 'id="stakeholder-no-woman"' not in html
    Mission.objects.filter(pk=mission.pk).update(status=MissionStatus.DEPLOYED)
    html = text(client.get(detail_url(mission)))
    assert 'id="stakeholder-no-woman"' in html
    assert "0 women of 1" in html

    response = client.post(
        reverse("missions:stakeholder_add", args=[mission.pk]), stakeholder_post(places)
    )
    assert response.status_code == 302
    assert response.url == section_url(mission, "stakeholders")
    new = Stakeholder.objects.get(name="Maman Furaha Bisimwa")
    assert new.phone == "+243 811 000 222"
    assert new.agreed_to_contact
    assert mission.stakeholders.get(stakeholder=new).notes.startswith("Knows where")

    html = text(client.get(detail_url(mission)))
    assert 'id="stakeholder-no-woman"' not in html
    assert "1 women of 2" in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"new-name": ""}, "id_new-name", "Give the person&#x27;s name."),
        ({"new-name": "   "}, "id_new-name", "Give the person&#x27;s name."),
        ({"new-locality": "MATILI"}, "id_new-locality", None),
        ({"new-sex": ""}, "id_new-sex", None),
        ({"new-category": "warlord"}, "id_new-category", None),
    ],
    ids=["no-name", "blank-name", "locality-other-province", "no-sex", "bad-category"],
)
def test_new_stakeholder_bad_input(client, mission, ca_officer, places, overrides, field, message):
    if overrides.get("new-locality") == "MATILI":
        overrides = {**overrides, "new-locality": str(places.matili.pk)}
    client.force_login(ca_officer)
    response = client.post(
        reverse("missions:stakeholder_add", args=[mission.pk]),
        stakeholder_post(places, **overrides),
    )
    assert response.status_code == 400
    html = text(response)
    assert_field_error(html, field, message)
    assert 'value="Association des femmes de Walikale"' in html  # input kept
    assert not Stakeholder.objects.exists()


def test_pick_a_stakeholder_from_an_earlier_mission(
    client, mission, other_mission, ca_officer, kinshasa_smg, places
):
    """Someone met on an earlier mission to Walikale is picked, not retyped; the picker does
    not show phone numbers."""
    earlier = services.stakeholder_add(
        mission=other_mission,
        user=ca_officer,
        data={
            "name": "Mama Sifa Kahambu",
            "title": "Infirmière titulaire",
            "sex": "female",
            "locality": places.otobora,
            "phone": PHONE,
            "category": StakeholderCategory.HEALTH_WORKER,
        },
    ).stakeholder
    elsewhere = services.stakeholder_add(
        mission=other_mission,
        user=ca_officer,
        data={
            "name": "Pasteur Masisi",
            "sex": "male",
            "locality": places.nyabiondo,  # Masisi: another territory
            "category": StakeholderCategory.RELIGIOUS_LEADER,
        },
    ).stakeholder
    client.force_login(ca_officer)
    url = reverse("missions:stakeholder_add", args=[mission.pk])
    page = text(client.get(url))
    picker = page[page.index('id="stakeholder-pick-form"') : page.index('id="tab-new"')]
    assert "Mama Sifa Kahambu · Infirmière titulaire · Otobora · Woman" in picker
    assert "Pasteur Masisi" not in picker
    assert PHONE not in picker

    response = client.post(
        url, {"action": "pick", "pick-existing": str(earlier.pk), "pick-notes": "Met again."}
    )
    assert response.status_code == 302
    new_link = mission.stakeholders.get()
    assert new_link.stakeholder == earlier
    assert new_link.notes == "Met again."
    assert Stakeholder.objects.count() == 2

    # Already on the list: no longer offered; forcing it is an error next to the field.
    page = text(client.get(url))
    assert "Mama Sifa Kahambu ·" not in page
    response = client.post(url, {"action": "pick", "pick-existing": str(earlier.pk)})
    assert response.status_code == 400
    assert_field_error(text(response), "id_pick-existing")
    # Someone from another territory cannot be picked either.
    response = client.post(url, {"action": "pick", "pick-existing": str(elsewhere.pk)})
    assert response.status_code == 400
    assert_field_error(text(response), "id_pick-existing")
    assert mission.stakeholders.count() == 1


def test_update_a_stakeholder(client, mission, ca_officer, link):
    client.force_login(ca_officer)
    url = reverse("missions:stakeholder_update", args=[mission.pk, link.pk])
    page = text(client.get(url))
    assert f'value="{PHONE}"' in page
    data = {
        "new-name": "Mwami Kalinda Bakuzi",
        "new-title": "Chef de groupement",
        "new-organisation": "",
        "new-sex": "male",
        "new-locality": str(link.stakeholder.locality_id),
        "new-phone": "+243 990 000 111",
        "new-category": StakeholderCategory.CUSTOMARY_CHIEF.value,
        "new-notes": "Will call if the armed group comes back.",
    }
    # The edit form is unprefixed.
    response = client.post(url, {k.removeprefix("new-"): v for k, v in data.items()})
    assert response.status_code == 302
    person = Stakeholder.objects.get(pk=link.stakeholder_id)
    assert person.name == "Mwami Kalinda Bakuzi"
    assert person.phone == "+243 990 000 111"
    assert not person.agreed_to_contact
    link.refresh_from_db()
    assert link.notes == "Will call if the armed group comes back."

    response = client.post(url, {"name": "", "sex": "male", "category": "other"})
    assert response.status_code == 200
    assert_field_error(text(response), "id_name", "Give the person&#x27;s name.")


def test_a_manager_without_contact_rights_can_neither_see_nor_blank_the_phone(
    client, mission, administrator, link
):
    client.force_login(administrator)
    url = reverse("missions:stakeholder_update", args=[mission.pk, link.pk])
    page = text(client.get(url))
    assert PHONE not in page
    assert 'name="phone"' not in page
    response = client.post(
        url,
        {
            "name": "Mwami Kalinda",
            "sex": "male",
            "locality": str(link.stakeholder.locality_id),
            "category": StakeholderCategory.CUSTOMARY_CHIEF.value,
            "phone": "",
            "notes": "Seen again.",
        },
    )
    assert response.status_code == 302
    person = Stakeholder.objects.get(pk=link.stakeholder_id)
    assert person.phone == PHONE
    # The add page has no phone field for them either.
    page = text(client.get(reverse("missions:stakeholder_add", args=[mission.pk])))
    assert 'name="new-phone"' not in page


@pytest.mark.sqlite
def test_the_mission_pages_sections_are_drawn_again_after_a_change_and_only_then(
    mission, ca_officer, administrator, consultation, link, places
):
    """The consultations and stakeholders sections are drawn once per version of the data,
    for each viewer: the page again reads neither, a consultation recorded or a stakeholder
    corrected by a service shows at the next view, and a viewer who may not see contacts
    never gets the drawing of one who may."""
    url = detail_url(mission)
    clients = {}
    for user in (ca_officer, administrator):  # logging in is audited: both before any view
        clients[user] = Client()
        clients[user].force_login(user)

    def page(user) -> str:
        with CaptureQueriesContext(connection) as queries:
            html = text(clients[user].get(url))
        page.read = {
            table
            for q in queries.captured_queries
            for table in ("missions_consultation", "missions_missionstakeholder")
            if q["sql"].startswith(f'SELECT "{table}"')
        }
        return html

    html = page(ca_officer)
    assert "Safety on the road to the market." in html and PHONE in html
    assert page.read == {"missions_consultation", "missions_missionstakeholder"}
    assert "Safety on the road to the market." in page(ca_officer)
    assert page.read == set()
    # Another viewer, without contact rights: drawn for them, without the phone.
    html = page(administrator)
    assert "Mwami Kalinda" in html and PHONE not in html
    assert page.read == {"missions_consultation", "missions_missionstakeholder"}
    services.consultation_create(
        mission=mission,
        user=ca_officer,
        data={
            "held_at": timezone.make_aware(
                datetime.combine(mission.planned_departure + timedelta(days=2), time(9, 0))
            ),
            "kind": ConsultationType.LOCAL_LEADERS,
            "locality": places.ntoto,
            "women": 2,
            "men": 9,
            "topics": "Checkpoints on the Pinga road.",
        },
    )
    html = page(ca_officer)
    assert "Checkpoints on the Pinga road." in html and PHONE in html
    assert page.read == {"missions_consultation", "missions_missionstakeholder"}


def test_remove_a_stakeholder(client, mission, ca_officer, link):
    client.force_login(ca_officer)
    url = reverse("missions:stakeholder_remove", args=[mission.pk, link.pk])
    page = text(client.get(url))
    assert "Mwami Kalinda" in page and 'method="post"' in page
    assert MissionStakeholder.objects.filter(pk=link.pk).exists()  # GET changes nothing
    response = client.post(url)
    assert response.status_code == 302
    assert response.url == section_url(mission, "stakeholders")
    assert not MissionStakeholder.objects.filter(pk=link.pk).exists()
    assert Stakeholder.objects.filter(pk=link.stakeholder_id).exists()  # still known


def test_invitation_email_is_delivered_on_commit(
    client, mission, ca_officer, invitee, django_capture_on_commit_callbacks
):
    client.force_login(ca_officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("missions:team_add", args=[mission.pk]),
            {"member": invitee.pk, "role": TeamRole.GENDER_OFFICER.value},
        )
    member = TeamMember.objects.get(mission=mission, user=invitee)
    assert [m.to for m in mail.outbox] == [[invitee.email]]
    assert reverse("missions:team_answer", args=[mission.pk, member.pk]) in mail.outbox[0].body


def test_a_mission_page_from_the_cache_carries_each_sessions_own_csrf_token(mission, ca_officer):
    """The page's body (its forms: the status buttons, the roster's) is drawn once per version
    of the data and kept: each view, from the cache or not, carries the token of its own
    session, and a form posted from a page that came from the cache passes the CSRF check."""
    url = detail_url(mission)
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    for client in (first, second):  # logging in is audited: both before any view
        client.force_login(ca_officer)

    def tokens(client) -> set[str]:
        html = text(client.get(url))
        found = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', html))
        assert found and "csrf-token-of-the-request" not in html
        return found

    tokens(first)  # drawn, then kept
    with CaptureQueriesContext(connection) as queries:
        cached = tokens(second)
    roster = 'SELECT "missions_teammember"."id"'
    assert not any(q["sql"].startswith(roster) for q in queries.captured_queries)
    assert len(cached) == 1  # one token per view, for all its forms
    html = text(second.get(url))
    status = re.search(r'name="status" value="([a-z_]+)"', html).group(1)
    response = second.post(
        reverse("missions:mission_status", args=[mission.pk]),
        {"csrfmiddlewaretoken": cached.pop(), "status": status},
    )
    assert response.status_code != 403
    assert second.post(reverse("missions:mission_status", args=[mission.pk]), {}).status_code == 403
