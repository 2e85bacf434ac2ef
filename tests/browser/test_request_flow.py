"""End to end in a real browser: a requester files a JPT request, Civil Affairs approves it.

Run with ``make test-browser`` or
``DATABASE_URL=... .venv/bin/pytest tests/browser -p no:cacheprovider``.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from missions.choices import RequestStatus
from missions.models import JptRequest, Mission

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Attack on Otobora market"
REASON = (
    "Armed men attacked Otobora market on Sunday; about 150 households fled towards Ntoto.\n"
    "Local leaders fear further attacks on the road to Walikale centre."
)
MANDATE = (
    "Assess the protection risks in Otobora and Ntoto after the attack, including a gender "
    "analysis and patterns of sexual violence (Annex 2); meet local women's associations."
)


def field(page: Page, label: str):
    """The form control labelled exactly ``label``; crispy adds '*' to required fields' labels
    and indents them (a regular expression matches the label's raw text)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def htmx_idle(page: Page) -> None:
    """Wait until no htmx request is in flight (htmx marks the requesting element)."""
    expect(page.locator(".htmx-request")).to_have_count(0)


def watch_for_errors(page: Page) -> list[str]:
    """Collect JavaScript errors and failed static files while the test runs."""
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.url}")
            if "/static/" in response.url and response.status >= 400
            else None
        ),
    )
    return problems


def log_in(page: Page, base_url: str, username: str, full_name: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    expect(page.get_by_role("heading", name="Log in to JPT Desk")).to_be_visible()
    field(page, "Username").fill(username)
    field(page, "Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name=f"Welcome, {full_name}")).to_be_visible()
    # The assets come from static/: Bootstrap's and htmx's scripts must have run.
    assert page.evaluate("typeof window.bootstrap") == "object"
    assert page.evaluate("typeof window.htmx") == "object"


def log_out(page: Page, full_name: str) -> None:
    page.get_by_role("button", name=full_name).click()  # the user menu (Bootstrap dropdown)
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in to JPT Desk")).to_be_visible()


def fill_request(page: Page, world, *, title: str, start, end) -> None:
    """Fill the request form as a requester would, waiting for the htmx-filled selects."""
    field(page, "Title").fill(title)
    field(page, "Who asks").select_option(label="Field office")
    field(page, "Field office").fill("Walikale field office")
    field(page, "Trigger").select_option(label="Attack")
    field(page, "Reason and context").fill(REASON)
    field(page, "Urgency").select_option(label="High")

    # Choosing the province reloads the territories (and the bases) with htmx.
    with page.expect_response(lambda r: "/places/territories/" in r.url):
        field(page, "Province").select_option(label="Nord-Kivu")
    territory = field(page, "Territory")
    expect(territory.locator("option", has_text="Walikale")).to_be_attached()
    htmx_idle(page)

    # Choosing the territory loads its localities with htmx.
    with page.expect_response(
        lambda r: "/places/localities/" in r.url and f"territory={world.walikale.pk}" in r.url
    ):
        territory.select_option(label="Walikale")
    localities = field(page, "Localities")
    expect(localities.locator("option", has_text="Otobora")).to_be_attached()
    htmx_idle(page)
    localities.select_option(label="Otobora")
    field(page, "Nearest base").select_option(label="COB Walikale (COB)")

    field(page, "Wanted start date").fill(start.isoformat())
    field(page, "Wanted end date").fill(end.isoformat())


def test_request_filed_then_approved(page: Page, live_server, jpt_world):
    problems = watch_for_errors(page)
    start = timezone.localdate() + timedelta(days=30)
    end = start + timedelta(days=7)

    # The requester files a request from the home page.
    log_in(page, live_server.url, "requester", "Jean-Paul Kambale")
    page.get_by_role("link", name="Request a JPT").click()
    expect(page.get_by_role("heading", name="Request a Joint Protection Team")).to_be_visible()
    fill_request(page, jpt_world, title=TITLE, start=start, end=end)
    page.get_by_role("button", name="File the request").click()

    expect(page.locator(".badge-status")).to_have_text("Awaiting decision")
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(page.locator(".alert-success")).to_contain_text("Civil Affairs will decide on it.")
    expect(page.get_by_text("Nord-Kivu › Walikale › Otobora")).to_be_visible()
    expect(page.get_by_text("Short notice")).to_have_count(0)  # filed without any warning
    jpt_request = JptRequest.objects.get(title=TITLE)
    assert jpt_request.status == RequestStatus.SUBMITTED
    assert jpt_request.requested_by == jpt_world.requester
    assert list(jpt_request.localities.all()) == [jpt_world.otobora]
    assert (jpt_request.start_date, jpt_request.end_date) == (start, end)
    assert jpt_request.nearest_base == jpt_world.base
    assert not jpt_request.is_short_notice
    log_out(page, "Jean-Paul Kambale")

    # Civil Affairs opens it from the home page and approves it.
    log_in(page, live_server.url, "civil.affairs", "Aminata Diallo")
    awaiting = page.locator("section", has=page.get_by_role("heading", name="awaiting your"))
    awaiting.get_by_role("link", name=jpt_request.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(jpt_request.reference)
    decision = page.locator("#decision")
    decision.get_by_role("tab", name="Approve").click()
    field(page, "Mandate / terms of reference").fill(MANDATE)
    decision.get_by_role("button", name="Approve and create the mission").click()

    expect(page.locator(".badge-status")).to_have_text("Approved")
    expect(page.locator(".alert-success")).to_contain_text("Request approved")
    mission_card = page.locator(".card", has_text="Mandate / terms of reference")
    expect(mission_card).to_contain_text(MANDATE)
    expect(mission_card).to_contain_text("Lead: Aminata Diallo")
    expect(page.locator("#decision")).to_have_count(0)
    history = page.locator("#history")
    expect(history).to_contain_text("Request filed")
    expect(history).to_contain_text("Request approved")

    jpt_request.refresh_from_db()
    assert jpt_request.status == RequestStatus.APPROVED
    assert jpt_request.decided_by == jpt_world.civil_affairs
    mission = Mission.objects.get(request=jpt_request)
    assert mission.mandate == MANDATE
    assert mission.lead == jpt_world.civil_affairs
    assert problems == []


def test_end_date_before_start_date_is_refused(page: Page, live_server, jpt_world):
    problems = watch_for_errors(page)
    start = timezone.localdate() + timedelta(days=30)

    log_in(page, live_server.url, "requester", "Jean-Paul Kambale")
    page.get_by_role("link", name="New request").click()
    fill_request(page, jpt_world, title=TITLE, start=start, end=start - timedelta(days=2))
    page.get_by_role("button", name="File the request").click()

    end_date = field(page, "Wanted end date")
    expect(end_date).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("#div_id_end_date")).to_contain_text(
        "The end date must be on or after the start date."
    )
    expect(field(page, "Title")).to_have_value(TITLE)
    expect(page.locator(".badge-status")).to_have_count(0)
    assert not JptRequest.objects.exists()
    assert problems == []
