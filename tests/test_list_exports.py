"""The CSV and XLSX exports of every list page (issue 11, "export filters and scope").

On the permission matrix's scene (``matrix_scene``, tests/conftest.py: every record in
Nord-Kivu, the ``*_out`` users in Sud-Kivu, stakeholders with phone numbers), each list's export:

- holds the rows of its page for that user (the same queryset, unpaginated), with the filters of
  the query string applied;
- holds nothing of Nord-Kivu for a user of Sud-Kivu;
- never holds a stakeholder's name or phone number (no list page shows them), whoever exports;
- is refused exactly when the list is refused, and then writes nothing;
- writes one audit entry (``list.exported``) on the exporting user.

The query counts of the exports, with one row and with many, are in ``test_export_queries.py``.
"""

from __future__ import annotations

import csv
import io
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from missions.models import MissionStakeholder
from recommendations.services import (
    alert_record,
    planned_visit_add,
    support_record,
    visit_record,
)

# Every list with an export: route -> the users who see it (in Nord-Kivu, and out of it).
EXPORTS = {
    "missions:request_list": ("ca", "ca_out", "head", "smg_k", "admin"),
    "missions:my_requests": ("requester", "requester_out", "ca"),
    "missions:mission_list": ("ca", "ca_out", "team_member", "smg_k", "admin"),
    "missions:my_missions": ("ca", "member", "analyst", "invitee"),
    "reports:inbox": ("head", "head_out", "brigade", "smg_p", "smg_k"),
    "reports:threat_list": ("ca", "ca_out", "head", "smg_k"),
    "reports:review_stage_list": ("ca", "ca_out", "head", "smg_k"),
    "missions:consultation_list": ("ca", "ca_out", "team_member", "member", "smg_k"),
    "missions:team_member_list": ("ca", "ca_out", "team_member", "member", "smg_k"),
    "recommendations:recommendation_list": ("ca", "ca_out", "head", "smg_k"),
    "recommendations:alert_list": ("ca", "cli", "cli_out", "rrewc", "smg_k"),
    "recommendations:support_list": ("ca", "cli", "cli_out", "smg_k"),
    "recommendations:visit_list": ("ca", "cli", "cli_out", "smg_k"),
    "recommendations:observation_list": ("ca", "cli", "cli_out", "smg_k"),
    "recommendations:places": ("cli", "cli_out"),
    "recommendations:calendar": ("cli", "cli_out"),
}
NK_PLACES = ("Otobora", "Ntoto", "Pinga", "Walikale")


@pytest.fixture
def follow_up(matrix_scene):
    """Nord-Kivu's follow-up: an alert, material support, a visit and a planned visit of the
    CLI (made inside the test: rolled back with it)."""
    scene = matrix_scene
    cli, nk = scene.users["cli"], scene.nk
    alert = alert_record(
        user=cli,
        data={
            "received_at": timezone.now() - timedelta(hours=6),
            "locality": nk.places["Ntoto"],
            "base": nk.base,
            "channel": "phone",
            "threat_type": "attack",
            "source": "local_leader",
        },
    )
    support = support_record(
        user=cli,
        data={
            "locality": nk.places["Otobora"],
            "given_on": timezone.localdate(),
            "item": "phone",
            "women": 6,
            "men": 2,
            "note": '=HYPERLINK("http://evil.example")',
        },
    )
    visit, _created = visit_record(
        user=cli,
        client_id=uuid.uuid4(),
        data={
            "visited_on": timezone.localdate(),
            "localities": [nk.places["Otobora"]],
            "women": 5,
            "men": 3,
            "confidence": 2,
            "observations": [{"recommendation": scene.approved.recs[0], "finding": "partly"}],
        },
    )
    planned = planned_visit_add(
        user=cli,
        data={
            "planned_on": timezone.localdate() + timedelta(days=2),
            "localities": [nk.places["Pinga"]],
            "purpose": "Patrols on market day",
        },
    )
    return alert, support, visit, planned


def url(route: str, query: str = "", file_format: str = "csv") -> str:
    return f"{reverse(route)}?{query}{'&' if query else ''}export={file_format}"


def get(scene, who: str, target: str):
    return scene.clients[who].get(target)


def rows(response) -> list[list[str]]:
    """The rows of an export (the header first), CSV or XLSX, as text."""
    assert response.status_code == 200, response.status_code
    if response["Content-Type"].startswith("text/csv"):
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [
        ["" if cell.value is None else str(cell.value) for cell in row] for row in sheet.iter_rows()
    ]


def text(response) -> str:
    return "\n".join("\t".join(row) for row in rows(response))


def page_count(scene, who: str, route: str) -> int:
    """How many rows the page itself says it lists for this user."""
    response = get(scene, who, reverse(route))
    assert response.status_code == 200
    context = response.context
    if "paginator" in context and context["paginator"] is not None:
        return context["paginator"].count
    if "places_count" in context:
        return context["places_count"]
    return len(context["planned"])


# --------------------------------------------------------------------------------------------
# The rows of the page, the filters, the scope
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(EXPORTS))
def test_a_nul_in_the_query_string_is_no_crash(route, matrix_scene):
    """The filters go into the audit entry: a NUL typed into a search box (PostgreSQL's jsonb
    refuses it) is recorded as U+FFFD, and the export answers."""
    who = EXPORTS[route][0]
    response = get(matrix_scene, who, url(route, "q=a%00b&x%00=1"))
    assert response.status_code == 200
    entry = AuditEntry.objects.filter(action=AuditAction.LIST_EXPORTED).latest("pk")
    assert "\x00" not in str(entry.details)


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(EXPORTS))
def test_an_export_holds_the_rows_of_its_page(route, matrix_scene, follow_up):
    scene = matrix_scene
    for who in EXPORTS[route]:
        expected = page_count(scene, who, route)
        for file_format in ("csv", "xlsx"):
            response = get(scene, who, url(route, file_format=file_format))
            found = rows(response)
            assert len(found) - 1 == expected, f"{route} as {who} ({file_format})"
            assert response["X-Export-Rows"] == str(expected)
            assert "attachment;" in response["Content-Disposition"]
            assert f".{file_format}" in response["Content-Disposition"]


@pytest.mark.django_db
def test_the_scene_has_rows_to_export(matrix_scene, follow_up):
    """The tests above compare something: every list has Nord-Kivu rows for its first user."""
    scene = matrix_scene
    for route, users in EXPORTS.items():
        if route == "missions:my_missions":
            continue  # an analyst and an invitee have none: checked as empty above
        assert page_count(scene, users[0], route) >= 1, route


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(EXPORTS))
def test_an_export_holds_nothing_of_another_province(route, matrix_scene, follow_up):
    scene = matrix_scene
    secrets = [*scene.nk_titles, *(rec.text for rec in scene.approved.recs), *NK_PLACES]
    for who in EXPORTS[route]:
        if not who.endswith("_out") and who != "member":
            continue
        content = text(get(scene, who, url(route)))
        shown = [secret for secret in secrets if secret in content]
        if who == "member":
            # On the team of the Nord-Kivu missions that went to the field: those are theirs.
            continue
        assert not shown, f"{route} as {who} exports Nord-Kivu records: {shown}"


@pytest.mark.django_db
def test_the_request_export_applies_the_filters(matrix_scene):
    scene = matrix_scene
    everything = text(get(scene, "ca", url("missions:request_list")))
    assert scene.pending.title in everything
    assert scene.returned_request.title in everything
    submitted = get(scene, "ca", url("missions:request_list", "status=submitted"))
    content = text(submitted)
    assert scene.pending.title in content
    assert scene.returned_request.title not in content
    searched = text(get(scene, "ca", url("missions:request_list", "q=Pinga")))
    assert scene.returned_request.title in searched
    assert scene.pending.title not in searched


@pytest.mark.django_db
def test_the_mission_export_applies_the_filters(matrix_scene):
    scene = matrix_scene
    found = rows(get(scene, "ca", url("missions:mission_list", "status=deployed", "xlsx")))
    assert [row[1] for row in found[1:]] == [scene.deployed.title]
    assert found[1][0] == scene.deployed.reference
    assert found[1][2] == "Nord-Kivu"


@pytest.mark.django_db
def test_the_recommendation_export_applies_the_filters(matrix_scene):
    scene = matrix_scene
    approved = text(get(scene, "ca", url("recommendations:recommendation_list", "status=approved")))
    for rec in scene.approved.recs:
        assert rec.text in approved
    assert scene.undecided.text not in approved
    header = rows(get(scene, "ca", url("recommendations:recommendation_list")))[0]
    assert "Implementation" in header and "Waiting at" in header


@pytest.mark.django_db
def test_the_follow_up_exports_apply_the_filters(matrix_scene, follow_up):
    scene = matrix_scene
    alerts = rows(get(scene, "cli", url("recommendations:alert_list", "threat_type=attack")))
    assert len(alerts) == 2 and alerts[1][2] == "Ntoto"
    other = rows(get(scene, "cli", url("recommendations:alert_list", "threat_type=abduction")))
    assert len(other) == 1
    support = rows(get(scene, "ca", url("recommendations:support_list", "item=phone")))
    assert len(support) == 2
    assert support[1][3] == '\'=HYPERLINK("http://evil.example")'  # neutralised
    assert [support[1][7], support[1][8]] == ["6", "2"]
    assert len(rows(get(scene, "ca", url("recommendations:support_list", "item=radio")))) == 1


@pytest.mark.django_db
def test_the_lists_without_a_filter_bar_export_what_they_show(matrix_scene, follow_up):
    scene = matrix_scene
    inbox = rows(get(scene, "head", url("reports:inbox")))
    assert [row[0] for row in inbox[1:]] == [scene.in_review.mission.reference]
    visits = rows(get(scene, "cli", url("recommendations:visit_list")))
    assert visits[1][1] == "Otobora" and visits[1][4:6] == ["5", "3"]
    calendar = rows(get(scene, "cli", url("recommendations:calendar")))
    assert calendar[1][1:3] == ["Pinga", "Patrols on market day"]
    places = text(get(scene, "cli", url("recommendations:places")))
    assert scene.approved.recs[0].text in places


# --------------------------------------------------------------------------------------------
# Need to know
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_no_export_holds_a_stakeholder_name_or_phone(matrix_scene, follow_up):
    """No list page shows the key stakeholders, so no export does: not to those who may see
    their contacts on the mission page (``ca``, ``head``, ``member``), nor to anyone else."""
    scene = matrix_scene
    links = MissionStakeholder.objects.select_related("stakeholder")
    secrets = {link.stakeholder.phone for link in links} | {link.stakeholder.name for link in links}
    assert secrets and all(secrets)
    checked = 0
    for route in EXPORTS:
        for who in scene.users:
            response = get(scene, who, url(route))
            if response.status_code != 200:
                continue
            content = text(response)
            shown = [secret for secret in secrets if secret in content]
            assert not shown, f"{route} as {who} exports stakeholders: {shown}"
            checked += 1
    assert checked > 60


@pytest.mark.django_db
def test_an_analyst_gets_no_record_level_export(matrix_scene):
    """Analysts see aggregates only: every record list is refused, and "my missions" is empty."""
    scene = matrix_scene
    for route in EXPORTS:
        response = get(scene, "analyst", url(route))
        if route == "missions:my_missions":
            assert len(rows(response)) == 1, "only the header"
        else:
            assert response.status_code == 403, route


# --------------------------------------------------------------------------------------------
# Refusals and the audit trail
# --------------------------------------------------------------------------------------------


REFUSED = [
    ("anon", "missions:request_list", "login"),
    ("cli", "missions:request_list", 403),
    ("rrewc", "missions:request_list", 403),
    ("team_member", "missions:my_requests", 403),
    ("requester", "missions:mission_list", 403),
    ("anon", "missions:my_missions", "login"),
    ("ca", "reports:inbox", 403),
    ("admin", "reports:inbox", 403),
    ("requester", "recommendations:recommendation_list", 403),
    ("team_member", "recommendations:alert_list", 403),
    ("requester", "recommendations:support_list", 403),
    ("team_member", "recommendations:visit_list", 403),
    ("team_member", "recommendations:observation_list", 403),
    ("ca", "recommendations:places", 403),
    ("head", "recommendations:calendar", 403),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "route", "status"), REFUSED)
def test_an_export_is_refused_when_the_list_is(who, route, status, matrix_scene):
    scene = matrix_scene
    before = AuditEntry.objects.count()
    for file_format in ("csv", "xlsx"):
        page = get(scene, who, reverse(route))
        response = get(scene, who, url(route, file_format=file_format))
        if status == "login":
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("login"))
        else:
            assert response.status_code == status
        assert page.status_code == response.status_code
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_an_unknown_format_is_not_found_and_writes_nothing(matrix_scene):
    scene = matrix_scene
    before = AuditEntry.objects.count()
    response = get(scene, "ca", f"{reverse('missions:request_list')}?export=pdf")
    assert response.status_code == 404
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_an_export_writes_one_audit_entry(matrix_scene):
    scene = matrix_scene
    ca = scene.users["ca"]
    before = set(AuditEntry.objects.values_list("pk", flat=True))
    response = get(
        scene,
        "ca",
        url("missions:request_list", "status=submitted&q=&page=2", "xlsx"),
    )
    assert response.status_code == 200
    new = AuditEntry.objects.exclude(pk__in=before)
    assert new.count() == 1
    entry = new.get()
    assert entry.action == AuditAction.LIST_EXPORTED
    assert entry.actor_id == ca.pk
    assert entry.target == ca
    assert entry.details == {
        "list": "missions:request_list",
        "format": "xlsx",
        "filters": {"status": "submitted"},
        "rows": 1,
        "capped": False,
    }


@pytest.mark.django_db
def test_the_page_writes_no_audit_entry(matrix_scene):
    before = AuditEntry.objects.count()
    assert get(matrix_scene, "ca", reverse("missions:request_list")).status_code == 200
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_the_cap_holds_on_a_list(matrix_scene, settings):
    settings.JPT_EXPORT_MAX_ROWS = 2
    response = get(matrix_scene, "ca", url("missions:mission_list"))
    found = rows(response)
    assert len(found) == 4  # the header, two missions, the note
    assert "first 2 rows" in found[-1][0]
    assert response["X-Export-Capped"] == "1"
    entry = AuditEntry.objects.filter(action=AuditAction.LIST_EXPORTED).latest("id")
    assert entry.details["rows"] == 2 and entry.details["capped"] is True


# --------------------------------------------------------------------------------------------
# The buttons
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_filter_bar_offers_the_exports_with_the_filters_kept(matrix_scene):
    scene = matrix_scene
    page = get(scene, "ca", f"{reverse('missions:request_list')}?status=submitted&page=1")
    content = page.content.decode()
    assert 'href="?status=submitted&amp;export=csv"' in content
    assert 'href="?status=submitted&amp;export=xlsx"' in content
    assert "Export CSV" in content and "Export XLSX" in content


@pytest.mark.django_db
def test_lists_without_a_filter_bar_offer_the_exports(matrix_scene, follow_up):
    scene = matrix_scene
    for who, route in [
        ("ca", "missions:my_missions"),
        ("head", "reports:inbox"),
        ("cli", "recommendations:visit_list"),
        ("cli", "recommendations:places"),
        ("cli", "recommendations:calendar"),
    ]:
        content = get(scene, who, reverse(route)).content.decode()
        assert 'href="?export=csv"' in content, route
        assert 'href="?export=xlsx"' in content, route
