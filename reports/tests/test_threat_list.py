"""The list of protection threats (``reports:threat_list``): scope by role and province (a
threat is seen by whoever sees its report), the filters the indicators link with, the order,
the export, the refusals and the query count.

Two reports (``make_report``): Nord-Kivu's with two threats, Sud-Kivu's with one; the rows the
tests need are changed or added beside them.
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
from reports.choices import PerpetratorCategory, ReportStatus, Severity, ThreatType, Trend
from reports.freeze import freeze_report
from reports.models import Report, Threat
from reports.selectors import threat_rows
from tests.factories import MAN_PHONE, WOMAN_PHONE, TeamMemberFactory, ThreatFactory

pytestmark = pytest.mark.django_db

URL = "/threats/"


def local(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def scene(make_report, places):
    """Nord-Kivu's report (two threats: an attack by "Mayi-Mayi Kifuafua", rising, and
    looting by the army, falling; first submitted on 12 March 2026) and Sud-Kivu's (an attack
    by "Raia Mutomboki", draft)."""
    nord = make_report(threats=0)
    sud = make_report(places.sud_kivu, threats=0)
    nord.status = ReportStatus.IN_REVIEW
    nord.submitted_at = local(date(2026, 3, 12))
    nord.save(update_fields=["status", "submitted_at"])
    attack = ThreatFactory(
        report=nord, perpetrator_name="Mayi-Mayi Kifuafua", narrative="Night raids on Ntoto."
    )
    looting = ThreatFactory(
        report=nord,
        threat_type=ThreatType.LOOTING,
        perpetrator_category=PerpetratorCategory.NATIONAL_ARMY,
        perpetrator_name="",
        severity=Severity.MODERATE,
        trend=Trend.FALLING,
        narrative="Soldiers take the harvest at the checkpoint.",
    )
    sud_threat = ThreatFactory(
        report=sud, perpetrator_name="Raia Mutomboki", narrative="Raids on Matili."
    )
    return SimpleNamespace(
        nord=nord, sud=sud, attack=attack, looting=looting, sud_threat=sud_threat
    )


def listed(client, query: str = "") -> list[int]:
    response = client.get(f"{URL}{'?' if query else ''}{query}")
    assert response.status_code == 200, response.status_code
    return [threat.pk for threat in response.context["threats"]]


def test_the_route_is_threats():
    assert reverse("reports:threat_list") == URL


# --------------------------------------------------------------------------------------------
# Scope
# --------------------------------------------------------------------------------------------

# Every role that sees missions sees the threats of its provinces' reports, and only them.
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
def test_each_role_sees_the_threats_of_its_province_only(client, scene, make_user, places, role):
    nord_user = make_user("in_nord", role, [places.nord_kivu])
    sud_user = make_user("in_sud", role, [places.sud_kivu])
    client.force_login(nord_user)
    assert sorted(listed(client)) == sorted([scene.attack.pk, scene.looting.pk])
    client.force_login(sud_user)
    assert listed(client) == [scene.sud_threat.pk]


def test_kinshasa_and_administrators_see_every_province(client, scene, make_user):
    every = {scene.attack.pk, scene.looting.pk, scene.sud_threat.pk}
    for user in (
        make_user("smg_k", Role.SMG_KINSHASA),
        make_user("admin", Role.ADMINISTRATOR, is_staff=True, is_superuser=True),
    ):
        client.force_login(user)
        assert set(listed(client)) == every, user


def test_a_team_member_sees_the_threats_of_the_missions_they_are_on(
    client, scene, make_user, places
):
    """The report's rule, reused: on the Nord-Kivu team, a Sud-Kivu member sees its report's
    threats beside their province's; withdrawn, only their province's."""
    member = make_user("member_sud", Role.TEAM_MEMBER, [places.sud_kivu])
    TeamMemberFactory(mission=scene.nord.mission, user=member, accepted=True)
    client.force_login(member)
    assert set(listed(client)) == {scene.attack.pk, scene.looting.pk, scene.sud_threat.pk}
    withdrawn = make_user("gone_sud", Role.TEAM_MEMBER, [places.sud_kivu])
    TeamMemberFactory(mission=scene.nord.mission, user=withdrawn, withdrawn=True)
    client.force_login(withdrawn)
    assert listed(client) == [scene.sud_threat.pk]


def test_the_selector_is_the_reports_scope(
    scene, ca_officer, ca_officer_sud, kinshasa_smg, analyst
):
    """``Threat.objects.visible_to`` is ``Report.objects.visible_to``'s reports' threats."""
    for user in (ca_officer, ca_officer_sud, kinshasa_smg, analyst):
        reports = set(Report.objects.visible_to(user).values_list("pk", flat=True))
        expected = set(Threat.objects.filter(report__in=reports).values_list("pk", flat=True))
        assert set(threat_rows(user).values_list("pk", flat=True)) == expected, user
    assert not threat_rows(analyst).exists()


def test_a_province_out_of_scope_is_no_choice(client, scene, ca_officer, places):
    client.force_login(ca_officer)
    response = client.get(URL, {"province": places.sud_kivu.pk})
    assert response.status_code == 200
    assert "province" in response.context["filter"].form.errors
    assert scene.sud_threat.pk not in [t.pk for t in response.context["threats"]]
    assert "Raia Mutomboki" not in response.content.decode()


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
        response = client.get(URL, query)
        assert response.status_code == 403, user
    assert not AuditEntry.objects.filter(action=AuditAction.LIST_EXPORTED).exists()


def test_the_indicators_menu_leads_to_the_list_for_those_who_may_open_it(
    client, kinshasa_smg, analyst
):
    """The list is under "Indicators" in the navigation bar, for those who see records;
    analysts (aggregates only) have the dashboard there, not the list."""
    link = f'href="{URL}"'
    client.force_login(kinshasa_smg)
    assert link in client.get(reverse("home")).text
    client.force_login(analyst)
    home = client.get(reverse("home")).text
    assert reverse("insights:dashboard") in home and link not in home


# --------------------------------------------------------------------------------------------
# Filters and order
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("threat_type=attack", ["attack", "sud_threat"]),
        ("threat_type=looting", ["looting"]),
        ("perpetrator=national_army", ["looting"]),
        ("perpetrator=armed_group&trend=rising", ["attack", "sud_threat"]),
        ("trend=falling", ["looting"]),
        ("severity=2", ["looting"]),
        ("report_status=draft", ["sud_threat"]),
        ("submitted_from=2026-03-12&submitted_to=2026-03-12", ["attack", "looting"]),
        ("submitted_from=2026-03-13", []),
        ("submitted_to=2026-03-11", []),
        ("q=kifuafua", ["attack"]),
        ("q=harvest", ["looting"]),
        ("q=Matili", ["sud_threat"]),
    ],
)
def test_the_filters(client, scene, kinshasa_smg, query, expected):
    client.force_login(kinshasa_smg)
    assert set(listed(client, query)) == {getattr(scene, name).pk for name in expected}


def test_the_province_filter(client, scene, kinshasa_smg, places):
    client.force_login(kinshasa_smg)
    assert listed(client, f"province={places.sud_kivu.pk}") == [scene.sud_threat.pk]
    assert set(listed(client, f"province={places.nord_kivu.pk}")) == {
        scene.attack.pk,
        scene.looting.pk,
    }


def test_a_search_by_mission_reference(client, scene, kinshasa_smg):
    client.force_login(kinshasa_smg)
    assert listed(client, f"q={scene.sud.mission.reference}") == [scene.sud_threat.pk]


def test_the_first_submission_is_read_by_local_days(client, scene, kinshasa_smg):
    """23:30 on the 12th local time is the 12th (the indicators' periods are local days)."""
    scene.nord.submitted_at = local(date(2026, 3, 12), 23, 30)
    scene.nord.save(update_fields=["submitted_at"])
    client.force_login(kinshasa_smg)
    assert set(listed(client, "submitted_from=2026-03-12&submitted_to=2026-03-12")) == {
        scene.attack.pk,
        scene.looting.pk,
    }
    assert listed(client, "submitted_from=2026-03-13") == []


def test_newest_report_first_then_most_severe(client, scene, kinshasa_smg):
    """Sud-Kivu's report was made last; Nord-Kivu's threats by severity (the attack first)."""
    client.force_login(kinshasa_smg)
    assert listed(client) == [scene.sud_threat.pk, scene.attack.pk, scene.looting.pk]


def test_25_a_page(client, scene, kinshasa_smg):
    ThreatFactory.create_batch(30, report=scene.sud)
    client.force_login(kinshasa_smg)
    response = client.get(URL)
    assert response.context["paginator"].count == 33
    assert len(response.context["threats"]) == 25
    assert len(client.get(URL, {"page": 2}).context["threats"]) == 8


# --------------------------------------------------------------------------------------------
# What a row shows
# --------------------------------------------------------------------------------------------


def test_each_row_links_to_its_threat_on_the_report_page(client, scene, ca_officer, drawn):
    # drawn: the report is approved below by direct writes, without the service's audit entry.
    client.force_login(ca_officer)
    content = client.get(URL).content.decode()
    page = reverse("reports:report_detail", args=[scene.nord.pk])
    assert f'href="{page}#threat-{scene.attack.pk}"' in content
    assert "Mayi-Mayi Kifuafua" in content
    assert scene.nord.mission.reference in content
    # An approved report shows its frozen copy, whose sections carry the "frozen-" prefix.
    scene.nord.status = ReportStatus.APPROVED
    scene.nord.save(update_fields=["status"])
    freeze_report(scene.nord, user=ca_officer)
    content = client.get(URL).content.decode()
    assert f'href="{page}#frozen-threat-{scene.attack.pk}"' in content
    detail = client.get(page).content.decode()
    assert f'id="frozen-threat-{scene.attack.pk}"' in detail


def test_the_live_report_page_has_the_anchor(client, scene, ca_officer):
    client.force_login(ca_officer)
    detail = client.get(reverse("reports:report_detail", args=[scene.nord.pk])).content.decode()
    assert f'id="threat-{scene.attack.pk}"' in detail


def test_no_contact_on_the_list_nor_in_its_export(client, scene, ca_officer):
    """The key stakeholders' phones are on the report page for some; never here."""
    client.force_login(ca_officer)
    for query in ({}, {"export": "csv"}):
        content = client.get(URL, query).content.decode("utf-8-sig")
        assert MAN_PHONE not in content and WOMAN_PHONE not in content


def test_an_empty_list_says_so(client, ca_officer):
    client.force_login(ca_officer)
    assert "No protection threat yet." in client.get(URL).content.decode()
    assert "No threat matches." in client.get(URL, {"trend": "rising"}).content.decode()


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
    assert header[:2] == ["Report", "Mission"]
    assert "Narrative" in header
    assert len(body) == 2  # Nord-Kivu's two, never Sud-Kivu's
    text = "\n".join("\t".join(row) for row in rows)
    assert "Raia Mutomboki" not in text and "Raids on Matili." not in text
    rows = export_rows(client.get(URL, {"export": fmt, "trend": "falling"}))
    assert len(rows) == 2
    assert "Soldiers take the harvest at the checkpoint." in rows[1]
    entry = AuditEntry.objects.filter(action=AuditAction.LIST_EXPORTED).latest("pk")
    assert entry.details["list"] == "reports:threat_list"
    assert entry.details["filters"] == {"trend": "falling"}
    assert entry.details["rows"] == 1


def test_the_export_matches_the_page_for_kinshasa(client, scene, kinshasa_smg):
    client.force_login(kinshasa_smg)
    for query in ({}, {"threat_type": "attack"}, {"submitted_from": "2026-03-01"}):
        page = client.get(URL, query).context["paginator"].count
        assert len(export_rows(client.get(URL, {**query, "export": "csv"}))) - 1 == page, query


# --------------------------------------------------------------------------------------------
# Queries
# --------------------------------------------------------------------------------------------

CEILING = 12


def count_queries(client, query=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, query or {})
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("query", [{}, {"q": "raids", "threat_type": "attack"}, {"export": "csv"}])
def test_the_query_count_does_not_grow_with_the_rows(
    drawn, client, make_report, ca_officer, django_assert_num_queries, query
):
    make_report(threats=1)
    client.force_login(ca_officer)
    client.get(URL, query)  # the content types, the session: cached from here
    one, response = count_queries(client, query)
    print(f"threat list {query}: {one} queries")  # noqa: T201
    assert one <= CEILING
    for _ in range(4):
        make_report(threats=5)
    with django_assert_num_queries(one):
        response = client.get(URL, query)
    if "export" not in query:
        assert response.context["paginator"].count == 21
        assert len(response.context["threats"]) == 21
    else:
        assert response["X-Export-Rows"] == "21"
