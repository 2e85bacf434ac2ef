"""Queueing and delivering e-mail: one row per e-mail, sent once, failures recorded."""

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from jpt.notifications.choices import EmailStatus
from jpt.notifications.models import EmailMessage
from jpt.notifications.services import email_deliver, email_mark_failed, email_queue
from jpt.notifications.tasks import MAX_RETRIES, send_email_task
from missions.tests.factories import JptRequestFactory

pytestmark = pytest.mark.django_db

FAILING_BACKEND = f"{__name__}.FailingBackend"


class FailingBackend(BaseEmailBackend):
    """An e-mail backend whose server is always down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server unreachable")


@pytest.fixture
def jpt_request(places, requester):
    return JptRequestFactory(territory=places.walikale, requested_by=requester)


@pytest.fixture
def queued(ca_officer, jpt_request, django_capture_on_commit_callbacks):
    """A pending e-mail whose on-commit send was captured and not run."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = email_queue(
            recipient=ca_officer,
            template="missions/email/request_submitted",
            context={"jpt_request": jpt_request},
            target=jpt_request,
        )
    assert len(callbacks) == 1
    return message


def test_queue_records_a_pending_message(queued, ca_officer, jpt_request):
    queued.refresh_from_db()
    assert queued.status == EmailStatus.PENDING
    assert queued.recipient == ca_officer
    assert queued.to_address == ca_officer.email
    assert jpt_request.reference in queued.subject
    assert "\n" not in queued.subject
    assert f"/requests/{jpt_request.pk}/" in queued.body
    assert queued.attempts == 0
    assert list(EmailMessage.objects.for_object(jpt_request)) == [queued]
    assert mail.outbox == []


def test_recipient_without_address_gets_no_row(make_user, jpt_request):
    nobody = make_user("no_address", email="")
    result = email_queue(
        recipient=nobody,
        template="missions/email/request_submitted",
        context={"jpt_request": jpt_request},
        target=jpt_request,
    )
    assert result is None
    assert not EmailMessage.objects.exists()


def test_deliver_sends_once_and_is_idempotent(queued):
    assert email_deliver(message_id=queued.pk) is True
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [queued.to_address]
    assert mail.outbox[0].subject == queued.subject

    assert email_deliver(message_id=queued.pk) is False
    assert len(mail.outbox) == 1
    queued.refresh_from_db()
    assert queued.status == EmailStatus.SENT
    assert queued.sent_at is not None
    assert queued.attempts == 1


def test_backend_failure_is_recorded_and_raised(queued, settings):
    settings.EMAIL_BACKEND = FAILING_BACKEND

    for attempt in (1, 2):
        with pytest.raises(ConnectionRefusedError):
            email_deliver(message_id=queued.pk)
        queued.refresh_from_db()
        assert queued.attempts == attempt
        assert queued.status == EmailStatus.PENDING
        assert queued.last_error == "ConnectionRefusedError: SMTP server unreachable"
        assert queued.sent_at is None
    assert mail.outbox == []


def test_success_after_failure_clears_the_error(queued, settings):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    with pytest.raises(ConnectionRefusedError):
        email_deliver(message_id=queued.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    assert email_deliver(message_id=queued.pk) is True
    queued.refresh_from_db()
    assert queued.status == EmailStatus.SENT
    assert queued.attempts == 2
    assert queued.last_error == ""


def test_task_marks_message_failed_after_max_retries(queued, settings):
    """Run eagerly, the task retries at once; after the last retry the message is failed."""
    settings.EMAIL_BACKEND = FAILING_BACKEND

    result = send_email_task.apply(args=[queued.pk])

    assert result.get() is False
    queued.refresh_from_db()
    assert queued.status == EmailStatus.FAILED
    assert queued.attempts == MAX_RETRIES + 1
    assert "SMTP server unreachable" in queued.last_error
    assert mail.outbox == []


def test_task_on_the_last_retry_marks_failed(queued, settings):
    settings.EMAIL_BACKEND = FAILING_BACKEND

    result = send_email_task.apply(args=[queued.pk], retries=MAX_RETRIES)

    assert result.get() is False
    queued.refresh_from_db()
    assert queued.status == EmailStatus.FAILED
    assert queued.attempts == 1


def test_task_sends(queued):
    assert send_email_task.apply(args=[queued.pk]).get() is True
    queued.refresh_from_db()
    assert queued.status == EmailStatus.SENT
    assert len(mail.outbox) == 1


def test_task_for_a_missing_message_does_nothing():
    assert send_email_task.apply(args=[987654]).get() is False
    assert mail.outbox == []


def test_mark_failed_leaves_sent_messages_alone(queued):
    email_deliver(message_id=queued.pk)
    email_mark_failed(message_id=queued.pk)
    queued.refresh_from_db()
    assert queued.status == EmailStatus.SENT
