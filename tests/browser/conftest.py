"""Fixtures for the browser tests: headless Debian Chromium driven by Playwright against
pytest-django's ``live_server`` (a transactional database, flushed after each test).

The data is written here with the factories (``tests/factories.py``) so these tests do not
depend on the demo data command.
On a failure, a screenshot of the page is saved under the system temporary directory and its
path is shown in the test report.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

from jpt.accounts.choices import Sex, StaffCategory
from jpt.accounts.roles import Role
from tests.factories import (
    LocalityFactory,
    OperatingBaseFactory,
    ProvinceFactory,
    TerritoryFactory,
    UserFactory,
)

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse ORM
# calls from the test (and from fixture teardown) as "async unsafe".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "jpt-demo-2026"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOT_DIR = Path(tempfile.gettempdir()) / "jpt-browser-failures"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Use the system Chromium: `playwright install` cannot download browsers here."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # English pages whatever the machine's locale (LocaleMiddleware reads Accept-Language).
    return {**browser_context_args, "locale": "en-GB", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def jpt_world(transactional_db):
    """Nord-Kivu / Walikale (Otobora, Ntoto), COB Walikale, a requester and a CA officer, both
    of Nord-Kivu with the password ``PASSWORD``. (``UserFactory`` puts back the role groups the
    flush after a transactional test removes.)"""
    nord_kivu = ProvinceFactory(name="Nord-Kivu", pcode="CD61")
    walikale = TerritoryFactory(province=nord_kivu, name="Walikale", pcode="CD6104")
    otobora = LocalityFactory(territory=walikale, name="Otobora", pcode="CD6104L001")
    ntoto = LocalityFactory(territory=walikale, name="Ntoto", pcode="CD6104L002")
    base = OperatingBaseFactory(name="COB Walikale", locality=ntoto, host_unit="Company A")

    def user(username, role, **fields):
        return UserFactory(
            username=username, password=PASSWORD, roles=[role], provinces=[nord_kivu], **fields
        )

    requester = user(
        "requester",
        Role.REQUESTER,
        full_name="Jean-Paul Kambale",
        email="jp.kambale@example.org",
        sex=Sex.MALE,
        staff_category=StaffCategory.NATIONAL,
    )
    civil_affairs = user(
        "civil.affairs",
        Role.CIVIL_AFFAIRS,
        full_name="Aminata Diallo",
        email="aminata.diallo@example.org",
        sex=Sex.FEMALE,
        staff_category=StaffCategory.INTERNATIONAL,
    )
    return SimpleNamespace(
        nord_kivu=nord_kivu,
        walikale=walikale,
        otobora=otobora,
        ntoto=ntoto,
        base=base,
        requester=requester,
        civil_affairs=civil_affairs,
    )


@pytest.fixture
def context_as(browser, browser_context_args, live_server):
    """Factory: ``context_as(user, viewport={"width": 360, "height": 740})`` opens a new browser
    context already logged in as ``user`` (anonymous when ``None``), without going through the
    login form: the session comes from the test client's ``force_login``. Contexts are closed
    at teardown."""
    contexts = []

    def make(user=None, *, viewport=None):
        args = dict(browser_context_args)
        if viewport is not None:
            args["viewport"] = viewport
        context = browser.new_context(**args)
        contexts.append(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                        "url": live_server.url,
                    }
                ]
            )
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Save a screenshot of the page when a browser test fails (the page is still open)."""
    report = yield
    if report.when == "call" and report.failed:
        page = getattr(item, "funcargs", {}).get("page")
        if page is not None and not page.is_closed():
            SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
            path = SCREENSHOT_DIR / (re.sub(r"[^\w.-]+", "_", item.name) + ".png")
            try:
                page.screenshot(path=path, full_page=True)
            except PlaywrightError as error:
                report.sections.append(("browser screenshot", f"failed: {error}"))
            else:
                report.sections.append(("browser screenshot", f"{path} (page {page.url})"))
    return report
