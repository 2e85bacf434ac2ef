"""End to end in a real browser (issue 4): the head of office endorses a report's
recommendations, one of them with changes, and the report moves on to the provincial SMG-P.

Run with ``make test-browser`` or
``DATABASE_URL=... .venv/bin/pytest tests/browser -p no:cacheprovider``.
"""

from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jpt.accounts.choices import Sex, StaffCategory
from jpt.accounts.roles import Role
from missions.choices import RequesterKind, Urgency
from reports.choices import (
    Addressee,
    Category,
    Decision,
    RecommendationStatus,
    ReportStatus,
    ReviewLevel,
    StageOutcome,
)
from reports.models import RecommendationDecision, ReviewStage
from reports.services import report_submit
from tests.factories import (
    JptRequestFactory,
    MissionFactory,
    MissionStakeholderFactory,
    RecommendationFactory,
    ReportFactory,
    SexualViolenceAnalysisFactory,
    ThreatFactory,
    UserFactory,
)

from .conftest import PASSWORD
from .test_request_flow import log_in, watch_for_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEAD_OF_OFFICE = "Grace Nabintu"
MISSION_TITLE = "Attack on Otobora market"
ESCORT = "Escort villagers to the Walikale market every Thursday."
TROOPS = "Ask the Mayi-Mayi Kifuafua commander to move troops out of Otobora town."
TROOPS_CHANGED = (
    "Ask the Mayi-Mayi Kifuafua commander, through Civil Affairs and the COB Walikale "
    "commander, to move his troops out of Otobora town within two weeks."
)
CHANGED_TEXT_ERROR = "Write the changed text of the recommendation."


@pytest.fixture
def review_world(jpt_world):
    """``jpt_world``, a head of office for Nord-Kivu and a report of a Civil Affairs mission
    with two recommendations, submitted: it waits at the head-of-office level.

    The rows come from the factories; only the submission goes through its service."""
    world = jpt_world
    head = UserFactory(
        username="head.office",
        password=PASSWORD,
        full_name=HEAD_OF_OFFICE,
        email="grace.nabintu@example.org",
        sex=Sex.FEMALE,
        staff_category=StaffCategory.INTERNATIONAL,
        roles=[Role.HEAD_OF_OFFICE],
        provinces=[world.nord_kivu],
    )
    start = timezone.localdate() + timedelta(days=20)
    jpt_request = JptRequestFactory(
        approved=True,
        decided_by=world.civil_affairs,
        title=MISSION_TITLE,
        requested_by=world.requester,
        requester_kind=RequesterKind.FIELD_OFFICE,
        requesting_office="Walikale field office",
        territory=world.walikale,
        localities=[world.otobora],
        nearest_base=world.base,
        reason="Armed men attacked Otobora market; about 150 households fled to Ntoto.",
        start_date=start,
        end_date=start + timedelta(days=7),
        urgency=Urgency.HIGH,
        is_short_notice=True,
    )
    # Back from the field, the report drafted with what submission needs (reports.checks): the
    # sexual-violence analysis filled, a threat, a woman among the key stakeholders, and
    # recommendations.
    mission = MissionFactory(
        request=jpt_request,
        mandate="Assess the protection risks in Otobora and Ntoto; meet local women.",
        report_drafting=True,
    )
    report = ReportFactory(mission=mission, commander_coauthor="Major Mukendi, COB Walikale")
    SexualViolenceAnalysisFactory(
        report=report,
        filled=True,
        services_notes="The legal clinic is 30 km away; no transport.",
        patterns="Attacks on women on the road to the fields at dawn.",
    )
    ThreatFactory(
        report=report,
        perpetrator_name="Mayi-Mayi Kifuafua",
        narrative="Night raids on Otobora market; looting and abductions.",
    )
    MissionStakeholderFactory(mission=mission, stakeholder__name="Maman Furaha Bahati")
    escort = RecommendationFactory(report=report, text=ESCORT)
    troops = RecommendationFactory(
        report=report,
        text=TROOPS,
        category=Category.IHL_ENGAGEMENT,
        addressee=Addressee.MISSION_SECTION,
        addressee_detail="Civil Affairs",
    )

    stage = report_submit(report=report, user=mission.lead)
    assert stage.level == ReviewLevel.HEAD_OF_OFFICE
    return SimpleNamespace(
        **vars(world),
        head=head,
        mission=mission,
        report=report,
        stage=stage,
        escort=escort,
        troops=troops,
    )


def test_head_of_office_endorses_recommendations(page: Page, live_server, review_world):
    problems = watch_for_errors(page)
    world = review_world
    mission, stage = world.mission, world.stage

    # The head of office sees one report waiting in the navigation bar.
    log_in(page, live_server.url, "head.office", HEAD_OF_OFFICE)
    nav_inbox = page.locator(".navbar").get_by_role("link", name=re.compile(r"^Review inbox"))
    expect(nav_inbox.locator(".badge")).to_have_text("1")
    nav_inbox.click()

    # The inbox lists the report, with its two recommendations to decide.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Waiting for my review")
    row = page.locator(f"#inbox-table tbody tr[data-stage='{stage.pk}']")
    expect(page.locator("#inbox-table tbody tr")).to_have_count(1)
    expect(row).to_contain_text(MISSION_TITLE)
    expect(row).to_contain_text("Nord-Kivu")
    expect(row).to_contain_text("Head of office and brigade commander")
    expect(row.locator(".to-decide")).to_have_text("2")
    row.get_by_role("link", name=mission.reference).click()

    # The review page: the report's summary and a decision form per recommendation.
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(MISSION_TITLE)
    expect(heading).to_contain_text("Head of office and brigade commander")
    expect(page.locator("#recommendations")).to_contain_text("2 to decide")
    expect(page.locator("#report-summary")).to_contain_text("Major Mukendi, COB Walikale")
    escort_card = page.locator(f"#rec-{world.escort.pk}")
    troops_card = page.locator(f"#rec-{world.troops.pk}")
    expect(escort_card).to_contain_text(ESCORT)
    expect(troops_card).to_contain_text(TROOPS)

    # She endorses the escort as it stands.
    escort_card.get_by_role("radio", name="Endorse", exact=True).check()
    escort_card.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".alert-success")).to_contain_text("Decision recorded: endorse.")
    taken = escort_card.locator(".decision-taken")
    expect(taken).to_contain_text("Endorse")
    expect(taken).to_contain_text(HEAD_OF_OFFICE)
    expect(escort_card.locator("form.decision-form")).to_have_count(0)
    expect(page.locator("#recommendations")).to_contain_text("1 to decide")

    # "Endorse with changes" without changing the text (pre-filled with the current text) is
    # refused next to the field; so is an empty text.
    changed = troops_card.get_by_label(re.compile(r"^\s*Changed text\s*\*?\s*$"))
    changed_div = troops_card.locator(f"#div_id_rec{world.troops.pk}-changed_text")
    with_changes = troops_card.get_by_role("radio", name="Endorse with changes", exact=True)
    expect(changed).to_have_value(TROOPS)
    with_changes.check()
    troops_card.get_by_role("button", name="Record the decision").click()
    expect(changed).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(changed_div).to_contain_text(CHANGED_TEXT_ERROR)
    expect(changed).to_have_value(TROOPS)
    expect(with_changes).to_be_checked()

    changed.fill("")
    troops_card.get_by_role("button", name="Record the decision").click()
    expect(changed).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(changed_div).to_contain_text(CHANGED_TEXT_ERROR)
    expect(changed).to_have_value("")
    assert RecommendationDecision.objects.filter(recommendation=world.troops).count() == 0

    # With the text changed, the last decision closes the level: back to the inbox.
    changed.fill(TROOPS_CHANGED)
    expect(with_changes).to_be_checked()
    troops_card.get_by_role("button", name="Record the decision").click()
    messages = page.locator(".alert-success")
    expect(messages.filter(has_text="Decision recorded: endorse with changes.")).to_have_count(1)
    expect(
        messages.filter(
            has_text="Every recommendation is decided: the report goes to Provincial SMG-P."
        )
    ).to_have_count(1)
    # The reviewer lands on the level's page, now read-only: it says where the report went.
    outcome = page.locator("#outcome")
    expect(outcome).to_contain_text("the endorsed ones went to Provincial SMG-P")
    expect(outcome.get_by_role("link", name="Open the report")).to_be_visible()
    outcome.get_by_role("link", name="Back to the inbox").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Waiting for my review")
    expect(page.locator("#inbox-table tbody")).to_contain_text("Nothing waits for your review.")
    expect(page.locator("#inbox-table tbody tr[data-stage]")).to_have_count(0)
    expect(nav_inbox).to_be_visible()
    expect(nav_inbox.locator(".badge")).to_have_count(0)

    # The recommendation list shows the changed text, now waiting at the provincial SMG-P.
    page.locator(".navbar").get_by_role("link", name="Recommendations", exact=True).click()
    rec_row = page.locator("#recommendation-table tbody tr", has_text=TROOPS_CHANGED)
    expect(rec_row).to_contain_text("Provincial SMG-P")
    expect(rec_row).to_contain_text("In review")
    rec_row.get_by_role("link", name=TROOPS_CHANGED).click()

    # Its page: the team's text and the text after review, and the decision taken.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Recommendation")
    texts = page.locator("#texts")
    original_card = texts.locator(".card", has_text="Original text (the team's)")
    current_card = texts.locator(".card", has_text="Current text (after review)")
    expect(original_card).to_contain_text(TROOPS)
    expect(original_card).not_to_contain_text(TROOPS_CHANGED)
    expect(current_card).to_contain_text(TROOPS_CHANGED)
    decision_row = page.locator("table tbody tr", has_text="Endorse with changes")
    expect(decision_row).to_have_count(1)
    expect(decision_row).to_contain_text("Head of office and brigade commander")
    expect(decision_row).to_contain_text(TROOPS_CHANGED)
    expect(decision_row).to_contain_text(HEAD_OF_OFFICE)
    # (the "History" heading carries the id; its list follows it)
    history = page.locator("#history + ul > li", has_text="Decision: Endorse with changes")
    expect(history).to_have_count(1)
    expect(history).to_contain_text(HEAD_OF_OFFICE)
    expect(history).to_contain_text(f"Changed text: {TROOPS_CHANGED}")

    # In the database: both decided at the head-of-office level, the report forwarded.
    decisions = RecommendationDecision.objects.filter(stage=stage).order_by("id")
    assert [(d.recommendation_id, d.decision, d.decided_by_id) for d in decisions] == [
        (world.escort.pk, Decision.ENDORSE, world.head.pk),
        (world.troops.pk, Decision.ENDORSE_WITH_CHANGES, world.head.pk),
    ]
    assert decisions[1].changed_text == TROOPS_CHANGED
    assert decisions[1].text_before == TROOPS
    stage.refresh_from_db()
    assert stage.outcome == StageOutcome.FORWARDED
    assert stage.closed_by == world.head
    following = ReviewStage.objects.get(report=world.report, outcome=StageOutcome.OPEN)
    assert following.level == ReviewLevel.PROVINCIAL_SMG
    world.troops.refresh_from_db()
    assert world.troops.text == TROOPS
    assert world.troops.current_text == TROOPS_CHANGED
    assert world.troops.status == RecommendationStatus.IN_REVIEW
    world.escort.refresh_from_db()
    assert world.escort.current_text in ("", ESCORT)
    assert world.escort.status == RecommendationStatus.IN_REVIEW
    world.report.refresh_from_db()
    assert world.report.status == ReportStatus.IN_REVIEW
    assert problems == []
