"""Logging in and out, changing and resetting a password through the pages."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from jpt.accounts.roles import Role
from missions.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Otobora-market-2010"


@pytest.fixture
def user(make_user, places):
    return make_user("amani", Role.REQUESTER, [places.nord_kivu])


def logged_in_user_id(client):
    return client.session.get(SESSION_KEY)


def test_login_page(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Log in to JPT Desk" in response.content.decode()
    assert reverse("password_reset") in response.content.decode()


def test_login_with_the_right_password(client, user):
    response = client.post(reverse("login"), {"username": "amani", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert str(logged_in_user_id(client)) == str(user.pk)


def test_login_follows_next(client, user):
    next_url = reverse("missions:request_list")
    response = client.post(
        f"{reverse('login')}?next={next_url}",
        {"username": "amani", "password": PASSWORD, "next": next_url},
    )
    assert response.status_code == 302
    assert response.url == next_url


def test_login_with_a_wrong_password_shows_an_error(client, user):
    response = client.post(reverse("login"), {"username": "amani", "password": "wrong-password"})
    assert response.status_code == 200
    form = response.context["form"]
    message = form.error_messages["invalid_login"] % {"username": "username"}
    assert form.non_field_errors() == [message]
    assert escape(message) in response.content.decode()
    assert 'value="amani"' in response.content.decode()  # the username is kept
    assert logged_in_user_id(client) is None


def test_inactive_user_cannot_log_in(client, make_user):
    make_user("gone", Role.REQUESTER, is_active=False)
    response = client.post(reverse("login"), {"username": "gone", "password": PASSWORD})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert logged_in_user_id(client) is None


def test_logged_in_user_visiting_login_goes_home(client, user):
    client.force_login(user)
    response = client.get(reverse("login"))
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_logout_needs_a_post(client, user):
    client.force_login(user)
    assert client.get(reverse("logout")).status_code == 405
    assert str(logged_in_user_id(client)) == str(user.pk)

    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert logged_in_user_id(client) is None
    home = client.get(reverse("home"))
    assert home.status_code == 302
    assert home.url.startswith(reverse("login"))


def test_every_page_offers_a_logout_form(client, user):
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    assert re.search(rf'<form method="post" action="{reverse("logout")}">', html)


def test_password_change_requires_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_password_change_rejects_an_11_character_password(client, user):
    client.force_login(user)
    assert client.get(reverse("password_change")).status_code == 200
    short = "Kivu-Ntoto1"
    assert len(short) == 11
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": short, "new_password2": short},
    )
    assert response.status_code == 200
    message = "This password is too short. It must contain at least 12 characters."
    assert message in response.context["form"].errors["new_password2"]
    assert message in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_rejects_a_wrong_old_password(client, user):
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_with_a_good_password(client, user):
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("password_change_done")
    assert client.get(response.url).status_code == 200  # still logged in
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_password_reset_by_e_mail(client, user):
    assert client.get(reverse("password_reset")).status_code == 200
    response = client.post(reverse("password_reset"), {"email": user.email})
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert client.get(response.url).status_code == 200

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [user.email]
    match = re.search(r"https?://[^/\s]+(/accounts/password/reset/[^/\s]+/[^/\s]+/)", email.body)
    assert match, email.body
    link = match.group(1)

    # The link stores the token in the session and redirects to a token-free URL.
    response = client.get(link)
    assert response.status_code == 302
    form_url = response.url
    assert form_url.endswith("/set-password/")
    page = client.get(form_url)
    assert page.status_code == 200
    assert page.context["validlink"]

    # Too short first: rejected.
    short = "Kivu-Ntoto1"
    response = client.post(form_url, {"new_password1": short, "new_password2": short})
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()

    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("password_reset_complete")
    assert client.get(response.url).status_code == 200
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    # The link cannot be used twice.
    client.logout()
    reused = client.get(link, follow=True)
    assert reused.status_code == 200
    assert not reused.context["validlink"]
    assert "Link no longer valid" in reused.content.decode()

    # And the new password logs in.
    response = client.post(reverse("login"), {"username": "amani", "password": NEW_PASSWORD})
    assert response.status_code == 302


def test_password_reset_for_an_unknown_address_sends_nothing(client, user):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302  # the same answer: no account enumeration
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_profile_shows_the_user(client, user):
    client.force_login(user)
    response = client.get(reverse("profile"))
    assert response.status_code == 200
    html = response.content.decode()
    assert user.full_name in html and "Nord-Kivu" in html
