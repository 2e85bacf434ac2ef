"""Pages of the review chain: inbox, review page (decide, return), recommendation list and
detail; their permission matrix, messages and query counts."""

from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jpt.accounts.roles import Role
from missions.choices import MissionStatus
from missions.models import Mission
from missions.services import request_approve, request_submit
from reports import services
from reports.choices import (
    Addressee,
    Category,
    Decision,
    RecommendationStatus,
    ReportStatus,
    ReviewLevel,
    StageOutcome,
)
from reports.models import ProvinceChain, RecommendationDecision, Report, ReviewStage
from tests.factories import (
    MissionStakeholderFactory,
    RecommendationFactory,
    ReportFactory,
    SexualViolenceAnalysisFactory,
    ThreatFactory,
)

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------------------------
# Building submitted reports
# --------------------------------------------------------------------------------------------


def build_report(*, jpt_request, officer, locality, title_recs=("Escort to the market",)):
    """A mission from the request (approved by ``officer``, through the service), a report that
    passes the submission checks (rows from the factories), submitted through the service."""
    mission = request_approve(
        jpt_request=jpt_request, user=officer, mandate="Assess threats and agree a plan."
    )
    # Back from the field (the status, written directly: this is about the review).
    Mission.objects.filter(pk=mission.pk).update(status=MissionStatus.REPORT_DRAFTING)
    report = ReportFactory(mission=mission, commander_coauthor="Major K.")
    SexualViolenceAnalysisFactory(report=report, filled=True)
    ThreatFactory(report=report, localities=[locality])
    MissionStakeholderFactory(mission=mission, stakeholder__locality=locality, added_by=officer)
    categories = [Category.ESCORT_PATROL, Category.JUSTICE, Category.HEALTH]
    for i, text in enumerate(title_recs):
        RecommendationFactory(
            report=report,
            text=text,
            current_text=text,
            category=categories[i % len(categories)],
            target_date=timezone.localdate() + timedelta(days=30),
            localities=[locality],
        )
    services.report_submit(report=report, user=officer)
    return Report.objects.get(pk=report.pk)


def open_stage(report) -> ReviewStage:
    return ReviewStage.objects.open().get(report=report)


@pytest.fixture
def people(make_user, places, ca_officer, ca_officer_sud, requester, kinshasa_smg):
    return SimpleNamespace(
        ca=ca_officer,
        ca_sud=ca_officer_sud,
        requester=requester,
        requester_sud=make_user("requester_sud", Role.REQUESTER, [places.sud_kivu]),
        hoo_nord=make_user("hoo_nord", Role.HEAD_OF_OFFICE, [places.nord_kivu]),
        hoo_sud=make_user("hoo_sud", Role.HEAD_OF_OFFICE, [places.sud_kivu]),
        smg_nord=make_user("smg_nord", Role.SMG_PROVINCIAL, [places.nord_kivu]),
        smg_sud=make_user("smg_sud", Role.SMG_PROVINCIAL, [places.sud_kivu]),
        kinshasa=kinshasa_smg,
        member=make_user("member_nord", Role.TEAM_MEMBER, [places.nord_kivu]),
    )


@pytest.fixture
def nord_report(people, places, submitted_request):
    return build_report(
        jpt_request=submitted_request,
        officer=people.ca,
        locality=places.ntoto,
        title_recs=("Escort women to Ntoto market", "Transport to the legal clinic"),
    )


@pytest.fixture
def make_nord_report(people, places, request_details):
    counter = iter(range(1000))

    def make(recs=("Escort women to Ntoto market", "Transport to the legal clinic")):
        n = next(counter)
        jpt_request = request_submit(
            user=people.requester, details=request_details(title=f"Attack {n}")
        )
        return build_report(
            jpt_request=jpt_request, officer=people.ca, locality=places.ntoto, title_recs=recs
        )

    return make


@pytest.fixture
def sud_report(people, places, request_details):
    jpt_request = request_submit(
        user=people.requester_sud,
        details=request_details(
            title="Displacement around Matili",
            province=places.sud_kivu,
            territory=places.shabunda,
            localities=[places.matili],
        ),
    )
    return build_report(
        jpt_request=jpt_request,
        officer=people.ca_sud,
        locality=places.matili,
        title_recs=("Escort to Shabunda market", "Mobile clinic in Matili"),
    )


def decide_url(stage, rec):
    return reverse("reports:decide", args=[stage.pk, rec.pk])


def post_decision(client, stage, rec, decision, changed_text="", reason=""):
    prefix = f"rec{rec.pk}"
    return client.post(
        decide_url(stage, rec),
        {
            f"{prefix}-decision": decision,
            f"{prefix}-changed_text": changed_text,
            f"{prefix}-reason": reason,
        },
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --------------------------------------------------------------------------------------------
# Permission matrix
# --------------------------------------------------------------------------------------------


def test_anonymous_goes_to_login(client, nord_report):
    stage = open_stage(nord_report)
    rec = nord_report.recommendations.first()
    urls = [
        reverse("reports:inbox"),
        reverse("reports:review", args=[stage.pk]),
        reverse("recommendations:recommendation_list"),
        reverse("recommendations:recommendation_detail", args=[rec.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    for url in [decide_url(stage, rec), reverse("reports:return", args=[stage.pk])]:
        response = client.post(url, {})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["ca", "member", "requester"])
def test_non_reviewer_gets_403(client, people, nord_report, who):
    stage = open_stage(nord_report)
    rec = nord_report.recommendations.first()
    client.force_login(getattr(people, who))
    assert client.get(reverse("reports:inbox")).status_code == 403
    assert client.get(reverse("reports:review", args=[stage.pk])).status_code == 403
    response = post_decision(client, stage, rec, Decision.ENDORSE)
    assert response.status_code == 403
    response = client.post(
        reverse("reports:return", args=[stage.pk]), {"return-comment": "Redo it."}
    )
    assert response.status_code == 403
    assert not RecommendationDecision.objects.exists()
    assert open_stage(nord_report).pk == stage.pk


def test_nord_reviewer_cannot_see_or_decide_a_sud_report(client, people, sud_report):
    stage = open_stage(sud_report)
    rec = sud_report.recommendations.first()
    client.force_login(people.hoo_nord)
    assert client.get(reverse("reports:review", args=[stage.pk])).status_code == 404
    assert post_decision(client, stage, rec, Decision.ENDORSE).status_code == 404
    response = client.post(reverse("reports:return", args=[stage.pk]), {"return-comment": "No."})
    assert response.status_code == 404
    detail = reverse("recommendations:recommendation_detail", args=[rec.pk])
    assert client.get(detail).status_code == 404
    inbox = client.get(reverse("reports:inbox"))
    assert list(inbox.context["stages"]) == []
    listing = client.get(reverse("recommendations:recommendation_list"))
    assert list(listing.context["recommendations"]) == []
    assert not RecommendationDecision.objects.exists()


def test_sud_head_of_office_cannot_decide_a_nord_report(client, people, nord_report):
    stage = open_stage(nord_report)
    rec = nord_report.recommendations.first()
    client.force_login(people.hoo_sud)
    assert post_decision(client, stage, rec, Decision.ENDORSE).status_code in (403, 404)
    response = client.post(reverse("reports:return", args=[stage.pk]), {"return-comment": "No."})
    assert response.status_code in (403, 404)
    assert not RecommendationDecision.objects.exists()
    nord_report.refresh_from_db()
    assert nord_report.status == ReportStatus.IN_REVIEW


def test_reviewer_of_another_level_reads_but_cannot_decide(client, people, nord_report):
    stage = open_stage(nord_report)
    rec = nord_report.recommendations.first()
    client.force_login(people.kinshasa)
    response = client.get(reverse("reports:review", args=[stage.pk]))
    assert response.status_code == 200
    assert not response.context["can_decide"]
    assert all(row["form"] is None for row in response.context["rows"])
    assert post_decision(client, stage, rec, Decision.ENDORSE).status_code == 403
    assert not RecommendationDecision.objects.exists()


def test_right_reviewer_sees_inbox_and_review_page(client, people, nord_report):
    stage = open_stage(nord_report)
    client.force_login(people.hoo_nord)
    inbox = client.get(reverse("reports:inbox"))
    assert inbox.status_code == 200
    assert [s.pk for s in inbox.context["stages"]] == [stage.pk]
    assert inbox.context["stages"][0].to_decide == 2
    assert reverse("reports:review", args=[stage.pk]) in inbox.content.decode()
    page = client.get(reverse("reports:review", args=[stage.pk]))
    assert page.status_code == 200
    assert page.context["can_decide"]
    rows = page.context["rows"]
    assert len(rows) == 2
    first = rows[0]
    assert first["form"]["changed_text"].value() == first["rec"].display_text
    html = page.content.decode()
    assert "Escort women to Ntoto market" in html
    assert reverse("reports:decide", args=[stage.pk, first["rec"].pk]) in html
    assert reverse("reports:return", args=[stage.pk]) in html
    assert reverse("reports:report_detail", args=[nord_report.pk]) in html


# --------------------------------------------------------------------------------------------
# Deciding and returning
# --------------------------------------------------------------------------------------------


def test_deciding_every_recommendation_moves_the_report_up(client, people, nord_report):
    stage = open_stage(nord_report)
    first, second = nord_report.recommendations.order_by("id")
    client.force_login(people.hoo_nord)

    response = post_decision(client, stage, first, Decision.ENDORSE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reports:review", args=[stage.pk]))
    assert open_stage(nord_report).pk == stage.pk
    page = client.get(response["Location"])
    rows = {row["rec"].pk: row for row in page.context["rows"]}
    assert rows[first.pk]["decision"].decided_by == people.hoo_nord
    assert rows[first.pk]["form"] is None
    assert rows[second.pk]["form"] is not None
    assert page.context["waiting_count"] == 1

    response = post_decision(
        client, stage, second, Decision.ENDORSE_WITH_CHANGES, changed_text="Motorbike to clinic"
    )
    assert response.status_code == 302
    # The reviewer lands on a page that says what happened and links to the report.
    assert response["Location"] == reverse("reports:review", args=[stage.pk]) + "#outcome"
    landing = client.get(response["Location"])
    html = landing.content.decode()
    assert 'id="outcome" data-outcome="forwarded"' in html
    assert "went to Provincial SMG-P" in html
    assert reverse("reports:report_detail", args=[nord_report.pk]) in html
    stage.refresh_from_db()
    assert stage.outcome == StageOutcome.FORWARDED
    following = open_stage(nord_report)
    assert following.level == ReviewLevel.PROVINCIAL_SMG
    second.refresh_from_db()
    assert second.current_text == "Motorbike to clinic"
    assert second.text == "Transport to the legal clinic"

    # The provincial reviewer sees it and the earlier decisions; the old stage is read-only.
    client.force_login(people.smg_nord)
    page = client.get(reverse("reports:review", args=[following.pk]))
    assert page.status_code == 200
    rows = {row["rec"].pk: row for row in page.context["rows"]}
    assert [d.decision for d in rows[second.pk]["earlier"]] == [Decision.ENDORSE_WITH_CHANGES]
    old = client.get(reverse("reports:review", args=[stage.pk]))
    assert old.status_code == 200
    assert not old.context["can_decide"]
    assert 'id="outcome"' in old.content.decode()


def test_final_level_approves(client, people, places, nord_report):
    ProvinceChain.objects.create(province=places.nord_kivu, final_level=ReviewLevel.KINSHASA_SMG)
    for reviewer in (people.hoo_nord, people.smg_nord, people.kinshasa):
        client.force_login(reviewer)
        stage = open_stage(nord_report)
        for rec in nord_report.recommendations.filter(status=RecommendationStatus.IN_REVIEW):
            assert post_decision(client, stage, rec, Decision.ENDORSE).status_code == 302
    nord_report.refresh_from_db()
    assert nord_report.status == ReportStatus.APPROVED
    assert set(nord_report.recommendations.values_list("status", flat=True)) == {
        RecommendationStatus.APPROVED
    }


@pytest.mark.parametrize(
    ("decision", "field", "message"),
    [
        (Decision.ENDORSE_WITH_CHANGES, "changed_text", "Write the changed text"),
        (Decision.REJECT, "reason", "Say why the recommendation is rejected"),
    ],
)
def test_decision_errors_next_to_the_field_with_input_kept(
    client, people, nord_report, decision, field, message
):
    stage = open_stage(nord_report)
    rec = nord_report.recommendations.order_by("id").first()
    client.force_login(people.hoo_nord)
    other = {"changed_text": "reason", "reason": "changed_text"}[field]
    prefix = f"rec{rec.pk}"
    response = client.post(
        decide_url(stage, rec),
        {f"{prefix}-decision": decision, f"{prefix}-{field}": "", f"{prefix}-{other}": "kept"},
    )
    assert response.status_code == 200
    row = next(r for r in response.context["rows"] if r["rec"].pk == rec.pk)
    form = row["form"]
    assert message in " ".join(form.errors[field])
    assert form[other].value() == "kept"
    assert form["decision"].value() == decision
    assert message in response.content.decode()
    assert not RecommendationDecision.objects.exists()


def test_missing_decision_choice_is_an_error(client, people, nord_report):
    stage = open_stage(nord_report)
    rec = nord_report.recommendations.first()
    client.force_login(people.hoo_nord)
    response = client.post(decide_url(stage, rec), {})
    assert response.status_code == 200
    row = next(r for r in response.context["rows"] if r["rec"].pk == rec.pk)
    assert "decision" in row["form"].errors


def test_deciding_twice_gives_already_decided_and_one_decision(
    client, people, make_user, places, nord_report
):
    second_reviewer = make_user("hoo_nord_2", Role.HEAD_OF_OFFICE, [places.nord_kivu])
    stage = open_stage(nord_report)
    rec = nord_report.recommendations.order_by("id").first()
    client.force_login(people.hoo_nord)
    assert post_decision(client, stage, rec, Decision.ENDORSE).status_code == 302
    client.force_login(second_reviewer)
    response = post_decision(client, stage, rec, Decision.REJECT, reason="Too costly")
    assert response.status_code == 302
    page = client.get(response["Location"])
    texts = messages_of(page)
    assert any(t.startswith("Already decided") for t in texts)
    errors = [m for m in page.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1
    assert RecommendationDecision.objects.filter(recommendation=rec).count() == 1
    assert RecommendationDecision.objects.get(recommendation=rec).decision == Decision.ENDORSE


def test_return_with_comments(client, people, nord_report):
    stage = open_stage(nord_report)
    client.force_login(people.hoo_nord)
    url = reverse("reports:return", args=[stage.pk])
    response = client.post(url, {"return-comment": ""})
    assert response.status_code == 200
    assert "Tell the team what to change" in " ".join(
        response.context["return_form"].errors["comment"]
    )
    response = client.post(url, {"return-comment": "Add the meeting with local women."})
    assert response.status_code == 302
    nord_report.refresh_from_db()
    assert nord_report.status == ReportStatus.RETURNED
    stage.refresh_from_db()
    assert stage.outcome == StageOutcome.RETURNED
    assert stage.comment == "Add the meeting with local women."
    page = client.get(reverse("reports:review", args=[stage.pk]))
    assert page.status_code == 200
    assert "Add the meeting with local women." in page.content.decode()
    assert not page.context["can_decide"]


def test_decision_on_a_closed_stage_is_a_message(client, people, nord_report):
    stage = open_stage(nord_report)
    rec = nord_report.recommendations.first()
    services.report_return(report=nord_report, user=people.hoo_nord, comment="Redo.")
    client.force_login(people.hoo_nord)
    response = post_decision(client, stage, rec, Decision.ENDORSE)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert any("not waiting" in m for m in messages_of(page))
    assert not RecommendationDecision.objects.exists()


# --------------------------------------------------------------------------------------------
# Inbox order, overdue, navigation and home
# --------------------------------------------------------------------------------------------


def test_inbox_sorted_by_waiting_time_with_overdue_marked(client, people, make_nord_report):
    recent, old, oldest = make_nord_report(), make_nord_report(), make_nord_report()
    now = timezone.now()
    ReviewStage.objects.filter(report=old).update(
        entered_at=now - timedelta(days=5), due_at=now + timedelta(days=5)
    )
    ReviewStage.objects.filter(report=oldest).update(
        entered_at=now - timedelta(days=12), due_at=now - timedelta(days=2)
    )
    client.force_login(people.hoo_nord)
    response = client.get(reverse("reports:inbox"))
    stages = list(response.context["stages"])
    assert [s.report_id for s in stages] == [oldest.pk, old.pk, recent.pk]
    assert [s.is_overdue() for s in stages] == [True, False, False]
    html = response.content.decode()
    assert html.count('data-overdue="1"') == 1
    assert "12 days" in html
    assert "table-danger" in html

    home = client.get(reverse("home"))
    assert [s.report_id for s in home.context["review_waiting"]] == [oldest.pk, old.pk, recent.pk]
    home_html = home.content.decode()
    assert "Waiting for your review" in home_html
    assert 'data-overdue="1"' in home_html
    # The nav badge: three stages waiting.
    assert reverse("reports:inbox") in home_html
    assert '<span class="badge rounded-pill text-bg-warning"' in home_html


@pytest.mark.sqlite
def test_the_nav_badge_is_counted_again_only_after_a_change(client, people, make_nord_report):
    """The review badge on every page of a reviewer is cached by the version of the data: the
    next page runs no COUNT of the stages, and a report arriving (a service: an audit entry)
    shows in the badge of the page after."""
    make_nord_report()
    client.force_login(people.hoo_nord)
    url = reverse("recommendations:recommendation_list")

    def badge() -> str:
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        badge.counted = any(
            q["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "reports_reviewstage"')
            for q in queries.captured_queries
        )
        found = re.search(r'text-bg-warning" title="[^"]*">(\d+)</span>', html)
        return found.group(1) if found else ""

    assert badge() == "1"
    assert badge.counted
    assert badge() == "1"
    assert not badge.counted
    make_nord_report()
    assert badge() == "2"
    assert badge.counted
    # The inbox shares its own count's read of the version with the badge.
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("reports:inbox"))
    assert sum('"audit_auditentry"' in q["sql"] for q in queries.captured_queries) == 1


def test_nav_items_by_permission(client, people, nord_report):
    client.force_login(people.ca)
    html = client.get(reverse("home")).content.decode()
    assert reverse("recommendations:recommendation_list") in html
    assert reverse("reports:inbox") not in html
    assert "review_waiting" not in client.get(reverse("home")).context
    client.force_login(people.hoo_nord)
    html = client.get(reverse("home")).content.decode()
    assert reverse("reports:inbox") in html


# --------------------------------------------------------------------------------------------
# The recommendation list and detail
# --------------------------------------------------------------------------------------------


def list_ids(client, **params) -> set[int]:
    response = client.get(reverse("recommendations:recommendation_list"), params)
    assert response.status_code == 200
    return {rec.pk for rec in response.context["recommendations"]}


def test_list_filters(client, people, nord_report, make_nord_report):
    other = make_nord_report(recs=("Doubled foot patrols in Ntoto",))
    first, second = nord_report.recommendations.order_by("id")
    (patrol,) = other.recommendations.all()
    # The first report moves to the provincial level; its second recommendation is rejected.
    stage = open_stage(nord_report)
    services.recommendation_decide(recommendation=first, user=people.hoo_nord, decision="endorse")
    services.recommendation_decide(
        recommendation=second, user=people.hoo_nord, decision="reject", reason="Not ours"
    )
    stage.refresh_from_db()
    assert stage.outcome == StageOutcome.FORWARDED
    # The other report is overdue at head-of-office level.
    now = timezone.now()
    ReviewStage.objects.filter(report=other).update(
        entered_at=now - timedelta(days=15), due_at=now - timedelta(days=5)
    )

    client.force_login(people.ca)
    assert list_ids(client) == {first.pk, second.pk, patrol.pk}
    assert list_ids(client, status=RecommendationStatus.REJECTED) == {second.pk}
    assert list_ids(client, status=RecommendationStatus.IN_REVIEW) == {first.pk, patrol.pk}
    assert list_ids(client, category=Category.JUSTICE) == {second.pk}
    assert list_ids(client, overdue="true") == {patrol.pk}
    assert list_ids(client, overdue="false") == {first.pk, second.pk}
    assert list_ids(client, level=ReviewLevel.PROVINCIAL_SMG) == {first.pk, second.pk}
    assert list_ids(client, level=ReviewLevel.HEAD_OF_OFFICE) == {patrol.pk}
    assert list_ids(client, addressee=Addressee.FORCE) == {first.pk, second.pk, patrol.pk}
    assert list_ids(client, addressee=Addressee.NGO) == set()
    assert list_ids(client, q="foot patrols") == {patrol.pk}
    assert list_ids(client, province=people.ca.provinces.first().pk) == {
        first.pk,
        second.pk,
        patrol.pk,
    }
    html = client.get(reverse("recommendations:recommendation_list")).content.decode()
    assert "text-bg-danger" in html  # the rejected one's badge
    assert "15 days" in html


def test_list_needs_view_mission(client, people, make_user):
    client.force_login(people.requester)
    assert client.get(reverse("recommendations:recommendation_list")).status_code == 403


def test_detail_shows_texts_and_history(client, people, nord_report):
    first, second = nord_report.recommendations.order_by("id")
    services.recommendation_decide(
        recommendation=second,
        user=people.hoo_nord,
        decision="endorse_changed",
        changed_text="A motorbike for transport to the legal clinic",
    )
    services.recommendation_decide(recommendation=first, user=people.hoo_nord, decision="endorse")
    client.force_login(people.ca)
    response = client.get(reverse("recommendations:recommendation_detail", args=[second.pk]))
    assert response.status_code == 200
    assert response.context["text_changed"]
    html = response.content.decode()
    assert "Transport to the legal clinic" in html
    assert "A motorbike for transport to the legal clinic" in html
    assert len(response.context["decisions"]) == 1
    assert response.context["decisions"][0].decided_by == people.hoo_nord
    assert [item.entry.action for item in response.context["history"]] == ["recommendation.decided"]
    assert "Endorse with changes" in html
    assert second.get_absolute_url() == reverse(
        "recommendations:recommendation_detail", args=[second.pk]
    )


# --------------------------------------------------------------------------------------------
# Query counts
# --------------------------------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_inbox_query_count_is_constant(
    drawn, client, people, make_nord_report, django_assert_num_queries
):
    make_nord_report()
    url = reverse("reports:inbox")
    client.force_login(people.hoo_nord)
    client.get(url)
    one, response = count_queries(client, url)
    assert len(response.context["stages"]) == 1
    print(f"inbox: {one} queries")  # noqa: T201
    for _ in range(4):
        make_nord_report(recs=("One", "Two", "Three"))
    with django_assert_num_queries(one):
        response = client.get(url)
    assert len(response.context["stages"]) == 5


def test_home_query_count_for_reviewers_is_constant(
    drawn, client, people, make_nord_report, django_assert_num_queries
):
    make_nord_report()
    url = reverse("home")
    client.force_login(people.hoo_nord)
    client.get(url)
    one, response = count_queries(client, url)
    assert len(response.context["review_waiting"]) == 1
    print(f"home (reviewer): {one} queries")  # noqa: T201
    for _ in range(3):
        make_nord_report()
    with django_assert_num_queries(one):
        response = client.get(url)
    assert len(response.context["review_waiting"]) == 4


def test_list_query_count_is_constant(
    drawn, client, people, make_nord_report, django_assert_num_queries
):
    make_nord_report(recs=("Only one",))
    url = reverse("recommendations:recommendation_list")
    client.force_login(people.ca)
    client.get(url)
    one, response = count_queries(client, url)
    assert len(response.context["recommendations"]) == 1
    print(f"list: {one} queries")  # noqa: T201
    for _ in range(3):
        make_nord_report(recs=("One", "Two", "Three"))
    with django_assert_num_queries(one):
        response = client.get(url)
    assert len(response.context["recommendations"]) == 10
