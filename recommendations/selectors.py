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
    Case,
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from jpt.places.models import Locality, Province
from reports.choices import RecommendationStatus
from reports.models import ProtectionPlan, Recommendation

from .choices import DONE_IMPLEMENTATION_STATUSES, ImplementationStatus
from .models import CommunityAlert, FollowUpVisit, MaterialSupport, PlannedVisit

# --------------------------------------------------------------------------------------------
# Approved recommendations and their implementation
# --------------------------------------------------------------------------------------------


def approved_rows(user) -> QuerySet:
    """Approved recommendations in the user's scope, annotated with their implementation
    (``impl_status``, ``impl_target``: the implementation's target date, else the
    recommendation's), ``age_days`` since approval, and ``is_overdue``; overdue first."""
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
        )
        .annotate(
            is_overdue=Case(
                When(
                    Q(impl_target__lt=today) & ~Q(impl_status__in=DONE_IMPLEMENTATION_STATUSES),
                    then=Value(1),
                ),
                default=Value(0),
                output_field=IntegerField(),
            )
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


def board_by(user, dimension: str, *, province: Province | None = None) -> list[BoardRow]:
    """Approved recommendations counted by ``dimension`` ("province" or "owner") and
    implementation status, in one GROUP BY query (of one ``province`` if given); each count
    knows the query string of the list behind it (URL-encoded; ``owner=-`` for no owner)."""
    key = {
        "province": "report__mission__province__name",
        "owner": "implementation__owner_name",
    }[dimension]
    param = {"province": "province", "owner": "owner"}[dimension]
    id_key = {"province": "report__mission__province_id", "owner": "implementation__owner_name"}[
        dimension
    ]
    approved = approved_rows(user)
    if province is not None:
        approved = approved.filter(report__mission__province=province)
    rows = (
        approved.order_by()
        .values(key, id_key, "impl_status")
        .annotate(n=Count("id"), late=Sum("is_overdue"))
    )
    table: dict[object, BoardRow] = {}
    for row in rows:
        ident = row[id_key] or ""
        label = row[key] or ""
        board_row = table.setdefault(
            ident, BoardRow(label=label, query=urlencode({param: ident or NO_OWNER}))
        )
        status = row["impl_status"]
        # No owner: rows without an implementation (NULL) and with a blank owner are one row,
        # so a status may come twice: add up.
        cell = board_row.cells.setdefault(
            status, BoardCell(0, f"{board_row.query}&{urlencode({'implementation': status})}")
        )
        cell.count += row["n"]
        board_row.total += row["n"]
        board_row.overdue += row["late"] or 0
    return sorted(table.values(), key=lambda r: (-r.overdue, r.label))


def age_buckets(user, *, province: Province | None = None) -> list[tuple[str, int, str]]:
    """Approved recommendations still open (not implemented, still relevant) by age since
    approval (of one ``province`` if given): (label, count, query)."""
    now = timezone.now()
    open_rows = approved_rows(user).exclude(impl_status__in=DONE_IMPLEMENTATION_STATUSES)
    if province is not None:
        open_rows = open_rows.filter(report__mission__province=province)
    edges = [(0, 90), (90, 180), (180, 365), (365, None)]
    counts = open_rows.order_by().aggregate(
        **{
            f"b{i}": Count(
                "id",
                filter=Q(report__approved_at__lte=now - timedelta(days=low))
                & (Q() if high is None else Q(report__approved_at__gt=now - timedelta(days=high))),
            )
            for i, (low, high) in enumerate(edges)
        }
    )
    labels = [_("< 3 months"), _("3–6 months"), _("6–12 months"), _("> 1 year")]
    return [
        (labels[i], counts[f"b{i}"] or 0, f"age={low}-{high or ''}")
        for i, (low, high) in enumerate(edges)
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


def visit_rows(user) -> QuerySet:
    """Follow-up visits in the user's scope, newest first, with what the list shows."""
    return (
        FollowUpVisit.objects.visible_to(user)
        .select_related("cli", "province", "request")
        .prefetch_related("localities")
        .annotate(observed=Count("observations", distinct=True))
        .order_by("-visited_on", "-id")
    )
