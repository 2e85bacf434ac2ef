"""`make bench`: time the pages and services that grow with the data, on the configured database.

Everything is created inside a transaction that is rolled back at the end, so the database is
left as it was. Prints medians in milliseconds and the number of queries per page.
"""

from __future__ import annotations

import statistics
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jpt.accounts.models import User
from jpt.accounts.roles import Role
from jpt.places.models import Locality, Province, Territory
from missions.models import (
    Consultation,
    JptRequest,
    MissionStakeholder,
    Stakeholder,
    TeamMember,
)
from missions.services import request_approve, request_submit
from missions.validation import RequestDetails
from reports.models import Recommendation, Report, ReviewStage, SexualViolenceAnalysis, Threat
from reports.services import recommendation_decide, report_submit


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Benchmark request and mission pages and services with many rows (rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=2000, help="Requests to create.")
        parser.add_argument("--repeat", type=int, default=20, help="Timed runs per measure.")

    def handle(self, *args, rows: int, repeat: int, **options):
        if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        self.stdout.write(f"Database: {connection.vendor}; {rows} requests; {repeat} runs each.")
        try:
            with transaction.atomic():
                self.run(rows, repeat)
                raise Rollback
        except Rollback:
            self.stdout.write("Rolled back: the database is unchanged.")

    def run(self, rows: int, repeat: int) -> None:
        if not Province.objects.exists():
            call_command("load_places", verbosity=0)
        province = Province.objects.get(pcode="CD61")
        territory = Territory.objects.get(pcode="CD6104")
        locality = Locality.objects.filter(territory=territory).first()
        requester = self.user("bench.requester", Role.REQUESTER, province)
        officer = self.user("bench.officer", Role.CIVIL_AFFAIRS, province)
        start = timezone.localdate() + timedelta(days=30)
        now = timezone.now()
        made = JptRequest.objects.bulk_create(
            JptRequest(
                title=f"Bench request {i}",
                requested_by=requester,
                requester_kind="field_office",
                requesting_office="Goma",
                trigger="attack",
                province=province,
                territory=territory,
                reason="Benchmark data.",
                start_date=start,
                end_date=start + timedelta(days=6),
                submitted_at=now,
            )
            for i in range(rows)
        )
        through = JptRequest.localities.through
        through.objects.bulk_create(
            through(jptrequest_id=r.pk, locality_id=locality.pk) for r in made
        )

        def details(i: int) -> RequestDetails:
            return RequestDetails(
                title=f"Timed {i}",
                requester_kind="field_office",
                requesting_office="Goma",
                trigger="attack",
                province=province,
                territory=territory,
                localities=[locality],
                reason="Benchmark.",
                start_date=start,
                end_date=start + timedelta(days=6),
                urgency="routine",
            )

        counter = iter(range(10**6))
        self.measure(
            "service request_submit",
            lambda: request_submit(user=requester, details=details(next(counter))),
            repeat,
        )
        pending = list(
            JptRequest.objects.filter(title__startswith="Timed").values_list("pk", flat=True)
        )
        self.measure(
            "service request_approve",
            lambda: request_approve(
                jpt_request=JptRequest.objects.get(pk=pending.pop()),
                user=officer,
                mandate="Benchmark.",
            ),
            min(repeat, len(pending)),
        )
        mission = self.busy_mission(made[:200], officer, locality)
        reports = self.reports_in_review(made[:200], officer, locality)
        self.measure(
            "service recommendation_decide",
            lambda: recommendation_decide(
                recommendation=self.next_recommendation(reports),
                user=self.head_of_office,
                decision="endorse",
            ),
            repeat,
        )
        reviewer = Client()
        reviewer.force_login(self.head_of_office)
        for label, url in [
            ("page /review/ (inbox)", "/review/"),
            ("page /recommendations/ (page 1)", "/recommendations/"),
        ]:
            self.measure(
                label, lambda url=url: self.get(reviewer, url), repeat, client=reviewer, url=url
            )
        client = Client()
        client.force_login(officer)
        for label, url in [
            ("page /requests/ (page 1)", "/requests/"),
            ("page /requests/?q=bench", "/requests/?q=Bench+request+1"),
            ("page /requests/ (last page)", f"/requests/?page={rows // 25}"),
            ("page / (home)", "/"),
            ("page request detail", made[0].get_absolute_url()),
            ("page /missions/ (page 1)", "/missions/"),
            ("page mission detail (busy)", mission.get_absolute_url()),
        ]:
            self.measure(
                label, lambda url=url: self.get(client, url), repeat, client=client, url=url
            )

    def busy_mission(self, requests: list[JptRequest], officer: User, locality: Locality):
        """Approve 200 requests; give the first mission 20 members, 30 consultations and 30
        stakeholders, so the detail page is measured with a full team."""
        missions = [
            request_approve(jpt_request=r, user=officer, mandate="Benchmark.") for r in requests
        ]
        mission = missions[0]
        members = [
            User.objects.create_user(
                f"bench.member{i}",
                f"bench.member{i}@bench.example",
                None,
                full_name=f"Member {i}",
                sex="female" if i % 2 else "male",
                staff_category="national",
                section="human_rights",
            )
            for i in range(20)
        ]
        TeamMember.objects.bulk_create(
            TeamMember(mission=mission, user=m, role="member", status="accepted") for m in members
        )
        held = timezone.now()
        Consultation.objects.bulk_create(
            Consultation(
                mission=mission,
                held_at=held,
                kind="local_leaders",
                locality=locality,
                women=3,
                men=5,
                recorded_by=officer,
            )
            for _ in range(30)
        )
        people = Stakeholder.objects.bulk_create(
            Stakeholder(name=f"Person {i}", sex="female", locality=locality, category="other")
            for i in range(30)
        )
        MissionStakeholder.objects.bulk_create(
            MissionStakeholder(mission=mission, stakeholder=p, added_by=officer) for p in people
        )
        return mission

    def reports_in_review(self, requests, officer: User, locality: Locality) -> list[Report]:
        """Give 100 of the missions a submittable report with 3 recommendations, and submit
        them: the inbox of a Nord-Kivu head of office then holds 100 reports."""
        self.head_of_office = self.user(
            "bench.head", Role.HEAD_OF_OFFICE, Province.objects.get(pcode="CD61")
        )
        woman = Stakeholder.objects.create(
            name="Bench woman leader", sex="female", locality=locality, category="womens_leader"
        )
        reports = []
        for jpt_request in requests[:100]:
            mission = jpt_request.mission
            report = Report.objects.create(mission=mission)
            SexualViolenceAnalysis.objects.create(
                report=report,
                medical_access="limited",
                psychosocial_access="none",
                legal_access="limited",
                patterns="Benchmark.",
            )
            threat = Threat.objects.create(
                report=report,
                threat_type="attack",
                perpetrator_category="unknown",
                period="Benchmark",
                severity=2,
                trend="stable",
                narrative="Benchmark.",
            )
            threat.localities.add(locality)
            MissionStakeholder.objects.create(mission=mission, stakeholder=woman, added_by=officer)
            Recommendation.objects.bulk_create(
                Recommendation(
                    report=report,
                    text=f"Benchmark recommendation {i}",
                    category="escort_patrol",
                    addressee="force",
                    priority="high",
                )
                for i in range(3)
            )
            report_submit(report=report, user=officer)
            reports.append(report)
        return reports

    def next_recommendation(self, reports: list[Report]) -> Recommendation:
        return (
            Recommendation.objects.filter(
                report__in=reports,
                status="in_review",
                report_id__in=ReviewStage.objects.filter(
                    outcome="open", level="head_of_office"
                ).values("report_id"),
            )
            .exclude(decisions__stage__outcome="open")
            .order_by("id")
            .first()
        )

    def get(self, client: Client, url: str) -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")

    def measure(self, label: str, func, repeat: int, client=None, url=None) -> None:
        func()  # warm up
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            func()
            times.append((time.perf_counter() - started) * 1000)
        queries = ""
        if client is not None:
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            queries = f"  queries={len(ctx.captured_queries)}"
        self.stdout.write(
            f"{label:32} median={statistics.median(times):7.1f} ms  "
            f"p90={sorted(times)[int(len(times) * 0.9) - 1]:7.1f} ms{queries}"
        )

    def user(self, username: str, role: Role, province: Province) -> User:
        user = User.objects.create_user(
            username,
            f"{username}@bench.example",
            None,
            full_name=username,
            sex="female",
            staff_category="national",
        )
        user.groups.add(Group.objects.get(name=role.value))
        user.provinces.add(province)
        return User.objects.get(pk=user.pk)
