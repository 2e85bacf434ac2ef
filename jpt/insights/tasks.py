"""Celery tasks of the monthly trend summaries. They take values and ids and call
``services.summary_compute``; computing again replaces the stored figures (idempotent)."""

from __future__ import annotations

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError

from jpt.places.models import Province

from .periods import last_full_month, parse_month
from .services import summary_compute

MAX_RETRIES = 5


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def summary_compute_task(
    self, month: str, province_id: int | None = None, user_id: int | None = None
) -> int | None:
    """Compute and store the summary of ``month`` ("YYYY-MM") for one province (None: every
    province), on behalf of ``user_id`` (None: Celery beat). Returns the summary's id, or None
    when the request no longer holds (the province or user gone, the right withdrawn).
    A database error is retried with backoff (1 minute, doubling, at most an hour)."""
    first = parse_month(month)
    if first is None:
        return None
    province = None
    if province_id is not None:
        province = Province.objects.filter(pk=province_id).first()
        if province is None:
            return None
    user = None
    if user_id is not None:
        user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        if user is None:
            return None
    try:
        summary = summary_compute(
            month=first,
            province=province,
            user=user,
            trigger="beat" if user is None else "on_demand",
        )
    except (PermissionDenied, ValidationError):
        return None
    except DatabaseError as exc:
        raise self.retry(exc=exc, countdown=min(60 * 2**self.request.retries, 3600)) from exc
    return summary.pk


@shared_task
def monthly_summaries_task(month: str | None = None) -> list[str]:
    """Celery beat, on the 1st of each month: the summaries of the month just ended (or of
    ``month``), for every province together and for each province, one task each."""
    period = last_full_month() if month is None else None
    value = month if month is not None else period.month_value
    if parse_month(value) is None:
        return []
    scopes: list[int | None] = [
        None,
        *Province.objects.order_by("name").values_list("pk", flat=True),
    ]
    for province_id in scopes:
        summary_compute_task.delay(value, province_id, None)
    return [f"{value}:{'all' if pk is None else pk}" for pk in scopes]
