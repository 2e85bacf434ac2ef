"""A real Celery worker, on Redis, delivers an e-mail queued by a service after commit.

The worker runs in a thread of this process (``celery.contrib.testing.worker.start_worker``),
so it shares Django's settings and the locmem e-mail outbox, and uses its own database
connection: the test is transactional so that the worker sees committed rows.

Without Redis the test is skipped on a developer machine, but fails under ``make test`` / CI
(``JPT_REQUIRE_POSTGRES`` or ``CI`` set), where Redis is part of the stack.
"""

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.db import transaction
from kombu import Connection

from jpt.accounts.roles import Role
from jpt.celery import app
from jpt.notifications.choices import EmailStatus
from jpt.notifications.models import EmailMessage
from jpt.notifications.services import email_queue
from missions.tests.factories import JptRequestFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

DELIVERY_TIMEOUT = 20.0  # seconds
CONFIG_KEYS = ("broker_url", "result_backend", "task_always_eager")


def _redis_required() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("JPT_REQUIRE_POSTGRES"))


def _reset_app_connections() -> None:
    """Forget pooled broker connections and the result backend built from the old config."""
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@pytest.fixture
def redis_url():
    url = settings.CELERY_TEST_BROKER_URL
    try:
        with Connection(url, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1)
    except Exception as exc:
        message = f"Redis does not answer at {url} ({type(exc).__name__}: {exc})"
        if _redis_required():
            pytest.fail(f"{message}; Redis is required under make test / CI.")
        pytest.skip(f"{message}; start Redis to run the worker test.")
    return url


@pytest.fixture
def celery_app(redis_url):
    """The project's Celery app, pointed at the test Redis database; restored afterwards."""
    saved = {key: app.conf.get(key) for key in CONFIG_KEYS}
    app.conf.update(broker_url=redis_url, result_backend=redis_url, task_always_eager=False)
    _reset_app_connections()
    app.control.purge()  # no leftovers from an interrupted run
    try:
        yield app
    finally:
        app.conf.update(saved)
        _reset_app_connections()


@pytest.fixture
def celery_worker(celery_app):
    # The ping check needs the "celery.ping" test task; delivery below proves the worker works.
    with start_worker(celery_app, perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


def wait_until_sent(message: EmailMessage) -> EmailMessage:
    deadline = time.monotonic() + DELIVERY_TIMEOUT
    while time.monotonic() < deadline:
        message.refresh_from_db()
        if message.status not in (EmailStatus.PENDING, EmailStatus.SENDING):
            return message
        time.sleep(0.1)
    return message


def test_worker_delivers_email_queued_in_a_transaction(celery_worker, make_user, places):
    assert celery_worker.app.conf.task_always_eager is False
    officer = make_user("ca_worker", Role.CIVIL_AFFAIRS, [places.nord_kivu])
    jpt_request = JptRequestFactory(territory=places.walikale)

    with transaction.atomic():
        message = email_queue(
            recipient=officer,
            template="missions/email/request_submitted",
            context={"jpt_request": jpt_request},
            target=jpt_request,
        )
        assert message is not None

    message = wait_until_sent(message)

    assert message.status == EmailStatus.SENT, (
        f"not delivered within {DELIVERY_TIMEOUT}s: status {message.status}, "
        f"attempts {message.attempts}, last error {message.last_error!r}"
    )
    assert message.attempts == 1
    assert message.sent_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [officer.email]
    assert jpt_request.reference in mail.outbox[0].subject
    assert mail.outbox[0].subject == message.subject


def test_app_config_is_restored_after_the_worker_test():
    assert app.conf.task_always_eager is settings.CELERY_TASK_ALWAYS_EAGER
    assert app.conf.broker_url == settings.CELERY_BROKER_URL
