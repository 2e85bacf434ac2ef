"""Reads of the reports app that are more than a filter: who reviews what (reviewers of a level
in a province), a reviewer's inbox, recommendations with where they wait, and the threat list's
rows."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Now

from jpt.accounts.roles import Role
from jpt.places.models import Locality

from .choices import LEVEL_ORDER, LEVEL_PERMISSIONS, RecommendationStatus, ReviewLevel, StageOutcome
from .models import Recommendation, ReviewStage, Threat

# Levels whose reviewers are bounded by their provinces (Kinshasa reviews every province).
PROVINCIAL_LEVELS = {ReviewLevel.HEAD_OF_OFFICE, ReviewLevel.PROVINCIAL_SMG}


def next_level(level: str) -> str | None:
    index = LEVEL_ORDER.index(ReviewLevel(level))
    return LEVEL_ORDER[index + 1].value if index + 1 < len(LEVEL_ORDER) else None


def _users_with_perm(dotted: str) -> QuerySet:
    app_label, codename = dotted.split(".")
    perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    User = get_user_model()
    return User.objects.filter(
        Q(groups__permissions__in=perm) | Q(user_permissions__in=perm), is_active=True
    ).distinct()


def reviewers_for(level: str, province_id: int) -> QuerySet:
    """Active users who decide at ``level`` for a report of that province."""
    users = _users_with_perm(LEVEL_PERMISSIONS[ReviewLevel(level)])
    if level in PROVINCIAL_LEVELS:
        users = users.filter(provinces=province_id)
    return users.order_by("full_name")


def rrewc_for(province_id: int) -> QuerySet:
    """The Rapid Response and Early Warning Cell members of the province (notified, read only)."""
    User = get_user_model()
    return User.objects.filter(
        is_active=True, groups__name=Role.RREWC.value, provinces=province_id
    ).distinct()


def reviews_at(user, level: str, province_id: int) -> bool:
    """Whether the user decides at ``level`` for a report of that province. A superuser holds
    every permission but runs the system: reviewing is not theirs (nor is reading contacts)."""
    if not (user.is_authenticated and user.is_active) or user.is_superuser:
        return False
    if not user.has_perm(LEVEL_PERMISSIONS[ReviewLevel(level)]):
        return False
    return level not in PROVINCIAL_LEVELS or province_id in user.province_ids()


def reviewer_levels(user) -> list[str]:
    """The levels the user reviews at (none for a superuser: see ``reviews_at``)."""
    if not (user.is_authenticated and user.is_active) or user.is_superuser:
        return []
    return [lvl.value for lvl in LEVEL_ORDER if user.has_perm(LEVEL_PERMISSIONS[lvl])]


def inbox(user) -> QuerySet:
    """Open stages waiting for this reviewer, longest waiting first."""
    query = Q(pk__in=[])
    for level in reviewer_levels(user):
        if level in PROVINCIAL_LEVELS:
            query |= Q(level=level, report__mission__province__in=sorted(user.province_ids()))
        else:
            query |= Q(level=level)
    return (
        ReviewStage.objects.open()
        .filter(query)
        .select_related("report__mission__request", "report__mission__province")
        .order_by("entered_at", "id")
    )


def inbox_rows(user) -> QuerySet:
    """``inbox`` with the number of recommendations still waiting for a decision at each stage
    (at an open stage every decision is on a recommendation still in review)."""
    return inbox(user).annotate(
        to_decide=Count(
            "report__recommendations",
            filter=Q(report__recommendations__status=RecommendationStatus.IN_REVIEW),
            distinct=True,
        )
        - Count("decisions", distinct=True),
    )


def recommendation_rows(user) -> QuerySet:
    """Recommendations in the user's scope, with their report's open stage (level, arrival,
    due date) and whether it is overdue, annotated in the same query."""
    open_stage = ReviewStage.objects.filter(
        report=OuterRef("report"), outcome=StageOutcome.OPEN
    ).order_by()
    return (
        Recommendation.objects.visible_to(user)
        .select_related("report__mission__request", "report__mission__province", "report__mission")
        .annotate(
            open_level=Subquery(open_stage.values("level")[:1]),
            open_entered_at=Subquery(open_stage.values("entered_at")[:1]),
            open_due_at=Subquery(open_stage.values("due_at")[:1]),
        )
        .annotate(
            is_overdue=ExpressionWrapper(
                Q(open_due_at__isnull=False, open_due_at__lt=Now()),
                output_field=BooleanField(),
            )
        )
    )


def review_stage_rows(user) -> QuerySet:
    """The review stages that ended (forwarded, returned, approved or closed), of the reports in
    the user's scope (``ReviewStage.objects.visible_to``), with what the list shows of their
    report and mission; the latest decision first."""
    return (
        ReviewStage.objects.visible_to(user)
        .exclude(outcome=StageOutcome.OPEN)
        .select_related("report__mission__request", "report__mission__province")
        .order_by("-closed_at", "-id")
    )


def threat_rows(user) -> QuerySet:
    """Threats in the user's scope (``Threat.objects.visible_to``: whoever sees the report),
    with what the threat list shows of their report and mission, in a fixed number of queries;
    newest report first (the index ``reports_report_newest``), then as the report lists them
    (most severe first)."""
    return (
        Threat.objects.visible_to(user)
        .select_related("report__mission__request", "report__mission__province")
        .prefetch_related(Prefetch("localities", queryset=Locality.objects.order_by("name", "id")))
        .order_by("-report__created_at", "-report_id", "-severity", "id")
    )
