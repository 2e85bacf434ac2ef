"""Database constraints of the review chain: they hold even if a service were bypassed."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from reports.choices import (
    DEFAULT_DEADLINE_DAYS,
    Decision,
    ReviewLevel,
    StageOutcome,
)
from reports.models import (
    LevelSetting,
    ProvinceChain,
    Recommendation,
    RecommendationDecision,
    ReviewStage,
)

pytestmark = pytest.mark.django_db

T0 = timezone.make_aware(datetime(2026, 3, 2, 9, 0))


def stage(report, level=ReviewLevel.HEAD_OF_OFFICE, outcome=StageOutcome.OPEN, **fields):
    if outcome != StageOutcome.OPEN:
        fields.setdefault("closed_at", T0 + timedelta(days=1))
    return ReviewStage.objects.create(
        report=report,
        level=level,
        entered_at=T0,
        due_at=T0 + timedelta(days=10),
        outcome=outcome,
        **fields,
    )


def decision(rec, on_stage, user, kind=Decision.ENDORSE, **fields):
    return RecommendationDecision.objects.create(
        recommendation=rec,
        stage=on_stage,
        decision=kind,
        text_before=rec.text,
        decided_by=user,
        decided_at=T0,
        **fields,
    )


def test_one_open_stage_per_report(make_report):
    report = make_report()
    stage(report)
    with pytest.raises(IntegrityError), transaction.atomic():
        stage(report, level=ReviewLevel.PROVINCIAL_SMG)
    # Closed stages do not count.
    stage(report, outcome=StageOutcome.FORWARDED)
    stage(report, outcome=StageOutcome.RETURNED)
    assert ReviewStage.objects.filter(report=report).count() == 3
    # Another report has its own open stage.
    stage(make_report())
    assert ReviewStage.objects.open().count() == 2


def test_closed_stage_has_a_time(make_report):
    report = make_report()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewStage.objects.create(
            report=report,
            level=ReviewLevel.HEAD_OF_OFFICE,
            entered_at=T0,
            due_at=T0,
            outcome=StageOutcome.FORWARDED,
        )


def test_one_decision_per_recommendation_per_stage(make_report, reviewers):
    report = make_report(recommendations=2)
    first_rec, second_rec = Recommendation.objects.filter(report=report).order_by("id")
    head = stage(report, outcome=StageOutcome.FORWARDED)
    decision(first_rec, head, reviewers.hoo)
    with pytest.raises(IntegrityError), transaction.atomic():
        decision(first_rec, head, reviewers.hoo, Decision.REJECT, reason="Second thoughts.")
    # The other recommendation at the same stage, and the same one at the next stage, are fine.
    decision(second_rec, head, reviewers.hoo)
    provincial = stage(report, level=ReviewLevel.PROVINCIAL_SMG)
    decision(first_rec, provincial, reviewers.provincial)
    assert RecommendationDecision.objects.filter(recommendation=first_rec).count() == 2


def test_endorse_with_changes_needs_the_changed_text(make_report, reviewers):
    report = make_report(recommendations=1)
    rec = report.recommendations.get()
    open_stage = stage(report)
    with pytest.raises(IntegrityError), transaction.atomic():
        decision(rec, open_stage, reviewers.hoo, Decision.ENDORSE_WITH_CHANGES)
    record = decision(
        rec, open_stage, reviewers.hoo, Decision.ENDORSE_WITH_CHANGES, changed_text="New text."
    )
    assert record.changed_text == "New text."


def test_reject_needs_a_reason(make_report, reviewers):
    report = make_report(recommendations=1)
    rec = report.recommendations.get()
    open_stage = stage(report)
    with pytest.raises(IntegrityError), transaction.atomic():
        decision(rec, open_stage, reviewers.hoo, Decision.REJECT)
    assert decision(rec, open_stage, reviewers.hoo, Decision.REJECT, reason="Too costly.").pk


def test_deadline_and_final_level_defaults(places):
    assert LevelSetting.deadline_for(ReviewLevel.PROVINCIAL_SMG) == DEFAULT_DEADLINE_DAYS == 10
    LevelSetting.objects.update_or_create(
        level=ReviewLevel.PROVINCIAL_SMG, defaults={"deadline_days": 3}
    )
    assert LevelSetting.deadline_for(ReviewLevel.PROVINCIAL_SMG) == 3
    assert LevelSetting.deadline_for(ReviewLevel.HEAD_OF_OFFICE) == 10
    with pytest.raises(IntegrityError), transaction.atomic():
        LevelSetting.objects.update_or_create(
            level=ReviewLevel.KINSHASA_SMG, defaults={"deadline_days": 0}
        )

    assert ProvinceChain.final_level_for(places.nord_kivu.pk) == ReviewLevel.KINSHASA_SMG
    ProvinceChain.objects.create(province=places.sud_kivu, final_level=ReviewLevel.PROVINCIAL_SMG)
    assert ProvinceChain.final_level_for(places.sud_kivu.pk) == ReviewLevel.PROVINCIAL_SMG
    assert ProvinceChain.final_level_for(places.nord_kivu.pk) == ReviewLevel.KINSHASA_SMG


def test_stage_deadline_and_overdue(make_report):
    report = make_report()
    open_stage = stage(report)
    assert open_stage.deadline == timedelta(days=10)
    assert not open_stage.is_overdue(now=T0 + timedelta(days=10))
    assert open_stage.is_overdue(now=T0 + timedelta(days=10, seconds=1))
    assert open_stage.waiting(now=T0 + timedelta(days=4)) == timedelta(days=4)
