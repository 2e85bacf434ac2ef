"""The trend figures of a period, computed by aggregation in the database.

``compute_figures(period, scope)`` returns, as JSON-ready data, what the monthly trend summary,
the dashboard and the trend PDF show, for the period, the period before (the previous month)
and the same period a year before, and a 13-month series ending with the period:

- missions by province and trigger (missions whose departure, actual or else planned, falls in
  the period: the mission list's ``departure_from`` / ``departure_to``);
- the teams of those missions (members invited or accepted, as ``mission_composition`` counts
  them): women, national / international / external staff, CLIs on the team by sex, missions
  with a woman, a gender officer, a sexual-violence expert, a CLI; their key stakeholders and
  the women among them;
- consultations held in the period by type, participants by sex and age;
- reports first submitted in the period: how many, with the sexual-violence analysis filled,
  with women's organisations consulted on the protection plan, access to services; their
  threats by type, alleged perpetrator and trend; their incident counts of sexual violence by
  perpetrator, survivors' age group and sex; their recommendations by category and status;
- approved recommendations (report approved in the period, and all approved by its end) by
  implementation status;
- review stages closed in the period: time spent at each level (median, 90th percentile);
- follow-up visits (urgent alerts, people met by sex, meetings with women, what was seen of
  the recommendations), community alerts and alert-to-response times, material support by sex;
- CLIs on staff by sex (today's roster).

Every figure is a GROUP BY (``values().annotate()``) with conditional counts (``Count(...,
filter=Q(...))``, FILTER on PostgreSQL) over the rows of the three periods at once, each row
tagged with its period by a CASE. The parts share one row shape and go to the database as one
``UNION ALL`` statement: one round trip for the whole summary. Percentiles are PostgreSQL's
``percentile_cont`` (``aggregates.PercentileCont``); on SQLite only, they come from
``aggregates.percentile_cont_sqlite_fallback`` over the fetched durations.

A figure counts records (missions, threats...) or people (members, participants, survivors,
recipients); ``jpt.insights.presenter`` suppresses the small counts of people before anything
is shown. The figures here are the raw counts: they are stored, never shown as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, TruncMonth
from django.utils import timezone

from jpt.accounts.choices import Sex, StaffCategory
from jpt.accounts.roles import Role
from missions.choices import ACTIVE_PARTICIPATION
from missions.models import Consultation, Mission, MissionStakeholder, TeamMember
from missions.selectors import TEAM_INCLUDES
from recommendations.choices import ImplementationStatus
from recommendations.models import CommunityAlert, FollowUpVisit, MaterialSupport, VisitObservation
from reports.choices import RecommendationStatus, StageOutcome
from reports.models import IncidentCount, Recommendation, Report, ReviewStage, Threat
from reports.models import SexualViolenceAnalysis as SvAnalysis

from .aggregates import (
    EpochSeconds,
    PercentileCont,
    has_percentile_cont,
    percentile_cont_sqlite_fallback,
)
from .periods import Period, months_ending

FIGURES_VERSION = 1
CURRENT, PREVIOUS, YEAR_BEFORE = "cur", "prev", "yoy"
BUCKETS = (CURRENT, PREVIOUS, YEAR_BEFORE)
SERIES_MONTHS = 13

# One row shape for every part of the UNION: which part, which period, three keys, six values.
KEYS = ("x_k1", "x_k2", "x_k3")
VALUES = tuple(f"x_v{n}" for n in range(1, 7))
COLUMNS = ("x_part", "x_bucket", *KEYS, *VALUES)

# The team's women: staff by their profile, external participants as recorded (the rule of
# ``MissionQuerySet.with_team_counts`` and ``TeamMember.is_woman``).
WOMAN_MEMBER = TEAM_INCLUDES["woman"]  # the mission list's "team includes" reads the same
# The sexual-violence analysis filled (``SexualViolenceAnalysis.is_filled``).
SV_FILLED = (
    ~Q(sv_analysis__medical_access="")
    & ~Q(sv_analysis__psychosocial_access="")
    & ~Q(sv_analysis__legal_access="")
    & ~Q(sv_analysis__patterns="")
    & Q(sv_analysis__isnull=False)
)
SV_SERVICES = {
    "medical": "medical_access",
    "psychosocial": "psychosocial_access",
    "legal": "legal_access",
}


@dataclass(frozen=True)
class Scope:
    """Which provinces the figures cover: ``province_ids`` (sorted), or None for every one."""

    province_ids: tuple[int, ...] | None = None

    @classmethod
    def of(cls, provinces) -> Scope:
        if provinces is None:
            return cls(None)
        return cls(tuple(sorted({getattr(p, "pk", p) for p in provinces})))

    def q(self, path: str) -> Q:
        if self.province_ids is None:
            return Q()
        return Q(**{f"{path}__in": list(self.province_ids)})


def periods_of(period: Period) -> dict[str, Period]:
    return {CURRENT: period, PREVIOUS: period.previous(), YEAR_BEFORE: period.year_before()}


# --------------------------------------------------------------------------------------------
# Building a part
# --------------------------------------------------------------------------------------------


def _edges(period: Period, is_datetime: bool):
    if is_datetime:
        return period.bounds()
    return period.start, period.end


def _in(path: str, period: Period, is_datetime: bool) -> Q:
    low, high = _edges(period, is_datetime)
    if is_datetime:
        return Q(**{f"{path}__gte": low, f"{path}__lt": high})
    return Q(**{f"{path}__gte": low, f"{path}__lte": high})


def in_periods(path: str, periods: dict[str, Period], *, is_datetime: bool) -> Q:
    query = Q()
    for period in periods.values():
        query |= _in(path, period, is_datetime)
    return query


def bucket_of(path: str, periods: dict[str, Period], *, is_datetime: bool) -> Case:
    """Which period a row's ``path`` falls in ("cur", "prev", "yoy")."""
    return Case(
        *(When(_in(path, period, is_datetime), then=Value(key)) for key, period in periods.items()),
        default=Value(""),
        output_field=CharField(),
    )


def _text(expression) -> Cast:
    return Cast(expression, output_field=CharField())


def _number(expression) -> Cast:
    return Cast(expression, output_field=FloatField())


def part(
    queryset: QuerySet, name: str, bucket, keys: list | tuple = (), values: list | tuple = ()
) -> QuerySet:
    """``queryset`` grouped by ``bucket`` and ``keys`` (at most three), with ``values`` (at
    most six aggregates), in the shared row shape: (part, bucket, k1, k2, k3, v1..v6)."""
    if len(keys) > len(KEYS) or len(values) > len(VALUES):
        raise ValueError("A part has at most three keys and six values.")
    groups = {"x_part": Value(name, output_field=CharField()), "x_bucket": bucket}
    for index, column in enumerate(KEYS):
        groups[column] = _text(keys[index]) if index < len(keys) else _text(Value(""))
    aggregates = {}
    for index, column in enumerate(VALUES):
        aggregates[column] = _number(values[index]) if index < len(values) else _number(Value(None))
    return (
        queryset.order_by()
        .annotate(**groups)
        .values(*groups)
        .annotate(**aggregates)
        .values_list(*COLUMNS)
    )


def departure():
    return Coalesce("actual_departure", "planned_departure")


def hours_between(start: str, end: str):
    return EpochSeconds(ExpressionWrapper(F(end) - F(start), output_field=DurationField())) / Value(
        3600.0
    )


# --------------------------------------------------------------------------------------------
# The parts
# --------------------------------------------------------------------------------------------


def mission_parts(periods, scope: Scope) -> list[QuerySet]:
    missions = (
        Mission.objects.annotate(day=departure())
        .filter(in_periods("day", periods, is_datetime=False))
        .filter(scope.q("province_id"))
    )
    members = (
        TeamMember.objects.filter(status__in=ACTIVE_PARTICIPATION)
        .annotate(day=Coalesce("mission__actual_departure", "mission__planned_departure"))
        .filter(in_periods("day", periods, is_datetime=False))
        .filter(scope.q("mission__province_id"))
    )
    stakeholders = (
        MissionStakeholder.objects.annotate(
            day=Coalesce("mission__actual_departure", "mission__planned_departure")
        )
        .filter(in_periods("day", periods, is_datetime=False))
        .filter(scope.q("mission__province_id"))
    )
    bucket = bucket_of("day", periods, is_datetime=False)
    gender_officer = TEAM_INCLUDES["gender_officer"]
    sv_expert = TEAM_INCLUDES["sv_expert"]
    cli = TEAM_INCLUDES["cli"]
    return [
        part(
            missions,
            "missions",
            bucket,
            keys=[F("province_id"), F("request__trigger"), F("province__name")],
            values=[Count("id")],
        ),
        part(
            members,
            "team",
            bucket,
            values=[
                Count("id"),
                Count("id", filter=WOMAN_MEMBER),
                Count("id", filter=Q(user__staff_category=StaffCategory.NATIONAL)),
                Count("id", filter=Q(user__staff_category=StaffCategory.INTERNATIONAL)),
                Count("id", filter=Q(user__isnull=True)),
                Count("id", filter=cli),
            ],
        ),
        part(
            members,
            "team_missions",
            bucket,
            values=[
                Count("mission", distinct=True),
                Count("mission", distinct=True, filter=WOMAN_MEMBER),
                Count("mission", distinct=True, filter=gender_officer),
                Count("mission", distinct=True, filter=sv_expert),
                Count("id", filter=cli & WOMAN_MEMBER),
                Count("mission", distinct=True, filter=cli),
            ],
        ),
        part(
            stakeholders,
            "stakeholders",
            bucket,
            values=[
                Count("id"),
                Count("id", filter=Q(stakeholder__sex=Sex.FEMALE)),
                Count("mission", distinct=True),
                Count("mission", distinct=True, filter=Q(stakeholder__sex=Sex.FEMALE)),
            ],
        ),
    ]


def consultation_parts(periods, scope: Scope) -> list[QuerySet]:
    meetings = Consultation.objects.filter(in_periods("held_at", periods, is_datetime=True)).filter(
        scope.q("mission__province_id")
    )
    return [
        part(
            meetings,
            "consultations",
            bucket_of("held_at", periods, is_datetime=True),
            keys=[F("kind")],
            values=[
                Count("id"),
                Sum("women"),
                Sum("men"),
                Sum("girls"),
                Sum("boys"),
                Count("mission", distinct=True),
            ],
        )
    ]


def report_parts(periods, scope: Scope) -> list[QuerySet]:
    reports = Report.objects.filter(in_periods("submitted_at", periods, is_datetime=True)).filter(
        scope.q("mission__province_id")
    )
    analyses = SvAnalysis.objects.filter(
        in_periods("report__submitted_at", periods, is_datetime=True)
    ).filter(scope.q("report__mission__province_id"))
    threats = Threat.objects.filter(
        in_periods("report__submitted_at", periods, is_datetime=True)
    ).filter(scope.q("report__mission__province_id"))
    incidents = IncidentCount.objects.filter(
        in_periods("analysis__report__submitted_at", periods, is_datetime=True)
    ).filter(scope.q("analysis__report__mission__province_id"))
    recommendations = Recommendation.objects.filter(
        in_periods("report__submitted_at", periods, is_datetime=True)
    ).filter(scope.q("report__mission__province_id"))
    parts = [
        part(
            reports,
            "reports",
            bucket_of("submitted_at", periods, is_datetime=True),
            values=[
                Count("id"),
                Count("id", filter=SV_FILLED),
                Count("id", filter=Q(protection_plan__womens_organizations_consulted=True)),
            ],
        ),
        part(
            threats,
            "threats",
            bucket_of("report__submitted_at", periods, is_datetime=True),
            keys=[F("threat_type"), F("perpetrator_category"), F("trend")],
            values=[Count("id"), Sum("severity")],
        ),
        part(
            incidents,
            "incidents",
            bucket_of("analysis__report__submitted_at", periods, is_datetime=True),
            keys=[F("perpetrator_category"), F("age_group"), F("survivor_sex")],
            values=[Sum("count")],
        ),
        part(
            recommendations,
            "recommendations",
            bucket_of("report__submitted_at", periods, is_datetime=True),
            keys=[F("category"), F("status")],
            values=[Count("id")],
        ),
    ]
    for service, field in SV_SERVICES.items():
        parts.append(
            part(
                analyses,
                "sv_access",
                bucket_of("report__submitted_at", periods, is_datetime=True),
                keys=[Value(service), F(field)],
                values=[Count("id")],
            )
        )
    return parts


def implementation_parts(periods, scope: Scope) -> list[QuerySet]:
    approved = (
        Recommendation.objects.filter(status=RecommendationStatus.APPROVED)
        .filter(scope.q("report__mission__province_id"))
        .annotate(
            impl_status=Coalesce(
                F("implementation__status"), Value(ImplementationStatus.NOT_STARTED)
            )
        )
    )
    parts = [
        part(
            approved.filter(in_periods("report__approved_at", periods, is_datetime=True)),
            "implementation",
            bucket_of("report__approved_at", periods, is_datetime=True),
            keys=[F("impl_status")],
            values=[Count("id")],
        )
    ]
    for key, period in periods.items():
        _start, end = period.bounds()
        parts.append(
            part(
                approved.filter(report__approved_at__lt=end),
                "implementation_to_date",
                Value(key, output_field=CharField()),
                keys=[F("impl_status")],
                values=[Count("id")],
            )
        )
    return parts


def review_parts(periods, scope: Scope) -> list[QuerySet]:
    stages = (
        ReviewStage.objects.exclude(outcome=StageOutcome.OPEN)
        .filter(in_periods("closed_at", periods, is_datetime=True))
        .filter(scope.q("report__mission__province_id"))
    )
    percentiles = []
    if has_percentile_cont():
        waited = hours_between("entered_at", "closed_at")
        percentiles = [PercentileCont(waited, 0.5), PercentileCont(waited, 0.9)]
    else:
        percentiles = [Value(None), Value(None)]
    return [
        part(
            stages,
            "review",
            bucket_of("closed_at", periods, is_datetime=True),
            keys=[F("level")],
            values=[
                Count("id"),
                *percentiles,
                Count("id", filter=Q(outcome=StageOutcome.RETURNED)),
                Count("id", filter=Q(closed_at__gt=F("due_at"))),
            ],
        )
    ]


def followup_parts(periods, scope: Scope) -> list[QuerySet]:
    visits = FollowUpVisit.objects.filter(
        in_periods("visited_on", periods, is_datetime=False)
    ).filter(scope.q("province_id"))
    observations = VisitObservation.objects.filter(
        in_periods("visit__visited_on", periods, is_datetime=False)
    ).filter(scope.q("visit__province_id"))
    alerts = CommunityAlert.objects.filter(
        in_periods("received_at", periods, is_datetime=True)
    ).filter(scope.q("province_id"))
    support = MaterialSupport.objects.filter(
        in_periods("given_on", periods, is_datetime=False)
    ).filter(scope.q("province_id"))
    responded = Q(responded_at__isnull=False)
    if has_percentile_cont():
        waited = hours_between("received_at", "responded_at")
        percentiles = [
            PercentileCont(waited, 0.5, filter=responded),
            PercentileCont(waited, 0.9, filter=responded),
        ]
    else:
        percentiles = [Value(None), Value(None)]
    return [
        part(
            visits,
            "visits",
            bucket_of("visited_on", periods, is_datetime=False),
            values=[
                Count("id"),
                Count("id", filter=Q(urgent_alert=True)),
                Count("id", filter=Q(women_meeting=True)),
                Sum("women"),
                Sum("men"),
                Sum("confidence"),
            ],
        ),
        part(
            observations,
            "findings",
            bucket_of("visit__visited_on", periods, is_datetime=False),
            keys=[F("finding")],
            values=[Count("id")],
        ),
        part(
            alerts,
            "alerts",
            bucket_of("received_at", periods, is_datetime=True),
            values=[
                Count("id"),
                Count("id", filter=responded),
                *percentiles,
                Count("id", filter=Q(relayed_at__isnull=False)),
                Count("id", filter=Q(plan_used=True)),
            ],
        ),
        part(
            support,
            "support",
            bucket_of("given_on", periods, is_datetime=False),
            values=[Count("id"), Sum("women"), Sum("men")],
        ),
    ]


def stock_parts(scope: Scope) -> list[QuerySet]:
    """Today's CLIs on staff, by sex (a roster, not a period's)."""
    clis = get_user_model().objects.filter(is_active=True, groups__name=Role.CLI.value)
    if scope.province_ids is not None:
        clis = clis.filter(provinces__in=list(scope.province_ids))
    return [
        part(
            clis,
            "cli_staff",
            Value("now", output_field=CharField()),
            values=[
                Count("id", distinct=True),
                Count("id", distinct=True, filter=Q(sex=Sex.FEMALE)),
            ],
        )
    ]


def series_parts(period: Period, scope: Scope) -> list[QuerySet]:
    """Month by month over the 13 months ending with the period's last month."""
    first = months_ending(period, SERIES_MONTHS)[0]
    span = Period(first, period.end)
    months = {"all": span}
    missions = (
        Mission.objects.annotate(day=departure())
        .filter(in_periods("day", months, is_datetime=False))
        .filter(scope.q("province_id"))
    )
    members = (
        TeamMember.objects.filter(status__in=ACTIVE_PARTICIPATION)
        .annotate(day=Coalesce("mission__actual_departure", "mission__planned_departure"))
        .filter(in_periods("day", months, is_datetime=False))
        .filter(scope.q("mission__province_id"))
    )
    threats = Threat.objects.filter(
        in_periods("report__submitted_at", months, is_datetime=True)
    ).filter(scope.q("report__mission__province_id"))
    alerts = CommunityAlert.objects.filter(
        in_periods("received_at", months, is_datetime=True)
    ).filter(scope.q("province_id"))
    series = Value("series", output_field=CharField())
    return [
        part(missions, "series_missions", series, keys=[TruncMonth("day")], values=[Count("id")]),
        part(
            members,
            "series_team",
            series,
            keys=[TruncMonth("day")],
            values=[Count("id"), Count("id", filter=WOMAN_MEMBER)],
        ),
        part(
            threats,
            "series_threats",
            series,
            keys=[TruncMonth("report__submitted_at")],
            values=[Count("id")],
        ),
        part(
            alerts,
            "series_alerts",
            series,
            keys=[TruncMonth("received_at")],
            values=[Count("id"), Count("id", filter=Q(responded_at__isnull=False))],
        ),
    ]


# --------------------------------------------------------------------------------------------
# Running the parts and shaping the result
# --------------------------------------------------------------------------------------------


def run_parts(parts: list[QuerySet]) -> list[tuple]:
    """Every part in one ``UNION ALL`` statement (one round trip)."""
    if not parts:
        return []
    first, *rest = parts
    return list(first.union(*rest, all=True)) if rest else list(first)


def empty_bucket() -> dict:
    return {
        "missions": {},
        "team": {
            "members": 0,
            "women": 0,
            "national": 0,
            "international": 0,
            "external": 0,
            "cli_members": 0,
            "missions": 0,
            "with_woman": 0,
            "with_gender_officer": 0,
            "with_sv_expert": 0,
            "cli_women": 0,
            "with_cli": 0,
        },
        "stakeholders": {"total": 0, "women": 0, "missions": 0, "missions_with_woman": 0},
        "consultations": {},
        "reports": {"submitted": 0, "sv_filled": 0, "plans_women_orgs": 0},
        "sv_access": {},
        "threats": [],
        "incidents": [],
        "recommendations": {},
        "implementation": {},
        "implementation_to_date": {},
        "review": {},
        "visits": {
            "visits": 0,
            "urgent": 0,
            "women_meeting": 0,
            "women": 0,
            "men": 0,
            "confidence_sum": 0,
        },
        "findings": {},
        "alerts": {
            "alerts": 0,
            "responded": 0,
            "median_hours": None,
            "p90_hours": None,
            "relayed": 0,
            "plan_used": 0,
        },
        "support": {"distributions": 0, "women": 0, "men": 0},
    }


def _int(value) -> int:
    return int(round(value)) if value is not None else 0


def _hours(value) -> float | None:
    return None if value is None else round(float(value), 1)


def _month_key(value: str) -> str:
    return (value or "")[:7]


def compute_figures(period: Period, scope: Scope | None = None) -> dict:
    """The figures of ``period`` (and its comparisons, and the 13-month series) for ``scope``
    (every province by default): one UNION ALL query on PostgreSQL; see the module."""
    scope = scope or Scope()
    periods = periods_of(period)
    parts = []
    if scope.province_ids != ():  # a user of no province: nothing to count
        parts = [
            *mission_parts(periods, scope),
            *consultation_parts(periods, scope),
            *report_parts(periods, scope),
            *implementation_parts(periods, scope),
            *review_parts(periods, scope),
            *followup_parts(periods, scope),
            *stock_parts(scope),
            *series_parts(period, scope),
        ]
    buckets = {key: empty_bucket() for key in BUCKETS}
    provinces: dict[str, str] = {}
    stock = {"cli_staff": {"total": 0, "women": 0}}
    months = [f"{month:%Y-%m}" for month in months_ending(period, SERIES_MONTHS)]
    series = {
        name: dict.fromkeys(months, 0)
        for name in ("missions", "team_members", "team_women", "threats", "alerts", "responded")
    }
    for name, bucket, k1, k2, k3, *v in run_parts(parts):
        if name == "cli_staff":
            stock["cli_staff"] = {"total": _int(v[0]), "women": _int(v[1])}
            continue
        if name.startswith("series_"):
            month = _month_key(k1)
            if month not in series["missions"]:
                continue
            if name == "series_missions":
                series["missions"][month] += _int(v[0])
            elif name == "series_team":
                series["team_members"][month] += _int(v[0])
                series["team_women"][month] += _int(v[1])
            elif name == "series_threats":
                series["threats"][month] += _int(v[0])
            elif name == "series_alerts":
                series["alerts"][month] += _int(v[0])
                series["responded"][month] += _int(v[1])
            continue
        if bucket not in buckets:
            continue
        _collect(buckets[bucket], name, (k1, k2, k3), v, provinces)
    if parts and not has_percentile_cont():
        _percentiles_sqlite_fallback(buckets, periods, scope)
    return {
        "version": FIGURES_VERSION,
        "period": period.as_dict(),
        "previous": periods[PREVIOUS].as_dict(),
        "year_before": periods[YEAR_BEFORE].as_dict(),
        "scope": {"province_ids": None if scope.province_ids is None else list(scope.province_ids)},
        "provinces": dict(sorted(provinces.items(), key=lambda item: item[1])),
        "buckets": buckets,
        "stock": stock,
        "series": {"months": months, **{key: list(row.values()) for key, row in series.items()}},
        "computed_at": timezone.now().isoformat(),
    }


def _collect(data: dict, name: str, keys: tuple, v: list, provinces: dict) -> None:
    """Put one row of the UNION into the period's figures."""
    k1, k2, k3 = keys
    if name == "missions":
        provinces[k1] = k3
        data["missions"].setdefault(k1, {})[k2] = _int(v[0])
    elif name == "team":
        data["team"].update(
            members=_int(v[0]),
            women=_int(v[1]),
            national=_int(v[2]),
            international=_int(v[3]),
            external=_int(v[4]),
            cli_members=_int(v[5]),
        )
    elif name == "team_missions":
        data["team"].update(
            missions=_int(v[0]),
            with_woman=_int(v[1]),
            with_gender_officer=_int(v[2]),
            with_sv_expert=_int(v[3]),
            cli_women=_int(v[4]),
            with_cli=_int(v[5]),
        )
    elif name == "stakeholders":
        data["stakeholders"] = {
            "total": _int(v[0]),
            "women": _int(v[1]),
            "missions": _int(v[2]),
            "missions_with_woman": _int(v[3]),
        }
    elif name == "consultations":
        data["consultations"][k1] = {
            "meetings": _int(v[0]),
            "women": _int(v[1]),
            "men": _int(v[2]),
            "girls": _int(v[3]),
            "boys": _int(v[4]),
            "missions": _int(v[5]),
        }
    elif name == "reports":
        data["reports"] = {
            "submitted": _int(v[0]),
            "sv_filled": _int(v[1]),
            "plans_women_orgs": _int(v[2]),
        }
    elif name == "sv_access":
        data["sv_access"].setdefault(k1, {})[k2 or "unknown"] = _int(v[0])
    elif name == "threats":
        data["threats"].append([k1, k2, k3, _int(v[0]), _int(v[1])])
    elif name == "incidents":
        data["incidents"].append([k1, k2, k3, _int(v[0])])
    elif name == "recommendations":
        data["recommendations"].setdefault(k1, {})[k2] = _int(v[0])
    elif name in {"implementation", "implementation_to_date"}:
        data[name][k1] = _int(v[0])
    elif name == "review":
        data["review"][k1] = {
            "stages": _int(v[0]),
            "median_hours": _hours(v[1]),
            "p90_hours": _hours(v[2]),
            "returned": _int(v[3]),
            "late": _int(v[4]),
        }
    elif name == "visits":
        data["visits"] = {
            "visits": _int(v[0]),
            "urgent": _int(v[1]),
            "women_meeting": _int(v[2]),
            "women": _int(v[3]),
            "men": _int(v[4]),
            "confidence_sum": _int(v[5]),
        }
    elif name == "findings":
        data["findings"][k1] = _int(v[0])
    elif name == "alerts":
        data["alerts"] = {
            "alerts": _int(v[0]),
            "responded": _int(v[1]),
            "median_hours": _hours(v[2]),
            "p90_hours": _hours(v[3]),
            "relayed": _int(v[4]),
            "plan_used": _int(v[5]),
        }
    elif name == "support":
        data["support"] = {"distributions": _int(v[0]), "women": _int(v[1]), "men": _int(v[2])}


def _percentiles_sqlite_fallback(buckets: dict, periods: dict, scope: Scope) -> None:
    """For SQLite only (``make run``): the medians and 90th percentiles PostgreSQL computes
    with ``percentile_cont``, from the durations fetched (two queries)."""
    stages = (
        ReviewStage.objects.exclude(outcome=StageOutcome.OPEN)
        .filter(in_periods("closed_at", periods, is_datetime=True))
        .filter(scope.q("report__mission__province_id"))
        .annotate(x_bucket=bucket_of("closed_at", periods, is_datetime=True))
        .values_list("x_bucket", "level", "entered_at", "closed_at")
        .order_by()
    )
    waits: dict[tuple, list[float]] = {}
    for bucket, level, entered, closed in stages:
        waits.setdefault((bucket, level), []).append(_elapsed_hours(entered, closed))
    for (bucket, level), hours in waits.items():
        row = buckets[bucket]["review"].get(level)
        if row is not None:
            row["median_hours"] = _hours(percentile_cont_sqlite_fallback(hours, 0.5))
            row["p90_hours"] = _hours(percentile_cont_sqlite_fallback(hours, 0.9))
    alerts = (
        CommunityAlert.objects.filter(in_periods("received_at", periods, is_datetime=True))
        .filter(scope.q("province_id"), responded_at__isnull=False)
        .annotate(x_bucket=bucket_of("received_at", periods, is_datetime=True))
        .values_list("x_bucket", "received_at", "responded_at")
        .order_by()
    )
    times: dict[str, list[float]] = {}
    for bucket, received, responded in alerts:
        times.setdefault(bucket, []).append(_elapsed_hours(received, responded))
    for bucket, hours in times.items():
        buckets[bucket]["alerts"]["median_hours"] = _hours(
            percentile_cont_sqlite_fallback(hours, 0.5)
        )
        buckets[bucket]["alerts"]["p90_hours"] = _hours(percentile_cont_sqlite_fallback(hours, 0.9))


def _elapsed_hours(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 3600
