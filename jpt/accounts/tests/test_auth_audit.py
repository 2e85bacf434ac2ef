"""Logins, failed logins, logouts and password changes are in the audit trail, through the pages.

Never a password, a password hash, a reset link or its token.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from jpt.accounts.roles import Role
from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from missions.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Otobora-market-2010"
WRONG_PASSWORD = "Walikale-wrong-2026"
IP = "127.0.0.1"  # REMOTE_ADDR of Django's test client


@pytest.fixture
def user(make_user, places):
    return make_user("amani", Role.REQUESTER, [places.nord_kivu])


def entries(action):
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def only_entry(action) -> AuditEntry:
    found = entries(action)
    assert len(found) == 1, found
    return found[0]


def assert_no_secret(entry: AuditEntry, *secrets: str) -> None:
    text = f"{entry.details} {entry.target_repr}"
    for secret in (PASSWORD, NEW_PASSWORD, WRONG_PASSWORD, *secrets):
        assert secret not in text
    assert "password" not in entry.details


def test_a_login_is_recorded(client, user):
    response = client.post(reverse("login"), {"username": "amani", "password": PASSWORD})
    assert response.status_code == 302

    entry = only_entry(AuditAction.AUTH_LOGIN)
    assert entry.actor == user
    assert entry.target == user
    assert entry.details == {"ip": IP}
    assert_no_secret(entry)
    assert AuditEntry.objects.count() == 1


def test_a_wrong_password_is_recorded_against_the_user(client, user):
    response = client.post(reverse("login"), {"username": "amani", "password": WRONG_PASSWORD})
    assert response.status_code == 200

    entry = only_entry(AuditAction.AUTH_LOGIN_FAILED)
    assert entry.actor is None
    assert entry.target == user
    assert entry.details == {"username": "amani", "ip": IP}
    assert_no_secret(entry)
    assert not entries(AuditAction.AUTH_LOGIN)


def test_an_unknown_username_is_recorded_without_a_target(client, user):
    response = client.post(
        reverse("login"),
        {"username": "nobody-here", "password": WRONG_PASSWORD},
        REMOTE_ADDR="10.20.30.40",
    )
    assert response.status_code == 200

    entry = only_entry(AuditAction.AUTH_LOGIN_FAILED)
    assert entry.actor is None
    assert entry.target_type is None and entry.target_id == "" and entry.target is None
    assert entry.target_repr == "nobody-here"
    assert entry.details == {"username": "nobody-here", "ip": "10.20.30.40"}
    assert_no_secret(entry)


def test_an_inactive_user_logging_in_is_a_failed_login(client, make_user):
    gone = make_user("gone", Role.REQUESTER, is_active=False)
    client.post(reverse("login"), {"username": "gone", "password": PASSWORD})
    entry = only_entry(AuditAction.AUTH_LOGIN_FAILED)
    assert entry.target == gone
    assert not entries(AuditAction.AUTH_LOGIN)


def test_a_logout_is_recorded(client, user):
    client.post(reverse("login"), {"username": "amani", "password": PASSWORD})
    response = client.post(reverse("logout"))
    assert response.status_code == 302

    entry = only_entry(AuditAction.AUTH_LOGOUT)
    assert entry.actor == user
    assert entry.target == user
    assert entry.details == {"ip": IP}


def test_logging_out_when_logged_out_records_nothing(client, user):
    client.post(reverse("logout"))
    assert not AuditEntry.objects.exists()


def test_a_password_change_is_recorded(client, user):
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302

    entry = only_entry(AuditAction.AUTH_PASSWORD_CHANGED)
    assert entry.actor == user
    assert entry.target == user
    assert entry.details == {"ip": IP}
    user.refresh_from_db()
    assert_no_secret(entry, user.password)


def test_a_refused_password_change_records_nothing(client, user):
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": WRONG_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": ""},
    )
    assert response.status_code == 200
    assert not entries(AuditAction.AUTH_PASSWORD_CHANGED)


def test_a_password_reset_is_recorded_without_its_link(client, user):
    client.post(reverse("password_reset"), {"email": user.email})
    link = re.search(
        r"https?://[^/\s]+(/accounts/password/reset/[^/\s]+/[^/\s]+/)", mail.outbox[0].body
    )
    assert link, mail.outbox[0].body
    _, uidb64, token = link.group(1).rstrip("/").rsplit("/", 2)
    form_url = client.get(link.group(1)).url

    short = "Kivu-Ntoto1"
    client.post(form_url, {"new_password1": short, "new_password2": short})  # refused: too short
    assert not entries(AuditAction.AUTH_PASSWORD_RESET)

    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302

    entry = only_entry(AuditAction.AUTH_PASSWORD_RESET)
    assert entry.actor == user
    assert entry.target == user
    assert entry.details == {"ip": IP}
    user.refresh_from_db()
    assert_no_secret(entry, uidb64, token, user.password)
    assert not entries(AuditAction.AUTH_LOGIN)  # the reset does not log in


def test_an_administrator_setting_a_password_is_recorded(client, user, make_user):
    root = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(root)
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    entry = only_entry(AuditAction.AUTH_PASSWORD_CHANGED)
    assert entry.actor == root
    assert entry.target == user
    assert entry.details == {"by_admin": True, "ip": IP}
    assert_no_secret(entry, user.password)


def test_an_administrator_failing_to_set_a_password_records_nothing(client, user, make_user):
    root = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(root)
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    response = client.post(
        url, {"password1": NEW_PASSWORD, "password2": "different", "usable_password": "true"}
    )
    assert response.status_code == 200
    assert not entries(AuditAction.AUTH_PASSWORD_CHANGED)
