"""`manage.py load_demo`: demo accounts, bases and requests, loaded once, never in production."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from jpt.audit.models import AuditEntry
from jpt.places.models import OperatingBase
from missions.choices import RequestStatus
from missions.management.commands.load_demo import BASES, DEMO_PASSWORD, REQUESTS, USERS
from missions.models import JptRequest, Mission


def _load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {
        "users": get_user_model().objects.count(),
        "bases": OperatingBase.objects.count(),
        "requests": JptRequest.objects.count(),
        "missions": Mission.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_prints_logins() -> None:
    first_output = _load()
    first = _counts()
    assert first["users"] >= len(USERS)
    assert first["bases"] == len(BASES)
    assert first["requests"] == len(REQUESTS)

    second_output = _load()
    assert _counts() == first
    assert "0 created" in second_output
    for output in (first_output, second_output):
        assert f"Demo logins (password: {DEMO_PASSWORD}):" in output
        for spec in USERS:
            assert spec.username in output


@pytest.mark.django_db
def test_load_demo_requests_cover_every_status_through_the_services() -> None:
    _load()
    statuses = set(JptRequest.objects.values_list("status", flat=True))
    assert {
        RequestStatus.SUBMITTED,
        RequestStatus.APPROVED,
        RequestStatus.DECLINED,
        RequestStatus.RETURNED,
    } <= statuses
    approved = JptRequest.objects.filter(status=RequestStatus.APPROVED)
    assert Mission.objects.count() == approved.count()
    assert all(m.mandate for m in Mission.objects.all())
    # Filed and decided through the services: each request has its audit trail.
    assert AuditEntry.objects.count() >= len(REQUESTS) + approved.count()
    assert JptRequest.objects.filter(is_short_notice=True).exists()
    assert any(r.is_short_visit for r in JptRequest.objects.all())
    assert not OperatingBase.objects.get(name="TOB Ntoto (closed)").is_active


@pytest.mark.django_db
def test_every_demo_user_can_log_in() -> None:
    _load()
    User = get_user_model()
    for spec in USERS:
        user = authenticate(username=spec.username, password=DEMO_PASSWORD)
        assert user is not None, spec.username
        assert user.email == f"{spec.username}@jpt-desk.example"
        assert user.has_role(spec.role)
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert set(
        User.objects.get(username="civil.affairs").provinces.values_list("name", flat=True)
    ) == {"Nord-Kivu", "Sud-Kivu"}


@pytest.mark.django_db
def test_load_demo_refused_when_demo_data_not_allowed(settings) -> None:
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="DEMO_DATA_ALLOWED"):
        _load()
    assert not get_user_model().objects.filter(username="requester").exists()
