"""The benchmark's instrument: the data set builder's invariants (the follow-up's too: each row
as its service would have written it), the pages' URLs, the parsing of wrk and the safety of the
database names. No timing is asserted here (``make bench`` measures;
tests pin query counts elsewhere, never times).

The data set is built once for the module, at 10 missions (scale 0.002), inside a transaction
rolled back at the end.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import transaction
from django.db.models import Max, Min
from django.test import Client
from django.utils import timezone

from jpt.accounts.models import User
from jpt.accounts.roles import Role
from jpt.audit.choices import AuditAction
from jpt.audit.history import history_for
from jpt.audit.models import AuditEntry
from jpt.bench import databases, dataset, followup, measure, pages, results
from jpt.notifications.models import EmailMessage
from jpt.places.models import Province
from missions.history import MISSION_VOCABULARY
from missions.models import (
    Consultation,
    JptRequest,
    Mission,
    MissionStakeholder,
    Stakeholder,
    TeamMember,
)
from recommendations.choices import ImplementationStatus, PlannedVisitStatus
from recommendations.models import (
    CommunityAlert,
    FollowUpVisit,
    Implementation,
    MaterialSupport,
    PlannedVisit,
    VisitObservation,
)
from recommendations.services import plan_options
from reports.choices import RecommendationStatus, ReportStatus
from reports.freeze import verify
from reports.models import Recommendation, Report, ReportVersion
from reports.presenter import report_content

MISSIONS = 10


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = dataset.build(MISSIONS)
        yield built
        transaction.set_rollback(True)


@pytest.fixture
def bench_urls(settings):
    settings.ROOT_URLCONF = "jpt.bench.urls"


pytestmark = pytest.mark.django_db


def test_counts_follow_the_plan(scene):
    plan = dataset.plan_for(MISSIONS)
    assert plan.factor == pytest.approx(0.002)
    assert Province.objects.count() == 26
    assert JptRequest.objects.count() == plan.requests == 40
    assert Mission.objects.count() == plan.missions == MISSIONS
    assert Report.objects.count() == plan.reports
    assert Recommendation.objects.count() == plan.recommendations
    assert Consultation.objects.count() == plan.consultations
    assert Stakeholder.objects.count() == plan.stakeholders
    # About six on each team (the busy mission's 20 included).
    assert 4 <= TeamMember.objects.count() / MISSIONS <= 9
    assert AuditEntry.objects.count() > JptRequest.objects.count() + Recommendation.objects.count()
    assert EmailMessage.objects.count() > JptRequest.objects.count()
    assert scene["counts"]["missions.Mission"] == MISSIONS


def test_full_scale_plan_is_the_issues():
    plan = dataset.plan_for(5000)
    assert (plan.requests, plan.missions, plan.consultations, plan.stakeholders) == (
        20_000,
        5_000,
        25_000,
        20_000,
    )
    assert (plan.reports, plan.recommendations) == (4_000, 40_000)


def test_the_busy_mission_has_its_exact_numbers(scene):
    mission = Mission.objects.get(pk=scene["busy_mission"])
    assert mission.team.count() == 20
    assert mission.consultations.count() == 40
    assert MissionStakeholder.objects.filter(mission=mission).count() == 40
    assert AuditEntry.objects.for_object(mission).count() == 103
    assert len(history_for([mission], MISSION_VOCABULARY)) == 103
    assert (
        Mission.objects.filter(id__in=MissionStakeholder.objects.values("mission_id")).count() >= 2
    )


def test_the_large_report_has_its_exact_numbers(scene):
    report = Report.objects.select_related("mission").get(pk=scene["large_report"])
    mission = report.mission
    assert mission.pk == scene["large_mission"]
    assert report.status == ReportStatus.DRAFT
    assert mission.consultations.count() == dataset.LARGE["consultations"] == 40
    assert MissionStakeholder.objects.filter(mission=mission).count() == 60
    assert report.recommendations.count() == dataset.LARGE["recs"] == 30
    assert mission.team.count() == dataset.LARGE["members"]
    assert mission.province.pcode == "CD61"


def test_every_province_has_users_of_every_role(scene):
    for province in Province.objects.all():
        for role in dataset.ROLE_COUNTS:
            assert User.objects.filter(groups__name=role.value, provinces=province).exists(), (
                province,
                role,
            )
    for mission in Mission.objects.select_related("lead"):
        assert mission.province_id in mission.lead.province_ids()


def test_dates_are_spread_over_ten_years_and_stick(scene):
    span = JptRequest.objects.aggregate(first=Min("submitted_at"), last=Max("submitted_at"))
    assert span["last"] - span["first"] > timedelta(days=365 * 5)
    for request in JptRequest.objects.all():
        assert request.created_at == request.submitted_at
    audit = AuditEntry.objects.aggregate(first=Min("created_at"), last=Max("created_at"))
    assert audit["last"] - audit["first"] > timedelta(days=365 * 5)


def test_approved_reports_have_a_frozen_copy_that_verifies(scene):
    approved = Report.objects.filter(status=ReportStatus.APPROVED)
    assert approved.filter(pk=scene["approved_report"]).exists()
    assert approved.count() >= 2
    for report in approved:
        version = ReportVersion.objects.get(report=report)
        assert verify(version)
        assert version.created_at == report.approved_at
        # The bulk copies are what freeze_report would have stored.
        content = report_content(Report.objects.with_content().get(pk=report.pk))
        content["version"] = 1
        assert version.content == content
    assert not ReportVersion.objects.exclude(report__status=ReportStatus.APPROVED).exists()
    assert Report.objects.get(pk=scene["draft_report"]).status == ReportStatus.DRAFT
    assert (
        Recommendation.objects.get(pk=scene["recommendation"]).report_id
        == (scene["approved_report"])
    )


def test_followup_counts_follow_the_plan(scene):
    plan = followup.plan_for(dataset.plan_for(MISSIONS).factor)
    showcase = followup.SHOWCASE
    assert FollowUpVisit.objects.count() == plan.visits + showcase["visits"]
    assert CommunityAlert.objects.count() == plan.alerts + 1
    assert MaterialSupport.objects.count() == plan.support
    calendar = sum(v for k, v in showcase.items() if k.startswith("planned_"))
    assert calendar < PlannedVisit.objects.count() <= plan.planned_visits + calendar
    approved = Recommendation.objects.filter(status=RecommendationStatus.APPROVED)
    # Most approved recommendations are tracked (the busy report's but one are not).
    assert 0.6 * approved.count() <= Implementation.objects.count() < approved.count()
    assert VisitObservation.objects.count() >= FollowUpVisit.objects.count()
    assert scene["counts"]["recommendations.FollowUpVisit"] == FollowUpVisit.objects.count()


def test_full_scale_followup_is_the_briefs():
    plan = followup.plan_for(dataset.plan_for(5000).factor)
    assert (plan.visits, plan.planned_visits, plan.alerts, plan.support) == (
        8_000,
        300,
        3_000,
        2_000,
    )
    assert dataset.parameters(5000)["followup"]["plan"]["visits"] == 8_000


def provinces_of(user) -> set[int]:
    return set(user.provinces.values_list("pk", flat=True))


def test_followup_rows_obey_the_services_rules(scene):
    today = timezone.localdate()
    cli_ids = set(User.objects.filter(groups__name=Role.CLI.value).values_list("pk", flat=True))
    officers = set(
        User.objects.filter(groups__name=Role.CIVIL_AFFAIRS.value).values_list("pk", flat=True)
    )
    for row in Implementation.objects.select_related("recommendation__report"):
        assert row.recommendation.status == RecommendationStatus.APPROVED
        assert row.created_at >= row.recommendation.report.approved_at
        assert row.updated_at >= row.created_at
        assert (row.status == ImplementationStatus.STALLED) == bool(row.stalled_reason)
        assert row.cluster_discussed_on is None or row.cluster_discussed_on <= today
        entries = AuditEntry.objects.for_object(row.recommendation).filter(
            action=AuditAction.IMPLEMENTATION_UPDATED
        )
        assert entries.exists()
        assert all(e.actor_id in officers and e.details["comment"] for e in entries)
    for visit in FollowUpVisit.objects.select_related("cli").prefetch_related("localities"):
        assert visit.cli_id in cli_ids and visit.province_id in provinces_of(visit.cli)
        places = {loc.pk for loc in visit.localities.all()}
        assert places
        assert {loc.territory.province_id for loc in visit.localities.all()} == {visit.province_id}
        assert visit.visited_on <= today
        assert not visit.women_meeting or visit.women >= 1
        for observation in visit.observations.select_related("recommendation__report"):
            rec = observation.recommendation
            assert rec.status == RecommendationStatus.APPROVED
            assert places & set(rec.localities.values_list("pk", flat=True))
            assert timezone.localtime(rec.report.approved_at).date() <= visit.visited_on
        assert (
            AuditEntry.objects.for_object(visit)
            .filter(action=AuditAction.VISIT_RECORDED, actor=visit.cli)
            .exists()
        )
        if visit.planned_visit_id:
            assert visit.planned_visit.cli_id == visit.cli_id
            assert visit.planned_visit.status == PlannedVisitStatus.DONE
    for planned in PlannedVisit.objects.prefetch_related("localities"):
        assert planned.cli_id in cli_ids and planned.province_id in provinces_of(planned.cli)
        assert {loc.territory.province_id for loc in planned.localities.all()} == {
            planned.province_id
        }
        assert planned.created_at.date() <= planned.planned_on
    for alert in CommunityAlert.objects.select_related("locality__territory", "base__locality"):
        assert alert.cli_id in cli_ids and alert.province_id in provinces_of(alert.cli)
        assert alert.locality.territory.province_id == alert.province_id
        assert alert.base is None or alert.base.locality.territory.province_id == alert.province_id
        assert alert.received_at <= alert.created_at <= alert.updated_at
        if alert.responded_at:
            assert alert.relayed_at and alert.response
        assert bool(alert.relayed_at) == bool(alert.relayed_to)
        safe_areas, escort_points = plan_options(alert.locality)
        if alert.safe_area_id or alert.escort_point_id:
            assert alert.plan_used and alert.plan_outcome
        assert alert.safe_area_id is None or safe_areas.filter(pk=alert.safe_area_id).exists()
        assert (
            alert.escort_point_id is None or escort_points.filter(pk=alert.escort_point_id).exists()
        )
    for support in MaterialSupport.objects.select_related("locality__territory"):
        assert support.recorded_by_id in cli_ids | officers
        assert support.province_id in provinces_of(support.recorded_by)
        assert support.locality.territory.province_id == support.province_id
        assert support.women + support.men > 0 and support.given_on <= today


def test_the_followup_showcase_has_its_exact_numbers(scene):
    rec = Recommendation.objects.get(pk=scene["followup_recommendation"])
    assert rec.report_id == scene["approved_report"]
    assert rec.status == RecommendationStatus.APPROVED
    cli = User.objects.get(username=scene["users"]["cli"])
    showcase = followup.SHOWCASE
    assert rec.observations.count() == showcase["visits"]
    assert set(rec.observations.values_list("visit__cli", flat=True)) == {cli.pk}
    history = AuditEntry.objects.for_object(rec).filter(action=AuditAction.IMPLEMENTATION_UPDATED)
    assert history.count() == showcase["implementation_changes"]
    assert Implementation.objects.filter(recommendation=rec).exists()
    # The ``recommendation`` page's keeps no follow-up: that page stays what it was.
    shown = Recommendation.objects.get(pk=scene["recommendation"])
    assert not shown.observations.exists()
    assert not Implementation.objects.filter(recommendation=shown).exists()
    calendar = PlannedVisit.objects.filter(cli=cli, status=PlannedVisitStatus.PLANNED)
    assert calendar.count() == showcase["planned_to_come"] + showcase["planned_overdue"]
    assert sum(p.is_overdue for p in calendar) == showcase["planned_overdue"]
    visit = FollowUpVisit.objects.get(pk=scene["followup_visit"])
    assert visit.cli_id == cli.pk and visit.observations.filter(recommendation=rec).exists()
    alert = CommunityAlert.objects.get(pk=scene["followup_alert"])
    assert alert.cli_id == cli.pk and alert.plan_used and alert.safe_area_id
    assert alert.safe_area.plan.report_id == scene["approved_report"]
    assert alert.responded_at and not alert.waiting_for_response()


def test_every_page_answers_200_to_its_user(scene, bench_urls):
    clients = {}
    for page in pages.PAGES:
        username = page.username(scene)
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        response = clients[username].get(page.resolve(scene))
        assert response.status_code == 200, (page.name, response.status_code)


def test_pages_table():
    assert pages.PAGES[0].name == pages.FLOOR
    assert [p.name for p in pages.selected("home")] == [pages.FLOOR, "home"]
    with pytest.raises(ValueError, match="Unknown pages"):
        pages.selected("nowhere")
    for page in pages.PAGES:
        assert page.user in dataset.PAGE_USERS
        assert not page.search_of or page.search_of in pages.BY_NAME


def test_database_names_never_the_developers_or_the_tests():
    settings_dict = {"NAME": "jpt", "TEST": {"NAME": None}}
    for name in ("jpt", "test_jpt", "postgres", "other_5000"):
        with pytest.raises(databases.BenchDatabaseError):
            databases.check_name(name, settings_dict)
    databases.check_name("jpt_bench_5000", settings_dict)
    server = databases.Server("h", "5432", "u", "", "postgres://u@h:5432/jpt")
    assert server.database_url("jpt_bench_10") == "postgres://u@h:5432/jpt_bench_10"
    marker = {"params": json.loads(json.dumps(dataset.parameters(10)))}
    assert databases.is_current(marker, dataset.parameters(10))
    assert not databases.is_current(marker, dataset.parameters(5000))
    assert not databases.is_current(None, dataset.parameters(10))


WRK_OUTPUT = """Running 20s test @ http://127.0.0.1:8123/requests/
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    45.10ms   10.20ms 120.00ms   80.00%
    Req/Sec    44.30      8.10    60.00     70.00%
  Latency Distribution
     50%   43.00ms
     75%   50.00ms
     90%   58.00ms
     99%    1.10s
  1772 requests in 20.02s, 30.10MB read
  Non-2xx or 3xx responses: 3
Requests/sec:     88.51
Transfer/sec:      1.50MB
"""


def test_wrk_output_is_read():
    parsed = measure.parse_wrk(WRK_OUTPUT)
    assert parsed["rps"] == 88.51
    assert parsed["requests"] == 1772
    assert parsed["non_2xx"] == 3
    assert parsed["socket_errors"] == 0
    assert parsed["latency_p50_ms"] == 43.0
    assert parsed["latency_p99_ms"] == 1100.0


def test_percentiles_and_the_targets():
    assert measure.percentile(list(range(1, 21)), 0.95) == 19
    assert measure.percentile([5.0], 0.95) == 5.0
    chosen = [pages.BY_NAME[n] for n in ("floor", "requests", "requests_search")]

    def timings(factor):
        return {
            "pages": {
                "floor": {"url": "/f", "user": "u", "queries": 4, "times": [10.0] * 3},
                "requests": {"url": "/r", "user": "u", "queries": 8, "times": [20.0 * factor] * 3},
                "requests_search": {
                    "url": "/r?q",
                    "user": "u",
                    "queries": 13,
                    "times": [30.0 * factor] * 3,
                },
            }
        }

    load = {
        "floor": {"rps": 100.0, "floor_rps": 100.0},
        "requests": {"rps": 50.0, "floor_rps": 100.0},
        "requests_search": {"rps": 20.0, "floor_rps": 100.0},
    }
    rows = results.combine(chosen, {"small": timings(1), "large": timings(1.2)}, load)
    assert rows["requests"]["growth_ratio"] == 1.2
    assert rows["requests"]["floor_ratio"] == 2.4
    assert rows["requests"]["throughput_pct_of_floor"] == 50.0
    assert rows["requests"]["pass"]
    assert rows["requests_search"]["checks"] == {
        "queries": False,
        "floor_ratio": False,
        "growth": True,
        "throughput": False,
        "search_speed": False,
    }
    assert "FAIL: queries" in results.table(rows)
