"""The list of consultations (``missions:consultation_list``): scope by role and province (a
meeting is seen by whoever sees its mission), the filters the indicators link with, the order,
what a row shows and never shows, the export, the refusals and the query count.

Two missions (``scene``): Nord-Kivu's with two meetings (local leaders on 12 March 2026, local
women on the 14th) and a key stakeholder with a phone, Sud-Kivu's with one (civil society on
the 13th).
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jpt.accounts.roles import Role
from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from missions.choices import ConsultationType
from missions.models import Consultation, Mission
from missions.selectors import consultation_rows
from tests.factories import (
    MAN_PHONE,
    WOMAN_PHONE,
    ConsultationFactory,
    MissionFactory,
    MissionStakeholderFactory,
    StakeholderFactory,
    TeamMemberFactory,
)

pytestmark = pytest.mark.django_db

URL = "/consultations/"


def local(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def scene(places):
    nord = MissionFactory(
        request__territory=places.walikale, request__title="Raids around Ntoto", deployed=True
    )
    sud = MissionFactory(
        request__territory=places.shabunda, request__title="Displacement near Matili", deployed=True
    )
    leaders = ConsultationFactory(
        mission=nord,
        held_at=local(date(2026, 3, 12)),
        locality=places.ntoto,
        topics="Chief Kabila named the families who fled.",
        concerns="Night raids.",
    )
    women = ConsultationFactory(
        mission=nord,
        held_at=local(date(2026, 3, 14), 15),
        local_women=True,
        locality=places.otobora,
        venue="Behind the health centre",
    )
    civil = ConsultationFactory(
        mission=sud,
        held_at=local(date(2026, 3, 13)),
        kind=ConsultationType.CIVIL_SOCIETY,
        locality=places.matili,
        women=2,
        men=5,
        girls=1,
        boys=0,
    )
    MissionStakeholderFactory(mission=nord, stakeholder=StakeholderFactory(locality=places.ntoto))
    MissionStakeholderFactory(
        mission=nord, stakeholder=StakeholderFactory(chief=True, locality=places.ntoto)
    )
    return SimpleNamespace(nord=nord, sud=sud, leaders=leaders, women=women, civil=civil)


def listed(client, query: str = "") -> list[int]:
    response = client.get(f"{URL}{'?' if query else ''}{query}")
    assert response.status_code == 200, response.status_code
    return [consultation.pk for consultation in response.context["consultations"]]


def test_the_route_is_consultations():
    assert reverse("missions:consultation_list") == URL


# --------------------------------------------------------------------------------------------
# Scope
# --------------------------------------------------------------------------------------------

# Every role that sees missions sees the meetings of its provinces' missions, and only them.
SEEING_ROLES = [
    Role.CIVIL_AFFAIRS,
    Role.TEAM_MEMBER,
    Role.HEAD_OF_OFFICE,
    Role.BRIGADE_COMMANDER,
    Role.SMG_PROVINCIAL,
    Role.RREWC,
    Role.CLI,
]


@pytest.mark.parametrize("role", SEEING_ROLES, ids=lambda r: r.value)
def test_each_role_sees_the_meetings_of_its_province_only(client, scene, make_user, places, role):
    client.force_login(make_user("in_nord", role, [places.nord_kivu]))
    assert set(listed(client)) == {scene.leaders.pk, scene.women.pk}
    client.force_login(make_user("in_sud", role, [places.sud_kivu]))
    assert listed(client) == [scene.civil.pk]


def test_kinshasa_and_administrators_see_every_province(client, scene, make_user):
    every = {scene.leaders.pk, scene.women.pk, scene.civil.pk}
    for user in (
        make_user("smg_k", Role.SMG_KINSHASA),
        make_user("admin", Role.ADMINISTRATOR, is_staff=True, is_superuser=True),
    ):
        client.force_login(user)
        assert set(listed(client)) == every, user


def test_a_team_member_sees_the_meetings_of_the_missions_they_are_on(
    client, scene, make_user, places
):
    """The mission's rule, reused: on the Nord-Kivu team (accepted), a Sud-Kivu member sees
    its meetings beside their province's; invited or withdrawn, only their province's."""
    member = make_user("member_sud", Role.TEAM_MEMBER, [places.sud_kivu])
    TeamMemberFactory(mission=scene.nord, user=member, accepted=True)
    client.force_login(member)
    assert set(listed(client)) == {scene.leaders.pk, scene.women.pk, scene.civil.pk}
    for name, trait in (("invited_sud", "invited"), ("gone_sud", "withdrawn")):
        other = make_user(name, Role.TEAM_MEMBER, [places.sud_kivu])
        TeamMemberFactory(mission=scene.nord, user=other, **{trait: True})
        client.force_login(other)
        assert listed(client) == [scene.civil.pk], trait


def test_the_selector_is_the_missions_scope(
    scene, ca_officer, ca_officer_sud, kinshasa_smg, analyst, requester
):
    """``Consultation.objects.visible_to`` is ``Mission.objects.visible_to``'s missions'
    meetings."""
    for user in (ca_officer, ca_officer_sud, kinshasa_smg, analyst, requester):
        missions = set(Mission.objects.visible_to(user).values_list("pk", flat=True))
        expected = set(
            Consultation.objects.filter(mission__in=missions).values_list("pk", flat=True)
        )
        assert set(consultation_rows(user).values_list("pk", flat=True)) == expected, user
    assert not consultation_rows(analyst).exists()
    assert not consultation_rows(requester).exists()


def test_a_province_out_of_scope_is_no_choice(client, scene, ca_officer, places):
    client.force_login(ca_officer)
    response = client.get(URL, {"province": places.sud_kivu.pk})
    assert response.status_code == 200
    assert "province" in response.context["filter"].form.errors
    content = response.content.decode()
    assert "Matili" not in content and "Displacement near Matili" not in content


# --------------------------------------------------------------------------------------------
# Refusals
# --------------------------------------------------------------------------------------------


def test_anonymous_users_go_to_the_login_page(client, scene):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("fmt", ["", "csv", "xlsx"])
def test_analysts_and_requesters_are_refused_page_and_export(
    client, scene, analyst, requester, fmt
):
    query = {"export": fmt} if fmt else {}
    for user in (analyst, requester):
        client.force_login(user)
        assert client.get(URL, query).status_code == 403, user
    assert not AuditEntry.objects.filter(action=AuditAction.LIST_EXPORTED).exists()


def test_a_requester_on_a_team_is_still_refused_the_list(client, scene, requester):
    """The mission page opens to whoever is on its team; the list, as the mission list, to
    roles that see missions (``missions.view_mission``)."""
    TeamMemberFactory(mission=scene.nord, user=requester, accepted=True)
    client.force_login(requester)
    assert client.get(scene.nord.get_absolute_url()).status_code == 200
    assert client.get(URL).status_code == 403


# --------------------------------------------------------------------------------------------
# Filters and order
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=local_women", ["women"]),
        ("kind=local_leaders", ["leaders"]),
        ("kind=civil_society", ["civil"]),
        ("kind=youth", []),
        ("held_from=2026-03-13", ["women", "civil"]),
        ("held_to=2026-03-13", ["leaders", "civil"]),
        ("held_from=2026-03-12&held_to=2026-03-12", ["leaders"]),
        ("held_from=2026-03-15", []),
        ("q=ntoto", ["leaders", "women"]),
        ("q=Kabila", []),  # what was said is no search key
        ("q=Behind the health", []),
    ],
)
def test_the_filters(client, scene, kinshasa_smg, query, expected):
    client.force_login(kinshasa_smg)
    assert set(listed(client, query)) == {getattr(scene, name).pk for name in expected}


def test_the_province_filter(client, scene, kinshasa_smg, places):
    client.force_login(kinshasa_smg)
    assert listed(client, f"province={places.sud_kivu.pk}") == [scene.civil.pk]
    assert set(listed(client, f"province={places.nord_kivu.pk}")) == {
        scene.leaders.pk,
        scene.women.pk,
    }


def test_a_search_by_mission_reference(client, scene, kinshasa_smg):
    client.force_login(kinshasa_smg)
    assert listed(client, f"q={scene.sud.reference}") == [scene.civil.pk]
    assert set(listed(client, f"q={scene.nord.reference.lower()}")) == {
        scene.leaders.pk,
        scene.women.pk,
    }


def test_a_meeting_is_read_by_its_local_day(client, scene, kinshasa_smg):
    """23:30 on the 12th local time is the 12th, 00:30 on the 13th is not (the indicators'
    periods are local days)."""
    scene.leaders.held_at = local(date(2026, 3, 12), 23, 30)
    scene.leaders.save(update_fields=["held_at"])
    scene.civil.held_at = local(date(2026, 3, 13), 0, 30)
    scene.civil.save(update_fields=["held_at"])
    client.force_login(kinshasa_smg)
    assert listed(client, "held_from=2026-03-12&held_to=2026-03-12") == [scene.leaders.pk]
    assert listed(client, "held_from=2026-03-13&held_to=2026-03-13") == [scene.civil.pk]


def test_newest_meeting_first(client, scene, kinshasa_smg):
    client.force_login(kinshasa_smg)
    assert listed(client) == [scene.women.pk, scene.civil.pk, scene.leaders.pk]


def test_25_a_page(client, scene, kinshasa_smg):
    ConsultationFactory.create_batch(30, mission=scene.sud)
    client.force_login(kinshasa_smg)
    response = client.get(URL)
    assert response.context["paginator"].count == 33
    assert len(response.context["consultations"]) == 25
    assert len(client.get(URL, {"page": 2}).context["consultations"]) == 8


# --------------------------------------------------------------------------------------------
# What a row shows
# --------------------------------------------------------------------------------------------


def test_each_row_links_to_its_meeting_on_the_mission_page(client, scene, ca_officer):
    client.force_login(ca_officer)
    content = client.get(URL).content.decode()
    page = reverse("missions:mission_detail", args=[scene.nord.pk])
    assert f'href="{page}#consultation-{scene.leaders.pk}"' in content
    assert scene.nord.reference in content and "Raids around Ntoto" in content
    assert "Meeting with local women" in content and "Otobora" in content
    detail = client.get(page).content.decode()
    assert f'id="consultation-{scene.leaders.pk}"' in detail


def test_the_participants_are_counted_by_sex(client, scene, kinshasa_smg):
    client.force_login(kinshasa_smg)
    content = client.get(URL, {"kind": "civil_society"}).content.decode()
    assert "2 / 5" in content and "(1 / 0)" in content


def test_no_contact_nor_name_on_the_list_nor_in_its_export(client, scene, ca_officer, places):
    """Civil Affairs of the province see the stakeholders' phones on the mission page; never
    here. Nor what was said (it may name people), nor the venue, nor the interpreter."""
    client.force_login(ca_officer)
    assert MAN_PHONE in client.get(scene.nord.get_absolute_url()).content.decode()
    stakeholders = [link.stakeholder.name for link in scene.nord.stakeholders.all()]
    for query in ({}, {"export": "csv"}):
        content = client.get(URL, query).content.decode("utf-8-sig")
        assert MAN_PHONE not in content and WOMAN_PHONE not in content
        for text in (*stakeholders, "Kabila", "Night raids.", "Behind the health centre"):
            assert text not in content, (query, text)


def test_an_empty_list_says_so(client, ca_officer):
    client.force_login(ca_officer)
    assert "No consultation recorded yet." in client.get(URL).content.decode()
    assert "No consultation matches." in client.get(URL, {"kind": "youth"}).content.decode()


# --------------------------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------------------------


def export_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    if response["Content-Type"].startswith("text/csv"):
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [["" if c.value is None else str(c.value) for c in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_holds_the_filtered_rows_of_the_users_scope(client, scene, ca_officer, fmt):
    client.force_login(ca_officer)
    rows = export_rows(client.get(URL, {"export": fmt}))
    header, body = rows[0], rows[1:]
    assert header[:2] == ["Mission", "Title"]
    assert header[-4:] == ["Women", "Men", "Girls", "Boys"]
    assert len(body) == 2  # Nord-Kivu's two, never Sud-Kivu's
    text = "\n".join("\t".join(row) for row in rows)
    assert "Matili" not in text and "Displacement near Matili" not in text
    rows = export_rows(client.get(URL, {"export": fmt, "kind": "local_women"}))
    assert len(rows) == 2
    assert "Meeting with local women" in rows[1] and "Otobora" in rows[1]
    assert rows[1][header.index("Women")] == "14"
    entry = AuditEntry.objects.filter(action=AuditAction.LIST_EXPORTED).latest("pk")
    assert entry.details["list"] == "missions:consultation_list"
    assert entry.details["filters"] == {"kind": "local_women"}
    assert entry.details["rows"] == 1
    assert entry.details["format"] == fmt


def test_the_export_matches_the_page_for_kinshasa(client, scene, kinshasa_smg, places):
    client.force_login(kinshasa_smg)
    for query in (
        {},
        {"kind": "local_women"},
        {"held_from": "2026-03-13"},
        {"province": places.sud_kivu.pk},
    ):
        page = listed(client, "&".join(f"{k}={v}" for k, v in query.items()))
        rows = export_rows(client.get(URL, {**query, "export": "csv"}))[1:]
        assert [row[0] for row in rows] == [
            Consultation.objects.get(pk=pk).mission.reference for pk in page
        ], query


# --------------------------------------------------------------------------------------------
# Queries
# --------------------------------------------------------------------------------------------

CEILING = 12


def count_queries(client, query=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, query or {})
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize(
    "query", [{}, {"q": "village", "kind": "local_leaders"}, {"export": "csv"}]
)
def test_the_query_count_does_not_grow_with_the_rows(
    drawn, client, places, ca_officer, django_assert_num_queries, query
):
    def mission():
        return MissionFactory(request__territory=places.walikale, deployed=True)

    ConsultationFactory(mission=mission())
    client.force_login(ca_officer)
    client.get(URL, query)  # the content types, the session: cached from here
    one, response = count_queries(client, query)
    print(f"consultation list {query}: {one} queries")  # noqa: T201
    assert one <= CEILING
    for _ in range(4):
        ConsultationFactory.create_batch(5, mission=mission())
    with django_assert_num_queries(one):
        response = client.get(URL, query)
    if "export" not in query:
        assert response.context["paginator"].count == 21
        assert len(response.context["consultations"]) == 21
    else:
        assert response["X-Export-Rows"] == "21"
