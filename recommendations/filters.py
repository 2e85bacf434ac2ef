"""Filters of the recommendation list (django-filter)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jpt.places.models import Province
from reports.choices import Addressee, Category, RecommendationStatus, ReviewLevel
from reports.models import Recommendation


class RecommendationFilter(django_filters.FilterSet):
    """Expects the queryset of ``reports.selectors.recommendation_rows`` (open stage annotations)."""

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
        label=_("Review overdue"),
        method="overdue_filter",
        widget=django_filters.widgets.BooleanWidget(),
    )

    class Meta:
        model = Recommendation
        fields = ["q", "province", "level", "status", "category", "addressee", "overdue"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = Province.objects.visible_to(user)
        self.filters["province"].queryset = provinces.order_by("name")
        self.filters["overdue"].field.widget.choices = [
            ("", "---------"),
            ("true", _("Yes")),
            ("false", _("No")),
        ]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(text__icontains=value)
            | Q(current_text__icontains=value)
            | Q(addressee_detail__icontains=value)
            | Q(report__mission__request__title__icontains=value)
        )

    def overdue_filter(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(is_overdue=value)
