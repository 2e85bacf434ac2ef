"""The outbox in the admin: "Send again" goes through ``email_requeue`` (after commit, audited)."""

from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from jpt.notifications.choices import EmailStatus
from jpt.notifications.models import EmailMessage
from jpt.notifications.tasks import send_email_task
from missions.tests.factories import PASSWORD, JptRequestFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:notifications_emailmessage_changelist"


@pytest.fixture
def superuser_client(client, make_user):
    admin = make_user("outbox_admin", is_staff=True, is_superuser=True)
    assert client.login(username=admin.username, password=PASSWORD)
    client.user = admin
    return client


def make_email(target=None, **fields) -> EmailMessage:
    fields.setdefault("to_address", "someone@example.org")
    fields.setdefault("subject", "JPT request decided")
    if target is not None:
        fields["target"] = target
    return EmailMessage.objects.create(body="Body", **fields)


def send_again(client, *messages):
    return client.post(
        reverse(CHANGELIST),
        {"action": "resend", "_selected_action": [str(m.pk) for m in messages]},
        follow=True,
    )


def test_send_again_requeues_after_commit_with_one_audit_entry(
    superuser_client, places, django_capture_on_commit_callbacks
):
    jpt_request = JptRequestFactory(territory=places.walikale)
    failed = make_email(target=jpt_request, status=EmailStatus.FAILED, attempts=7)
    before = AuditEntry.objects.count()

    with mock.patch.object(send_email_task, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = send_again(superuser_client, failed)
        assert response.status_code == 200
        failed.refresh_from_db()
        assert failed.status == EmailStatus.PENDING
        delay.assert_not_called()  # not before the transaction commits
        assert len(callbacks) == 1
        callbacks[0]()
        delay.assert_called_once_with(failed.pk)

    assert "1 e-mail queued again." in response.content.decode()
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.latest("id")
    assert entry.action == AuditAction.EMAIL_RESENT
    assert entry.actor == superuser_client.user
    assert entry.target == jpt_request
    assert entry.details == {
        "email": failed.pk,
        "to": failed.to_address,
        "subject": failed.subject,
    }


def test_send_again_leaves_sent_messages_alone(
    superuser_client, django_capture_on_commit_callbacks
):
    sent = make_email(status=EmailStatus.SENT, sent_at=timezone.now())
    stuck = make_email(subject="Stuck")
    before = AuditEntry.objects.count()

    with (
        mock.patch.object(send_email_task, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        response = send_again(superuser_client, sent, stuck)

    assert len(callbacks) == 1
    delay.assert_called_once_with(stuck.pk)
    sent.refresh_from_db()
    assert sent.status == EmailStatus.SENT
    content = response.content.decode()
    assert "1 e-mail queued again." in content
    assert "1 e-mail left alone: already sent or being sent." in content
    entries = AuditEntry.objects.order_by("id")[before:]
    assert [(e.action, e.target) for e in entries] == [(AuditAction.EMAIL_RESENT, stuck)]
