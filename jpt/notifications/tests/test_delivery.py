"""Delivery holds no row lock while it talks to the mail server, and sends a message once.

These tests commit for real (``transaction=True``): a second database connection, opened by a
thread, looks at the row while the first one is in the middle of sending it.
"""

import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from jpt.notifications.choices import EmailStatus
from jpt.notifications.models import EmailMessage
from jpt.notifications.services import SENDING_TIMEOUT, email_deliver
from jpt.notifications.tasks import resend_stalled_emails_task, send_email_task

pytestmark = pytest.mark.django_db(transaction=True)

PROBING_BACKEND = f"{__name__}.ProbingBackend"


class ProbingBackend(LocmemBackend):
    """The locmem backend, which first runs ``ProbingBackend.during_send`` (once)."""

    during_send = None

    def send_messages(self, email_messages):
        probe, ProbingBackend.during_send = ProbingBackend.during_send, None
        if probe is not None:
            probe()
        return super().send_messages(email_messages)


@pytest.fixture
def probing_backend(settings):
    settings.EMAIL_BACKEND = PROBING_BACKEND
    yield ProbingBackend
    ProbingBackend.during_send = None


def lock_the_row(pk: int):
    """``SELECT ... FOR UPDATE NOWAIT`` the message; its status and claim time."""
    with transaction.atomic():
        row = EmailMessage.objects.select_for_update(nowait=True).get(pk=pk)
        return row.status, row.claimed_at


def in_another_connection(work):
    """Run ``work()`` in a thread, hence on a database connection of its own; return or raise."""
    outcome = {}

    def run():
        try:
            with connection.cursor() as cursor:
                # Fail fast instead of waiting for a lock the other connection would hold.
                cursor.execute("SET lock_timeout = '2s'")
            outcome["result"] = work()
        except Exception as exc:  # handed back to the test's thread
            outcome["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive(), "the second connection is still waiting"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


@pytest.fixture
def message(requester):
    return EmailMessage.objects.create(
        recipient=requester, to_address=requester.email, subject="Subject", body="Body"
    )


def test_the_row_is_not_locked_while_the_message_is_sent(message, probing_backend):
    seen = {}

    def probe():
        seen["in_transaction"] = connection.in_atomic_block
        seen["row"] = in_another_connection(lambda: lock_the_row(message.pk))

    probing_backend.during_send = probe
    assert email_deliver(message_id=message.pk) is True

    assert seen["in_transaction"] is False
    status, claimed_at = seen["row"]
    assert status == EmailStatus.SENDING  # the claim was committed before the send
    assert claimed_at is not None
    message.refresh_from_db()
    assert message.status == EmailStatus.SENT
    assert message.sent_at is not None
    assert message.attempts == 1
    assert len(mail.outbox) == 1


def test_a_second_delivery_while_sending_does_not_send_twice(message, probing_backend):
    seen = {}

    def probe():
        seen["second"] = in_another_connection(lambda: email_deliver(message_id=message.pk))
        seen["outbox_during_send"] = len(mail.outbox)

    probing_backend.during_send = probe
    assert email_deliver(message_id=message.pk) is True

    assert seen == {"second": False, "outbox_during_send": 0}
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.status == EmailStatus.SENT
    assert message.attempts == 1


def test_a_failed_send_goes_back_to_pending_unlocked(message, settings):
    settings.EMAIL_BACKEND = "jpt.notifications.tests.test_email.FailingBackend"

    with pytest.raises(ConnectionRefusedError):
        email_deliver(message_id=message.pk)

    message.refresh_from_db()
    assert message.status == EmailStatus.PENDING
    assert message.attempts == 1
    assert message.last_error == "ConnectionRefusedError: SMTP server unreachable"
    # Nothing is left locked: another connection takes the row at once.
    assert in_another_connection(lambda: lock_the_row(message.pk))[0] == EmailStatus.PENDING


def test_a_message_being_sent_is_left_to_its_worker(message):
    claimed_at = timezone.now() - timedelta(minutes=1)
    EmailMessage.objects.filter(pk=message.pk).update(
        status=EmailStatus.SENDING, claimed_at=claimed_at, attempts=1
    )

    assert send_email_task.apply(args=[message.pk]).get() is False

    message.refresh_from_db()
    assert message.status == EmailStatus.SENDING
    assert message.claimed_at == claimed_at
    assert message.attempts == 1
    assert mail.outbox == []


def test_a_message_stuck_in_sending_is_picked_up_again(message, requester):
    """The worker died mid-send: after 15 minutes the beat task sends it again."""
    stuck = timezone.now() - SENDING_TIMEOUT - timedelta(seconds=5)
    recent = timezone.now() - timedelta(minutes=1)
    EmailMessage.objects.filter(pk=message.pk).update(
        status=EmailStatus.SENDING, claimed_at=stuck, updated_at=stuck, attempts=1
    )
    busy = EmailMessage.objects.create(
        to_address=requester.email,
        subject="Being sent",
        body="Body",
        status=EmailStatus.SENDING,
        claimed_at=recent,
    )
    assert timedelta(minutes=15) == SENDING_TIMEOUT

    with mock.patch.object(send_email_task, "delay") as delay:
        assert resend_stalled_emails_task.apply().get() == 1
    delay.assert_called_once_with(message.pk)

    assert send_email_task.apply(args=[message.pk]).get() is True
    message.refresh_from_db()
    assert message.status == EmailStatus.SENT
    assert message.attempts == 2
    busy.refresh_from_db()
    assert busy.status == EmailStatus.SENDING
    assert [m.subject for m in mail.outbox] == ["Subject"]


def test_a_sending_message_must_record_its_claim(message):
    with pytest.raises(DatabaseError) as excinfo, transaction.atomic():
        EmailMessage.objects.filter(pk=message.pk).update(status=EmailStatus.SENDING)
    assert "notifications_emailmessage_sending_has_claim" in str(excinfo.value)
