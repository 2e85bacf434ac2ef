"""Celery tasks for e-mail. They take ids and call services."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from .choices import EmailStatus
from .models import EmailMessage
from .services import email_deliver, email_mark_failed

MAX_RETRIES = 6


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def send_email_task(self, message_id: int) -> bool:
    """Deliver one queued e-mail, retrying with exponential backoff (1 min up to about 1 h)."""
    try:
        return email_deliver(message_id=message_id)
    except EmailMessage.DoesNotExist:
        return False
    except Exception as exc:
        if self.request.retries >= self.max_retries:
            email_mark_failed(message_id=message_id)
            return False
        raise self.retry(exc=exc, countdown=min(60 * 2**self.request.retries, 3600)) from exc


@shared_task
def resend_stalled_emails_task() -> int:
    """Re-enqueue e-mails still pending after 15 minutes (a lost broker message, a restart)."""
    cutoff = timezone.now() - timedelta(minutes=15)
    ids = list(
        EmailMessage.objects.filter(status=EmailStatus.PENDING, updated_at__lt=cutoff).values_list(
            "id", flat=True
        )[:500]
    )
    for message_id in ids:
        send_email_task.delay(message_id)
    return len(ids)
