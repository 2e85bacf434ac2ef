"""Demo accounts (``stories.people``), matched by username. Accounts are an administrator's
work in the admin: there is no service, so they are created as the admin creates them."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import CommandError

from jpt.places.models import Province

from ..helpers import Loaded
from ..stories.people import DEMO_PASSWORD, EMAIL_DOMAIN, USERS


def load_users() -> Loaded:
    User = get_user_model()
    result = Loaded()
    # Hashed once for every account: the password is published anyway, and hashing it for each
    # account was more than half the time of `load_demo`.
    password = None
    for spec in USERS:
        if User.objects.filter(username=spec.username).exists():
            result.present += 1
            continue
        account = User(
            username=spec.username,
            email=f"{spec.username}@{EMAIL_DOMAIN}",
            full_name=spec.full_name,
            sex=spec.sex,
            staff_category=spec.staff_category,
            section=spec.section,
            duty_station=spec.duty_station,
            languages=spec.languages,
            is_staff=spec.superuser,
            is_superuser=spec.superuser,
        )
        password = password or make_password(DEMO_PASSWORD)
        account.password = password
        account.full_clean(exclude=["password"])
        account.save()
        account.provinces.set(Province.objects.filter(name__in=spec.provinces))
        try:
            account.groups.add(Group.objects.get(name=spec.role.value))
        except Group.DoesNotExist as exc:
            raise CommandError(
                f"The role group {spec.role.value!r} is missing; run `manage.py migrate`."
            ) from exc
        result.created += 1
    return result
