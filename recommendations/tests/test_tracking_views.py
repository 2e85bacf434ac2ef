"""The implementation form, the recommendation's page with its implementation and the
follow-up visits' observations, the recommendation list's follow-up filters, and the monitoring
board: who gets what, input kept next to the fields, every count of the board equal to the
count of the list it links to, response times and the women's share worked out by hand, and a
constant number of queries whatever the number of rows.

The tests marked ``sqlite`` run on SQLite too (``make test``), the database of ``make run``.
"""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from recommendations import selectors, services
from recommendations.choices import (
    AlertChannel,
    AlertSource,
    Finding,
    ImplementationStatus,
    RelayedTo,
    StalledReason,
    SupportItem,
)
from recommendations.models import CommunityAlert, Implementation, MaterialSupport
from recommendations.views.tracking import ListLinks, list_url
from reports.choices import Decision, RecommendationStatus, ThreatType
from reports.models import Recommendation, Report
from reports.services import recommendation_decide, report_submit
from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db

BOARD = reverse("recommendations:board")
REC_LIST = reverse("recommendations:recommendation_list")


def implementation_url(rec) -> str:
    return reverse("recommendations:implementation_update", args=[rec.pk])


def detail_url(rec) -> str:
    return reverse("recommendations:recommendation_detail", args=[rec.pk])


def approve(report: Report, reviewers_in_order) -> Report:
    report_submit(report=report, user=report.mission.lead)
    for reviewer in reviewers_in_order:
        for rec in report.recommendations.filter(status=RecommendationStatus.IN_REVIEW):
            recommendation_decide(recommendation=rec, user=reviewer, decision=Decision.ENDORSE)
    report.refresh_from_db()
    assert report.status == "approved"
    return report


def track(rec, user, comment="Agreed at the SMG-P.", **data) -> Implementation:
    return services.implementation_update(recommendation=rec, user=user, data=data, comment=comment)


def list_count(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["paginator"].count


def local(day, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def previous_month_day(day: int):
    first = timezone.localdate().replace(day=1)
    return (first - timedelta(days=1)).replace(day=day)


# --------------------------------------------------------------------------------------------
# Who gets what
# --------------------------------------------------------------------------------------------


def test_anonymous_users_go_to_the_login_page(client, approved):
    for url in (BOARD, implementation_url(approved.rec_ntoto)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_permission_matrix_of_the_board_and_the_implementation_form(
    client, approved, ca_officer, ca_officer_sud, cli_nord, analyst, requester, reviewers
):
    """README: Civil Affairs track implementation in their provinces; reviewers and CLIs see
    the board (their provinces' figures); analysts see aggregates only (the indicator pages,
    not this board, which lists recommendations and alerts one by one)."""
    rec = approved.rec_ntoto
    expected = [
        # (user, board, implementation form)
        (ca_officer, 200, 200),
        (ca_officer_sud, 200, 404),  # another province: the recommendation is not found
        (cli_nord, 200, 403),
        (reviewers.hoo, 200, 403),
        (reviewers.kinshasa, 200, 403),
        (reviewers.rrewc, 200, 403),
        (analyst, 403, 403),
        (requester, 403, 403),
    ]
    for user, board, form in expected:
        client.force_login(user)
        assert client.get(BOARD).status_code == board, user
        assert client.get(implementation_url(rec)).status_code == form, user
        assert client.post(implementation_url(rec), {}).status_code == form, user


def test_a_cli_sees_the_figures_of_their_province_only(
    client, approved, make_report, reviewers, cli_nord, cli_sud, places
):
    approve(
        make_report(province=places.sud_kivu),
        [reviewers.hoo_sud, reviewers.provincial_sud, reviewers.kinshasa],
    )
    client.force_login(cli_nord)
    context = client.get(BOARD).context
    assert [row["label"] for row in context["by_province"]["rows"]] == ["Nord-Kivu"]
    assert context["total"] == 2
    client.force_login(cli_sud)
    context = client.get(BOARD).context
    assert [row["label"] for row in context["by_province"]["rows"]] == ["Sud-Kivu"]


def test_only_approved_recommendations_are_tracked(client, ca_officer, make_report):
    draft = make_report().recommendations.first()
    client.force_login(ca_officer)
    response = client.get(implementation_url(draft))
    assert response.status_code == 302
    assert response["Location"] == detail_url(draft)
    assert "Only approved recommendations are tracked" in client.get(detail_url(draft)).text
    assert not Implementation.objects.exists()


# --------------------------------------------------------------------------------------------
# The implementation form and the recommendation's page
# --------------------------------------------------------------------------------------------


def test_bad_input_is_kept_next_to_the_fields(client, approved, ca_officer):
    client.force_login(ca_officer)
    response = client.post(
        implementation_url(approved.rec_ntoto),
        {
            "owner_kind": "un_agency",
            "owner_name": "UNHCR Goma sub-office",
            "status": ImplementationStatus.STALLED,
            "cluster_outcome": "Agreed to share the patrol calendar.",
            "comment": "",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"comment"}
    html = response.text
    assert "UNHCR Goma sub-office" in html
    assert "Agreed to share the patrol calendar." in html
    assert not Implementation.objects.exists()
    # The comment given, the service's rules come next to their fields.
    response = client.post(
        implementation_url(approved.rec_ntoto),
        {
            "owner_name": "UNHCR Goma sub-office",
            "status": ImplementationStatus.STALLED,
            "cluster_outcome": "Agreed to share the patrol calendar.",
            "target_date": "not a date",
            "comment": "Blocked.",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "target_date" in errors
    response = client.post(
        implementation_url(approved.rec_ntoto),
        {
            "owner_name": "UNHCR Goma sub-office",
            "status": ImplementationStatus.STALLED,
            "cluster_outcome": "Agreed to share the patrol calendar.",
            "comment": "Blocked.",
        },
    )
    errors = response.context["form"].errors
    assert {"stalled_reason", "cluster_discussed_on"} <= set(errors)
    assert 'id="error_1_id_stalled_reason"' in response.text  # next to its field
    assert "UNHCR Goma sub-office" in response.text
    assert not Implementation.objects.exists()


def test_the_implementation_is_recorded_audited_and_shown(client, approved, ca_officer, today):
    client.force_login(ca_officer)
    response = client.post(
        implementation_url(approved.rec_ntoto),
        {
            "owner_kind": "mission_section",
            "owner_name": "Human Rights section",
            "focal_person": "Mme Kahindo",
            "target_date": (today - timedelta(days=3)).isoformat(),
            "status": ImplementationStatus.STALLED,
            "stalled_reason": StalledReason.SECURITY,
            "plan_section": "Human Rights",
            "plan_name": "HR work plan 2027",
            "cluster_discussed_on": (today - timedelta(days=1)).isoformat(),
            "cluster_outcome": "UNHCR shares the patrol calendar.",
            "comment": "The road to Ntoto is closed.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == detail_url(approved.rec_ntoto) + "#implementation"
    implementation = Implementation.objects.get(recommendation=approved.rec_ntoto)
    assert implementation.status == ImplementationStatus.STALLED
    entry = AuditEntry.objects.for_object(approved.rec_ntoto).latest("id")
    assert entry.action == AuditAction.IMPLEMENTATION_UPDATED
    assert entry.details["comment"] == "The road to Ntoto is closed."
    html = client.get(detail_url(approved.rec_ntoto)).text
    for text in (
        "Human Rights section",
        "Mme Kahindo",
        "HR work plan 2027",
        "UNHCR shares the patrol calendar.",
        "text-bg-danger",  # stalled, in its colour
        "Security",
        "overdue",
        "The road to Ntoto is closed.",  # the comment, in the history
    ):
        assert text in html, text
    # The form shows what is recorded.
    form = client.get(implementation_url(approved.rec_ntoto)).context["form"]
    assert form.initial["owner_name"] == "Human Rights section"


def test_the_page_shows_what_follow_up_visits_saw(
    client, approved, ca_officer, cli_nord, places, today, make_user
):
    services.visit_record(
        user=cli_nord,
        client_id=uuid.uuid4(),
        data={
            "visited_on": today - timedelta(days=2),
            "localities": [places.ntoto],
            "women": 5,
            "men": 3,
            "confidence": 3,
            "observations": [
                {
                    "recommendation": approved.rec_ntoto,
                    "finding": Finding.PARTLY,
                    "note": "Escorts on two Thursdays out of four.",
                }
            ],
        },
    )
    client.force_login(ca_officer)
    html = client.get(detail_url(approved.rec_ntoto)).text
    assert "Partly implemented" in html
    assert "Escorts on two Thursdays out of four." in html
    assert (today - timedelta(days=2)).strftime("%b") in html
    # A team member sees the recommendation, not the follow-up.
    member = approved.report.team_user
    client.force_login(member)
    response = client.get(detail_url(approved.rec_ntoto))
    assert response.status_code == 200
    assert "Escorts on two Thursdays out of four." not in response.text
    assert 'id="implementation"' in response.text


# --------------------------------------------------------------------------------------------
# The list's follow-up filters
# --------------------------------------------------------------------------------------------


def test_the_list_filters_by_implementation_owner_age_and_overdue(
    client, approved, ca_officer, make_report, today
):
    ntoto, otobora = approved.rec_ntoto, approved.rec_otobora
    draft = make_report().recommendations.first()
    track(
        ntoto,
        ca_officer,
        owner_name="UNHCR & WFP",
        status=ImplementationStatus.IN_PROGRESS,
        target_date=today - timedelta(days=1),
    )
    Report.objects.filter(pk=approved.report.pk).update(
        approved_at=timezone.now() - timedelta(days=100)
    )
    client.force_login(ca_officer)

    def ids(**params):
        response = client.get(REC_LIST, params)
        assert response.status_code == 200
        return {rec.pk for rec in response.context["recommendations"]}

    assert ids(implementation="in_progress") == {ntoto.pk}
    # Not started: approved ones without an implementation (never the drafts).
    assert ids(implementation="not_started") == {otobora.pk}
    assert ids(implementation="open") == {ntoto.pk, otobora.pk}
    assert ids(owner="UNHCR & WFP") == {ntoto.pk}
    assert ids(owner="-", status="approved") == {otobora.pk}
    assert draft.pk in ids(owner="-")
    assert ids(age="90-180") == {ntoto.pk, otobora.pk}
    assert ids(age="0-90") == set()
    assert ids(age="365-") == set()
    assert ids(overdue="true") == {ntoto.pk}
    assert ntoto.pk not in ids(overdue="false")
    # A bad range is a message next to the field, not a server error.
    response = client.get(REC_LIST, {"age": "soon"})
    assert response.status_code == 200
    assert "age" in response.context["filter"].form.errors


# --------------------------------------------------------------------------------------------
# The board: every count links to the list holding those rows
# --------------------------------------------------------------------------------------------


@pytest.fixture
def two_provinces(approved, make_report, reviewers, ca_officer, ca_officer_sud, places, today):
    """Nord-Kivu: Ntoto stalled with UNHCR & WFP, overdue; Otobora not started; three more
    approved recommendations (one implemented by the Human Rights section, one in progress
    with no owner named, one not started, approved 200 days ago). Sud-Kivu: an approved report
    of two, one in progress with the Human Rights section."""
    track(
        approved.rec_ntoto,
        ca_officer,
        owner_name="UNHCR & WFP",
        status=ImplementationStatus.STALLED,
        stalled_reason=StalledReason.NO_FUNDING,
        target_date=today - timedelta(days=5),
    )
    more = [
        RecommendationFactory(report=approved.report, approved=True, localities=[places.ntoto])
        for _i in range(3)
    ]
    track(
        more[0],
        ca_officer,
        owner_name="Human Rights section",
        status=ImplementationStatus.IMPLEMENTED,
        target_date=today - timedelta(days=30),  # done: not overdue
    )
    track(more[1], ca_officer, status=ImplementationStatus.IN_PROGRESS)
    RecommendationFactory(report=approved.report, status=RecommendationStatus.REJECTED)
    old = approve(make_report(), [reviewers.hoo, reviewers.provincial, reviewers.kinshasa])
    Report.objects.filter(pk=old.pk).update(approved_at=timezone.now() - timedelta(days=200))
    Recommendation.objects.filter(report=old).update(target_date=today - timedelta(days=10))
    sud = approve(
        make_report(province=places.sud_kivu),
        [reviewers.hoo_sud, reviewers.provincial_sud, reviewers.kinshasa],
    )
    track(
        sud.recommendations.first(),
        ca_officer_sud,
        owner_name="Human Rights section",
        status=ImplementationStatus.IN_PROGRESS,
    )
    return approved


def board_links(context) -> list[tuple[str, int, str]]:
    """Every (what, count, url) of the board's recommendation figures."""
    links = [
        ("approved", context["total"], context["total_url"]),
        ("overdue", context["overdue"], context["overdue_url"]),
    ]
    for name in ("by_province", "by_owner"):
        for row in context[name]["rows"]:
            label = f"{name} {row['label'] or '-'}"
            links.append((f"{label} total", row["total"], row["total_url"]))
            links.append((f"{label} overdue", row["overdue"], row["overdue_url"]))
            for status, cell in zip(ImplementationStatus.values, row["cells"], strict=True):
                links.append((f"{label} {status}", cell["count"], cell["url"]))
        for status, cell in zip(ImplementationStatus.values, context[name]["totals"], strict=True):
            links.append((f"{name} all {status}", cell["count"], cell["url"]))
    for age in context["ages"]:
        links.append((f"age {age['label']}", age["count"], age["url"]))
    return links


@pytest.mark.sqlite
def test_every_count_of_the_board_is_the_count_of_its_list(
    client, two_provinces, ca_officer, kinshasa_smg, places
):
    for user, query in (
        (kinshasa_smg, ""),
        (ca_officer, ""),
        (kinshasa_smg, f"?province={places.nord_kivu.pk}"),
        (kinshasa_smg, f"?province={places.sud_kivu.pk}"),
    ):
        client.force_login(user)
        context = client.get(BOARD + query).context
        mismatches = [
            (what, count, list_count(client, url), url)
            for what, count, url in board_links(context)
            if list_count(client, url) != count
        ]
        assert not mismatches, (user, query, mismatches)


@pytest.mark.sqlite
def test_the_board_counts_by_province_owner_status_and_age(
    client, two_provinces, kinshasa_smg, places
):
    client.force_login(kinshasa_smg)
    context = client.get(BOARD).context
    assert context["total"] == 9  # 5 + 2 in Nord-Kivu, 2 in Sud-Kivu; never the rejected one
    assert context["overdue"] == 3  # Ntoto, and the two of the report approved 200 days ago
    provinces = {row["label"]: row for row in context["by_province"]["rows"]}
    assert provinces["Nord-Kivu"]["total"] == 7
    assert provinces["Nord-Kivu"]["overdue"] == 3
    counts = dict(zip(ImplementationStatus.values, provinces["Nord-Kivu"]["cells"], strict=True))
    assert counts["not_started"]["count"] == 4
    assert counts["stalled"]["count"] == 1
    assert counts["implemented"]["count"] == 1
    # Overdue first: the Nord-Kivu row leads.
    assert context["by_province"]["rows"][0]["label"] == "Nord-Kivu"
    owners = {row["label"]: row["total"] for row in context["by_owner"]["rows"]}
    assert owners == {"UNHCR & WFP": 1, "Human Rights section": 2, "": 6}
    # The owner's name is URL-encoded in the links (an "&" would cut the query string).
    unhcr = next(row for row in context["by_owner"]["rows"] if row["label"] == "UNHCR & WFP")
    assert parse_qs(urlsplit(unhcr["total_url"]).query)["owner"] == ["UNHCR & WFP"]
    ages = [age["count"] for age in context["ages"]]
    assert ages == [6, 0, 2, 0]  # still open (the implemented one is not); 200 days: 6-12 months
    # The overdue list comes first.
    first = context["first_rows"]
    assert [rec.is_overdue for rec in first[:3]] == [1, 1, 1]
    assert not any(rec.is_overdue for rec in first[3:])
    html = client.get(BOARD).text
    assert "No owner named yet" in html
    # The province filter narrows every figure, and the owner links keep it.
    context = client.get(BOARD, {"province": places.sud_kivu.pk}).context
    assert context["total"] == 2
    hr = next(row for row in context["by_owner"]["rows"] if row["label"])
    assert parse_qs(urlsplit(hr["total_url"]).query)["province"] == [str(places.sud_kivu.pk)]


@pytest.mark.sqlite
def test_no_owner_counts_both_the_untracked_and_the_blank_owner(
    client, approved, ca_officer, today
):
    """``board_by`` groups the owner-less rows (no implementation: NULL; one with no owner
    named: "") into one row; a status found in both used to keep the last count only."""
    track(approved.rec_ntoto, ca_officer, target_date=today + timedelta(days=9))
    [row] = selectors.board_by(ca_officer, "owner")
    assert row.total == 2
    assert row.cells["not_started"].count == 2
    client.force_login(ca_officer)
    assert list_count(client, f"{REC_LIST}?{row.cells['not_started'].query}") == 2


@pytest.mark.sqlite
@pytest.mark.parametrize(
    ("query", "extra"),
    [
        ("", {}),
        ("owner=UNHCR+%26+WFP", {"province": 7}),
        ("owner=-&implementation=in_progress", {"status": "approved", "province": None}),
        ("province=12", {"status": "approved", "overdue": "true"}),
        ("owner=L%27administrateur+du+territoire+d%C3%A9Walikale", {"province": ""}),
    ],
)
def test_the_board_links_are_written_as_list_url_writes_them(query, extra):
    """The board writes its 1,750 links with ``ListLinks`` (the path reversed once); each is
    the URL ``list_url`` gives."""
    name = "recommendations:recommendation_list"
    province = extra.pop("province", None)
    assert ListLinks(name, province=province)(query, **extra) == list_url(
        name, query, **extra, province=province
    )


@pytest.mark.sqlite
def test_the_board_tables_follow_every_change_of_their_figures(client, approved, ca_officer, today):
    """The two tables are drawn once per version of their figures (``tables_version``): a
    change of owner, status or target date is on the board at the next view."""
    client.force_login(ca_officer)
    first = client.get(BOARD)
    assert "Protection Cluster members" not in first.text
    track(
        approved.rec_ntoto,
        ca_officer,
        owner_name="Protection Cluster members",
        status=ImplementationStatus.STALLED,
        stalled_reason=StalledReason.NO_FUNDING,
        target_date=today - timedelta(days=3),
    )
    second = client.get(BOARD)
    assert second.context["tables_version"] != first.context["tables_version"]
    assert "Protection Cluster members" in second.text
    owner = next(r for r in second.context["by_owner"]["rows"] if r["label"])
    assert owner["overdue"] == 1
    assert f'href="{owner["overdue_url"].replace("&", "&amp;")}"' in second.text
    # Nothing changed since: the same board, from the cache (its body is not drawn again).
    third = client.get(BOARD)
    assert "tables_version" not in third.context
    assert third.context["board_body"] == second.context["board_body"]


@pytest.mark.sqlite
def test_the_board_is_drawn_again_after_any_change_and_only_then(
    client, approved, ca_officer, cli_nord, today, places, django_assert_max_num_queries
):
    """``BoardView.body``: the board under its filters is cached by the version of the data
    (the last audit entry), the user, their provinces and permissions, the filters and the
    day. A view with nothing changed costs the filters' queries only; a change recorded by
    any service, a province taken from the user, another filter draw it again."""
    client.force_login(ca_officer)
    first = client.get(BOARD)
    assert "by_owner" in first.context  # drawn
    with django_assert_max_num_queries(7):
        again = client.get(BOARD)
    assert "by_owner" not in again.context
    assert again.context["board_body"] == first.context["board_body"]
    # An alert logged: the waiting count moves at the next view.
    log_alert(cli_nord, places.ntoto, timezone.now() - timedelta(hours=60))
    after_alert = client.get(BOARD)
    assert "by_owner" in after_alert.context
    assert after_alert.context["waiting_count"] == first.context["waiting_count"] + 1
    # Another filter: its own board.
    assert "by_owner" in client.get(BOARD, {"months": 3}).context
    # A province given to the user (no audit entry needed): drawn again.
    ca_officer.provinces.add(places.sud_kivu)
    assert "by_owner" in client.get(BOARD).context


@pytest.mark.sqlite
def test_the_count_of_a_list_is_read_again_only_after_a_change(client, approved, ca_officer, today):
    """``CachedCountPaginator``: the count of a filtered list is cached by the version of the
    data; the same list again runs no COUNT, and a change recorded by a service is counted at
    the next view (the board's "past their target date" link)."""
    client.force_login(ca_officer)
    overdue = {"status": "approved", "overdue": "true"}
    before = client.get(REC_LIST, overdue).context["paginator"].count
    with CaptureQueriesContext(connection) as queries:
        assert client.get(REC_LIST, overdue).context["paginator"].count == before
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    track(approved.rec_ntoto, ca_officer, target_date=today - timedelta(days=2))
    assert client.get(REC_LIST, overdue).context["paginator"].count == before + 1
    # Another filter, another count.
    assert client.get(REC_LIST, {"status": "approved"}).context["paginator"].count >= before + 1


@pytest.mark.sqlite
def test_the_board_figures_come_from_one_query(approved, ca_officer, today):
    """``board_counts`` groups by province, owner and status once; the tables and the age
    buckets add its rows up, as ``board_by`` and ``age_buckets`` alone do."""
    track(approved.rec_ntoto, ca_officer, owner_name="UNHCR", target_date=today - timedelta(days=1))
    with CaptureQueriesContext(connection) as queries:
        counts = selectors.board_counts(ca_officer)
    assert len(queries) == 1
    for dimension in ("province", "owner"):
        shared = selectors.board_by(ca_officer, dimension, counts=counts)
        alone = selectors.board_by(ca_officer, dimension)
        assert shared == alone
    assert selectors.age_buckets(ca_officer, counts=counts) == selectors.age_buckets(ca_officer)
    assert sum(row.overdue for row in selectors.board_by(ca_officer, "province")) == 1


def test_the_board_ignores_a_province_out_of_scope(client, two_provinces, ca_officer, places):
    client.force_login(ca_officer)
    response = client.get(BOARD, {"province": places.sud_kivu.pk})
    assert response.status_code == 200
    assert "province" in response.context["form"].errors
    assert [row["label"] for row in response.context["by_province"]["rows"]] == ["Nord-Kivu"]


# --------------------------------------------------------------------------------------------
# Alerts on the board
# --------------------------------------------------------------------------------------------


def log_alert(user, locality, received, **data) -> CommunityAlert:
    return services.alert_record(
        user=user,
        data={
            "received_at": received,
            "locality": locality,
            "channel": AlertChannel.PHONE,
            "threat_type": ThreatType.ATTACK,
            "source": AlertSource.LOCAL_LEADER,
            "base": services.base_for(locality),
            **data,
        },
    )


def answered(user, locality, received, hours: float) -> CommunityAlert:
    relayed = received + timedelta(minutes=10)
    return log_alert(
        user,
        locality,
        received,
        relayed_at=relayed,
        relayed_to=[RelayedTo.PEACEKEEPERS],
        responded_at=received + timedelta(hours=hours),
        response="A patrol went.",
    )


@pytest.mark.parametrize(("hours", "flagged"), [(2, True), (4, False)])
def test_an_alert_without_response_is_flagged_after_the_configured_time(
    client, cli_nord, ca_officer, places, hours, flagged
):
    alert = log_alert(cli_nord, places.ntoto, timezone.now() - timedelta(hours=3))
    client.force_login(ca_officer)
    with override_settings(JPT_ALERT_RESPONSE_HOURS=hours):
        context = client.get(BOARD).context
        assert context["waiting_count"] == (1 if flagged else 0)
        assert [a.pk for a in context["waiting_rows"]] == ([alert.pk] if flagged else [])
        assert list_count(client, context["waiting_url"]) == context["waiting_count"]
        html = client.get(reverse("recommendations:alert_list")).text
        assert ('data-waiting="1"' in html) is flagged


@pytest.mark.sqlite
def test_response_times_by_base_and_month_by_hand(client, cli_nord, ca_officer, places):
    """Five alerts of the Walikale base on the 10th of last month, answered after 1, 2, 3, 4
    and 10 hours: median 3 h; 90th percentile, between the 4th and 5th values (linear, as
    numpy's default): 4 + 0.6 × (10 - 4) = 7.6 h."""
    day = previous_month_day(10)
    for index, hours in enumerate((4, 1, 10, 3, 2)):
        answered(cli_nord, places.ntoto, local(day, 8, index), hours)
    log_alert(cli_nord, places.ntoto, local(day, 9))  # no response: not in the times
    client.force_login(ca_officer)
    context = client.get(BOARD).context
    [row] = context["times"]
    assert (row.base, row.month, row.alerts) == ("COB Walikale", day.replace(day=1), 5)
    assert (row.median_hours, row.p90_hours) == (3.0, 7.6)
    assert list_count(client, row.url) == 5
    # Over this month only, last month's alerts are out, whatever today's date.
    assert client.get(BOARD, {"months": 1}).context["times"] == []


def test_the_oldest_month_of_the_period_is_counted_whole(cli_nord, ca_officer, places):
    """``response_times`` used to start ``31 × months`` days back, cutting the oldest month
    (its median then came from part of its alerts): it starts on the 1st of that month."""
    first = previous_month_day(1)
    answered(cli_nord, places.ntoto, local(first, 0, 30), 2)
    answered(cli_nord, places.ntoto, local(previous_month_day(28), 20), 6)
    [row] = selectors.response_times(ca_officer, months=2)
    assert row.alerts == 2 and row.median_hours == 4.0
    assert selectors.months_start(2) == local(first, 0)
    assert selectors.response_times(ca_officer, months=1) == []


# --------------------------------------------------------------------------------------------
# Material support: the women's share
# --------------------------------------------------------------------------------------------


@pytest.mark.sqlite
def test_the_share_of_women_recipients_per_province(
    client, cli_nord, cli_sud, kinshasa_smg, places, today
):
    for user, locality, women, men in (
        (cli_nord, places.ntoto, 6, 4),
        (cli_nord, places.nyabiondo, 1, 9),
        (cli_sud, places.matili, 5, 5),
    ):
        services.support_record(
            user=user,
            data={
                "locality": locality,
                "given_on": today,
                "item": SupportItem.PHONE,
                "women": women,
                "men": men,
            },
        )
    client.force_login(kinshasa_smg)
    context = client.get(BOARD).context
    shares = {
        row["province"]: (row["women"], row["men"], row["women_share"])
        for row in context["support"]
    }
    assert shares == {"Nord-Kivu": (7, 13, 35), "Sud-Kivu": (5, 5, 50)}
    assert context["support_total"]["women_share"] == 40  # 12 of 30
    for row in context["support"]:
        response = client.get(row["url"])
        assert response.context["totals"]["women"] == row["women"]
        assert response.context["totals"]["men"] == row["men"]
        assert response.context["totals"]["women_share"] == row["women_share"]
    html = client.get(BOARD).text
    assert "35 %" in html and "50 %" in html
    context = client.get(BOARD, {"province": places.sud_kivu.pk}).context
    assert [row["province"] for row in context["support"]] == ["Sud-Kivu"]


# --------------------------------------------------------------------------------------------
# Constant queries on the board
# --------------------------------------------------------------------------------------------


def grow(approved, places, cli, n: int = 30) -> None:
    """Many rows of everything the board shows (written directly)."""
    now = timezone.now()
    recs = RecommendationFactory.create_batch(
        n, report=approved.report, approved=True, localities=[places.otobora]
    )
    Implementation.objects.bulk_create(
        Implementation(
            recommendation=rec,
            owner_name=f"Owner {i % 7}",
            status=ImplementationStatus.IN_PROGRESS,
            target_date=timezone.localdate() - timedelta(days=i),
        )
        for i, rec in enumerate(recs)
    )
    base = places.walikale_cob
    CommunityAlert.objects.bulk_create(
        CommunityAlert(
            received_at=now - timedelta(days=i * 9, hours=6),
            responded_at=None if i % 2 else now - timedelta(days=i * 9, hours=3),
            relayed_at=None if i % 2 else now - timedelta(days=i * 9, hours=5),
            relayed_to=[] if i % 2 else [RelayedTo.POLICE],
            response="" if i % 2 else "Patrol",
            cli=cli,
            province=places.nord_kivu,
            base=base if i % 3 else None,
            locality=places.ntoto,
            channel=AlertChannel.RADIO,
            threat_type=ThreatType.ATTACK,
            source=AlertSource.COMMUNITY_MEMBER,
        )
        for i in range(n)
    )
    MaterialSupport.objects.bulk_create(
        MaterialSupport(
            province=places.nord_kivu if i % 2 else places.sud_kivu,
            locality=places.ntoto if i % 2 else places.matili,
            given_on=timezone.localdate(),
            item=SupportItem.RADIO,
            women=i,
            men=1,
            recorded_by=cli,
        )
        for i in range(n)
    )


@pytest.mark.parametrize("who", ["ca_officer", "kinshasa_smg", "cli_nord"])
def test_the_board_makes_as_many_queries_with_one_row_as_with_many(
    client, approved, places, cli_nord, who, request, django_assert_num_queries
):
    user = request.getfixturevalue(who)
    log_alert(cli_nord, places.ntoto, timezone.now() - timedelta(hours=9))
    client.force_login(user)
    client.get(BOARD)  # the session and the permission caches
    cache.clear()  # the board drawn, not read from the cache (BoardView.body)
    with CaptureQueriesContext(connection) as one:
        assert client.get(BOARD).status_code == 200
    assert len(one) <= 15, [q["sql"][:120] for q in one.captured_queries]
    grow(approved, places, cli_nord)
    cache.clear()  # grow writes rows directly, with no audit entry: no new version
    with django_assert_num_queries(len(one)):
        response = client.get(BOARD)
    assert response.context["total"] == 32
    assert response.context["waiting_count"] >= 15
