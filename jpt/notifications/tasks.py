"""Celery tasks for e-mail. They take ids and call services."""

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from .choices import EmailStatus
from .models import EmailMessage
from .services import SENDING_TIMEOUT, email_deliver, email_mark_failed

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
    """Re-enqueue e-mails stalled for 15 minutes.

    Still pending (a lost broker message, a restart), or claimed for sending by a worker that
    died mid-send; :func:`email_deliver` takes over such a stale claim.
    """
    cutoff = timezone.now() - SENDING_TIMEOUT
    stalled = Q(status=EmailStatus.PENDING, updated_at__lt=cutoff) | Q(
        status=EmailStatus.SENDING, claimed_at__lt=cutoff
    )
    ids = list(
        EmailMessage.objects.filter(stalled).order_by("id").values_list("id", flat=True)[:500]
    )
    for message_id in ids:
        send_email_task.delay(message_id)
    return len(ids)
