"""Filters for the request lists (django-filter)."""

import re

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jpt.places.models import Province

from .choices import RequestStatus, Trigger
from .forms import DateInput
from .models import JptRequest

# A request reference as shown in the pages: JPT-R<year>-<number>, e.g. JPT-R2026-0003.
REFERENCE_RE = re.compile(r"JPT-R(?P<year>\d{4})-(?P<number>\d{1,9})")


class JptRequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    province = django_filters.ModelChoiceFilter(
        label=_("Province"), queryset=Province.objects.none()
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RequestStatus.choices)
    trigger = django_filters.ChoiceFilter(label=_("Trigger"), choices=Trigger.choices)
    start_from = django_filters.DateFilter(
        label=_("Starts on or after"),
        field_name="start_date",
        lookup_expr="gte",
        widget=DateInput(),
    )
    start_to = django_filters.DateFilter(
        label=_("Starts on or before"),
        field_name="start_date",
        lookup_expr="lte",
        widget=DateInput(),
    )

    class Meta:
        model = JptRequest
        fields = ["q", "province", "status", "trigger", "start_from", "start_to"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.sees_all_provinces:
            provinces = Province.objects.all()
        else:
            provinces = Province.objects.filter(id__in=user.province_ids())
        self.filters["province"].queryset = provinces

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        query = (
            Q(title__icontains=value)
            | Q(reason__icontains=value)
            | Q(territory__name__icontains=value)
            | Q(
                id__in=JptRequest.localities.through.objects.filter(
                    locality__name__icontains=value
                ).values("jptrequest_id")
            )
        )
        reference = REFERENCE_RE.fullmatch(value.upper())
        if reference:
            query |= Q(pk=int(reference["number"]), submitted_at__year=int(reference["year"]))
        return queryset.filter(query)
