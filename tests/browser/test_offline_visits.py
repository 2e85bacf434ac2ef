"""A CLI's visit with no connection, in a real browser (headless Chromium on a 360 px phone).

- After one online visit of the form, the service worker has kept it: the page goes offline
  (``context.set_offline(True)``), the CLI fills in a visit, it is counted as not sent; the page
  is reloaded offline and still loads (from the worker's copy: the server sees no request), the
  visit still counted; back online, it is sent and stored on the server once.
- The server refuses a visit (its recommendation was withdrawn while the phone was offline):
  the reason is shown on the device, the visit stays there; the CLI corrects it and it is
  stored, or discards another one.
- The form carries the recommendations of the places ticked only: the worker keeps those of
  the places to follow up (prefetched while online), so that ticking such a place offline
  shows them; a place whose recommendations were never kept is named on the page, and the
  visit is still kept and sent.

Service workers need a secure context: Chromium counts ``http://127.0.0.1`` (the live
server's address) as one, which the first test checks.
"""

from __future__ import annotations

import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.signals import request_started
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from jpt.accounts.choices import Sex, StaffCategory
from jpt.accounts.roles import Role
from recommendations.choices import Finding
from recommendations.models import FollowUpVisit
from reports.choices import RecommendationStatus
from reports.models import Recommendation
from tests.factories import (
    JptRequestFactory,
    MissionFactory,
    RecommendationFactory,
    ReportFactory,
    UserFactory,
)

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
ESCORT = "Escort the women of Ntoto to the fields every morning at dawn."
FORM = reverse("recommendations:visit_create")


def place_url(locality) -> str:
    return reverse("recommendations:visit_place_recommendations", args=[locality.pk])


@pytest.fixture
def followup_world(jpt_world):
    """``jpt_world``, a CLI of Nord-Kivu, and an approved report whose recommendation concerns
    Ntoto (the rows from the factories)."""
    world = jpt_world
    cli = UserFactory(
        username="cli.walikale",
        password=PASSWORD,
        full_name="Jean-de-Dieu Kasereka",
        email="jdd.kasereka@example.org",
        sex=Sex.MALE,
        staff_category=StaffCategory.NATIONAL,
        roles=[Role.CLI],
        provinces=[world.nord_kivu],
    )
    start = timezone.localdate() - timedelta(days=60)
    jpt_request = JptRequestFactory(
        approved=True,
        decided_by=world.civil_affairs,
        title="Attack on Ntoto market",
        requested_by=world.requester,
        territory=world.walikale,
        localities=[world.ntoto],
        nearest_base=world.base,
        start_date=start,
        end_date=start + timedelta(days=6),
    )
    mission = MissionFactory(request=jpt_request, follow_up=True)
    report = ReportFactory(mission=mission, approved=True)
    escort = RecommendationFactory(
        report=report, text=ESCORT, approved=True, localities=[world.ntoto]
    )
    return SimpleNamespace(**vars(world), cli=cli, report=report, escort=escort)


class ServerRequests:
    """The paths the live server was asked for (Django's ``request_started`` signal)."""

    def __init__(self):
        self.paths: list[str] = []

    def __call__(self, sender, environ=None, **kwargs):
        self.paths.append((environ or {}).get("PATH_INFO", ""))

    def __enter__(self):
        request_started.connect(self, dispatch_uid="offline-visits")
        return self

    def __exit__(self, *exc):
        request_started.disconnect(dispatch_uid="offline-visits")


def wait_until(condition, *, timeout: float = 15.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what or condition}")


def open_form_online(context_as, live_server, world) -> tuple[object, Page]:
    """The CLI opens the visit form once, online; the service worker installs (the app shell
    precached) and keeps the form."""
    context = context_as(world.cli, viewport=PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + FORM)
    expect(page.get_by_role("heading", name="Log a follow-up visit")).to_be_visible()
    assert page.evaluate("window.isSecureContext"), "127.0.0.1 must be a secure context"
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=15000)
    wait_until(
        lambda: page.evaluate(
            """async () => {
                const cache = await caches.open('jpt-desk-pages');
                return !!(await cache.match(location.origin + location.pathname));
            }"""
        ),
        what="the visit form kept by the service worker",
    )
    wait_kept_place(page, world.ntoto)
    assert not errors, errors
    return context, page


def wait_kept_place(page: Page, locality, text: str = ESCORT) -> None:
    """The worker keeps the recommendations of ``locality`` (prefetched while online), with
    ``text`` in them."""
    url = place_url(locality)
    wait_until(
        lambda: page.evaluate(
            """async ([url, text]) => {
                const found = await caches.match(location.origin + url,
                                                 {cacheName: 'jpt-desk-places'});
                return !!found && (await found.text()).includes(text);
            }""",
            [url, text],
        ),
        what=f"the recommendations of {locality} kept by the service worker",
    )


def fill_visit(page: Page, *, finding_label: str = "Partly implemented") -> None:
    page.get_by_label("Ntoto").check()
    card = page.locator("[data-recommendation]", has_text=ESCORT)
    expect(card).to_be_visible()
    card.get_by_text(finding_label, exact=True).click()
    card.get_by_label("Note").fill("Escorts twice last week, none on Thursday.")
    page.get_by_label("Women met", exact=True).fill("14")
    page.get_by_label("Men met", exact=True).fill("6")
    page.get_by_label("A separate meeting with women was held").check()
    page.locator("label[for='id_confidence_2']").click()  # 3 – medium
    page.get_by_label("Looting / extortion").check()
    page.get_by_label("What was heard of new threats").fill("Checkpoint taxes on market days.")
    page.get_by_role("button", name="Save the visit").click()


def unsent(page: Page):
    return page.locator("[data-visit-queue] [data-unsent-count]")


def test_a_visit_made_offline_is_kept_counted_and_sent_once(
    context_as, live_server, followup_world
):
    world = followup_world
    context, page = open_form_online(context_as, live_server, world)

    context.set_offline(True)
    assert page.evaluate("navigator.onLine") is False
    fill_visit(page)
    expect(unsent(page)).to_have_text("1")
    expect(page.locator("[data-queue-status]")).to_contain_text("Saved on this phone")
    expect(page.locator("[data-queued-visit]")).to_contain_text("Ntoto")
    assert FollowUpVisit.objects.count() == 0
    # The form is ready for the next visit: a new device id, nothing ticked.
    expect(page.get_by_label("Ntoto")).not_to_be_checked()

    # Reloaded with no connection: the worker's copy of the form, the visit still counted.
    with ServerRequests() as server:
        page.reload()
        expect(page.get_by_role("heading", name="Log a follow-up visit")).to_be_visible()
        expect(page.get_by_label("Ntoto")).to_be_visible()
        expect(unsent(page)).to_have_text("1")
        assert page.evaluate("typeof window.bootstrap") == "object"  # the shell, precached
    assert FORM not in server.paths, f"the offline reload reached the server: {server.paths}"
    assert FollowUpVisit.objects.count() == 0

    # Back online: sent at once ("online" fires), stored once.
    context.set_offline(False)
    expect(unsent(page)).to_have_text("0", timeout=15000)
    expect(page.locator("[data-queue-status]")).to_contain_text("Stored on the server")
    wait_until(lambda: FollowUpVisit.objects.count() == 1, what="the visit on the server")
    visit = FollowUpVisit.objects.get()
    assert visit.cli == world.cli and list(visit.localities.all()) == [world.ntoto]
    assert (visit.women, visit.men, visit.women_meeting, visit.confidence) == (14, 6, True, 3)
    assert visit.new_threats == ["looting"]
    [observation] = visit.observations.all()
    assert observation.recommendation == world.escort
    assert observation.finding == Finding.PARTLY
    # Another reload (online) sends nothing twice.
    page.reload()
    expect(unsent(page)).to_have_text("0")
    page.wait_for_timeout(500)
    assert FollowUpVisit.objects.count() == 1

    # Logging out forgets the kept form (it holds the recommendations of the provinces).
    page.evaluate(f"document.querySelector('form[action=\"{reverse('logout')}\"]').submit()")
    expect(page.get_by_role("heading", name="Log in to JPT Desk")).to_be_visible()
    wait_until(
        lambda: not page.evaluate("caches.has('jpt-desk-pages')"),
        what="the kept pages forgotten at logout",
    )
    wait_until(
        lambda: not page.evaluate("caches.has('jpt-desk-places')"),
        what="the kept recommendations of the places forgotten at logout",
    )


def test_a_visit_the_server_refuses_stays_with_its_reason(context_as, live_server, followup_world):
    world = followup_world
    context, page = open_form_online(context_as, live_server, world)

    context.set_offline(True)
    fill_visit(page)
    expect(unsent(page)).to_have_text("1")
    # Meanwhile the recommendation is withdrawn (no longer approved).
    Recommendation.objects.filter(pk=world.escort.pk).update(status=RecommendationStatus.REJECTED)

    context.set_offline(False)
    refused = page.locator("[data-queued-visit][data-state='refused']")
    expect(refused).to_be_visible(timeout=15000)
    expect(refused).to_contain_text("Refused by the server")
    expect(refused.locator("[data-reasons]")).to_contain_text("withdrawn meanwhile")
    expect(unsent(page)).to_have_text("1")
    assert FollowUpVisit.objects.count() == 0
    # Still there after a reload: never dropped silently.
    page.reload()
    expect(page.locator("[data-queued-visit][data-state='refused']")).to_contain_text(
        "withdrawn meanwhile"
    )

    # Corrected: the form is filled in from it. The page (reloaded online) no longer offers the
    # withdrawn recommendation: its observation is left out, and the banner says so.
    page.get_by_role("button", name="Correct").click()
    banner = page.locator("[data-editing]")
    expect(banner).to_contain_text("Correcting a refused visit")
    expect(banner).to_contain_text("withdrawn meanwhile")
    expect(banner).to_contain_text("left out of the visit: 1")
    expect(page.get_by_label("Ntoto")).to_be_checked()
    expect(page.get_by_label("Women met", exact=True)).to_have_value("14")
    expect(page.get_by_label("What was heard of new threats")).to_have_value(
        "Checkpoint taxes on market days."
    )
    expect(page.locator("[data-recommendation]", has_text=ESCORT)).to_have_count(0)
    page.get_by_role("button", name="Save the visit").click()
    expect(unsent(page)).to_have_text("0", timeout=15000)
    wait_until(lambda: FollowUpVisit.objects.count() == 1, what="the corrected visit")
    visit = FollowUpVisit.objects.get()
    assert visit.women == 14 and not visit.observations.exists()

    # Another refused one, discarded: gone from the phone, nothing stored (the recommendation
    # is on the form again, then withdrawn again while the phone is offline).
    Recommendation.objects.filter(pk=world.escort.pk).update(status=RecommendationStatus.APPROVED)
    page.reload()
    wait_kept_place(page, world.ntoto)  # prefetched again, with the recommendation
    context.set_offline(True)
    fill_visit(page, finding_label="Made things worse")
    Recommendation.objects.filter(pk=world.escort.pk).update(status=RecommendationStatus.REJECTED)
    context.set_offline(False)
    expect(page.locator("[data-queued-visit][data-state='refused']")).to_be_visible(timeout=15000)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Discard").click()
    expect(unsent(page)).to_have_text("0")
    expect(page.locator("[data-queued-visit]")).to_have_count(0)
    assert FollowUpVisit.objects.count() == 1


def test_offline_the_kept_places_show_their_recommendations_and_the_others_are_named(
    context_as, live_server, followup_world
):
    world = followup_world
    context, page = open_form_online(context_as, live_server, world)
    # The page itself carries no recommendation: nothing is ticked.
    expect(page.locator("[data-recommendation]")).to_have_count(0)
    expect(page.get_by_role("button", name="Show the recommendations")).to_have_count(0)

    context.set_offline(True)
    with ServerRequests() as server:
        # Ntoto (a place to follow up) was prefetched: its recommendations show offline.
        page.get_by_label("Ntoto").check()
        card = page.locator("[data-recommendation]", has_text=ESCORT)
        expect(card).to_be_visible()
        card.get_by_text("Implemented as planned", exact=True).click()
        # Otobora (no recommendation to follow up, never fetched): named, the notes still work.
        page.get_by_text("Other places in my provinces").click()
        page.get_by_label("Otobora").check()
        unavailable = page.locator("[data-unavailable]")
        expect(unavailable).to_be_visible()
        expect(unavailable).to_contain_text("Not on this phone")
        expect(unavailable).to_contain_text("Otobora")
        page.get_by_label("Women met", exact=True).fill("4")
        page.get_by_label("Men met", exact=True).fill("2")
        page.locator("label[for='id_confidence_3']").click()  # 4 – high
        page.get_by_label("Other notes").fill("Otobora: the escorts stopped in May.")
        page.get_by_role("button", name="Save the visit").click()
        expect(unsent(page)).to_have_text("1")
    assert not [path for path in server.paths if path.startswith(FORM)], server.paths

    context.set_offline(False)
    expect(unsent(page)).to_have_text("0", timeout=15000)
    wait_until(lambda: FollowUpVisit.objects.count() == 1, what="the visit on the server")
    visit = FollowUpVisit.objects.get()
    assert set(visit.localities.all()) == {world.ntoto, world.otobora}
    assert visit.note == "Otobora: the escorts stopped in May."
    [observation] = visit.observations.all()
    assert (observation.recommendation, observation.finding) == (world.escort, Finding.AS_PLANNED)

    # Online, a place's recommendations come from the server when it is ticked.
    page.get_by_label("Otobora").check()
    expect(page.locator("[data-nothing-to-observe]")).to_be_visible()
    expect(page.locator("[data-unavailable]")).to_be_hidden()
