"""The list of observations (``recommendations:observation_list``): what the follow-up visits in
the user's scope saw of each approved recommendation, one row a visit and a recommendation. Its
scope (the visits'), the filters the indicators link with, what a row shows and never shows
(the CLI's notes), the export, the refusals and the query count.

The scene: the CLI of Nord-Kivu visited Ntoto and Otobora ten days ago (the Ntoto
recommendation made things worse, the Otobora one partly implemented, with a note naming a
family) and Otobora today (the Otobora one implemented as planned)."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from recommendations import services
from recommendations.choices import Finding

pytestmark = pytest.mark.django_db

URL = "/follow-up/observations/"
NOTE = "The Mukendi family was threatened again."


def record(cli, day, places, observations):
    visit, _created = services.visit_record(
        user=cli,
        client_id=uuid.uuid4(),
        data={
            "visited_on": day,
            "localities": places,
            "women": 3,
            "men": 5,
            "confidence": 3,
            "observations": observations,
        },
    )
    return visit


@pytest.fixture
def scene(approved, cli_nord, places, today):
    earlier = record(
        cli_nord,
        today - timedelta(days=10),
        [places.ntoto, places.otobora],
        [
            {"recommendation": approved.rec_ntoto, "finding": Finding.WORSE},
            {"recommendation": approved.rec_otobora, "finding": Finding.PARTLY, "note": NOTE},
        ],
    )
    later = record(
        cli_nord,
        today,
        [places.otobora],
        [{"recommendation": approved.rec_otobora, "finding": Finding.AS_PLANNED}],
    )
    worse, partly = earlier.observations.order_by("recommendation_id")
    return SimpleNamespace(
        earlier=earlier, later=later, worse=worse, partly=partly, done=later.observations.get()
    )


def listed(client, query: str = "") -> list[int]:
    response = client.get(f"{URL}{'?' if query else ''}{query}")
    assert response.status_code == 200, response.status_code
    return [observation.pk for observation in response.context["observations"]]


def test_the_route():
    assert reverse("recommendations:observation_list") == URL


def test_the_province_sees_its_visits_observations_newest_visit_first(
    client, scene, ca_officer, cli_nord, kinshasa_smg
):
    for user in (ca_officer, cli_nord, kinshasa_smg):
        client.force_login(user)
        assert listed(client) == [scene.done.pk, scene.worse.pk, scene.partly.pk], user


def test_another_province_sees_none(client, scene, cli_sud, ca_officer_sud):
    for user in (cli_sud, ca_officer_sud):
        client.force_login(user)
        assert listed(client) == [], user
        assert client.get(f"{scene.earlier.get_absolute_url()}").status_code == 404


@pytest.mark.parametrize("fmt", ["", "csv", "xlsx"])
def test_analysts_and_requesters_are_refused(client, scene, analyst, requester, fmt):
    for user in (analyst, requester):
        client.force_login(user)
        assert client.get(URL, {"export": fmt} if fmt else {}).status_code == 403, user
    assert not AuditEntry.objects.filter(action=AuditAction.LIST_EXPORTED).exists()


def test_the_filters(client, scene, kinshasa_smg, places, today):
    client.force_login(kinshasa_smg)
    assert listed(client, "finding=worse") == [scene.worse.pk]
    assert listed(client, "finding=not_at_all") == []
    assert listed(client, f"visited_from={today.isoformat()}") == [scene.done.pk]
    assert listed(client, f"visited_to={(today - timedelta(days=1)).isoformat()}") == [
        scene.worse.pk,
        scene.partly.pk,
    ]
    assert listed(client, f"province={places.sud_kivu.pk}") == []
    response = client.get(URL, {"finding": "maybe"})
    assert response.status_code == 200 and "finding" in response.context["filter"].form.errors


def test_each_row_links_to_its_visit_and_recommendation_never_the_note(
    client, scene, ca_officer, approved
):
    client.force_login(ca_officer)
    content = client.get(URL).content.decode()
    assert f'href="{scene.earlier.get_absolute_url()}"' in content
    assert f'href="{approved.rec_ntoto.get_absolute_url()}"' in content
    assert "Made things worse" in content and "Partly implemented" in content
    assert NOTE not in content
    assert NOTE in client.get(scene.earlier.get_absolute_url()).content.decode()
    assert NOTE not in client.get(URL, {"export": "csv"}).content.decode("utf-8-sig")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_holds_the_filtered_rows(client, scene, ca_officer, fmt):
    client.force_login(ca_officer)
    response = client.get(URL, {"export": fmt, "finding": "partly"})
    assert response.status_code == 200 and response["X-Export-Rows"] == "1"
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0]["What was seen"] == "Partly implemented"
        assert rows[0]["Mission"] == scene.partly.recommendation.report.mission.reference
    entry = AuditEntry.objects.filter(action=AuditAction.LIST_EXPORTED).latest("pk")
    assert entry.details["list"] == "recommendations:observation_list"
    assert entry.details["filters"] == {"finding": "partly"}


def test_an_empty_list_says_so(client, ca_officer):
    client.force_login(ca_officer)
    assert "No visit has checked a recommendation yet." in client.get(URL).content.decode()


def test_the_query_count_does_not_grow_with_the_rows(
    drawn, client, approved, cli_nord, places, today, django_assert_num_queries
):
    def visits(n):
        for _ in range(n):
            record(
                cli_nord,
                today,
                [places.ntoto, places.otobora],
                [
                    {"recommendation": approved.rec_ntoto, "finding": Finding.PARTLY},
                    {"recommendation": approved.rec_otobora, "finding": Finding.AS_PLANNED},
                ],
            )

    visits(1)
    client.force_login(cli_nord)
    for query in ({}, {"finding": "partly"}, {"export": "csv"}):
        client.get(URL, query)
        with CaptureQueriesContext(connection) as queries:
            client.get(URL, query)
        one = len(queries)
        assert one <= 12, query
        visits(5)
        with django_assert_num_queries(one):
            client.get(URL, query)
