"""Fixtures shared by every test of JPT Desk. Names here are stable: other tests rely on them.

Places
    ``places``
        A small gazetteer written with the ORM (not ``load_places``), returned as a namespace:

        - ``nord_kivu`` (CD61) with territories ``walikale`` (localities ``ntoto``,
          ``otobora``) and ``masisi`` (localities ``nyabiondo``, ``masisi_centre``);
        - ``sud_kivu`` (CD62) with territory ``shabunda`` (localities ``matili``,
          ``shabunda_centre``);
        - ``walikale_cob``: an active company operating base at Ntoto.

Users (every one has the password ``PASSWORD``, an e-mail ``<username>@example.org``, sex and
staff category set, and is re-fetched from the database so permission caches are fresh)
    ``make_user(username, role=None, provinces=(), **fields)``
        Factory fixture. ``role`` is a :class:`jpt.accounts.roles.Role` (or a list of them);
        ``provinces`` a list of Province objects. Other keyword arguments are model fields
        (``email=""``, ``is_active=False``, ``is_superuser=True``, ``sex=...``...).
    ``requester``       Requester, Nord-Kivu (username ``requester``).
    ``ca_officer``      Civil Affairs officer, Nord-Kivu (username ``ca_nord``).
    ``ca_officer_sud``  Civil Affairs officer, Sud-Kivu (username ``ca_sud``).
    ``kinshasa_smg``    Kinshasa SMG-P member, no province: sees every province.
    ``analyst``         Analyst: aggregates only, every province, no request detail.
    ``cli``             Community Liaison Interpreter, Nord-Kivu.

Requests
    ``request_details(**overrides)``
        Builder fixture returning a valid :class:`missions.validation.RequestDetails`:
        Nord-Kivu / Walikale / Ntoto, senior management, attack, starting today + 30 days for
        7 days (no warning). Any field may be overridden.
    ``submitted_request``
        A Nord-Kivu request filed by ``requester`` through ``missions.services.request_submit``
        (so it has its audit entry; its e-mails are never sent in a non-transactional test).

Factories for direct row creation live in ``tests/factories.py`` (re-exported by
``missions/tests/factories.py``).

Role groups are created by a data migration; a transactional test (``transaction=True``,
``live_server``) flushes them at teardown, so ``make_user`` recreates them when missing.
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from pytest_django.plugin import blocking_manager_key

from jpt.accounts.choices import Sex, StaffCategory
from jpt.accounts.roles import Role, sync_role_groups
from jpt.places.choices import BaseKind, LocalitySource
from jpt.places.models import Locality, OperatingBase, Province, Territory
from missions.choices import RequesterKind, Trigger, Urgency
from missions.tests.factories import PASSWORD
from missions.validation import RequestDetails

__all__ = ["PASSWORD"]


@pytest.fixture
def places(db):
    """Nord-Kivu and Sud-Kivu with a few territories, localities and one base."""
    nord = Province.objects.create(name="Nord-Kivu", pcode="CD61")
    sud = Province.objects.create(name="Sud-Kivu", pcode="CD62")
    walikale = Territory.objects.create(province=nord, name="Walikale", pcode="CD6108")
    masisi = Territory.objects.create(province=nord, name="Masisi", pcode="CD6105")
    shabunda = Territory.objects.create(province=sud, name="Shabunda", pcode="CD6207")

    def locality(territory, name, pcode):
        return Locality.objects.create(
            territory=territory, name=name, pcode=pcode, source=LocalitySource.GAZETTEER
        )

    ns = SimpleNamespace(
        nord_kivu=nord,
        sud_kivu=sud,
        walikale=walikale,
        masisi=masisi,
        shabunda=shabunda,
        ntoto=locality(walikale, "Ntoto", "CD6108L001"),
        otobora=locality(walikale, "Otobora", "CD6108L002"),
        nyabiondo=locality(masisi, "Nyabiondo", "CD6105L001"),
        masisi_centre=locality(masisi, "Masisi Centre", "CD6105L002"),
        matili=locality(shabunda, "Matili", "CD6207L001"),
        shabunda_centre=locality(shabunda, "Shabunda Centre", "CD6207L002"),
    )
    ns.walikale_cob = OperatingBase.objects.create(
        name="COB Walikale", kind=BaseKind.COB, locality=ns.ntoto, host_unit="Company A"
    )
    return ns


@pytest.fixture
def role_groups(db):
    """Make sure the role groups exist (a flushed transactional test database has none)."""
    if Group.objects.filter(name__in=Role.values).count() != len(Role.values):
        sync_role_groups()


@pytest.fixture
def make_user(db, role_groups):
    """Factory: ``make_user("ana", Role.REQUESTER, [places.nord_kivu], **fields)``."""
    User = get_user_model()

    def make(username: str, role=None, provinces=(), **fields):
        roles = [] if role is None else (list(role) if isinstance(role, list | tuple) else [role])
        fields.setdefault("email", f"{username}@example.org")
        fields.setdefault("full_name", username.replace("_", " ").title())
        fields.setdefault("sex", Sex.FEMALE)
        fields.setdefault("staff_category", StaffCategory.INTERNATIONAL)
        user = User(username=username, **fields)
        user.set_password(PASSWORD)
        user.save()
        if roles:
            user.groups.set(Group.objects.filter(name__in=[Role(r).value for r in roles]))
        if provinces:
            user.provinces.set(provinces)
        return User.objects.get(pk=user.pk)

    return make


@pytest.fixture
def requester(make_user, places):
    return make_user("requester", Role.REQUESTER, [places.nord_kivu], sex=Sex.MALE)


@pytest.fixture
def ca_officer(make_user, places):
    return make_user("ca_nord", Role.CIVIL_AFFAIRS, [places.nord_kivu])


@pytest.fixture
def ca_officer_sud(make_user, places):
    return make_user("ca_sud", Role.CIVIL_AFFAIRS, [places.sud_kivu], sex=Sex.MALE)


@pytest.fixture
def kinshasa_smg(make_user):
    return make_user("smg_kinshasa", Role.SMG_KINSHASA)


@pytest.fixture
def analyst(make_user):
    return make_user("analyst", Role.ANALYST, staff_category=StaffCategory.NATIONAL)


@pytest.fixture
def cli(make_user, places):
    return make_user(
        "cli_walikale", Role.CLI, [places.nord_kivu], staff_category=StaffCategory.NATIONAL
    )


@pytest.fixture
def request_details(places):
    """Builder: ``request_details(start_date=..., trigger=...)`` -> a valid RequestDetails."""

    def build(**overrides) -> RequestDetails:
        start = timezone.localdate() + timedelta(days=30)
        values = {
            "title": "Attack on Ntoto",
            "requester_kind": RequesterKind.SENIOR_MANAGEMENT,
            "trigger": Trigger.ATTACK,
            "province": places.nord_kivu,
            "territory": places.walikale,
            "localities": [places.ntoto],
            "reason": "Armed men attacked Ntoto market; about 200 families fled to Otobora.",
            "start_date": start,
            "end_date": start + timedelta(days=6),
            "urgency": Urgency.HIGH,
        }
        values.update(overrides)
        return RequestDetails(**values)

    return build


@pytest.fixture
def submitted_request(requester, request_details):
    from missions.services import request_submit

    return request_submit(user=requester, details=request_details())


def _is_transactional(item) -> bool:
    names = getattr(item, "fixturenames", ())
    if "transactional_db" in names or "live_server" in names:
        return True
    marker = item.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Put back the role groups after the flush that ends a transactional test.

    The flush empties every table, including the groups the data migration created; later tests
    of the session, and later runs reusing this test database (``--reuse-db``), expect them.
    """
    result = yield
    if _is_transactional(item) and (nextitem is not None or item.config.getoption("reuse_db")):
        with item.config.stash[blocking_manager_key].unblock():
            if Group.objects.filter(name__in=Role.values).count() != len(Role.values):
                sync_role_groups()
    return result


@pytest.fixture
def drawn(monkeypatch):
    """Every page a test client GETs is drawn, none read from the cache. Parts of some pages
    are cached by the version of the data (``missions/caching.py``: the last
    audit entry), and rows a test writes directly carry no audit entry: a test counting the
    queries of drawing a page with 1 row and with 200 asks for this."""
    from django.core.cache import cache
    from django.test import Client

    get = Client.get

    def drawn_get(self, *args, **kwargs):
        cache.clear()
        return get(self, *args, **kwargs)

    monkeypatch.setattr(Client, "get", drawn_get)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache (the report's document is cached by version)."""
    from django.core.cache import cache

    cache.clear()
    yield
