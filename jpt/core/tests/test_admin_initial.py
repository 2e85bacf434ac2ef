"""Every admin add page opens whatever its query string says: Django's admin fills the form
from ``?field=value``, and a value the form cannot show (a NUL, which PostgreSQL refuses; a
relation's id that cannot be one) is dropped instead of answering 500."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

HOSTILE = ["\x00", "a\x00", "abc", "-1", "0", "9" * 30, "²"]


def add_pages():
    return [
        (model, reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add"))
        for model, model_admin in admin.site._registry.items()
        if model_admin.has_add_permission
    ]


@pytest.mark.parametrize("value", HOSTILE, ids=repr)
def test_every_add_page_opens_with_hostile_initial_values(client, make_user, value):
    user = make_user("root_admin")
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    failures = []
    for model, url in add_pages():
        names = [f.name for f in model._meta.get_fields() if getattr(f, "concrete", False)]
        query = dict.fromkeys(names, value)
        status = client.get(url, query).status_code
        if status >= 500:
            failures.append((url, status))
    assert not failures
