"""The test database is PostgreSQL under `make test`, and the named constraints hold there."""

import os
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from jpt.notifications.choices import EmailStatus
from jpt.notifications.models import EmailMessage
from missions.choices import RequestStatus
from missions.tests.factories import JptRequestFactory

pytestmark = pytest.mark.django_db


def test_database_is_postgresql_when_required():
    if os.environ.get("JPT_REQUIRE_POSTGRES") != "1":
        pytest.skip("JPT_REQUIRE_POSTGRES is not 1 (set by `make test`): any database is fine")
    assert connection.vendor == "postgresql", (
        f"make test must run against PostgreSQL (DATABASE_URL), not {connection.vendor}"
    )


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("jit", "off"),  # the pages' short queries are not compiled (PG_JIT)
        ("enable_memoize", "off"),  # nor their joins planned for longer than they run
        ("join_collapse_limit", "7"),
        ("from_collapse_limit", "7"),
    ],
)
def test_postgresql_sessions_have_the_apps_settings(setting, value):
    """``jpt.settings.base.PG_SESSION_SETTINGS``, on every connection of the app."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {setting}")
        assert cursor.fetchone()[0] == value


def violates(constraint: str, create) -> None:
    """``create()`` must fail in the database itself, naming ``constraint``."""
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        create()
    if connection.vendor == "postgresql":
        assert constraint in str(excinfo.value)


def test_request_dates_must_be_ordered(places):
    start = timezone.localdate() + timedelta(days=30)
    violates(
        "missions_jptrequest_dates_ordered",
        lambda: JptRequestFactory(
            territory=places.walikale, start_date=start, end_date=start - timedelta(days=1)
        ),
    )


def test_request_status_must_be_known(places):
    violates(
        "missions_jptrequest_status_valid",
        lambda: JptRequestFactory(territory=places.walikale, status="lost"),
    )


def test_request_trigger_must_be_known(places):
    violates(
        "missions_jptrequest_trigger_valid",
        lambda: JptRequestFactory(territory=places.walikale, trigger="boredom"),
    )


@pytest.mark.parametrize("status", [RequestStatus.APPROVED, RequestStatus.DECLINED])
def test_decided_request_records_who_and_when(places, status):
    violates(
        "missions_jptrequest_decision_recorded",
        lambda: JptRequestFactory(territory=places.walikale, status=status),
    )


def test_previous_request_only_for_repeat_visit(places):
    earlier = JptRequestFactory(territory=places.walikale)
    violates(
        "missions_jptrequest_previous_only_for_repeat",
        lambda: JptRequestFactory(
            territory=places.walikale, previous_request=earlier, is_repeat_visit=False
        ),
    )


def test_sent_email_has_a_send_time(requester):
    violates(
        "notifications_emailmessage_sent_has_time",
        lambda: EmailMessage.objects.create(
            recipient=requester,
            to_address=requester.email,
            subject="s",
            body="b",
            status=EmailStatus.SENT,
        ),
    )


def test_user_sex_must_be_known(make_user):
    violates("accounts_user_sex_valid", lambda: make_user("nobody", sex="unknown"))


def test_valid_rows_are_accepted(places):
    """The constraints do not reject what the factories make by default."""
    jpt_request = JptRequestFactory(territory=places.walikale, approved=True)
    assert jpt_request.pk
