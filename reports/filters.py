"""Filters of the threat list (django-filter).

The indicators (``jpt.insights.presenter.Links.threats``) link each count of threats to this
list: "threats analysed in the reports first submitted in the period" is ``submitted_from`` /
``submitted_to`` on the report's first submission by local day (a date-time's ``__date`` is
taken in the current time zone, as the indicators' periods are: ``jpt.insights.periods``),
with the province, the type, the alleged perpetrator's category and the trend the figures
group by (``jpt.insights.figures.report_parts``).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jpt.core.filters import FilterBarForm
from jpt.places.models import Province
from missions.caching import CachedIdsMixin
from missions.filters import mission_search_q
from missions.models import Mission

from .choices import (
    PerpetratorCategory,
    ReportStatus,
    ReviewLevel,
    Severity,
    StageOutcome,
    ThreatType,
    Trend,
)
from .models import ReviewStage, Threat


def date_filter(
    label, lookup_expr: str, field_name: str = "report__submitted_at__date"
) -> django_filters.DateFilter:
    """A day of the filter bar (by default the report's first submission, its local day)."""
    return django_filters.DateFilter(
        label=label,
        field_name=field_name,
        lookup_expr=lookup_expr,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


YES_NO = [("true", _("Yes")), ("false", _("No"))]


class ReviewStageFilter(CachedIdsMixin, django_filters.FilterSet):
    """The review stages that ended, in the user's scope (``selectors.review_stage_rows``): the
    indicators' "time spent at each review level" link here, by the local day the stage ended
    (``closed_from`` / ``closed_to``), its level, how it ended and whether it was past its
    deadline (``jpt.insights.figures.review_parts``)."""

    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        field_name="report__mission__province",
        queryset=Province.objects.none(),
    )
    level = django_filters.ChoiceFilter(label=_("Level"), choices=ReviewLevel.choices)
    outcome = django_filters.ChoiceFilter(
        label=_("How it ended"),
        choices=[(o.value, o.label) for o in StageOutcome if o != StageOutcome.OPEN],
    )
    late = django_filters.ChoiceFilter(
        label=_("Past the deadline"), choices=YES_NO, method="late_filter"
    )
    closed_from = date_filter(_("Ended from"), "gte", "closed_at__date")
    closed_to = date_filter(_("Ended until"), "lte", "closed_at__date")

    class Meta:
        model = ReviewStage
        form = FilterBarForm
        fields = ["province", "level", "outcome", "late", "closed_from", "closed_to"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["province"].queryset = Province.objects.visible_to(user).order_by("name")

    def late_filter(self, queryset, name, value):
        late = Q(closed_at__gt=F("due_at"))
        return queryset.filter(late) if value == "true" else queryset.exclude(late)


class ThreatFilter(CachedIdsMixin, django_filters.FilterSet):
    """Expects ``reports.selectors.threat_rows`` (the user's scope); the province's choices
    are the provinces the user sees."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        field_name="report__mission__province",
        queryset=Province.objects.none(),
    )
    threat_type = django_filters.ChoiceFilter(label=_("Threat"), choices=ThreatType.choices)
    perpetrator = django_filters.ChoiceFilter(
        label=_("Alleged perpetrator"),
        field_name="perpetrator_category",
        choices=PerpetratorCategory.choices,
    )
    trend = django_filters.ChoiceFilter(label=_("Trend"), choices=Trend.choices)
    severity = django_filters.ChoiceFilter(label=_("Severity"), choices=Severity.choices)
    report_status = django_filters.ChoiceFilter(
        label=_("Report status"), field_name="report__status", choices=ReportStatus.choices
    )
    submitted_from = date_filter(_("Report first submitted from"), "gte")
    submitted_to = date_filter(_("Report first submitted until"), "lte")

    class Meta:
        model = Threat
        form = FilterBarForm
        fields = [
            "q",
            "province",
            "threat_type",
            "perpetrator",
            "trend",
            "severity",
            "report_status",
            "submitted_from",
            "submitted_to",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["province"].queryset = Province.objects.visible_to(user).order_by("name")

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # The threat's own texts, and its mission's title or reference (JPT-M2026-0003) as a
        # list of ids (``CachedIdsMixin.ids``), so that each part of the OR stays an index read.
        missions = mission_search_q(value)
        return queryset.filter(
            Q(perpetrator_name__icontains=value)
            | Q(narrative__icontains=value)
            | Q(
                report__mission__in=self.ids(
                    "missions", value, lambda: Mission.objects.filter(missions)
                )
            )
        )
