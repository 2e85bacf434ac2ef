"""Two reviewers of the same level deciding at the same moment (two threads, PostgreSQL): one
decision and one clear "already decided", never two decisions, a lost one or two next stages."""

from __future__ import annotations

import contextlib
import threading

import pytest
from django.db import connection

import reports.services.review as review_services
from jpt.accounts.roles import Role
from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from jpt.core.exceptions import InvalidTransition
from reports.choices import Decision, ReviewLevel, StageOutcome
from reports.models import Recommendation, RecommendationDecision, ReviewStage
from reports.services import recommendation_decide, report_submit

pytestmark = pytest.mark.django_db(transaction=True)

# How long a thread waits, inside its transaction, for the other to reach the same point.
RENDEZVOUS_TIMEOUT = 1.0


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")


@pytest.fixture
def two_heads(make_user, places, reviewers):
    return reviewers.hoo, make_user("hoo_nord_two", Role.HEAD_OF_OFFICE, [places.nord_kivu])


@pytest.fixture
def rendezvous(monkeypatch):
    """Call it just before the race to widen the race window: after writing its decision, and
    still inside its transaction, each thread waits (up to a second) for the other to get there.

    With the row locks the other thread is blocked on a lock, so the wait times out and the two
    run one after the other. Without them both would go on together, each blind to the other's
    uncommitted decision: neither would close the stage, or both would.
    """

    def arm() -> None:
        point = threading.Barrier(2)
        real = review_services.audit_record

        def waiting(**kwargs):
            entry = real(**kwargs)
            if kwargs["action"] == AuditAction.RECOMMENDATION_DECIDED:
                with contextlib.suppress(threading.BrokenBarrierError):
                    point.wait(timeout=RENDEZVOUS_TIMEOUT)
            return entry

        monkeypatch.setattr(review_services, "audit_record", waiting)

    return arm


def race(*actions) -> list[object]:
    """Run the actions in threads released together; return each result or exception."""
    barrier = threading.Barrier(len(actions))
    outcomes: list[object] = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = action()
        except Exception as exc:  # recorded and asserted by the test
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def submitted(make_report, recommendations: int):
    report = make_report(recommendations=recommendations)
    report_submit(report=report, user=report.mission.lead)
    return report, list(Recommendation.objects.filter(report=report).order_by("id"))


def split(outcomes):
    errors = [o for o in outcomes if isinstance(o, Exception)]
    records = [o for o in outcomes if isinstance(o, RecommendationDecision)]
    return records, errors


def test_same_recommendation_at_the_same_moment(make_report, two_heads, rendezvous):
    first_head, second_head = two_heads
    report, (rec, _other) = submitted(make_report, 2)
    rendezvous()

    outcomes = race(
        lambda: recommendation_decide(
            recommendation=rec, user=first_head, decision=Decision.ENDORSE
        ),
        lambda: recommendation_decide(
            recommendation=rec,
            user=second_head,
            decision=Decision.REJECT,
            reason="No troops available.",
        ),
    )

    records, errors = split(outcomes)
    assert len(records) == 1, outcomes
    assert len(errors) == 1, outcomes
    assert isinstance(errors[0], InvalidTransition), errors
    assert "Already decided" in errors[0].message
    decision = RecommendationDecision.objects.get(recommendation=rec)
    assert decision.pk == records[0].pk
    assert (
        AuditEntry.objects.for_object(rec).filter(action=AuditAction.RECOMMENDATION_DECIDED).count()
        == 1
    )
    # The other recommendation is still undecided: the stage stays open.
    stage = ReviewStage.objects.get(report=report)
    assert stage.outcome == StageOutcome.OPEN


def test_last_recommendation_at_the_same_moment(make_report, two_heads, rendezvous):
    first_head, second_head = two_heads
    report, (decided, last) = submitted(make_report, 2)
    recommendation_decide(recommendation=decided, user=first_head, decision=Decision.ENDORSE)
    rendezvous()

    outcomes = race(
        lambda: recommendation_decide(
            recommendation=last, user=first_head, decision=Decision.ENDORSE
        ),
        lambda: recommendation_decide(
            recommendation=last, user=second_head, decision=Decision.ENDORSE
        ),
    )

    records, errors = split(outcomes)
    assert len(records) == 1, outcomes
    assert len(errors) == 1 and isinstance(errors[0], InvalidTransition), outcomes
    assert "Already decided" in errors[0].message
    assert RecommendationDecision.objects.filter(recommendation=last).count() == 1
    stages = list(ReviewStage.objects.filter(report=report).order_by("entered_at", "id"))
    assert [(s.level, s.outcome) for s in stages] == [
        (ReviewLevel.HEAD_OF_OFFICE, StageOutcome.FORWARDED),
        (ReviewLevel.PROVINCIAL_SMG, StageOutcome.OPEN),
    ]
    forwarded = AuditEntry.objects.for_object(report).filter(action=AuditAction.REPORT_FORWARDED)
    assert forwarded.count() == 1


@pytest.mark.parametrize("attempt", [1, 2, 3])
def test_two_last_recommendations_at_the_same_moment(make_report, two_heads, rendezvous, attempt):
    """Each reviewer decides a different one of the last two: both decisions count, and the
    second to commit closes the stage. Without the locks each would miss the other's decision
    and the stage would stay open for ever (most attempts fail then; hence three)."""
    first_head, second_head = two_heads
    report, (one, two) = submitted(make_report, 2)
    rendezvous()

    outcomes = race(
        lambda: recommendation_decide(recommendation=one, user=first_head, decision="endorse"),
        lambda: recommendation_decide(recommendation=two, user=second_head, decision="endorse"),
    )

    records, errors = split(outcomes)
    assert errors == []
    assert len(records) == 2
    head_stage = ReviewStage.objects.get(report=report, level=ReviewLevel.HEAD_OF_OFFICE)
    assert head_stage.decisions.count() == 2
    assert head_stage.outcome == StageOutcome.FORWARDED
    assert ReviewStage.objects.filter(report=report).count() == 2
    assert ReviewStage.objects.open().get(report=report).level == ReviewLevel.PROVINCIAL_SMG
