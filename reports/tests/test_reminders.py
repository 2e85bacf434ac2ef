"""Daily reminders of overdue reviews and escalation after twice the deadline, with a frozen
clock: ``now=`` for the service, ``time_machine`` for the Celery task."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from jpt.notifications.models import EmailMessage
from reports.choices import Decision, ReviewLevel
from reports.models import LevelSetting, Recommendation, ReviewStage
from reports.services import (
    recommendation_decide,
    report_return,
    report_submit,
    review_send_reminders,
)
from reports.tasks import review_reminders_task

pytestmark = pytest.mark.django_db

# Monday 2 March 2026, 09:00 in Lubumbashi/Goma time.
T0 = timezone.make_aware(datetime(2026, 3, 2, 9, 0))


def overdue_to(report) -> list[str]:
    return sorted(
        EmailMessage.objects.for_object(report)
        .filter(subject__startswith="Overdue review")
        .values_list("to_address", flat=True)
    )


def escalated_to(report) -> list[str]:
    return sorted(
        EmailMessage.objects.for_object(report)
        .filter(subject__startswith="Escalation")
        .values_list("to_address", flat=True)
    )


def audit_count(report, action) -> int:
    return AuditEntry.objects.for_object(report).filter(action=action).count()


def endorse_all(report, user, now):
    for rec in Recommendation.objects.filter(report=report, status="in_review"):
        recommendation_decide(recommendation=rec, user=user, decision=Decision.ENDORSE, now=now)


@pytest.fixture
def report(make_report, reviewers):
    report = make_report(recommendations=1)
    report_submit(report=report, user=report.mission.lead, now=T0)
    return report


def test_not_overdue_sends_nothing(report, reviewers):
    for moment in (T0, T0 + timedelta(days=9), T0 + timedelta(days=10)):  # due exactly at +10
        assert review_send_reminders(now=moment) == {"reminded": 0, "escalated": 0}
    assert overdue_to(report) == []
    assert audit_count(report, AuditAction.REVIEW_REMINDED) == 0
    assert ReviewStage.objects.get(report=report).last_reminder_on is None


def test_overdue_reminded_once_a_day(report, reviewers):
    day_11 = T0 + timedelta(days=10, hours=1)
    assert review_send_reminders(now=day_11) == {"reminded": 1, "escalated": 0}
    assert overdue_to(report) == [reviewers.hoo.email]
    message = EmailMessage.objects.for_object(report).get(subject__startswith="Overdue")
    assert message.recipient == reviewers.hoo
    assert ReviewStage.objects.get(report=report).last_reminder_on == day_11.date()
    entry = AuditEntry.objects.for_object(report).get(action=AuditAction.REVIEW_REMINDED)
    assert entry.actor is None
    assert entry.details == {"level": ReviewLevel.HEAD_OF_OFFICE}

    # The same day, later: nothing more.
    assert review_send_reminders(now=day_11 + timedelta(hours=8)) == {
        "reminded": 0,
        "escalated": 0,
    }
    assert overdue_to(report) == [reviewers.hoo.email]

    # The next day: reminded again.
    assert review_send_reminders(now=day_11 + timedelta(days=1))["reminded"] == 1
    assert overdue_to(report) == [reviewers.hoo.email, reviewers.hoo.email]
    assert audit_count(report, AuditAction.REVIEW_REMINDED) == 2
    assert escalated_to(report) == []


def test_the_task_uses_the_clock(report, reviewers):
    with time_machine.travel(T0 + timedelta(days=5), tick=False):
        assert review_reminders_task() == {"reminded": 0, "escalated": 0}
    with time_machine.travel(T0 + timedelta(days=11), tick=False):
        assert review_reminders_task() == {"reminded": 1, "escalated": 0}
        assert review_reminders_task() == {"reminded": 0, "escalated": 0}
    with time_machine.travel(T0 + timedelta(days=12), tick=False):
        assert review_reminders_task() == {"reminded": 1, "escalated": 0}
    with time_machine.travel(T0 + timedelta(days=21), tick=False):
        assert review_reminders_task() == {"reminded": 1, "escalated": 1}
    assert overdue_to(report) == [reviewers.hoo.email] * 3
    assert escalated_to(report) == [reviewers.provincial.email]


def test_changed_deadline(make_report, reviewers):
    LevelSetting.objects.update_or_create(
        level=ReviewLevel.HEAD_OF_OFFICE, defaults={"deadline_days": 3}
    )
    report = make_report(recommendations=1)
    stage = report_submit(report=report, user=report.mission.lead, now=T0)
    assert stage.due_at == T0 + timedelta(days=3)

    assert review_send_reminders(now=T0 + timedelta(days=2))["reminded"] == 0
    assert review_send_reminders(now=T0 + timedelta(days=3, hours=1)) == {
        "reminded": 1,
        "escalated": 0,
    }
    assert overdue_to(report) == [reviewers.hoo.email]
    assert review_send_reminders(now=T0 + timedelta(days=6, hours=1)) == {
        "reminded": 1,
        "escalated": 1,
    }
    assert escalated_to(report) == [reviewers.provincial.email]


def test_escalation_to_the_next_level_once(report, reviewers):
    """After twice the deadline the provincial SMG-P of the province is alerted, once."""
    twice = T0 + timedelta(days=20)
    assert review_send_reminders(now=twice - timedelta(hours=1)) == {
        "reminded": 1,
        "escalated": 0,
    }
    assert review_send_reminders(now=twice + timedelta(days=1)) == {
        "reminded": 1,
        "escalated": 1,
    }
    assert escalated_to(report) == [reviewers.provincial.email]
    assert reviewers.provincial_sud.email not in escalated_to(report)
    stage = ReviewStage.objects.get(report=report)
    assert stage.escalated_at == twice + timedelta(days=1)
    entry = AuditEntry.objects.for_object(report).get(action=AuditAction.REVIEW_ESCALATED)
    assert entry.details == {
        "level": ReviewLevel.HEAD_OF_OFFICE,
        "to": ReviewLevel.PROVINCIAL_SMG,
    }

    # Later days: reminders go on, the escalation is not repeated.
    assert review_send_reminders(now=twice + timedelta(days=2)) == {
        "reminded": 1,
        "escalated": 0,
    }
    assert review_send_reminders(now=twice + timedelta(days=30))["escalated"] == 0
    assert escalated_to(report) == [reviewers.provincial.email]
    assert audit_count(report, AuditAction.REVIEW_ESCALATED) == 1


def test_kinshasa_level_escalates_to_administrators(report, reviewers, make_user):
    admin = make_user("admin", is_superuser=True, is_staff=True)
    make_user("admin_no_mail", is_superuser=True, email="")
    make_user("admin_gone", is_superuser=True, is_active=False)
    endorse_all(report, reviewers.hoo, now=T0)
    endorse_all(report, reviewers.provincial, now=T0)
    stage = ReviewStage.objects.open().get(report=report)
    assert stage.level == ReviewLevel.KINSHASA_SMG

    counts = review_send_reminders(now=T0 + timedelta(days=20, hours=1))

    assert counts == {"reminded": 1, "escalated": 1}
    assert overdue_to(report) == [reviewers.kinshasa.email]
    assert escalated_to(report) == [admin.email]
    entry = AuditEntry.objects.for_object(report).get(action=AuditAction.REVIEW_ESCALATED)
    assert entry.details == {"level": ReviewLevel.KINSHASA_SMG, "to": "administrators"}


def test_closed_stages_are_ignored(report, reviewers, make_report):
    report_return(report=report, user=reviewers.hoo, comment="Add the escort points.", now=T0)
    approved = make_report(recommendations=1)
    report_submit(report=approved, user=approved.mission.lead, now=T0)
    for user in (reviewers.hoo, reviewers.provincial, reviewers.kinshasa):
        endorse_all(approved, user, now=T0)
    assert not ReviewStage.objects.open().exists()

    assert review_send_reminders(now=T0 + timedelta(days=40)) == {"reminded": 0, "escalated": 0}
    assert not EmailMessage.objects.filter(subject__startswith="Overdue").exists()
    assert not EmailMessage.objects.filter(subject__startswith="Escalation").exists()


def test_new_stage_has_its_own_deadline(report, reviewers):
    """A report forwarded on day 8 is due at provincial level 10 days later, not on day 10."""
    endorse_all(report, reviewers.hoo, now=T0 + timedelta(days=8))
    assert review_send_reminders(now=T0 + timedelta(days=12)) == {"reminded": 0, "escalated": 0}
    assert review_send_reminders(now=T0 + timedelta(days=18, hours=1))["reminded"] == 1
    assert overdue_to(report) == [reviewers.provincial.email]
