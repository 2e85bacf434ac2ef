"""The Celery side of the monthly trend summaries: the beat entry (the 1st of each month), the
job it runs (every province together and each one), and the task's refusals and retries."""

from __future__ import annotations

from datetime import date

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.db import DatabaseError

from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from jpt.celery import app
from jpt.insights import tasks
from jpt.insights.models import MonthlySummary
from jpt.insights.periods import last_full_month
from jpt.places.models import Province

from .conftest import MARCH

BEAT_ENTRY = "monthly-trend-summaries"


def test_the_beat_schedule_runs_the_monthly_job_on_the_first_of_each_month():
    entry = settings.CELERY_BEAT_SCHEDULE[BEAT_ENTRY]
    assert entry["task"] == "jpt.insights.tasks.monthly_summaries_task"
    # The name is the registered task's: beat would otherwise send a message no worker knows.
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert app.tasks[entry["task"]].name == tasks.monthly_summaries_task.name
    schedule = entry["schedule"]
    assert isinstance(schedule, crontab)
    assert schedule.day_of_month == {1}
    assert schedule.hour == {1} and schedule.minute == {0}
    # The app reads the same schedule (the CELERY_ namespace).
    assert BEAT_ENTRY in app.conf.beat_schedule


@pytest.mark.django_db
def test_the_monthly_job_stores_every_province_and_each_one(world):
    scopes = tasks.monthly_summaries_task("2026-03")  # eager in tests: each task runs now
    provinces = set(Province.objects.values_list("pk", flat=True))
    assert len(scopes) == len(provinces) + 1
    stored = MonthlySummary.objects.filter(month=date(2026, 3, 1))
    assert {s.province_id for s in stored} == {None, *provinces}
    assert all(s.computed_by is None for s in stored)  # beat, nobody's request
    everywhere = stored.get(province=None)
    assert everywhere.figures["period"] == MARCH.as_dict()
    assert everywhere.figures["buckets"]["cur"]["team"]["members"] == 6
    entries = AuditEntry.objects.filter(action=AuditAction.SUMMARY_COMPUTED)
    assert {e.details["trigger"] for e in entries} == {"beat"}
    # Run again (a retried beat): replaced, not duplicated.
    tasks.monthly_summaries_task("2026-03")
    assert MonthlySummary.objects.filter(month=date(2026, 3, 1)).count() == len(provinces) + 1
    assert all(e.details["replaced"] for e in entries.order_by("-id")[: len(provinces) + 1])


@pytest.mark.django_db
def test_the_monthly_job_defaults_to_the_month_just_ended(world):
    tasks.monthly_summaries_task()
    assert set(MonthlySummary.objects.values_list("month", flat=True)) == {last_full_month().start}


@pytest.mark.django_db
@pytest.mark.parametrize("month", ["", "2026-13", "march", "1999-12"])
def test_a_bad_month_stores_nothing(world, month):
    assert tasks.monthly_summaries_task(month) == []
    assert tasks.summary_compute_task(month, None, None) is None
    assert not MonthlySummary.objects.exists()


@pytest.mark.django_db
def test_a_request_that_no_longer_holds_is_dropped(world, make_user, analyst):
    from jpt.accounts.roles import Role

    assert tasks.summary_compute_task("2026-03", 10**9, None) is None  # province gone
    assert tasks.summary_compute_task("2026-03", None, 10**9) is None  # user gone
    head = make_user("head_nk", Role.HEAD_OF_OFFICE, [world.places.nord_kivu])
    assert tasks.summary_compute_task("2026-03", None, head.pk) is None  # no right to compute
    analyst.is_active = False
    analyst.save()
    assert tasks.summary_compute_task("2026-03", None, analyst.pk) is None
    assert not MonthlySummary.objects.exists()


@pytest.mark.django_db
def test_a_database_error_is_retried(world, monkeypatch):
    def broken(**kwargs):
        raise DatabaseError("the database went away")

    retried = []

    def retry(exc=None, countdown=None, **kwargs):
        retried.append(countdown)
        return RuntimeError("retry")

    monkeypatch.setattr(tasks, "summary_compute", broken)
    monkeypatch.setattr(tasks.summary_compute_task, "retry", retry)
    with pytest.raises(RuntimeError):
        tasks.summary_compute_task.run("2026-03", None, None)
    assert retried == [60]
