"""The exports of the list pages read a bounded number of queries: the same with one row and
with many (no query per row: the list's ``select_related``, prefetches and annotations serve the
file as they serve the page), and under the pages' ceiling (12, tests/test_query_ceilings.py).

Measured on the query ceilings' scene (``ceiling_scene``, tests/conftest.py): Nord-Kivu holds
one row of everything, Sud-Kivu many (60 more requests, 30 more missions in review, reports of
20 recommendations). That scene has no follow-up records: each test writes them for the lists
that show them, one in Nord-Kivu and 25 in Sud-Kivu, through the services.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jpt.places.choices import LocalitySource
from jpt.places.models import Locality
from recommendations.services import (
    alert_record,
    planned_visit_add,
    support_record,
    visit_record,
)
from reports.models import Recommendation, ReviewStage

CEILING = 12
MANY = 25


def alerts(world, n):
    for index in range(n):
        alert_record(
            user=world.people["cli"],
            data={
                "received_at": timezone.now() - timedelta(hours=6 + index),
                "locality": world.area.localities[index % 2],
                "base": world.area.base,
                "channel": "phone",
                "threat_type": "attack",
                "source": "local_leader",
            },
        )


def support(world, n):
    for index in range(n):
        support_record(
            user=world.people["cli"],
            data={
                "locality": world.area.localities[index % 2],
                "given_on": timezone.localdate() - timedelta(days=index),
                "item": "phone",
                "women": 3,
                "men": 1,
            },
        )


def visits(world, n):
    for index in range(n):
        visit_record(
            user=world.people["cli"],
            client_id=uuid.uuid4(),
            data={
                "visited_on": timezone.localdate() - timedelta(days=index),
                "localities": world.area.localities[: 1 + index % 2],
                "women": 2,
                "men": 2,
                "confidence": 3,
            },
        )


def observed(world, n):
    """``n`` visits to the places of the world's approved recommendation, each seeing it."""
    rec = (
        Recommendation.objects.filter(report=world.approved_report, status="approved")
        .order_by("id")
        .first()
    )
    for index in range(n):
        visit_record(
            user=world.people["cli"],
            client_id=uuid.uuid4(),
            data={
                "visited_on": timezone.localdate() - timedelta(days=index),
                "localities": list(rec.localities.all()),
                "women": 2,
                "men": 2,
                "confidence": 3,
                "observations": [{"recommendation": rec, "finding": "partly"}],
            },
        )


def stages(world, n):
    """``n`` more stages that ended on the world's approved report (as a report returned and
    sent again leaves them: rows only, the list reads them as they are)."""
    if n == 1:
        return  # the approved report's three stages ended already
    ended = ReviewStage.objects.filter(report=world.approved_report).exclude(outcome="open")
    first = ended.order_by("id").first()
    ReviewStage.objects.bulk_create(
        ReviewStage(
            report=first.report,
            level=first.level,
            entered_at=first.entered_at - timedelta(days=index + 1),
            due_at=first.due_at - timedelta(days=index + 1),
            outcome="returned",
            closed_at=first.entered_at - timedelta(days=index),
        )
        for index in range(n)
    )


def places(world, n):
    """The approved recommendations of the world, each about a place of its own (up to ``n``)."""
    if n == 1:
        return  # the scene's approved recommendation concerns one place already
    recs = Recommendation.objects.filter(report=world.approved_report).order_by("id")[:n]
    for index, rec in enumerate(recs):
        place = Locality.objects.create(
            territory=world.area.territory,
            name=f"Follow-up place {index}",
            pcode=f"{world.area.province.pcode}99L{index:03d}",
            source=LocalitySource.GAZETTEER,
        )
        rec.localities.set([place])


def planned(world, n):
    for index in range(n):
        planned_visit_add(
            user=world.people["cli"],
            data={
                "planned_on": timezone.localdate() + timedelta(days=index),
                "localities": world.area.localities[: 1 + index % 2],
            },
        )


# Export -> (who, route, the rows to write first, or None).
EXPORTS = {
    "requests": ("ca", "missions:request_list", None),
    "my requests": ("requester", "missions:my_requests", None),
    "missions": ("ca", "missions:mission_list", None),
    "my missions": ("member", "missions:my_missions", None),
    "review inbox": ("head", "reports:inbox", None),
    "recommendations": ("ca", "recommendations:recommendation_list", None),
    "threats": ("ca", "reports:threat_list", None),
    "review stages": ("smg_k", "reports:review_stage_list", stages),
    "consultations": ("ca", "missions:consultation_list", None),
    "team members": ("ca", "missions:team_member_list", None),
    "community alerts": ("ca", "recommendations:alert_list", alerts),
    "material support": ("ca", "recommendations:support_list", support),
    "follow-up visits": ("ca", "recommendations:visit_list", visits),
    "what the visits saw": ("ca", "recommendations:observation_list", observed),
    "places to follow up": ("cli", "recommendations:places", places),
    "visit calendar": ("cli", "recommendations:calendar", planned),
}


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("name", list(EXPORTS))
def test_an_export_reads_as_many_queries_for_one_row_as_for_many(
    name, file_format, ceiling_scene, django_assert_max_num_queries
):
    who, route, write = EXPORTS[name]
    target = f"{reverse(route)}?export={file_format}"
    counts, rows = {}, {}
    for size, n in (("one", 1), ("many", MANY)):
        world = ceiling_scene.worlds[size]
        if write is not None:
            write(world, n)
        client = ceiling_scene.clients[(size, who)]
        warm = client.get(target)
        assert warm.status_code == 200, f"{name}: {target} answers {warm.status_code}"
        with django_assert_max_num_queries(CEILING) as captured:
            response = client.get(target)
        assert response.status_code == 200
        counts[size] = len(captured)
        rows[size] = int(response["X-Export-Rows"])
    print(f"{name} ({file_format}): {counts['one']} queries, {rows} rows")  # noqa: T201
    assert rows["one"] >= 1, f"{name}: nothing to export in the world of one row"
    assert rows["many"] > rows["one"], f"{name}: the world of many rows has no more rows"
    assert counts["many"] == counts["one"], f"{name}: {counts} queries (one per row?)"
