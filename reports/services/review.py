"""The review chain, and the report's state machine: draft → in review → returned → in review
... → approved, or closed when nothing is endorsed. This module is the only one that writes a
report's status (and moves the mission along with it, ``missions.services.mission_follow_report``).

Every function is atomic and locks the report's open review stage before acting, so two
reviewers acting at once produce one decision and one clear "already decided" error.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jpt.audit.choices import AuditAction
from jpt.audit.services import audit_record
from jpt.core.exceptions import InvalidTransition
from jpt.notifications.services import email_queue
from missions.choices import ReportStep
from missions.models import Mission
from missions.permissions import can_contribute, team_user_ids
from missions.services import mission_follow_report

from ..checks import blocking_checks
from ..choices import (
    EDITABLE_REPORT_STATUSES,
    LEVEL_ORDER,
    Decision,
    RecommendationStatus,
    ReportStatus,
    StageOutcome,
)
from ..freeze import freeze_report
from ..models import (
    LevelSetting,
    ProvinceChain,
    Recommendation,
    RecommendationDecision,
    Report,
    ReviewStage,
)
from ..selectors import next_level, reviewers_for, reviews_at, rrewc_for
from ._common import lock_report, touch_report


def _lock_open_stage(report_id: int) -> ReviewStage | None:
    return (
        ReviewStage.objects.select_for_update()
        .filter(report_id=report_id, outcome=StageOutcome.OPEN)
        .first()
    )


def _open_stage(report: Report, level: str, now: datetime) -> ReviewStage:
    days = LevelSetting.deadline_for(level)
    stage = ReviewStage.objects.create(
        report=report, level=level, entered_at=now, due_at=now + timedelta(days=days)
    )
    _notify_arrival(report, stage)
    return stage


def _notify_arrival(report: Report, stage: ReviewStage) -> None:
    province_id = report.mission.province_id
    context = {"report": report, "stage": stage}
    for reviewer in reviewers_for(stage.level, province_id):
        email_queue(
            recipient=reviewer,
            template="reports/email/review_arrived",
            context=context,
            target=report,
        )
    if stage.level == LEVEL_ORDER[1]:
        for member in rrewc_for(province_id):
            email_queue(
                recipient=member,
                template="reports/email/rrewc_notice",
                context=context,
                target=report,
            )


def _team_users(mission: Mission):
    """The lead and the members who accepted (an invitee who never answered is not told)."""
    return (
        get_user_model()
        .objects.filter(pk__in=team_user_ids(mission), is_active=True)
        .order_by("full_name")
    )


def _notify_team(report: Report, template: str, context: dict) -> None:
    for user in _team_users(report.mission):
        email_queue(recipient=user, template=template, context=context, target=report)


@transaction.atomic
def report_submit(*, report: Report, user, now: datetime | None = None) -> ReviewStage:
    """Send the report up the chain: to the first level the first time, back to the level that
    returned it afterwards. The chain's final level is fixed at the first submission."""
    mission = report.mission
    if not Mission.objects.visible_to(user).filter(pk=mission.pk).exists():
        raise PermissionDenied(_("This report is outside your scope."))
    if not can_contribute(user, mission):
        raise PermissionDenied(_("Only the mission's team or Civil Affairs may submit it."))
    locked = lock_report(report)
    if locked.status not in EDITABLE_REPORT_STATUSES:
        raise InvalidTransition(
            _("This report is %(status)s: it cannot be submitted again.")
            % {"status": locked.get_status_display().lower()}
        )
    problems = blocking_checks(locked)
    if problems:
        raise ValidationError([p.message for p in problems])
    now = now or timezone.now()
    first = locked.status == ReportStatus.DRAFT
    if first:
        locked.chain_final_level = ProvinceChain.final_level_for(mission.province_id)
        locked.submitted_at = now
        level = LEVEL_ORDER[0].value
    else:
        returned = (
            locked.stages.filter(outcome=StageOutcome.RETURNED).order_by("-closed_at").first()
        )
        level = returned.level if returned else LEVEL_ORDER[0].value
    locked.recommendations.filter(status=RecommendationStatus.DRAFT).update(
        status=RecommendationStatus.IN_REVIEW, updated_at=now
    )
    locked.status = ReportStatus.IN_REVIEW
    locked.save(update_fields=["status", "chain_final_level", "submitted_at", "updated_at"])
    mission_follow_report(mission=mission, user=user, step=ReportStep.SUBMITTED)
    stage = _open_stage(locked, level, now)
    audit_record(
        actor=user,
        action=AuditAction.REPORT_SUBMITTED,
        target=locked,
        details={"level": level, "final_level": locked.chain_final_level, "first": first},
    )
    return stage


def _already_decided(decision: RecommendationDecision) -> InvalidTransition:
    return InvalidTransition(
        _("Already decided: %(who)s chose “%(decision)s”. Nothing was changed.")
        % {"who": decision.decided_by, "decision": decision.get_decision_display()}
    )


def _check_reviewer(user, stage: ReviewStage, report: Report) -> None:
    if not reviews_at(user, stage.level, report.mission.province_id):
        raise PermissionDenied(
            _("Only reviewers of the %(level)s level for this province may do this.")
            % {"level": stage.get_level_display()}
        )


@transaction.atomic
def recommendation_decide(
    *,
    recommendation: Recommendation,
    user,
    decision: str,
    changed_text: str = "",
    reason: str = "",
    now: datetime | None = None,
) -> RecommendationDecision:
    """Record a reviewer's decision on one recommendation at the report's current level.

    When every recommendation in play has a decision, the stage closes: rejected ones stop, the
    changed texts apply, the endorsed ones go to the next level, or are approved at the last.
    """
    report = recommendation.report
    if not Report.objects.visible_to(user).filter(pk=report.pk).exists():
        raise PermissionDenied(_("This report is outside your scope."))
    stage = _lock_open_stage(report.pk)
    if stage is None:
        # Someone may have just closed the stage by deciding this very recommendation: say so.
        latest = (
            RecommendationDecision.objects.filter(recommendation_id=recommendation.pk)
            .exclude(stage__outcome=StageOutcome.RETURNED)
            .select_related("decided_by")
            .order_by("-decided_at", "-id")
            .first()
        )
        if latest is not None:
            raise _already_decided(latest)
        raise InvalidTransition(_("This report is not waiting for a review decision."))
    report = lock_report(report)
    _check_reviewer(user, stage, report)
    locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if locked.status != RecommendationStatus.IN_REVIEW:
        raise InvalidTransition(_("This recommendation is no longer in review."))
    earlier = stage.decisions.filter(recommendation=locked).select_related("decided_by").first()
    if earlier is not None:
        raise _already_decided(earlier)
    decision = Decision(decision)
    changed_text = (changed_text or "").strip()
    reason = (reason or "").strip()
    if decision == Decision.ENDORSE_WITH_CHANGES and (
        not changed_text or changed_text == locked.display_text.strip()
    ):
        raise ValidationError({"changed_text": _("Write the changed text of the recommendation.")})
    if decision == Decision.REJECT and not reason:
        raise ValidationError({"reason": _("Say why the recommendation is rejected.")})
    now = now or timezone.now()
    try:
        with transaction.atomic():
            record = RecommendationDecision.objects.create(
                recommendation=locked,
                stage=stage,
                decision=decision,
                text_before=locked.display_text,
                changed_text=changed_text if decision == Decision.ENDORSE_WITH_CHANGES else "",
                reason=reason,
                decided_by=user,
                decided_at=now,
            )
    except IntegrityError as error:  # the unique constraint, should the lock ever be bypassed
        raise InvalidTransition(_("Already decided. Nothing was changed.")) from error
    touch_report(report)  # the decisions are part of the report's content
    audit_record(
        actor=user,
        action=AuditAction.RECOMMENDATION_DECIDED,
        target=locked,
        details={
            "level": stage.level,
            "decision": decision.value,
            "changed_text": record.changed_text,
            "reason": reason,
        },
    )
    in_play = set(
        report.recommendations.filter(status=RecommendationStatus.IN_REVIEW).values_list(
            "id", flat=True
        )
    )
    decided = set(stage.decisions.values_list("recommendation_id", flat=True))
    if in_play <= decided:
        _close_stage(stage, report, user=user, now=now)
    return record


def _close_stage(stage: ReviewStage, report: Report, *, user, now: datetime) -> None:
    for record in stage.decisions.select_related("recommendation"):
        rec = record.recommendation
        if record.decision == Decision.REJECT:
            rec.status = RecommendationStatus.REJECTED
            rec.save(update_fields=["status", "updated_at"])
        elif record.decision == Decision.ENDORSE_WITH_CHANGES:
            rec.current_text = record.changed_text
            rec.save(update_fields=["current_text", "updated_at"])
    endorsed = report.recommendations.filter(status=RecommendationStatus.IN_REVIEW)
    stage.closed_at = now
    stage.closed_by = user
    context = {"report": report, "stage": stage}
    if not endorsed.exists():
        stage.outcome = StageOutcome.CLOSED
        stage.save(update_fields=["outcome", "closed_at", "closed_by"])
        report.status = ReportStatus.CLOSED
        report.save(update_fields=["status", "updated_at"])
        mission_follow_report(mission=report.mission, user=user, step=ReportStep.CLOSED)
        audit_record(
            actor=user,
            action=AuditAction.REPORT_CLOSED,
            target=report,
            details={"level": stage.level},
        )
        _notify_team(report, "reports/email/report_closed", context)
        return
    if stage.level == report.chain_final_level:
        stage.outcome = StageOutcome.APPROVED
        stage.save(update_fields=["outcome", "closed_at", "closed_by"])
        approved = endorsed.update(status=RecommendationStatus.APPROVED, updated_at=now)
        report.status = ReportStatus.APPROVED
        report.approved_at = now
        report.save(update_fields=["status", "approved_at", "updated_at"])
        mission_follow_report(mission=report.mission, user=user, step=ReportStep.APPROVED)
        version = freeze_report(report, user=user)
        audit_record(
            actor=user,
            action=AuditAction.REPORT_APPROVED,
            target=report,
            details={
                "level": stage.level,
                "approved_recommendations": approved,
                "version": version.number,
                "sha256": version.sha256,
            },
        )
        _notify_team(report, "reports/email/report_approved", context)
        return
    stage.outcome = StageOutcome.FORWARDED
    stage.save(update_fields=["outcome", "closed_at", "closed_by"])
    following = next_level(stage.level)
    new_stage = _open_stage(report, following, now)
    audit_record(
        actor=user,
        action=AuditAction.REPORT_FORWARDED,
        target=report,
        details={
            "from": stage.level,
            "to": new_stage.level,
            "recommendations": endorsed.count(),
        },
    )


@transaction.atomic
def report_return(*, report: Report, user, comment: str, now: datetime | None = None) -> Report:
    """A reviewer sends the whole report back to the team with comments. Decisions already
    taken at this level do not apply; once resubmitted, the report comes back to this level."""
    if not Report.objects.visible_to(user).filter(pk=report.pk).exists():
        raise PermissionDenied(_("This report is outside your scope."))
    stage = _lock_open_stage(report.pk)
    if stage is None:
        raise InvalidTransition(_("This report is not in review."))
    locked = lock_report(report)
    _check_reviewer(user, stage, locked)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Tell the team what to change.")})
    now = now or timezone.now()
    stage.outcome = StageOutcome.RETURNED
    stage.closed_at = now
    stage.closed_by = user
    stage.comment = comment
    stage.save(update_fields=["outcome", "closed_at", "closed_by", "comment"])
    locked.status = ReportStatus.RETURNED
    locked.save(update_fields=["status", "updated_at"])
    mission_follow_report(mission=locked.mission, user=user, step=ReportStep.RETURNED)
    audit_record(
        actor=user,
        action=AuditAction.REPORT_RETURNED,
        target=locked,
        details={"level": stage.level, "comment": comment},
    )
    _notify_team(locked, "reports/email/report_returned", {"report": locked, "stage": stage})
    return locked


def review_send_reminders(*, now: datetime | None = None) -> dict[str, int]:
    """Daily: remind reviewers of overdue stages, and after twice the deadline alert the next
    level's reviewers (administrators when there is no next level). Each stage is reminded at
    most once a day and escalated once."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    counts = {"reminded": 0, "escalated": 0}
    overdue = ReviewStage.objects.open().filter(due_at__lt=now).values_list("id", flat=True)
    for stage_id in list(overdue):
        with transaction.atomic():
            stage = (
                ReviewStage.objects.select_for_update()
                .select_related("report__mission__province", "report__mission__request")
                .filter(pk=stage_id, outcome=StageOutcome.OPEN)
                .first()
            )
            if stage is None:
                continue
            report = stage.report
            province_id = report.mission.province_id
            context = {"report": report, "stage": stage, "days_late": (now - stage.due_at).days}
            if stage.last_reminder_on != today:
                for reviewer in reviewers_for(stage.level, province_id):
                    email_queue(
                        recipient=reviewer,
                        template="reports/email/review_overdue",
                        context=context,
                        target=report,
                    )
                stage.last_reminder_on = today
                stage.save(update_fields=["last_reminder_on"])
                audit_record(
                    actor=None,
                    action=AuditAction.REVIEW_REMINDED,
                    target=report,
                    details={"level": stage.level},
                )
                counts["reminded"] += 1
            if stage.escalated_at is None and now >= stage.entered_at + 2 * stage.deadline:
                above = next_level(stage.level)
                if above:
                    recipients = reviewers_for(above, province_id)
                else:
                    recipients = (
                        get_user_model()
                        .objects.filter(is_active=True, is_superuser=True)
                        .exclude(email="")
                    )
                for recipient in recipients:
                    email_queue(
                        recipient=recipient,
                        template="reports/email/review_escalated",
                        context=context,
                        target=report,
                    )
                stage.escalated_at = now
                stage.save(update_fields=["escalated_at"])
                audit_record(
                    actor=None,
                    action=AuditAction.REVIEW_ESCALATED,
                    target=report,
                    details={"level": stage.level, "to": above or "administrators"},
                )
                counts["escalated"] += 1
    return counts
