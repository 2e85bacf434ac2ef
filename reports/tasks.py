"""Celery tasks of the review chain (scheduled by Celery beat: see CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from .services import review_send_reminders


@shared_task
def review_reminders_task() -> dict[str, int]:
    """Daily reminders of overdue reviews, and escalation after twice the deadline."""
    return review_send_reminders()
