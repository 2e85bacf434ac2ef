"""Queueing and delivering e-mail: one row per e-mail, sent once, failures recorded."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.template import engines
from django.utils import timezone

from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from jpt.notifications.choices import EmailStatus
from jpt.notifications.models import EmailMessage
from jpt.notifications.services import (
    email_deliver,
    email_mark_failed,
    email_queue,
    email_requeue,
)
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


# --- plain text is not HTML ------------------------------------------------------------------

AWKWARD_TITLE = """Attack <Ntoto> & Co "Mai-Mai" l'est"""


def test_plain_text_emails_are_not_html_escaped(ca_officer, places, requester):
    jpt_request = JptRequestFactory(
        territory=places.walikale, requested_by=requester, title=AWKWARD_TITLE
    )
    message = email_queue(
        recipient=ca_officer,
        template="missions/email/request_submitted",
        context={"jpt_request": jpt_request},
        target=jpt_request,
    )
    message.refresh_from_db()
    assert AWKWARD_TITLE in message.subject
    assert AWKWARD_TITLE in message.body
    for entity in ("&lt;", "&gt;", "&amp;", "&quot;", "&#x27;", "&#39;"):
        assert entity not in message.subject + message.body


def test_plain_text_emails_keep_free_text_verbatim(places, requester):
    jpt_request = JptRequestFactory(
        territory=places.walikale,
        requested_by=requester,
        title=AWKWARD_TITLE,
        decision_comment="Ask <the> COB & \"TOB\" 'first'",
    )
    message = email_queue(
        recipient=requester,
        template="missions/email/request_decided",
        context={"jpt_request": jpt_request},
        target=jpt_request,
    )
    assert f"({AWKWARD_TITLE})" in message.body
    assert "Ask <the> COB & \"TOB\" 'first'" in message.body


def test_html_templates_are_still_escaped():
    html = engines["django"].from_string("{{ value }}").render({"value": "<b>&"})
    assert html == "&lt;b&gt;&amp;"


# --- sending again ---------------------------------------------------------------------------


@pytest.fixture
def failed(queued):
    EmailMessage.objects.filter(pk=queued.pk).update(status=EmailStatus.FAILED, attempts=7)
    queued.refresh_from_db()
    return queued


def resent_entries():
    return AuditEntry.objects.filter(action=AuditAction.EMAIL_RESENT)


def test_requeue_sets_pending_sends_after_commit_and_audits_once(
    failed, ca_officer, jpt_request, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert email_requeue(message=failed, user=ca_officer) is True
    failed.refresh_from_db()
    assert failed.status == EmailStatus.PENDING
    assert mail.outbox == []
    assert len(callbacks) == 1
    (entry,) = resent_entries()
    assert entry.actor == ca_officer
    assert entry.target == jpt_request
    assert entry.details == {"email": failed.pk, "to": failed.to_address, "subject": failed.subject}

    callbacks[0]()
    failed.refresh_from_db()
    assert failed.status == EmailStatus.SENT
    assert len(mail.outbox) == 1


def test_requeue_of_a_message_without_target_audits_the_message(
    requester, django_capture_on_commit_callbacks
):
    message = EmailMessage.objects.create(
        to_address="company-a@example.org", subject="s", body="b", status=EmailStatus.FAILED
    )
    with django_capture_on_commit_callbacks(execute=False):
        assert email_requeue(message=message) is True
    (entry,) = resent_entries()
    assert entry.actor is None
    assert entry.target == message


def test_requeue_leaves_a_sent_message_alone(queued, django_capture_on_commit_callbacks):
    email_deliver(message_id=queued.pk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert email_requeue(message=queued) is False
    queued.refresh_from_db()
    assert queued.status == EmailStatus.SENT
    assert callbacks == []
    assert not resent_entries().exists()


def test_requeue_leaves_a_message_being_sent_alone(queued, django_capture_on_commit_callbacks):
    claimed_at = timezone.now() - timedelta(minutes=1)
    EmailMessage.objects.filter(pk=queued.pk).update(
        status=EmailStatus.SENDING, claimed_at=claimed_at
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert email_requeue(message=queued) is False
    queued.refresh_from_db()
    assert queued.status == EmailStatus.SENDING
    assert callbacks == []
    assert not resent_entries().exists()


def test_requeue_takes_over_a_message_stuck_in_sending(queued, django_capture_on_commit_callbacks):
    stuck = timezone.now() - timedelta(minutes=16)
    EmailMessage.objects.filter(pk=queued.pk).update(status=EmailStatus.SENDING, claimed_at=stuck)
    with (
        mock.patch.object(send_email_task, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert email_requeue(message=queued) is True
    delay.assert_called_once_with(queued.pk)
    queued.refresh_from_db()
    assert queued.status == EmailStatus.PENDING
