"""Filters for the request, mission and consultation lists (django-filter)."""

import re

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from jpt.accounts.choices import Sex, StaffCategory
from jpt.core.filters import FilterBarForm
from jpt.places.models import Province, Territory

from .caching import CachedIdsMixin
from .choices import (
    ConsultationType,
    MissionStatus,
    ParticipationStatus,
    RequestStatus,
    TeamRole,
    Trigger,
)
from .forms import DateInput
from .models import Consultation, JptRequest, Mission, TeamMember
from .selectors import WOMAN_MEMBER, missions_whose_team_includes

# A request reference as shown in the pages: JPT-R<year>-<number>, e.g. JPT-R2026-0003.
REFERENCE_RE = re.compile(r"JPT-R(?P<year>\d{4})-(?P<number>\d{1,9})")


class JptRequestFilter(CachedIdsMixin, django_filters.FilterSet):
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
        form = FilterBarForm
        fields = ["q", "province", "status", "trigger", "start_from", "start_to"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = Province.objects.visible_to(user)
        self.filters["province"].queryset = provinces

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # Title and reason by their trigram indexes; territory and localities by id lists
        # (``CachedIdsMixin.ids``), so that each part of the OR is an index read.
        query = (
            Q(title__icontains=value)
            | Q(reason__icontains=value)
            | Q(
                territory__in=self.ids(
                    "territories", value, lambda: Territory.objects.filter(name__icontains=value)
                )
            )
            | Q(
                id__in=self.ids(
                    "requests_at_localities",
                    value,
                    lambda: JptRequest.localities.through.objects.filter(
                        locality__name__icontains=value
                    ),
                    "jptrequest_id",
                )
            )
        )
        reference = REFERENCE_RE.fullmatch(value.upper())
        if reference:
            query |= Q(pk=int(reference["number"]), submitted_at__year=int(reference["year"]))
        return queryset.filter(query)


# A mission reference as shown in the pages: JPT-M<year>-<number>, e.g. JPT-M2026-0003.
MISSION_REFERENCE_RE = re.compile(r"JPT-M(?P<year>\d{4})-(?P<number>\d{1,9})")


def mission_search_q(value: str) -> Q:
    """The missions a search finds: whose title holds ``value``, or whose reference it is
    (JPT-M2026-0003). The lists of other records search their missions with it, as id lists
    (``CachedIdsMixin.ids``)."""
    query = Q(request__title__icontains=value)
    reference = MISSION_REFERENCE_RE.fullmatch(value.upper())
    if reference:
        query |= Q(pk=int(reference["number"]), created_at__year=int(reference["year"]))
    return query


def departure_q(lookup: str, value, prefix: str = "") -> Q:
    """The mission's actual departure when there is one, else the planned one (``prefix``:
    the path to the mission, ``mission__`` from a team member)."""
    return Q(**{f"{prefix}actual_departure__{lookup}": value}) | Q(
        **{f"{prefix}actual_departure__isnull": True, f"{prefix}planned_departure__{lookup}": value}
    )


# A mission's report holds... (``MissionFilter.report_has``), as the indicators count reports
# (``jpt.insights.figures.SV_FILLED`` and the plan's women's organisations, on the report;
# ``jpt/insights/tests/test_links.py`` follows the links and checks the two agree). The
# analysis is filled when the three services are assessed and the patterns described
# (``reports.models.SexualViolenceAnalysis.is_filled``).
REPORT_HAS = {
    "sv_analysis": Q(report__sv_analysis__isnull=False)
    & ~Q(report__sv_analysis__medical_access="")
    & ~Q(report__sv_analysis__psychosocial_access="")
    & ~Q(report__sv_analysis__legal_access="")
    & ~Q(report__sv_analysis__patterns=""),
    "womens_organizations": Q(report__protection_plan__womens_organizations_consulted=True),
}


class MissionFilter(django_filters.FilterSet):
    """Filters of the mission list. Choices are limited to what the user may see."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    province = django_filters.ModelChoiceFilter(
        label=_("Province"), queryset=Province.objects.none()
    )
    territory = django_filters.ModelChoiceFilter(
        label=_("Territory"), field_name="request__territory", queryset=Territory.objects.none()
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=MissionStatus.choices)
    # The request's trigger (the indicators' "missions by province and trigger" link here).
    trigger = django_filters.ChoiceFilter(
        label=_("Trigger"), field_name="request__trigger", choices=Trigger.choices
    )
    departure_from = django_filters.DateFilter(
        label=_("Leaves on or after"), method="departure_from_filter", widget=DateInput()
    )
    departure_to = django_filters.DateFilter(
        label=_("Leaves on or before"), method="departure_to_filter", widget=DateInput()
    )
    lead = django_filters.ModelChoiceFilter(
        label=_("Lead"), queryset=get_user_model().objects.none()
    )
    # Missions whose team includes a woman, a gender officer... (the indicators link here).
    team_includes = django_filters.ChoiceFilter(
        label=_("Team includes"),
        choices=[
            ("woman", _("a woman")),
            ("gender_officer", _("a gender officer")),
            ("sv_expert", _("a sexual-violence expert")),
            ("cli", _("a CLI")),
            ("stakeholder_woman", _("a woman on the key-stakeholder list")),
        ],
        method="team_includes_filter",
    )
    # The report's first submission, by local day (the indicators' "reports submitted" link
    # here: one report per mission).
    report_submitted_from = django_filters.DateFilter(
        label=_("Report first submitted from"),
        field_name="report__submitted_at__date",
        lookup_expr="gte",
        widget=DateInput(),
    )
    report_submitted_to = django_filters.DateFilter(
        label=_("Report first submitted until"),
        field_name="report__submitted_at__date",
        lookup_expr="lte",
        widget=DateInput(),
    )
    # What the report holds: the indicators' reports "with the sexual-violence analysis filled"
    # and "women's organisations consulted on the plan" link here.
    report_has = django_filters.ChoiceFilter(
        label=_("Report with"),
        choices=[
            ("sv_analysis", _("the sexual-violence analysis filled")),
            ("womens_organizations", _("women's organisations consulted on the plan")),
        ],
        method="report_has_filter",
    )

    # Missions that held a consultation (of a type) in a span of local days: the indicators'
    # "Missions" column of the meetings by type links here. The three are one condition on the
    # same meeting (``held_filter``), not three conditions each met by a different meeting.
    held = django_filters.ChoiceFilter(
        label=_("Held a consultation"), choices=ConsultationType.choices, method="held_filter"
    )
    held_from = django_filters.DateFilter(
        label=_("Consultation held on or after"), method="held_filter", widget=DateInput()
    )
    held_to = django_filters.DateFilter(
        label=_("Consultation held on or before"), method="held_filter", widget=DateInput()
    )

    HELD = ("held", "held_from", "held_to")

    departure_prefix = ""  # departure_q: the mission itself

    class Meta:
        model = Mission
        form = FilterBarForm
        fields = [
            "q",
            "province",
            "territory",
            "status",
            "trigger",
            "departure_from",
            "departure_to",
            "lead",
            "team_includes",
            "report_submitted_from",
            "report_submitted_to",
            "report_has",
            "held",
            "held_from",
            "held_to",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = Province.objects.visible_to(user)
        self.filters["province"].queryset = provinces
        self.filters["territory"].queryset = (
            Territory.objects.filter(province__in=provinces).only("id", "name").order_by("name")
        )
        self.filters["lead"].queryset = (
            get_user_model()
            .objects.filter(
                id__in=Mission.objects.visible_to(user).filter(lead__isnull=False).values("lead_id")
            )
            .only("id", "full_name", "username")
            .order_by("full_name", "username")
        )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(mission_search_q(value))

    def team_includes_filter(self, queryset, name, value):
        return missions_whose_team_includes(queryset, value)

    def report_has_filter(self, queryset, name, value):
        return queryset.filter(REPORT_HAS[value])

    def departure_from_filter(self, queryset, name, value):
        return queryset.filter(departure_q("gte", value, self.departure_prefix))

    def departure_to_filter(self, queryset, name, value):
        return queryset.filter(departure_q("lte", value, self.departure_prefix))

    def held_filter(self, queryset, name, value):
        """``held``, ``held_from`` and ``held_to`` together, applied once (by the first of
        them that is set, the others then passing the queryset through): the missions with
        one consultation of that type (any type without ``held``) held on a local day (a
        date-time's ``__date`` in the current time zone, as the indicators' periods:
        ``jpt.insights.figures.consultation_parts``) within the dates, as one EXISTS."""
        data = self.form.cleaned_data
        if name != next(n for n in self.HELD if data.get(n) not in (None, "")):
            return queryset
        meetings = Consultation.objects.filter(mission=OuterRef("pk"))
        if data.get("held"):
            meetings = meetings.filter(kind=data["held"])
        if data.get("held_from"):
            meetings = meetings.filter(held_at__date__gte=data["held_from"])
        if data.get("held_to"):
            meetings = meetings.filter(held_at__date__lte=data["held_to"])
        return queryset.filter(Exists(meetings))


class ConsultationFilter(CachedIdsMixin, django_filters.FilterSet):
    """Filters of the consultation list; expects ``selectors.consultation_rows`` (the user's
    scope), the province's choices being the provinces the user sees.

    The indicators (``jpt.insights.presenter.Links.consultations``) link each count of meetings
    here: "consultations held in the period" is ``held_from`` / ``held_to`` on the meeting's
    local day (a date-time's ``__date`` is taken in the current time zone, as the indicators'
    periods are: ``jpt.insights.periods``), with the province and the type the figures group
    by (``jpt.insights.figures.consultation_parts``).
    """

    q = django_filters.CharFilter(label=_("Search"), method="search")
    province = django_filters.ModelChoiceFilter(
        label=_("Province"), field_name="mission__province", queryset=Province.objects.none()
    )
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=ConsultationType.choices)
    held_from = django_filters.DateFilter(
        label=_("Held on or after"),
        field_name="held_at__date",
        lookup_expr="gte",
        widget=DateInput(),
    )
    held_to = django_filters.DateFilter(
        label=_("Held on or before"),
        field_name="held_at__date",
        lookup_expr="lte",
        widget=DateInput(),
    )

    class Meta:
        model = Consultation
        form = FilterBarForm
        fields = ["q", "province", "kind", "held_from", "held_to"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["province"].queryset = Province.objects.visible_to(user).order_by("name")

    def search(self, queryset, name, value):
        """By the mission's reference (JPT-M2026-0003) or title, as a list of mission ids
        (``CachedIdsMixin.ids``); never by what was said (topics and concerns stay on the
        mission page)."""
        value = value.strip()
        if not value:
            return queryset
        missions = mission_search_q(value)
        return queryset.filter(
            mission__in=self.ids("missions", value, lambda: Mission.objects.filter(missions))
        )


# The team list's sex and staff category, as the indicators count them
# (``jpt.insights.figures.mission_parts``): a man is a member who is not a woman.
MAN_MEMBER = (Q(user__isnull=False) & ~Q(user__sex=Sex.FEMALE)) | (
    Q(user__isnull=True) & ~Q(external_sex=Sex.FEMALE)
)
MEMBER_SEX = {"woman": WOMAN_MEMBER, "man": MAN_MEMBER}
MEMBER_CATEGORY = {
    StaffCategory.NATIONAL.value: Q(user__staff_category=StaffCategory.NATIONAL),
    StaffCategory.INTERNATIONAL.value: Q(user__staff_category=StaffCategory.INTERNATIONAL),
    "external": Q(user__isnull=True),
}


class TeamMemberFilter(CachedIdsMixin, django_filters.FilterSet):
    """Filters of the team list; expects ``selectors.team_member_rows`` (the user's scope), the
    province's choices being the provinces the user sees.

    The indicators (``jpt.insights.presenter.Links.team``) link their counts of team members
    here: the members (invited or accepted) of the missions leaving in the period
    (``departure_from`` / ``departure_to``: the actual departure, else the planned one, as the
    mission list and ``jpt.insights.figures.mission_parts`` read it), by sex, staff category
    and role (the CLIs: ``role=interpreter``).
    """

    q = django_filters.CharFilter(label=_("Search"), method="search")
    province = django_filters.ModelChoiceFilter(
        label=_("Province"), field_name="mission__province", queryset=Province.objects.none()
    )
    role = django_filters.ChoiceFilter(label=_("Role"), choices=TeamRole.choices)
    sex = django_filters.ChoiceFilter(
        label=_("Sex"),
        choices=[("woman", _("Women")), ("man", _("Men"))],
        method="sex_filter",
    )
    category = django_filters.ChoiceFilter(
        label=_("Staff"),
        choices=[
            (StaffCategory.NATIONAL.value, _("National staff")),
            (StaffCategory.INTERNATIONAL.value, _("International staff")),
            ("external", _("External")),
        ],
        method="category_filter",
    )
    status = django_filters.ChoiceFilter(
        label=_("Participation"),
        choices=[
            (ParticipationStatus.INVITED.value, ParticipationStatus.INVITED.label),
            (ParticipationStatus.ACCEPTED.value, ParticipationStatus.ACCEPTED.label),
        ],
    )
    departure_from = django_filters.DateFilter(
        label=_("Leaves on or after"), method="departure_from_filter", widget=DateInput()
    )
    departure_to = django_filters.DateFilter(
        label=_("Leaves on or before"), method="departure_to_filter", widget=DateInput()
    )

    departure_prefix = "mission__"  # departure_q: the member's mission

    class Meta:
        model = TeamMember
        form = FilterBarForm
        fields = ["q", "province", "role", "sex", "category", "status"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["province"].queryset = Province.objects.visible_to(user).order_by("name")

    def search(self, queryset, name, value):
        """By the member's name, or by the mission's reference (JPT-M2026-0003) or title (a
        list of mission ids: ``CachedIdsMixin.ids``)."""
        value = value.strip()
        if not value:
            return queryset
        missions = mission_search_q(value)
        return queryset.filter(
            Q(user__full_name__icontains=value)
            | Q(external_name__icontains=value)
            | Q(mission__in=self.ids("missions", value, lambda: Mission.objects.filter(missions)))
        )

    def sex_filter(self, queryset, name, value):
        return queryset.filter(MEMBER_SEX[value])

    def category_filter(self, queryset, name, value):
        return queryset.filter(MEMBER_CATEGORY[value])

    def departure_from_filter(self, queryset, name, value):
        return queryset.filter(departure_q("gte", value, self.departure_prefix))

    def departure_to_filter(self, queryset, name, value):
        return queryset.filter(departure_q("lte", value, self.departure_prefix))
