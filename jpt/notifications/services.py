"""Queueing and delivering e-mail. Services call :func:`email_queue` inside their transaction."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from jpt.audit.choices import AuditAction
from jpt.audit.services import audit_record

from .choices import CLAIMABLE_STATUSES, EmailStatus
from .models import EmailMessage

# The template engine for plain-text e-mails (TEMPLATES in settings): no autoescaping.
TEXT_ENGINE = "text"
# A message claimed longer ago than this is taken to belong to a worker that died mid-send.
SENDING_TIMEOUT = timedelta(minutes=15)


def email_queue(
    *,
    template: str,
    context: dict,
    recipient=None,
    to_address: str = "",
    target: models.Model | None = None,
) -> EmailMessage | None:
    """Record an e-mail and send it through Celery once the transaction commits.

    Give a ``recipient`` (a user) or a bare ``to_address`` (e.g. a military unit's mailbox).
    ``template`` names ``templates/<template>_subject.txt`` and ``<template>_body.txt``.
    Returns None when there is no address to write to.
    """
    address = recipient.email if recipient is not None else to_address
    if not address:
        return None
    context = {**context, "recipient": recipient, "site_url": settings.SITE_URL}
    with translation.override(settings.LANGUAGE_CODE):
        # The "text" engine does not HTML-escape: a title "Attack <Ntoto> & Co" stays as typed.
        subject = " ".join(
            render_to_string(f"{template}_subject.txt", context, using=TEXT_ENGINE).split()
        )
        body = render_to_string(f"{template}_body.txt", context, using=TEXT_ENGINE)
    message = EmailMessage.objects.create(
        recipient=recipient,
        to_address=address,
        subject=subject[:200],
        body=body,
        target_type=ContentType.objects.get_for_model(target) if target else None,
        target_id=str(target.pk) if target else "",
    )
    from .tasks import send_email_task

    transaction.on_commit(lambda: send_email_task.delay(message.pk))
    return message


def email_deliver(*, message_id: int) -> bool:
    """Send one queued e-mail, holding no database lock while the mail server is talked to.

    Three steps: claim the row (one conditional UPDATE, committed at once: PENDING or FAILED, or
    SENDING with a claim older than :data:`SENDING_TIMEOUT`, becomes SENDING), send outside any
    transaction, record the outcome. Two workers cannot send the same message: the second finds
    it SENDING (or SENT) and returns False. On a backend error the message goes back to PENDING
    with its attempts and last error, and the error is raised so the task retries.
    Raises ``EmailMessage.DoesNotExist`` for an unknown id.
    """
    claimed_at = timezone.now()
    claimable = Q(status__in=CLAIMABLE_STATUSES) | Q(
        status=EmailStatus.SENDING, claimed_at__lt=claimed_at - SENDING_TIMEOUT
    )
    # Durable: the claim must be committed (and no lock held) before the server is called.
    with transaction.atomic(durable=True):
        claimed = (
            EmailMessage.objects.filter(claimable, pk=message_id).update(
                status=EmailStatus.SENDING,
                claimed_at=claimed_at,
                attempts=F("attempts") + 1,
                updated_at=claimed_at,
            )
            == 1
        )
    message = EmailMessage.objects.get(pk=message_id)
    if not claimed:
        return False  # already sent, or another worker is sending it
    try:
        send_mail(
            message.subject,
            message.body,
            settings.DEFAULT_FROM_EMAIL,
            [message.to_address],
            fail_silently=False,
        )
    except Exception as exc:  # any backend error: record it, then let the task retry
        # Only if the claim is still ours: a worker that took over a stale claim keeps it.
        EmailMessage.objects.filter(
            pk=message_id, status=EmailStatus.SENDING, claimed_at=claimed_at
        ).update(
            status=EmailStatus.PENDING,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            updated_at=timezone.now(),
        )
        raise
    now = timezone.now()
    EmailMessage.objects.filter(pk=message_id).update(
        status=EmailStatus.SENT, sent_at=now, last_error="", updated_at=now
    )
    return True


def email_mark_failed(*, message_id: int) -> None:
    """Retries are exhausted: keep the message, visibly failed, for an administrator to resend.

    A message being sent (or sent) by another worker meanwhile is left alone.
    """
    EmailMessage.objects.filter(pk=message_id, status=EmailStatus.PENDING).update(
        status=EmailStatus.FAILED, updated_at=timezone.now()
    )


@transaction.atomic
def email_requeue(*, message: EmailMessage, user=None) -> bool:
    """Send an e-mail again (after commit): the one service for "send again".

    Locks the row; a sent e-mail, or one a worker is sending right now (claimed less than
    :data:`SENDING_TIMEOUT` ago), is left alone and False returned. Otherwise the e-mail becomes
    pending, its delivery is enqueued once the transaction commits, and one ``EMAIL_RESENT``
    audit entry is written (on the e-mail's target, or on the e-mail when it has none).
    ``user`` is the person asking (None for the system).
    """
    locked = EmailMessage.objects.select_for_update().get(pk=message.pk)
    if locked.status == EmailStatus.SENT or (
        locked.status == EmailStatus.SENDING
        and locked.claimed_at is not None
        and locked.claimed_at >= timezone.now() - SENDING_TIMEOUT
    ):
        return False
    locked.status = EmailStatus.PENDING
    locked.save(update_fields=["status", "updated_at"])
    message.status, message.updated_at = locked.status, locked.updated_at
    audit_record(
        actor=user,
        action=AuditAction.EMAIL_RESENT,
        target=locked.target or locked,
        details={"email": locked.pk, "to": locked.to_address, "subject": locked.subject},
    )
    from .tasks import send_email_task

    transaction.on_commit(lambda: send_email_task.delay(locked.pk))
    return True
