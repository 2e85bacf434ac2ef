"""Queueing and delivering e-mail. Services call :func:`email_queue` inside their transaction."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .choices import EmailStatus
from .models import EmailMessage


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
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
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
    """Send one queued e-mail. Idempotent: a message already sent is not sent again.

    A failure is recorded on the row (attempts, last error) and then raised, so the task retries.
    """
    error: Exception | None = None
    with transaction.atomic():
        message = EmailMessage.objects.select_for_update().get(pk=message_id)
        if message.status == EmailStatus.SENT:
            return False
        message.attempts += 1
        try:
            send_mail(
                message.subject,
                message.body,
                settings.DEFAULT_FROM_EMAIL,
                [message.to_address],
                fail_silently=False,
            )
        except Exception as exc:  # any backend error: record it, then let the task retry
            error = exc
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            message.save(update_fields=["attempts", "last_error", "updated_at"])
        else:
            message.status = EmailStatus.SENT
            message.sent_at = timezone.now()
            message.last_error = ""
            message.save(
                update_fields=["attempts", "status", "sent_at", "last_error", "updated_at"]
            )
    if error is not None:
        raise error
    return True


def email_mark_failed(*, message_id: int) -> None:
    """Retries are exhausted: keep the message, visibly failed, for an administrator to resend."""
    EmailMessage.objects.filter(pk=message_id).exclude(status=EmailStatus.SENT).update(
        status=EmailStatus.FAILED, updated_at=timezone.now()
    )


def email_requeue(*, message: EmailMessage) -> EmailMessage:
    """Send a failed or stuck e-mail again (after commit). A sent e-mail is left alone."""
    if message.status == EmailStatus.SENT:
        return message
    message.status = EmailStatus.PENDING
    message.save(update_fields=["status", "updated_at"])
    from .tasks import send_email_task

    transaction.on_commit(lambda: send_email_task.delay(message.pk))
    return message
