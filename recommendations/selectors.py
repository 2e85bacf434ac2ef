"""Reads of the follow-up that are more than a filter: the monitoring board's figures, a CLI's
work list (what to follow up where, when each place was last visited, the visit calendar), and
alert-to-response times.

Every read starts from the user's scope (``visible_to``); figures are aggregated in the
database.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from jpt.places.models import Locality, Province
from reports.choices import RecommendationStatus
from reports.models import ProtectionPlan, Recommendation, Report, SafeArea

from .choices import DONE_IMPLEMENTATION_STATUSES, ImplementationStatus
from .models import (
    CommunityAlert,
    FollowUpVisit,
    MaterialSupport,
    PlannedVisit,
    VisitObservation,
)

# --------------------------------------------------------------------------------------------
# Approved recommendations and their implementation
# --------------------------------------------------------------------------------------------


def overdue_q(today: date) -> Q:
    """Past its target date (the implementation's, else the recommendation's) and neither
    implemented nor no longer relevant: ``impl_target < today`` and ``impl_status`` not done,
    written on the columns themselves (no ``Coalesce``), never NULL.

    On the columns, PostgreSQL estimates how many rows match (a ``CASE`` over a ``COALESCE`` on
    a LEFT JOIN gets a blind guess of 0.5 %, which led the recommendation list's overdue filter
    to nested loops over every approved row, and to JIT compilation) and the board's
    ``overdue first`` order stays a plain boolean."""
    past_target = Q(
        implementation__target_date__isnull=False, implementation__target_date__lt=today
    ) | Q(
        implementation__target_date__isnull=True, target_date__isnull=False, target_date__lt=today
    )
    return past_target & still_open_q()


def approved_rows(user) -> QuerySet:
    """Approved recommendations in the user's scope, annotated with their implementation
    (``impl_status``, ``impl_target``: the implementation's target date, else the
    recommendation's) and ``is_overdue`` (``overdue_q``, a
    boolean); overdue first."""
    today = timezone.localdate()
    return (
        Recommendation.objects.visible_to(user)
        .filter(status=RecommendationStatus.APPROVED)
        .select_related("report__mission__request", "report__mission__province", "implementation")
        .annotate(
            impl_status=Coalesce(
                F("implementation__status"), Value(ImplementationStatus.NOT_STARTED)
            ),
            impl_target=Coalesce(
                F("implementation__target_date"), F("target_date"), output_field=DateField()
            ),
            is_overdue=ExpressionWrapper(overdue_q(today), output_field=BooleanField()),
        )
        .order_by("-is_overdue", "impl_target", "report__approved_at", "id")
    )


# The ``owner=`` value of the list for approved recommendations with no owner named yet (an
# empty ``owner=`` is no filter at all).
NO_OWNER = "-"


@dataclass
class BoardCell:
    """One count of the board, with the query string of the list behind it."""

    count: int
    query: str


@dataclass
class BoardRow:
    label: str
    query: str
    cells: dict[str, BoardCell] = field(default_factory=dict)
    total: int = 0
    overdue: int = 0


# The board's age buckets: days since approval, (low, high) (high None: and more).
AGE_EDGES = [(0, 90), (90, 180), (180, 365), (365, None)]


def board_counts(user, *, province: Province | None = None) -> list[dict]:
    """Every figure of the board's recommendation tables in one GROUP BY query: approved
    recommendations in scope (of one ``province`` if given) counted by province, owner and
    implementation status (``n``), with the overdue ones (``late``) and those approved in each
    age bucket (``b0``…: ``AGE_EDGES``). ``board_by`` and ``age_buckets`` add them up: one
    pass over the rows instead of one per table."""
    now = timezone.now()
    approved = approved_rows(user)
    if province is not None:
        approved = approved.filter(report__mission__province=province)
    buckets = {
        f"b{i}": Count(
            "id",
            filter=Q(report__approved_at__lte=now - timedelta(days=low))
            & (Q() if high is None else Q(report__approved_at__gt=now - timedelta(days=high))),
        )
        for i, (low, high) in enumerate(AGE_EDGES)
    }
    return list(
        approved.order_by()
        .values(
            "report__mission__province_id",
            "report__mission__province__name",
            "implementation__owner_name",
            "impl_status",
        )
        .annotate(n=Count("id"), late=Count("id", filter=Q(is_overdue=True)), **buckets)
    )


def board_by(
    user,
    dimension: str,
    *,
    province: Province | None = None,
    counts: list[dict] | None = None,
) -> list[BoardRow]:
    """Approved recommendations counted by ``dimension`` ("province" or "owner") and
    implementation status (of one ``province`` if given), from ``board_counts`` (its rows
    when given, so that the board's tables share one query); each count knows the query
    string of the list behind it (URL-encoded; ``owner=-`` for no owner)."""
    key = {
        "province": "report__mission__province__name",
        "owner": "implementation__owner_name",
    }[dimension]
    param = {"province": "province", "owner": "owner"}[dimension]
    id_key = {"province": "report__mission__province_id", "owner": "implementation__owner_name"}[
        dimension
    ]
    if counts is None:
        counts = board_counts(user, province=province)
    table: dict[object, BoardRow] = {}
    for row in counts:
        ident = row[id_key] or ""
        board_row = table.get(ident)
        if board_row is None:
            board_row = table[ident] = BoardRow(
                label=row[key] or "", query=urlencode({param: ident or NO_OWNER})
            )
        status = row["impl_status"]
        # No owner: rows without an implementation (NULL) and with a blank owner are one row,
        # and a row gathers the groups of every province (or owner): a status comes more than
        # once: add up.
        cell = board_row.cells.get(status)
        if cell is None:
            cell = board_row.cells[status] = BoardCell(
                0, f"{board_row.query}&{urlencode({'implementation': status})}"
            )
        cell.count += row["n"]
        board_row.total += row["n"]
        board_row.overdue += row["late"] or 0
    return sorted(table.values(), key=lambda r: (-r.overdue, r.label))


def age_buckets(
    user, *, province: Province | None = None, counts: list[dict] | None = None
) -> list[tuple[str, int, str]]:
    """Approved recommendations still open (not implemented, still relevant) by age since
    approval (of one ``province`` if given), from ``board_counts`` (its rows when given):
    (label, count, query)."""
    if counts is None:
        counts = board_counts(user, province=province)
    totals = [0] * len(AGE_EDGES)
    for row in counts:
        if row["impl_status"] in DONE_IMPLEMENTATION_STATUSES:
            continue
        for i in range(len(AGE_EDGES)):
            totals[i] += row[f"b{i}"] or 0
    labels = [_("< 3 months"), _("3–6 months"), _("6–12 months"), _("> 1 year")]
    return [
        (labels[i], totals[i], f"age={low}-{high or ''}") for i, (low, high) in enumerate(AGE_EDGES)
    ]


# --------------------------------------------------------------------------------------------
# Alerts: response times and alerts still waiting
# --------------------------------------------------------------------------------------------


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    if len(values) == 1:
        return values[0]
    position = share * (len(values) - 1)
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


@dataclass
class ResponseTimes:
    base: str
    month: date
    alerts: int
    median_hours: float | None
    p90_hours: float | None
    base_id: int | None = None


def months_start(months: int) -> datetime:
    """The start (local midnight) of the first day of the month ``months - 1`` months ago:
    the last ``months`` calendar months, this one included, each of them whole."""
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - (max(months, 1) - 1)
    first = date(index // 12, index % 12 + 1, 1)
    return timezone.make_aware(datetime.combine(first, time.min))


def response_times(
    user, *, months: int = 12, province: Province | None = None
) -> list[ResponseTimes]:
    """Alert-to-response time by base and month (median and 90th percentile, in hours), for
    the alerts that had a response, over the last ``months`` calendar months (whole ones:
    ``months_start``), of one ``province`` if given."""
    since = months_start(months)
    alerts = CommunityAlert.objects.visible_to(user)
    if province is not None:
        alerts = alerts.filter(province=province)
    rows = (
        alerts.filter(responded_at__isnull=False, received_at__gte=since)
        .annotate(month=TruncMonth("received_at"))
        .annotate(
            waited=ExpressionWrapper(
                F("responded_at") - F("received_at"), output_field=DurationField()
            )
        )
        .values_list("base_id", "base__name", "month", "waited")
        .order_by()
    )
    groups: dict[tuple[int | None, str, date], list[float]] = {}
    for base_id, base, month, waited in rows:
        groups.setdefault((base_id, base or "—", month), []).append(waited.total_seconds() / 3600)
    result = [
        ResponseTimes(
            base=base,
            month=month.date() if hasattr(month, "date") else month,
            alerts=len(hours),
            median_hours=round(statistics.median(hours), 1),
            p90_hours=round(_percentile(hours, 0.9), 1),
            base_id=base_id,
        )
        for (base_id, base, month), hours in groups.items()
    ]
    return sorted(result, key=lambda r: (r.base, r.month), reverse=False)


def alerts_waiting(user) -> QuerySet:
    """Alerts with no response after ``JPT_ALERT_RESPONSE_HOURS``, oldest first."""
    limit = timezone.now() - timedelta(hours=settings.JPT_ALERT_RESPONSE_HOURS)
    return (
        CommunityAlert.objects.visible_to(user)
        .filter(responded_at__isnull=True, received_at__lt=limit)
        .select_related("locality", "base", "cli")
        .order_by("received_at", "id")
    )


# --------------------------------------------------------------------------------------------
# Material support: the share of women recipients
# --------------------------------------------------------------------------------------------


def support_by_province(user) -> list[dict]:
    """Recipients of material support by province: women, men, the women's share (%)."""
    rows = (
        MaterialSupport.objects.visible_to(user)
        .order_by()
        .values("province_id", "province__name")
        .annotate(women=Sum("women"), men=Sum("men"))
        .order_by("province__name")
    )
    result = []
    for row in rows:
        total = (row["women"] or 0) + (row["men"] or 0)
        result.append(
            {
                "province": row["province__name"],
                "province_id": row["province_id"],
                "women": row["women"] or 0,
                "men": row["men"] or 0,
                "women_share": round(100 * (row["women"] or 0) / total) if total else None,
            }
        )
    return result


# --------------------------------------------------------------------------------------------
# A CLI's work list
# --------------------------------------------------------------------------------------------


@dataclass
class PlaceToFollow:
    """A locality with approved recommendations or a protection plan to follow up."""

    locality: Locality
    recommendations: list = field(default_factory=list)
    plans: list = field(default_factory=list)
    last_visited: date | None = None

    @property
    def days_since_visit(self) -> int | None:
        if self.last_visited is None:
            return None
        return (timezone.localdate() - self.last_visited).days


def places_to_follow(user) -> list[PlaceToFollow]:
    """Approved recommendations and approved protection plans by locality, in the user's
    provinces, with the last visit to each place (never visited first, then the oldest)."""
    recommendations = list(
        approved_rows(user)
        .prefetch_related("localities__territory")
        .order_by("report__approved_at", "id")
    )
    places: dict[int, PlaceToFollow] = {}
    for rec in recommendations:
        for locality in rec.localities.all():
            places.setdefault(locality.pk, PlaceToFollow(locality)).recommendations.append(rec)
    plans = (
        ProtectionPlan.objects.filter(
            report__in=Recommendation.objects.visible_to(user).values("report"),
            report__status="approved",
        )
        .select_related("report__mission__request__territory", "report__mission")
        .prefetch_related("safe_areas__locality")
    )
    for plan in plans:
        for area in plan.safe_areas.all():
            entry = places.setdefault(area.locality_id, PlaceToFollow(area.locality))
            if plan not in entry.plans:
                entry.plans.append(plan)
    last = dict(
        FollowUpVisit.objects.visible_to(user)
        .filter(localities__in=list(places))
        .values("localities")
        .annotate(last=Max("visited_on"))
        .values_list("localities", "last")
    )
    for locality_id, entry in places.items():
        entry.last_visited = last.get(locality_id)
    return sorted(
        places.values(),
        key=lambda p: (p.last_visited is not None, p.last_visited or date.min, p.locality.name),
    )


def planned_visits(user) -> QuerySet:
    """The user's planned visits still to make (overdue ones first: their date is past)."""
    return (
        PlannedVisit.objects.filter(cli=user, status="planned")
        .prefetch_related("localities")
        .order_by("planned_on", "id")
    )


def observation_rows(user) -> QuerySet:
    """What follow-up visits saw of each recommendation (one row an observation: a visit and a
    recommendation), for the visits in the user's scope (``FollowUpVisit.objects.visible_to``,
    as the visit page shows them); newest visit first, then by recommendation."""
    return (
        VisitObservation.objects.filter(visit__in=FollowUpVisit.objects.visible_to(user))
        .select_related("visit__province", "visit__cli", "recommendation__report__mission")
        .order_by("-visit__visited_on", "-visit_id", "recommendation_id")
    )


def visit_rows(user) -> QuerySet:
    """Follow-up visits in the user's scope, newest first, with what the list shows."""
    observed = (
        VisitObservation.objects.filter(visit=OuterRef("pk"))
        .order_by()
        .values("visit")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        FollowUpVisit.objects.visible_to(user)
        .select_related("cli", "province", "request")
        .prefetch_related("localities")
        # How many recommendations each visit saw: a count per row shown (a correlated
        # subquery, evaluated for the 25 rows of a page), not a GROUP BY of every visit in
        # scope before the page is cut (31 of a CLI's 47 ms at 5,000 missions).
        .annotate(observed=Coalesce(Subquery(observed), 0))
        .order_by("-visited_on", "-id")
    )


# --------------------------------------------------------------------------------------------
# A CLI's work list, aggregated in the database (the places page, the visit form)
# --------------------------------------------------------------------------------------------


def open_recommendations(user) -> QuerySet:
    """Approved recommendations still to follow up (``approved_rows`` but those implemented or
    no longer relevant): what a visit observes."""
    return approved_rows(user).exclude(impl_status__in=DONE_IMPLEMENTATION_STATUSES)


def _approved_links(user) -> QuerySet:
    """Links (recommendation, locality) of the approved recommendations in the user's scope,
    written as joins: with a locality given, PostgreSQL walks that place's links by index
    (``IN`` over every visible recommendation would be hashed first: ~10,000 rows)."""
    return Recommendation.localities.through.objects.filter(
        recommendation__status=RecommendationStatus.APPROVED,
        recommendation__report__in=Report.objects.visible_to(user),
    ).order_by()


def still_open_q(path: str = "") -> Q:
    """The recommendation (at ``path``: ``"recommendation__"`` from a link) is neither
    implemented nor no longer relevant: no implementation row, or one not done. On the
    columns, never NULL."""
    return Q(**{f"{path}implementation__isnull": True}) | ~Q(
        **{f"{path}implementation__status__in": DONE_IMPLEMENTATION_STATUSES}
    )


def _still_open() -> Q:
    """On a link: its recommendation is still open (``still_open_q``)."""
    return still_open_q("recommendation__")


def _approved_plan_areas(user) -> QuerySet:
    """Safe areas of the approved protection plans in the user's scope."""
    return SafeArea.objects.filter(
        plan__report__in=Report.objects.visible_to(user), plan__report__status="approved"
    ).order_by()


def followup_places(user) -> QuerySet:
    """The places to follow up, in the database: the localities of the user's provinces with an
    approved recommendation or an approved protection plan, each with ``last_visited`` (the
    last visit in the user's scope, a subquery); never visited first, then the longest
    unvisited, then by name. One query, one row per place (a province has a few hundred at
    most): ``place_details`` counts, for the rows a page shows, what concerns each."""
    visits = FollowUpVisit.objects.visible_to(user).filter(localities=OuterRef("pk")).order_by()
    # "Is there one?" as a correlated LIMIT 1 per place: an index walk that stops at the
    # first row (an EXISTS would be planned as a hash of every visible recommendation).
    one_link = _approved_links(user).filter(locality_id=OuterRef("pk")).values("pk")[:1]
    one_area = _approved_plan_areas(user).filter(locality_id=OuterRef("pk")).values("pk")[:1]
    return (
        Locality.objects.filter(territory__province__in=Province.objects.visible_to(user))
        .select_related("territory")
        .alias(first_link=Subquery(one_link), first_area=Subquery(one_area))  # WHERE only
        .filter(Q(first_link__isnull=False) | Q(first_area__isnull=False))
        .annotate(last_visited=Subquery(visits.values("visited_on").order_by("-visited_on")[:1]))
        .order_by(F("last_visited").asc(nulls_first=True), "name", "pk")
    )


@dataclass
class PlaceRow:
    """A row of the places to follow up (``place_details``): the counts, the first
    recommendations and the plans of the place."""

    locality: Locality
    last_visited: date | None
    recommendation_count: int = 0
    open_count: int = 0
    recommendations: list = field(default_factory=list)
    plans: list = field(default_factory=list)

    @property
    def plan_count(self) -> int:
        return len(self.plans)

    @property
    def days_since_visit(self) -> int | None:
        if self.last_visited is None:
            return None
        return (timezone.localdate() - self.last_visited).days

    @property
    def more_recommendations(self) -> int:
        return max(0, self.recommendation_count - len(self.recommendations))


def place_details(user, localities, *, per_place: int = 5) -> list[PlaceRow]:
    """Rows of ``followup_places`` (a page of them, already read) with, for each, how many
    approved recommendations concern it and how many are still open, its first ``per_place``
    ones (still open first, then by approval) and its approved protection plans: three queries
    whatever the number of places (the counts are window functions over the rows of the
    page's places only)."""
    localities = list(localities)
    ids = [loc.pk for loc in localities]
    rows = {loc.pk: PlaceRow(loc, loc.last_visited) for loc in localities}
    if not ids:
        return []
    still_open = Case(When(_still_open(), then=1), default=0, output_field=IntegerField())
    by_place = [F("locality_id")]
    links = (
        _approved_links(user)
        .filter(locality_id__in=ids)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=by_place,
                order_by=[
                    still_open.desc(),
                    F("recommendation__report__approved_at").asc(),
                    F("recommendation_id").asc(),
                ],
            ),
            total=Window(Count("id"), partition_by=by_place),
            still_open_total=Window(Sum(still_open), partition_by=by_place),
        )
        .filter(rank__lte=per_place)
        .select_related("recommendation")
        .order_by("locality_id", "rank")
    )
    for link in links:
        row = rows[link.locality_id]
        row.recommendation_count = link.total
        row.open_count = link.still_open_total or 0
        row.recommendations.append(link.recommendation)
    pairs = list(
        _approved_plan_areas(user)
        .filter(locality_id__in=ids)
        .values_list("locality_id", "plan_id")
        .distinct()
    )
    plans = ProtectionPlan.objects.filter(pk__in={plan for _loc, plan in pairs}).select_related(
        "report__mission"
    )
    by_id = {plan.pk: plan for plan in plans} if pairs else {}
    for locality_id, plan_id in sorted(pairs):
        rows[locality_id].plans.append(by_id[plan_id])  # one line per plan, not per area
    return [rows[pk] for pk in ids]


def visit_form_places(user, localities: QuerySet) -> list[Locality]:
    """``localities`` (the visit form's choices, in the user's provinces) in one query, each
    with ``has_open`` (an open recommendation concerns it: ``open_recommendations``) and
    ``last_visited`` (the last visit there in the user's scope)."""
    first_open = (
        _approved_links(user).filter(_still_open(), locality_id=OuterRef("pk")).values("pk")[:1]
    )
    places = list(
        localities.annotate(
            first_open=Subquery(first_open),  # a LIMIT 1 walk: see followup_places
            last_visited=Subquery(
                FollowUpVisit.objects.visible_to(user)
                .filter(localities=OuterRef("pk"))
                .order_by("-visited_on")
                .values("visited_on")[:1]
            ),
        )
    )
    for place in places:
        place.has_open = place.first_open is not None
    return places
