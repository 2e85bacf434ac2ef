"""The figures as files: the dashboard's and a stored summary's CSV and XLSX hold what the page
shows (small counts of people stay "<5" and "×"), in the user's scope, audited."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from jpt.insights.exports import figure_rows
from jpt.insights.services import summary_compute

from .conftest import MARCH

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("insights:dashboard")


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_dashboard_file_holds_what_the_page_shows(client, world, ca_officer):
    client.force_login(ca_officer)
    page = client.get(DASHBOARD, {"month": "2026-03"})
    presentation = page.context["presentation"]
    response = client.get(DASHBOARD, {"month": "2026-03", "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert rows[0] == ["Section", "Figure", "Row", "Column", "Period", "Value"]
    expected = list(figure_rows(presentation))
    assert len(rows) == len(expected) + 1
    for row, figure in zip(rows[1:], expected, strict=True):
        assert row[:5] == [figure.section, figure.table, figure.row, figure.column, figure.period]
    # Every count the page hides is hidden in the file, as the page shows it.
    hidden = [
        (table.title, row.label, column, cell.display)
        for section in presentation.sections
        for table in section.tables
        for row in table.rows
        for column, cell in zip(table.columns, row.cells, strict=True)
        if cell.hidden
    ]
    assert hidden, "the hand-built month has small counts of people"
    in_file = {(r[1], r[2], r[3]): r[5] for r in rows[1:]}
    for table, label, column, display in hidden:
        assert in_file[(table, label, column)] == display
        assert display in {"<5", "×"}
    # Nord-Kivu only: the officer's scope.
    assert "Sud-Kivu" not in response.content.decode("utf-8-sig")
    entry = AuditEntry.objects.get(action=AuditAction.LIST_EXPORTED)
    assert entry.actor == ca_officer
    assert entry.details["list"] == "insights:dashboard"
    assert entry.details["filters"] == {"month": "2026-03"}


def test_a_summary_as_xlsx_in_scope_only(client, world, ca_officer, ca_officer_sud, analyst):
    nord = summary_compute(month=MARCH.start, province=world.places.nord_kivu, user=ca_officer)
    everywhere = summary_compute(month=MARCH.start, province=None, user=analyst)
    client.force_login(ca_officer)
    response = client.get(nord.get_absolute_url(), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = list(sheet.values)
    assert header == ("Section", "Figure", "Row", "Column", "Period", "Value")
    assert ("Headline figures", "JPT missions (departures)", None, None, "March 2026", 3) in rows
    assert client.get(everywhere.get_absolute_url(), {"export": "xlsx"}).status_code == 404
    client.force_login(ca_officer_sud)
    assert client.get(nord.get_absolute_url(), {"export": "csv"}).status_code == 404
    client.force_login(analyst)  # aggregates only: the figures are theirs
    assert client.get(everywhere.get_absolute_url(), {"export": "csv"}).status_code == 200
    assert AuditEntry.objects.filter(action=AuditAction.LIST_EXPORTED).count() == 2


def test_only_those_who_see_the_indicators_export_them(client, world, cli, requester):
    for user in (cli, requester):
        client.force_login(user)
        assert client.get(DASHBOARD, {"export": "csv"}).status_code == 403
    client.logout()
    assert client.get(DASHBOARD, {"export": "csv"}).status_code == 302
    assert not AuditEntry.objects.filter(action=AuditAction.LIST_EXPORTED).exists()


def test_a_bad_period_or_format_is_no_crash(client, world, ca_officer):
    client.force_login(ca_officer)
    for query in ({"month": "0000-00"}, {"month": "\x00"}, {"start": "9" * 20}):
        assert client.get(DASHBOARD, {**query, "export": "csv"}).status_code == 200
    assert client.get(DASHBOARD, {"export": "pdf"}).status_code == 404
