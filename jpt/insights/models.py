"""Stored monthly trend summaries: the figures of a month for one province or for all, as
computed (by Celery beat on the 1st of the next month, or on demand) and kept as they were."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from jpt.core.models import TimeStampedModel

PERM_VIEW_DASHBOARD = "insights.view_dashboard"
PERM_COMPUTE_SUMMARY = "insights.compute_summary"


class MonthlySummaryQuerySet(models.QuerySet):
    def visible_to(self, user) -> MonthlySummaryQuerySet:
        """Summaries of the user's provinces; the all-provinces summary only for those who see
        every province (Kinshasa, analysts, administrators). Needs ``view_dashboard``."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if not user.has_perm(PERM_VIEW_DASHBOARD):
            return self.none()
        if user.sees_all_provinces:
            return self.all()
        return self.filter(province__in=sorted(user.province_ids()))


class MonthlySummary(TimeStampedModel):
    """The trend figures of one month, for one province or (``province`` empty) for every
    province. ``figures`` holds the raw counts of ``jpt.insights.figures.compute_figures``:
    pages and documents show them through ``jpt.insights.presenter``, which suppresses small
    counts of people; they are never shown as stored."""

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    province = models.ForeignKey(
        "places.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
        help_text=_("Empty: every province."),
    )
    figures = models.JSONField(_("figures"), encoder=DjangoJSONEncoder)
    computed_at = models.DateTimeField(_("computed at"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("computed by"),
        help_text=_("Empty when Celery beat computed it."),
    )

    objects = MonthlySummaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly trend summary")
        verbose_name_plural = _("monthly trend summaries")
        ordering = ["-month", "province__name", "id"]
        permissions = [
            ("view_dashboard", "Sees the indicators dashboard and the monthly trend summaries"),
            ("compute_summary", "Computes a monthly trend summary on demand"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "province"],
                condition=Q(province__isnull=False),
                name="%(app_label)s_%(class)s_one_per_month_and_province",
            ),
            models.UniqueConstraint(
                fields=["month"],
                condition=Q(province__isnull=True),
                name="%(app_label)s_%(class)s_one_per_month_for_all",
            ),
            models.CheckConstraint(
                condition=Q(month__day=1),
                name="%(app_label)s_%(class)s_month_is_first_day",
            ),
        ]
        indexes = [
            models.Index(fields=["-month", "province"], name="insights_summary_month"),
        ]

    def __str__(self) -> str:
        return f"{self.month_label} — {self.scope_label}"

    def get_absolute_url(self) -> str:
        return reverse("insights:summary_detail", args=[self.pk])

    @property
    def month_label(self) -> str:
        return formats.date_format(self.month, "F Y")

    @property
    def scope_label(self) -> str:
        return str(self.province) if self.province_id else str(_("All provinces"))
