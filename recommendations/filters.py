"""Filters of the recommendation list, the follow-up visits, the community alerts and the
material support (django-filter).

The follow-up board and the indicators (``jpt.insights.presenter.Links``) link every count to
one of these lists: the filters reuse the board's selectors (``approved_rows``,
``alerts_waiting``) or the very lookups they count with, so the list behind a count holds
exactly the rows counted. Days are local days: a date-time's ``__date`` is taken in the
current time zone, as the indicators' periods are (``jpt.insights.periods``).
"""

from __future__ import annotations

import re
from datetime import timedelta

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jpt.core.filters import FilterBarForm
from jpt.places.models import OperatingBase, Province
from missions.caching import CachedIdsMixin
from reports.choices import (
    Addressee,
    Category,
    RecommendationStatus,
    ReviewLevel,
    StageOutcome,
    ThreatType,
)
from reports.models import Recommendation, Report, ReviewStage

from .choices import DONE_IMPLEMENTATION_STATUSES, Finding, ImplementationStatus, SupportItem
from .models import CommunityAlert, FollowUpVisit, MaterialSupport, VisitObservation
from .selectors import NO_OWNER, alerts_waiting, approved_rows, overdue_q

STILL_OPEN = "open"
AGE_PATTERN = re.compile(r"^(\d{1,5})-(\d{1,5})?$")
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


YES_NO = [("", "---------"), ("true", _("Yes")), ("false", _("No"))]


def month_of(value) -> re.Match | None:
    """``YYYY-MM`` of a real month (year 1 to 9999: a year lookup on year 0 cannot be made)."""
    match = MONTH_PATTERN.match(value or "")
    if not match or int(match.group(1)) < 1 or not 1 <= int(match.group(2)) <= 12:
        return None
    return match


def validate_month(value) -> None:
    if not month_of(value):
        raise ValidationError(_("Give a month as YYYY-MM."), code="invalid")


class RecommendationFilter(CachedIdsMixin, django_filters.FilterSet):
    """Expects ``reports.selectors.recommendation_rows`` (with the open stage annotations).

    The implementation filters (``implementation``, ``owner``, ``age``, and ``overdue`` for
    approved recommendations) are those of the follow-up board (``recommendations.selectors``):
    ``implementation`` and ``age`` keep approved recommendations only.
    """

    q = django_filters.CharFilter(label=_("Search"), method="search")
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        field_name="report__mission__province",
        queryset=Province.objects.none(),
    )
    level = django_filters.ChoiceFilter(
        label=_("Waiting at"), field_name="open_level", choices=ReviewLevel.choices
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RecommendationStatus.choices)
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Category.choices)
    addressee = django_filters.ChoiceFilter(label=_("Addressed to"), choices=Addressee.choices)
    overdue = django_filters.BooleanFilter(
        label=_("Overdue"),
        method="overdue_filter",
        widget=django_filters.widgets.BooleanWidget(),
        help_text=_("In review: past the level's deadline. Approved: past the target date."),
    )
    implementation = django_filters.ChoiceFilter(
        label=_("Implementation"),
        method="implementation_filter",
        choices=[
            *ImplementationStatus.choices,
            (STILL_OPEN, _("Still open (not implemented, still relevant)")),
        ],
    )
    owner = django_filters.CharFilter(
        label=_("Owner"),
        method="owner_filter",
        help_text=_("The owner's name as recorded; “-” for none named yet."),
    )
    # The report's first submission and approval, by local day: the indicators' counts of
    # recommendations (by category and status, by implementation status) link here.
    submitted_from = django_filters.DateFilter(
        label=_("Report submitted from"),
        field_name="report__submitted_at__date",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    submitted_to = django_filters.DateFilter(
        label=_("Report submitted until"),
        field_name="report__submitted_at__date",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    approved_from = django_filters.DateFilter(
        label=_("Approved from"),
        field_name="report__approved_at__date",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    approved_to = django_filters.DateFilter(
        label=_("Approved until"),
        field_name="report__approved_at__date",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    age = django_filters.CharFilter(
        label=_("Days since approval"),
        method="age_filter",
        validators=[
            RegexValidator(AGE_PATTERN, _("Give a range of days such as 90-180 (or 365-)."))
        ],
        help_text=_("e.g. 90-180, or 365- for a year and more"),
    )

    class Meta:
        model = Recommendation
        form = FilterBarForm
        fields = [
            "q",
            "province",
            "level",
            "status",
            "category",
            "addressee",
            "overdue",
            "implementation",
            "owner",
            "age",
            "submitted_from",
            "submitted_to",
            "approved_from",
            "approved_to",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        provinces = Province.objects.visible_to(user)
        self.filters["province"].queryset = provinces.order_by("name")
        self.filters["overdue"].field.widget.choices = YES_NO

    def _approved(self):
        """The board's rows (``selectors.approved_rows``), as a subquery of ids."""
        return approved_rows(self.user)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # The texts by their trigram indexes; the missions' titles as a list of report ids
        # (``CachedIdsMixin.ids``), so that each part of the OR is an index read.
        return queryset.filter(
            Q(text__icontains=value)
            | Q(current_text__icontains=value)
            | Q(addressee_detail__icontains=value)
            | Q(
                report__in=self.ids(
                    "reports_by_mission_title",
                    value,
                    lambda: Report.objects.filter(mission__request__title__icontains=value),
                )
            )
        )

    def overdue_filter(self, queryset, name, value):
        if value is None:
            return queryset
        # Late at its review level (the report's open stage past its deadline: a report has at
        # most one open stage), or approved and past its target date while not done; both on
        # the columns, so that the planner estimates them (a subquery per row, or a self-join
        # through ``approved_rows``' annotations, took 200 ms at 5,000 missions).
        review_late = Q(
            report__in=ReviewStage.objects.filter(
                outcome=StageOutcome.OPEN, due_at__lt=Now()
            ).values("report")
        )
        follow_up_late = Q(status=RecommendationStatus.APPROVED) & overdue_q(timezone.localdate())
        late = review_late | follow_up_late
        return queryset.filter(late) if value else queryset.exclude(late)

    def implementation_filter(self, queryset, name, value):
        if not value:
            return queryset
        rows = self._approved()
        if value == STILL_OPEN:
            rows = rows.exclude(impl_status__in=DONE_IMPLEMENTATION_STATUSES)
        else:
            rows = rows.filter(impl_status=value)
        return queryset.filter(pk__in=rows.values("pk"))

    def owner_filter(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if value == NO_OWNER:
            return queryset.filter(
                Q(implementation__isnull=True) | Q(implementation__owner_name="")
            )
        return queryset.filter(implementation__owner_name=value)

    def age_filter(self, queryset, name, value):
        match = AGE_PATTERN.match(value or "")
        if not match:
            return queryset
        now = timezone.now()
        low, high = int(match.group(1)), match.group(2)
        queryset = queryset.filter(
            status=RecommendationStatus.APPROVED,
            report__approved_at__lte=now - timedelta(days=low),
        )
        if high is not None:
            queryset = queryset.filter(report__approved_at__gt=now - timedelta(days=int(high)))
        return queryset


def date_filter(label, field_name: str, lookup_expr: str) -> django_filters.DateFilter:
    return django_filters.DateFilter(
        label=label,
        field_name=field_name,
        lookup_expr=lookup_expr,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def yes_no_filter(label, **kwargs) -> django_filters.BooleanFilter:
    return django_filters.BooleanFilter(
        label=label, widget=django_filters.widgets.BooleanWidget(), **kwargs
    )


class VisitFilter(django_filters.FilterSet):
    """Follow-up visits in the user's scope (``selectors.visit_rows``): the indicators'
    counts of visits, of urgent alerts and of separate meetings with women link here."""

    province = django_filters.ModelChoiceFilter(
        label=_("Province"), queryset=Province.objects.none()
    )
    visited_from = date_filter(_("Visited from"), "visited_on", "gte")
    visited_to = date_filter(_("Visited until"), "visited_on", "lte")
    urgent = yes_no_filter(_("Urgent alert"), field_name="urgent_alert")
    women_meeting = yes_no_filter(_("Separate meeting with women"), field_name="women_meeting")

    class Meta:
        model = FollowUpVisit
        form = FilterBarForm
        fields = ["province", "visited_from", "visited_to", "urgent", "women_meeting"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["province"].queryset = Province.objects.visible_to(user).order_by("name")
        for name in ("urgent", "women_meeting"):
            self.filters[name].field.widget.choices = YES_NO


class ObservationFilter(CachedIdsMixin, django_filters.FilterSet):
    """What the visits in the user's scope saw (``selectors.observation_rows``): the
    indicators' counts of what the visits saw of the approved recommendations ("findings":
    ``jpt.insights.figures.followup_parts``, by the visit's day) link here."""

    province = django_filters.ModelChoiceFilter(
        label=_("Province"), field_name="visit__province", queryset=Province.objects.none()
    )
    finding = django_filters.ChoiceFilter(label=_("What was seen"), choices=Finding.choices)
    visited_from = date_filter(_("Visited from"), "visit__visited_on", "gte")
    visited_to = date_filter(_("Visited until"), "visit__visited_on", "lte")

    class Meta:
        model = VisitObservation
        form = FilterBarForm
        fields = ["province", "finding", "visited_from", "visited_to"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["province"].queryset = Province.objects.visible_to(user).order_by("name")


class AlertFilter(django_filters.FilterSet):
    """Community alerts in the user's scope: the board's alert figures link here."""

    province = django_filters.ModelChoiceFilter(
        label=_("Province"), queryset=Province.objects.none()
    )
    base = django_filters.ModelChoiceFilter(
        label=_("Base"),
        queryset=OperatingBase.objects.none(),
        null_label=_("No base"),
        null_value="none",
    )
    month = django_filters.CharFilter(
        label=_("Month received"),
        method="month_filter",
        validators=[validate_month],
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
    )
    # Any range of local days (the indicators' custom periods), beside the board's months.
    received_from = date_filter(_("Received from"), "received_at__date", "gte")
    received_to = date_filter(_("Received until"), "received_at__date", "lte")
    threat_type = django_filters.ChoiceFilter(label=_("Threat"), choices=ThreatType.choices)
    responded = yes_no_filter(
        _("Response received"), field_name="responded_at", lookup_expr="isnull", exclude=True
    )
    waiting = yes_no_filter(_("Waiting for a response"), method="waiting_filter")
    relayed = yes_no_filter(
        _("Relayed"), field_name="relayed_at", lookup_expr="isnull", exclude=True
    )
    plan_used = yes_no_filter(_("Protection plan used"), field_name="plan_used")

    class Meta:
        model = CommunityAlert
        form = FilterBarForm
        fields = [
            "province",
            "base",
            "month",
            "received_from",
            "received_to",
            "threat_type",
            "responded",
            "waiting",
            "relayed",
            "plan_used",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        provinces = Province.objects.visible_to(user).order_by("name")
        self.filters["province"].queryset = provinces
        self.filters["base"].queryset = (
            OperatingBase.objects.filter(locality__territory__province__in=provinces)
            .select_related("locality")
            .order_by("name")
        )
        for name in ("responded", "waiting", "relayed", "plan_used"):
            self.filters[name].field.widget.choices = YES_NO

    def month_filter(self, queryset, name, value):
        match = month_of(value)
        if not match:
            return queryset
        # In the local time zone, as the board's months (TruncMonth) are.
        return queryset.filter(
            received_at__year=int(match.group(1)), received_at__month=int(match.group(2))
        )

    def waiting_filter(self, queryset, name, value):
        if value is None:
            return queryset
        waiting = Q(pk__in=alerts_waiting(self.user).values("pk"))
        return queryset.filter(waiting) if value else queryset.exclude(waiting)


class SupportFilter(django_filters.FilterSet):
    """Material support in the user's scope: the board's shares of women link here."""

    province = django_filters.ModelChoiceFilter(
        label=_("Province"), queryset=Province.objects.none()
    )
    item = django_filters.ChoiceFilter(label=_("Item"), choices=SupportItem.choices)
    given_after = django_filters.DateFilter(
        label=_("Given from"),
        field_name="given_on",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    given_before = django_filters.DateFilter(
        label=_("Given until"),
        field_name="given_on",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = MaterialSupport
        form = FilterBarForm
        fields = ["province", "item", "given_after", "given_before"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["province"].queryset = Province.objects.visible_to(user).order_by("name")
