"""Changes made in the admin to users and roles are in the audit trail: one entry per save, with
the fields changed (old → new), never a password or its hash."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.forms import MultiWidget
from django.urls import reverse

from jpt.accounts.roles import Role
from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from missions.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

User = get_user_model()
NEW_PASSWORD = "Otobora-market-2010"


def form_data(response, **changes) -> dict:
    """What the admin page's form would post unchanged, with ``changes`` applied."""
    form = response.context["adminform"].form
    data: dict = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        widget = field.widget
        if isinstance(widget, MultiWidget):
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for index, part in enumerate(parts):
                data[f"{name}_{index}"] = "" if part is None else part
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        else:
            data[name] = "" if value is None else value
    for name, value in changes.items():
        if value is False or value is None:
            data.pop(name, None)
        elif value is True:
            data[name] = "on"
        else:
            data[name] = value
    return data


def admin_entries(action=AuditAction.ADMIN_USER_CHANGED):
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


@pytest.fixture
def root(make_user, client):
    root = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(root)
    return root


@pytest.fixture
def amani(make_user, places):
    return make_user("amani", Role.REQUESTER, [places.nord_kivu])


def change_user(client, user, **changes):
    url = reverse("admin:accounts_user_change", args=[user.pk])
    response = client.post(url, form_data(client.get(url), **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def test_changing_roles_provinces_and_flags_writes_one_entry_old_to_new(
    client, root, amani, places
):
    civil_affairs = Group.objects.get(name=Role.CIVIL_AFFAIRS)
    requester = Group.objects.get(name=Role.REQUESTER)
    change_user(
        client,
        amani,
        groups=[str(requester.pk), str(civil_affairs.pk)],
        provinces=[str(places.nord_kivu.pk), str(places.sud_kivu.pk)],
        is_staff=True,
        full_name="Amani Kahindo",  # not recorded
    )

    [entry] = admin_entries()
    assert entry.actor == root
    assert entry.target == amani
    assert entry.details == {
        "groups": [["Requester"], ["Civil Affairs officer", "Requester"]],
        "provinces": [["Nord-Kivu"], ["Nord-Kivu", "Sud-Kivu"]],
        "is_staff": [False, True],
    }
    assert AuditEntry.objects.exclude(action=AuditAction.AUTH_LOGIN).count() == 1


def test_deactivating_and_making_superuser_is_recorded(client, root, amani):
    change_user(client, amani, is_active=False, is_superuser=True, email="amani@un.example")
    [entry] = admin_entries()
    assert entry.details == {
        "email": ["amani@example.org", "amani@un.example"],
        "is_active": [True, False],
        "is_superuser": [False, True],
    }


def test_saving_without_a_change_writes_nothing(client, root, amani):
    change_user(client, amani)
    change_user(client, amani, languages="French, Swahili")  # a field not recorded
    assert admin_entries() == []


def test_a_new_user_is_recorded_without_the_password(client, root):
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "neema",
            "full_name": "Neema Baraka",
            "email": "neema@example.org",
            "sex": "female",
            "staff_category": "national",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    neema = User.objects.get(username="neema")

    [entry] = admin_entries()
    assert entry.actor == root
    assert entry.target == neema
    assert entry.details == {
        "created": True,
        "username": [None, "neema"],
        "email": [None, "neema@example.org"],
        "groups": [[], []],
        "user_permissions": [[], []],
        "provinces": [[], []],
        "is_active": [None, True],
        "is_staff": [None, False],
        "is_superuser": [None, False],
    }
    text = str(entry.details)
    assert NEW_PASSWORD not in text and neema.password not in text


def test_roles_and_provinces_set_on_the_change_page_after_adding(client, root, places):
    """The admin's add page asks for the profile; roles come on the next page: one entry each."""
    client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "neema",
            "full_name": "Neema Baraka",
            "email": "neema@example.org",
            "sex": "female",
            "staff_category": "national",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "usable_password": "true",
        },
    )
    neema = User.objects.get(username="neema")
    cli = Group.objects.get(name=Role.CLI)
    change_user(client, neema, groups=[str(cli.pk)], provinces=[str(places.sud_kivu.pk)])

    created, changed = admin_entries()
    assert created.details["created"] is True
    assert changed.details == {
        "groups": [[], ["CLI"]],
        "provinces": [[], ["Sud-Kivu"]],
    }


def test_deleting_a_user_is_recorded(client, root, make_user):
    gone = make_user("gone", Role.REQUESTER)
    url = reverse("admin:accounts_user_delete", args=[gone.pk])
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(username="gone").exists()

    [entry] = admin_entries()
    assert entry.actor == root
    assert entry.target_id == str(gone.pk)
    assert entry.target_repr == str(gone)
    assert entry.details["deleted"] is True
    assert entry.details["username"] == ["gone", None]
    assert entry.details["groups"] == [["Requester"], []]


def test_a_user_who_has_acted_cannot_be_deleted_so_nothing_is_recorded(client, root, amani):
    """Audit entries protect their actor: the admin refuses, and writes nothing."""
    client.force_login(amani)
    client.force_login(root)  # amani's login is an entry with amani as its actor
    url = reverse("admin:accounts_user_delete", args=[amani.pk])
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 200  # "Cannot delete": protected objects listed
    assert User.objects.filter(pk=amani.pk).exists()
    assert admin_entries() == []


def test_changing_a_role_is_recorded(client, root):
    group = Group.objects.get(name=Role.ANALYST)
    permission = Permission.objects.get(codename="view_auditentry")
    url = reverse("admin:auth_group_change", args=[group.pk])
    page = client.get(url)
    before = [str(p) for p in group.permissions.all()]
    data = form_data(page)
    data["permissions"] = [*data["permissions"], str(permission.pk)]
    response = client.post(url, data)
    assert response.status_code == 302

    [entry] = admin_entries(AuditAction.ADMIN_ROLE_CHANGED)
    assert entry.actor == root
    assert entry.target == group
    assert entry.details == {"permissions": [sorted(before), sorted([*before, str(permission)])]}


def test_the_user_admin_never_records_a_password(client, root):
    from jpt.accounts.admin import UserAdmin
    from jpt.core.admin import AUDIT_NEVER_FIELDS

    assert "password" in AUDIT_NEVER_FIELDS
    admin = UserAdmin(User, None)
    assert "password" not in [field.name for field in admin._audited_fields()]


def test_logging_in_with_the_admin_login_page_is_also_recorded(client, make_user):
    staff = make_user("staff", is_staff=True)
    response = client.post(reverse("admin:login"), {"username": "staff", "password": PASSWORD})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action=AuditAction.AUTH_LOGIN, actor=staff).count() == 1
    client.post(reverse("admin:login"), {"username": "staff", "password": NEW_PASSWORD})
    [failed] = AuditEntry.objects.filter(action=AuditAction.AUTH_LOGIN_FAILED)
    assert failed.target == staff
