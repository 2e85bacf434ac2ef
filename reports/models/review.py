"""A report's recommendations and its review chain (step 7 of the life of a JPT).

A report in review has one open ``ReviewStage`` (its current level). Reviewers of that level
record one ``RecommendationDecision`` per recommendation still in play; when all are decided the
endorsed ones move on to the next level, and after the final level they are approved.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jpt.core.models import ChoiceLabelsModel, TimeStampedModel

from ..choices import (
    DEFAULT_DEADLINE_DAYS,
    DEFAULT_FINAL_LEVEL,
    LEVEL_ORDER,
    RECOMMENDATION_STATUS_COLOURS,
    Addressee,
    Category,
    Decision,
    Priority,
    RecommendationStatus,
    ReviewLevel,
    StageOutcome,
)
from .document import Report


class RecommendationQuerySet(models.QuerySet):
    def visible_to(self, user) -> RecommendationQuerySet:
        """A recommendation is seen by whoever sees its report (hence its mission)."""
        return self.filter(report__in=Report.objects.visible_to(user))


class Recommendation(TimeStampedModel):
    """A recommendation drafted by the team. ``text`` is what the team wrote; ``current_text``
    is the text as it stands after reviewers' changes (the same until someone changes it)."""

    report = models.ForeignKey(
        Report,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("report"),
    )
    text = models.TextField(_("recommendation"))
    current_text = models.TextField(_("text after review"), blank=True)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    addressee = models.CharField(_("addressed to"), max_length=30, choices=Addressee.choices)
    addressee_detail = models.CharField(
        _("which one"), max_length=150, blank=True, help_text=_("e.g. Human Rights section")
    )
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    localities = models.ManyToManyField(
        "places.Locality", related_name="recommendations", verbose_name=_("localities")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.DRAFT,
    )

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["report", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RecommendationStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(category__in=Category.values),
                name="%(app_label)s_%(class)s_category_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "category"], name="recs_status_category"),
        ]
        permissions = [
            ("review_head_of_office", "Reviews at head-of-office level in their provinces"),
            ("review_provincial", "Reviews at provincial SMG-P level in their provinces"),
            ("review_kinshasa", "Reviews at SMG-P Kinshasa level"),
        ]

    def __str__(self) -> str:
        return (self.current_text or self.text)[:80]

    def get_absolute_url(self) -> str:
        return reverse("recommendations:recommendation_detail", args=[self.pk])

    @property
    def display_text(self) -> str:
        return self.current_text or self.text

    @property
    def status_colour(self) -> str:
        return RECOMMENDATION_STATUS_COLOURS[RecommendationStatus(self.status)]


class LevelSetting(ChoiceLabelsModel):
    """The deadline of a review level (an administrator changes it in the admin)."""

    level = models.CharField(_("level"), max_length=30, choices=ReviewLevel.choices, unique=True)
    deadline_days = models.PositiveSmallIntegerField(
        _("deadline (days)"), default=DEFAULT_DEADLINE_DAYS
    )

    class Meta:
        verbose_name = _("review level deadline")
        verbose_name_plural = _("review level deadlines")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline_days__gte=1), name="%(app_label)s_%(class)s_deadline_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.deadline_days}"

    @classmethod
    def deadline_for(cls, level: str) -> int:
        setting = cls.objects.filter(level=level).first()
        return setting.deadline_days if setting else DEFAULT_DEADLINE_DAYS


class ProvinceChain(models.Model):
    """Where a province's chain ends (some regions approve at provincial level)."""

    province = models.OneToOneField(
        "places.Province",
        on_delete=models.CASCADE,
        related_name="review_chain",
        verbose_name=_("province"),
    )
    final_level = models.CharField(
        _("final level"),
        max_length=30,
        choices=[(lvl.value, lvl.label) for lvl in LEVEL_ORDER[1:]],
        default=DEFAULT_FINAL_LEVEL,
    )

    class Meta:
        verbose_name = _("province review chain")
        verbose_name_plural = _("province review chains")

    def __str__(self) -> str:
        return f"{self.province}: {self.get_final_level_display()}"

    @classmethod
    def final_level_for(cls, province_id: int) -> str:
        chain = cls.objects.filter(province_id=province_id).first()
        return chain.final_level if chain else DEFAULT_FINAL_LEVEL


class ReviewStageQuerySet(models.QuerySet):
    def open(self) -> ReviewStageQuerySet:
        return self.filter(outcome=StageOutcome.OPEN)

    def visible_to(self, user) -> ReviewStageQuerySet:
        """A report's stages are seen by whoever sees the report (hence its mission)."""
        return self.filter(report__in=Report.objects.visible_to(user))


class ReviewStage(ChoiceLabelsModel):
    """A report's stay at one level of the chain: when it arrived, when it is due, how it left."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="stages")
    level = models.CharField(_("level"), max_length=30, choices=ReviewLevel.choices)
    entered_at = models.DateTimeField(_("arrived"))
    due_at = models.DateTimeField(_("due"))
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=StageOutcome.choices, default=StageOutcome.OPEN
    )
    closed_at = models.DateTimeField(_("left"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    comment = models.TextField(_("comments to the team"), blank=True)
    last_reminder_on = models.DateField(_("last reminder"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)

    objects = ReviewStageQuerySet.as_manager()

    class Meta:
        verbose_name = _("review stage")
        verbose_name_plural = _("review stages")
        ordering = ["report", "entered_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report"],
                condition=Q(outcome=StageOutcome.OPEN),
                name="%(app_label)s_%(class)s_one_open_per_report",
            ),
            models.CheckConstraint(
                condition=Q(outcome=StageOutcome.OPEN) | Q(closed_at__isnull=False),
                name="%(app_label)s_%(class)s_closed_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["level", "outcome", "due_at"], name="recs_stage_level_due"),
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.get_level_display()}"

    @property
    def days_spent(self) -> float | None:
        """From arrival at the level to its decision, in days (None while open)."""
        if self.closed_at is None:
            return None
        return round((self.closed_at - self.entered_at).total_seconds() / 86400, 1)

    @property
    def was_late(self) -> bool:
        """Decided after its deadline (as the indicators count it)."""
        return self.closed_at is not None and self.closed_at > self.due_at

    @property
    def is_open(self) -> bool:
        return self.outcome == StageOutcome.OPEN

    def is_overdue(self, now=None) -> bool:
        return self.is_open and (now or timezone.now()) > self.due_at

    @property
    def deadline(self) -> timedelta:
        return self.due_at - self.entered_at

    def waiting(self, now=None) -> timedelta:
        return (self.closed_at or now or timezone.now()) - self.entered_at


class RecommendationDecision(ChoiceLabelsModel):
    """One reviewer's decision on one recommendation at one stage: exactly one per pair."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="decisions"
    )
    stage = models.ForeignKey(ReviewStage, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    text_before = models.TextField(_("text before"))
    changed_text = models.TextField(_("changed text"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["decided_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "stage"], name="%(app_label)s_%(class)s_one_per_stage"
            ),
            models.CheckConstraint(
                condition=~Q(decision=Decision.ENDORSE_WITH_CHANGES) | ~Q(changed_text=""),
                name="%(app_label)s_%(class)s_changes_have_text",
            ),
            models.CheckConstraint(
                condition=~Q(decision=Decision.REJECT) | ~Q(reason=""),
                name="%(app_label)s_%(class)s_reject_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.recommendation}"
