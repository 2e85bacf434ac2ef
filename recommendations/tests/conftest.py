"""Fixtures of the follow-up tests: an approved Nord-Kivu report (two recommendations about
Ntoto and Otobora, a protection plan with a safe area and an escort point), the CLIs of both
Kivus and a Civil Affairs officer who tracks implementation."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import timezone

from jpt.accounts.choices import Sex, StaffCategory
from jpt.accounts.roles import Role
from reports.choices import Decision, RecommendationStatus
from reports.models import EscortPoint, ProtectionPlan, SafeArea
from reports.services import recommendation_decide, report_submit
from reports.tests.conftest import make_report, reviewers  # noqa: F401 - fixtures used here


@pytest.fixture
def approved(make_report, reviewers, places):  # noqa: F811
    """A Nord-Kivu report approved at Kinshasa: ``rec_ntoto`` (Ntoto) and ``rec_otobora``
    (Otobora) approved, and its plan with a safe area in Ntoto and an escort point."""
    report = make_report(recommendations=2)
    first, second = report.recommendations.order_by("id")
    first.localities.set([places.ntoto])
    second.localities.set([places.otobora])
    plan, _created = ProtectionPlan.objects.get_or_create(report=report)
    safe = SafeArea.objects.create(plan=plan, name="Ntoto parish", locality=places.ntoto)
    escort = EscortPoint.objects.create(plan=plan, place="Ntoto bridge", day_time="Thursday 6:00")
    report_submit(report=report, user=report.mission.lead)
    for reviewer in (reviewers.hoo, reviewers.provincial, reviewers.kinshasa):
        for rec in report.recommendations.filter(status=RecommendationStatus.IN_REVIEW):
            recommendation_decide(recommendation=rec, user=reviewer, decision=Decision.ENDORSE)
    report.refresh_from_db()
    assert report.status == "approved"
    return SimpleNamespace(
        report=report,
        rec_ntoto=report.recommendations.get(pk=first.pk),
        rec_otobora=report.recommendations.get(pk=second.pk),
        safe_area=safe,
        escort_point=escort,
    )


@pytest.fixture
def cli_nord(make_user, places):
    return make_user(
        "cli_nord", Role.CLI, [places.nord_kivu], staff_category=StaffCategory.NATIONAL
    )


@pytest.fixture
def cli_sud(make_user, places):
    return make_user(
        "cli_sud",
        Role.CLI,
        [places.sud_kivu],
        sex=Sex.MALE,
        staff_category=StaffCategory.NATIONAL,
    )


@pytest.fixture
def today():
    return timezone.localdate()
