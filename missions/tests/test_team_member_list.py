"""The team list (``missions:team_member_list``): scope by role and province (a roster is seen
by whoever sees its mission), the filters the indicators link with, the order, what a row shows
and never shows, the export, the refusals and the query count.

Two missions (``scene``), neither with its lead on the team: Nord-Kivu's, leaving on 10 March
2026, with a national man gender officer (accepted), a national woman CLI (invited), an
external woman (accepted) and a man who was withdrawn (never listed); Sud-Kivu's, leaving on
10 April, with an international man (accepted).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jpt.accounts.choices import Sex, StaffCategory
from jpt.accounts.roles import Role
from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from missions.choices import TeamRole
from missions.models import Mission, TeamMember
from missions.selectors import team_member_rows
from tests.factories import MissionFactory, TeamMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/missions/team-members/"


@pytest.fixture
def scene(places):
    nord = MissionFactory(
        request__territory=places.walikale,
        request__title="Raids around Ntoto",
        planned_departure=date(2026, 3, 10),
        deployed=True,
        lead_member=False,
    )
    sud = MissionFactory(
        request__territory=places.shabunda,
        request__title="Displacement near Matili",
        planned_departure=date(2026, 4, 10),
        deployed=True,
        lead_member=False,
    )

    def staff(name, sex, category):
        return UserFactory(full_name=name, sex=sex, staff_category=category)

    gender = TeamMemberFactory(
        mission=nord,
        user=staff("Amani Bahati", Sex.MALE, StaffCategory.NATIONAL),
        role=TeamRole.GENDER_OFFICER,
        accepted=True,
    )
    cli = TeamMemberFactory(
        mission=nord,
        user=staff("Neema Kavira", Sex.FEMALE, StaffCategory.NATIONAL),
        role=TeamRole.INTERPRETER,
    )
    external = TeamMemberFactory(mission=nord, external=True, external_name="Espérance Mapendo")
    TeamMemberFactory(
        mission=nord,
        user=staff("Gone Withdrawn", Sex.MALE, StaffCategory.NATIONAL),
        withdrawn=True,
    )
    sud_member = TeamMemberFactory(
        mission=sud,
        user=staff("John Smith", Sex.MALE, StaffCategory.INTERNATIONAL),
        accepted=True,
    )
    return SimpleNamespace(
        nord=nord, sud=sud, gender=gender, cli=cli, external=external, sud_member=sud_member
    )


def listed(client, query: str = "") -> list[int]:
    response = client.get(f"{URL}{'?' if query else ''}{query}")
    assert response.status_code == 200, response.status_code
    return [member.pk for member in response.context["members"]]


def test_the_route():
    assert reverse("missions:team_member_list") == URL


# --------------------------------------------------------------------------------------------
# Scope and refusals
# --------------------------------------------------------------------------------------------

SEEING_ROLES = [Role.CIVIL_AFFAIRS, Role.HEAD_OF_OFFICE, Role.SMG_PROVINCIAL, Role.CLI]


@pytest.mark.parametrize("role", SEEING_ROLES, ids=lambda r: r.value)
def test_each_role_sees_the_teams_of_its_province_only(client, scene, make_user, places, role):
    client.force_login(make_user("in_nord", role, [places.nord_kivu]))
    assert set(listed(client)) == {scene.gender.pk, scene.cli.pk, scene.external.pk}
    client.force_login(make_user("in_sud", role, [places.sud_kivu]))
    assert listed(client) == [scene.sud_member.pk]


def test_kinshasa_sees_every_province_and_never_who_declined_or_left(client, scene, kinshasa_smg):
    client.force_login(kinshasa_smg)
    assert set(listed(client)) == {
        scene.gender.pk,
        scene.cli.pk,
        scene.external.pk,
        scene.sud_member.pk,
    }
    assert "Gone Withdrawn" not in client.get(URL).content.decode()


def test_the_selector_is_the_missions_scope(scene, ca_officer, ca_officer_sud, analyst, requester):
    for user in (ca_officer, ca_officer_sud, analyst, requester):
        missions = Mission.objects.visible_to(user)
        expected = set(TeamMember.objects.active().filter(mission__in=missions).values_list("pk"))
        assert set(team_member_rows(user).values_list("pk")) == expected, user
    assert not team_member_rows(analyst).exists()


@pytest.mark.parametrize("fmt", ["", "csv", "xlsx"])
def test_analysts_and_requesters_are_refused_page_and_export(
    client, scene, analyst, requester, fmt
):
    query = {"export": fmt} if fmt else {}
    for user in (analyst, requester):
        client.force_login(user)
        assert client.get(URL, query).status_code == 403, user
    assert not AuditEntry.objects.filter(action=AuditAction.LIST_EXPORTED).exists()


def test_anonymous_users_go_to_the_login_page(client, scene):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_province_out_of_scope_is_no_choice(client, scene, ca_officer, places):
    client.force_login(ca_officer)
    response = client.get(URL, {"province": places.sud_kivu.pk})
    assert "province" in response.context["filter"].form.errors
    assert "John Smith" not in response.content.decode()


# --------------------------------------------------------------------------------------------
# Filters and order
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sex=woman", ["cli", "external"]),
        ("sex=man", ["gender", "sud_member"]),
        ("category=national", ["gender", "cli"]),
        ("category=international", ["sud_member"]),
        ("category=external", ["external"]),
        ("role=interpreter", ["cli"]),
        ("role=interpreter&sex=man", []),
        ("status=invited", ["cli"]),
        ("status=accepted", ["gender", "external", "sud_member"]),
        ("departure_from=2026-04-01", ["sud_member"]),
        ("departure_to=2026-03-31", ["gender", "cli", "external"]),
        ("departure_from=2026-03-10&departure_to=2026-03-10", ["gender", "cli", "external"]),
        ("q=kavira", ["cli"]),
        ("q=Espérance", ["external"]),
        ("q=matili", ["sud_member"]),
        ("q=nobody", []),
    ],
)
def test_the_filters(client, scene, kinshasa_smg, query, expected):
    client.force_login(kinshasa_smg)
    assert set(listed(client, query)) == {getattr(scene, name).pk for name in expected}


@pytest.mark.parametrize(
    "query", ["sex=other", "category=unknown", "role=chief", "status=declined"]
)
def test_a_value_out_of_the_choices_is_an_error_not_a_500(client, scene, kinshasa_smg, query):
    client.force_login(kinshasa_smg)
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert response.context["filter"].form.errors


def test_the_actual_departure_wins_over_the_planned_one(client, scene, kinshasa_smg):
    Mission.objects.filter(pk=scene.sud.pk).update(actual_departure=date(2026, 3, 20))
    client.force_login(kinshasa_smg)
    assert listed(client, "departure_from=2026-03-15&departure_to=2026-03-31") == [
        scene.sud_member.pk
    ]


def test_a_search_by_mission_reference(client, scene, kinshasa_smg):
    client.force_login(kinshasa_smg)
    assert listed(client, f"q={scene.sud.reference}") == [scene.sud_member.pk]


def test_newest_mission_first_then_as_the_roster_lists_them(client, scene, kinshasa_smg):
    client.force_login(kinshasa_smg)
    assert listed(client) == [
        scene.sud_member.pk,
        scene.gender.pk,
        scene.cli.pk,
        scene.external.pk,
    ]


# --------------------------------------------------------------------------------------------
# What a row shows
# --------------------------------------------------------------------------------------------


def test_each_row_links_to_the_member_on_the_mission_roster(client, scene, ca_officer):
    client.force_login(ca_officer)
    content = client.get(URL).content.decode()
    page = reverse("missions:mission_detail", args=[scene.nord.pk])
    assert f'href="{page}#member-{scene.cli.pk}"' in content
    assert "Neema Kavira" in content and "CLI / interpreter" in content
    assert scene.nord.reference in content and "Raids around Ntoto" in content
    assert "Association des femmes juristes" in content  # the external's organisation
    assert f'id="member-{scene.cli.pk}"' in client.get(page).content.decode()


def test_no_contact_on_the_list_nor_in_its_export(client, scene, ca_officer):
    client.force_login(ca_officer)
    for query in ({}, {"export": "csv"}):
        content = client.get(URL, query).content.decode("utf-8-sig")
        assert scene.cli.user.email not in content, query
        assert "Neema Kavira" in content, query


def test_an_empty_list_says_so(client, ca_officer):
    client.force_login(ca_officer)
    assert "Nobody is on a team yet." in client.get(URL).content.decode()
    assert "No team member matches." in client.get(URL, {"sex": "man"}).content.decode()


# --------------------------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------------------------


def export_rows(response) -> list[dict]:
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_holds_the_filtered_rows_of_the_users_scope(client, scene, ca_officer, fmt):
    client.force_login(ca_officer)
    response = client.get(URL, {"export": fmt, "sex": "woman"})
    assert response.status_code == 200 and response["X-Export-Rows"] == "2"
    entry = AuditEntry.objects.filter(action=AuditAction.LIST_EXPORTED).latest("pk")
    assert entry.details["list"] == "missions:team_member_list"
    assert entry.details["filters"] == {"sex": "woman"}
    assert entry.details["format"] == fmt
    if fmt == "csv":
        rows = export_rows(response)
        assert [row["Name"] for row in rows] == ["Neema Kavira", "Espérance Mapendo"]
        assert rows[0]["Sex"] == "Woman" and rows[0]["Staff"] == "National"
        assert rows[1]["Staff"] == "External" and rows[1]["Participation"] == "Accepted"
        assert {row["Mission"] for row in rows} == {scene.nord.reference}


# --------------------------------------------------------------------------------------------
# Queries
# --------------------------------------------------------------------------------------------

CEILING = 12


@pytest.mark.parametrize("query", [{}, {"q": "raids", "sex": "woman"}, {"export": "csv"}])
def test_the_query_count_does_not_grow_with_the_rows(
    drawn, client, places, ca_officer, django_assert_num_queries, query
):
    def mission():
        return MissionFactory(request__territory=places.walikale, request__title="Raids")

    TeamMemberFactory(mission=mission(), external=True)
    client.force_login(ca_officer)
    client.get(URL, query)  # the content types, the session: cached from here
    with CaptureQueriesContext(connection) as queries:
        client.get(URL, query)
    one = len(queries)
    assert one <= CEILING
    for _ in range(4):
        TeamMemberFactory.create_batch(5, mission=mission(), external=True)
    with django_assert_num_queries(one):
        response = client.get(URL, query)
    if "export" in query:
        assert int(response["X-Export-Rows"]) >= 21
    else:
        assert response.context["paginator"].count >= 21
