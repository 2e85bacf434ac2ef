"""The list of review stages that ended (``reports:review_stage_list``): its scope (whoever
sees the report), the filters the indicators link with, what a row shows and never shows, the
export, the refusals and the query count.

The scene: a Nord-Kivu report approved through the three levels (head of office and
provincial SMG-P forwarded it, Kinshasa approved it; the provincial stage decided after its
deadline), and a Sud-Kivu report its head of office forwarded."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from reports.choices import Decision, RecommendationStatus, ReviewLevel, StageOutcome
from reports.models import ReviewStage
from reports.selectors import review_stage_rows
from reports.services import recommendation_decide, report_submit

pytestmark = pytest.mark.django_db

URL = "/review-stages/"
COMMENT = "Name the chief who warned you in the next draft."


def decide_level(report, reviewer):
    for rec in report.recommendations.filter(status=RecommendationStatus.IN_REVIEW):
        recommendation_decide(recommendation=rec, user=reviewer, decision=Decision.ENDORSE)


@pytest.fixture
def scene(make_report, reviewers, places):
    nord = make_report(recommendations=1)
    report_submit(report=nord, user=nord.mission.lead)
    for reviewer in (reviewers.hoo, reviewers.provincial, reviewers.kinshasa):
        decide_level(nord, reviewer)
    stages = {s.level: s for s in ReviewStage.objects.filter(report=nord)}
    provincial = stages[ReviewLevel.PROVINCIAL_SMG]
    ReviewStage.objects.filter(pk=provincial.pk).update(
        due_at=F("closed_at") - timedelta(hours=1), comment=COMMENT
    )
    sud = make_report(places.sud_kivu, recommendations=1)
    report_submit(report=sud, user=sud.mission.lead)
    decide_level(sud, reviewers.hoo_sud)
    sud_stage = ReviewStage.objects.get(report=sud, level=ReviewLevel.HEAD_OF_OFFICE)
    return SimpleNamespace(nord=nord, sud=sud, stages=stages, sud_stage=sud_stage)


def listed(client, query: str = "") -> list[int]:
    response = client.get(f"{URL}{'?' if query else ''}{query}")
    assert response.status_code == 200, response.status_code
    return [stage.pk for stage in response.context["stages"]]


def test_the_route():
    assert reverse("reports:review_stage_list") == URL


def test_scope_the_open_stages_are_not_listed(client, scene, ca_officer, kinshasa_smg):
    client.force_login(ca_officer)
    nord = {s.pk for s in scene.stages.values()}
    assert set(listed(client)) == nord
    client.force_login(kinshasa_smg)
    assert set(listed(client)) == nord | {scene.sud_stage.pk}
    # The Sud-Kivu report's provincial stage is open: not listed.
    assert ReviewStage.objects.filter(report=scene.sud, outcome=StageOutcome.OPEN).exists()


def test_the_selector_is_the_reports_scope(scene, ca_officer, ca_officer_sud, analyst):
    assert set(review_stage_rows(ca_officer_sud).values_list("pk", flat=True)) == {
        scene.sud_stage.pk
    }
    assert not review_stage_rows(analyst).exists()


@pytest.mark.parametrize("fmt", ["", "csv"])
def test_analysts_and_requesters_are_refused(client, scene, analyst, requester, fmt):
    for user in (analyst, requester):
        client.force_login(user)
        assert client.get(URL, {"export": fmt} if fmt else {}).status_code == 403, user
    assert not AuditEntry.objects.filter(action=AuditAction.LIST_EXPORTED).exists()


def test_the_filters(client, scene, kinshasa_smg, places):
    client.force_login(kinshasa_smg)
    provincial = scene.stages[ReviewLevel.PROVINCIAL_SMG]
    assert listed(client, "late=true") == [provincial.pk]
    assert provincial.pk not in listed(client, "late=false")
    assert listed(client, f"level={ReviewLevel.KINSHASA_SMG}") == [
        scene.stages[ReviewLevel.KINSHASA_SMG].pk
    ]
    assert listed(client, "outcome=approved") == [scene.stages[ReviewLevel.KINSHASA_SMG].pk]
    assert listed(client, "outcome=returned") == []
    assert listed(client, f"province={places.sud_kivu.pk}") == [scene.sud_stage.pk]
    day = scene.sud_stage.closed_at.date()
    assert scene.sud_stage.pk in listed(client, f"closed_from={day}&closed_to={day}")
    assert listed(client, f"closed_from={day + timedelta(days=1)}") == []
    response = client.get(URL, {"outcome": "open"})
    assert "outcome" in response.context["filter"].form.errors


def test_a_row_links_to_its_report_and_shows_no_reviewer_nor_comment(
    client, scene, ca_officer, reviewers
):
    client.force_login(ca_officer)
    for query in ({}, {"export": "csv"}):
        content = client.get(URL, query).content.decode("utf-8-sig")
        assert COMMENT not in content and str(reviewers.provincial) not in content, query
    content = client.get(URL).content.decode()
    assert f'href="{scene.nord.get_absolute_url()}"' in content
    assert "late" in content and "Sent to the next level" in content


def test_the_export_holds_the_filtered_rows(client, scene, ca_officer):
    client.force_login(ca_officer)
    response = client.get(URL, {"export": "csv", "late": "true"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1 and rows[0]["Past the deadline"] in ("True", "Yes", "yes", "true")
    assert rows[0]["Level"] == scene.stages[ReviewLevel.PROVINCIAL_SMG].get_level_display()
    entry = AuditEntry.objects.filter(action=AuditAction.LIST_EXPORTED).latest("pk")
    assert entry.details["list"] == "reports:review_stage_list"


def test_an_empty_list_says_so(client, ca_officer):
    client.force_login(ca_officer)
    assert "No review stage has ended yet." in client.get(URL).content.decode()


def test_the_query_count_does_not_grow_with_the_rows(
    drawn, client, make_report, reviewers, kinshasa_smg, django_assert_num_queries
):
    def approved_reports(n):
        for _ in range(n):
            report = make_report(recommendations=1)
            report_submit(report=report, user=report.mission.lead)
            decide_level(report, reviewers.hoo)

    approved_reports(1)
    client.force_login(kinshasa_smg)
    for query in ({}, {"export": "csv"}):
        client.get(URL, query)
        with CaptureQueriesContext(connection) as queries:
            client.get(URL, query)
        one = len(queries)
        assert one <= 12
        approved_reports(3)
        with django_assert_num_queries(one):
            client.get(URL, query)
