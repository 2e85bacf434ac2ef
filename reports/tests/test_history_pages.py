"""The report page and a recommendation's page open whatever the shape of their audit entries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jpt.audit.choices import AuditAction
from jpt.audit.services import audit_record
from missions.tests.test_history_pages import ODD_DETAILS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("details", ODD_DETAILS, ids=range(len(ODD_DETAILS)))
def test_report_and_recommendation_pages_render_any_audit_entry(client, make_report, details):
    report = make_report()
    rec = report.recommendations.first()
    for target, action in (
        (report, AuditAction.REPORT_EDITED),
        (rec, AuditAction.RECOMMENDATION_DECIDED),
    ):
        audit_record(actor=None, action=action, target=target, details=details)
    client.force_login(report.mission.lead)
    assert client.get(reverse("reports:report_detail", args=[report.pk])).status_code == 200
    response = client.get(reverse("recommendations:recommendation_detail", args=[rec.pk]))
    assert response.status_code == 200


def test_the_report_history_says_what_changed(client, make_report):
    report = make_report()
    audit_record(
        actor=report.mission.lead,
        action=AuditAction.REPORT_EDITED,
        target=report,
        details={"section": "threats", "changed": 3, "fields": ["narrative", "severity"]},
    )
    client.force_login(report.mission.lead)
    page = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert "Section: Threats" in page
    assert "Changed: Narrative, Severity" in page
