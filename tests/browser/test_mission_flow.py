"""End to end in a real browser (issue 3): the lead builds a roster, the gender officer accepts
her invitation and records a meeting with local women.

Run with ``make test-browser`` or
``DATABASE_URL=... .venv/bin/pytest tests/browser -p no:cacheprovider``.
"""

from __future__ import annotations

import re
from datetime import time, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import Page, expect

from jpt.accounts.choices import Section, Sex, StaffCategory
from jpt.accounts.roles import Role
from jpt.notifications.models import EmailMessage
from missions.choices import (
    Announcement,
    ConsultationSetting,
    ConsultationType,
    ParticipationStatus,
    TeamRole,
)
from missions.models import Consultation, TeamMember
from missions.services import request_approve, request_submit
from missions.validation import RequestDetails

from .conftest import PASSWORD
from .test_request_flow import field, log_in, log_out, watch_for_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GENDER_OFFICER = "Esther Masika"
NGO_WOMAN = "Furaha Bahati"
NGO = "SOFEPADI"
VENUE = "Women's shelter by the COB gate"
TOPICS = "Safety on the road to the fields; patrols at dawn; access to the health centre."


@pytest.fixture
def mission_world(jpt_world):
    """``jpt_world``, a woman gender officer and an approved request: the mission, led by
    Civil Affairs, leaves in 20 days for 7 days."""
    gender_officer = get_user_model()(
        username="gender.officer",
        full_name=GENDER_OFFICER,
        email="esther.masika@example.org",
        sex=Sex.FEMALE,
        staff_category=StaffCategory.NATIONAL,
        section=Section.GENDER_AFFAIRS,
    )
    gender_officer.set_password(PASSWORD)
    gender_officer.save()
    gender_officer.groups.set([Group.objects.get(name=Role.TEAM_MEMBER.value)])
    gender_officer.provinces.set([jpt_world.nord_kivu])

    start = timezone.localdate() + timedelta(days=20)
    jpt_request = request_submit(
        user=jpt_world.requester,
        details=RequestDetails(
            title="Attack on Otobora market",
            requester_kind="field_office",
            requesting_office="Walikale field office",
            trigger="attack",
            province=jpt_world.nord_kivu,
            territory=jpt_world.walikale,
            reason="Armed men attacked Otobora market; about 150 households fled to Ntoto.",
            start_date=start,
            end_date=start + timedelta(days=7),
            urgency="high",
            localities=[jpt_world.otobora],
            nearest_base=jpt_world.base,
        ),
    )
    mission = request_approve(
        jpt_request=jpt_request,
        user=jpt_world.civil_affairs,
        mandate="Assess the protection risks in Otobora and Ntoto; meet local women.",
    )
    return SimpleNamespace(
        **vars(jpt_world), gender_officer=gender_officer, mission=mission, start=start
    )


def team_row(page: Page, name: str):
    return page.locator("#team-table tbody tr", has_text=name)


def test_roster_built_and_women_meeting_logged(page: Page, live_server, mission_world):
    problems = watch_for_errors(page)
    world = mission_world
    mission = world.mission

    # The lead opens her mission from the home page's "My missions".
    log_in(page, live_server.url, "civil.affairs", "Aminata Diallo")
    page.locator("#my-missions").get_by_role("link", name=mission.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(mission.reference)
    readiness = page.locator("#readiness")
    expect(readiness.locator("[data-check=no_gender_officer]")).to_contain_text(
        "No gender officer on the team."
    )
    # The lead (Aminata Diallo) is a woman: no "No woman" warning even with a team of one.
    expect(readiness.locator("[data-check=no_woman]")).to_have_count(0)
    composition = page.locator("#team-composition")
    expect(composition.locator("[data-figure=women]")).to_have_text("1 of 1 (100 %)")
    expect(team_row(page, "Aminata Diallo")).to_contain_text("Team lead")

    # She invites the gender officer.
    page.get_by_role("link", name="Add a member").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"Add a member to {mission.reference}"
    )
    field(page, "Role on the team").select_option(label="Gender officer")
    field(page, "Staff member").select_option(
        label=f"{GENDER_OFFICER} · Gender Affairs · Woman · National staff"
    )
    page.get_by_role("button", name="Add to the team").click()
    expect(page.locator(".alert-success")).to_contain_text(
        f"{GENDER_OFFICER} is invited; an e-mail with the invitation is on its way."
    )
    officer_row = team_row(page, GENDER_OFFICER)
    expect(officer_row).to_contain_text("Gender officer")
    expect(officer_row).to_contain_text("Gender Affairs")
    expect(officer_row.locator(".badge-status")).to_have_text("Invited")
    expect(readiness.locator("[data-check=no_gender_officer]")).to_have_count(0)
    expect(composition.locator("[data-figure=women]")).to_have_text("2 of 2 (100 %)")

    # Then an NGO woman, as an external member.
    page.get_by_role("link", name="Add a member").click()
    field(page, "Role on the team").select_option(label="Member")
    field(page, "Name").fill(NGO_WOMAN)
    field(page, "Organisation").fill(NGO)
    field(page, "Sex").select_option(label="Woman")
    page.get_by_role("button", name="Add to the team").click()
    expect(page.locator(".alert-success")).to_contain_text(f"{NGO_WOMAN} is on the team.")
    ngo_row = team_row(page, NGO_WOMAN)
    expect(ngo_row).to_contain_text("Member")
    expect(ngo_row).to_contain_text("External")
    expect(ngo_row).to_contain_text(NGO)
    expect(ngo_row.locator(".badge-status")).to_have_text("Accepted")
    expect(page.locator("#team-table tbody tr")).to_have_count(3)
    expect(composition.locator("[data-figure=total]")).to_have_text("3")
    expect(composition.locator("[data-figure=women]")).to_have_text("3 of 3 (100 %)")
    expect(composition.locator("[data-figure=men]")).to_have_text("0")
    expect(composition.locator("[data-figure=external]")).to_have_text("1")
    log_out(page, "Aminata Diallo")

    # The gender officer follows the "Accept" link of her invitation e-mail.
    invitation = EmailMessage.objects.get(to_address="esther.masika@example.org")
    accept_path = re.search(r"/missions/\d+/team/\d+/answer/\?answer=accept", invitation.body)
    assert accept_path, invitation.body
    log_in(page, live_server.url, "gender.officer", GENDER_OFFICER)
    page.goto(live_server.url + accept_path.group(0))
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"Invitation to join {mission.reference}"
    )
    expect(page.locator("#invitation")).to_contain_text("Gender officer")
    expect(page.get_by_label("I accept")).to_be_checked()
    page.get_by_role("button", name="Confirm my answer").click()
    expect(page.locator(".alert-success")).to_contain_text("Thank you: you are on the team.")
    expect(page.get_by_role("heading", level=1)).to_contain_text(mission.reference)
    expect(team_row(page, GENDER_OFFICER).locator(".badge-status")).to_have_text("Accepted")
    expect(page.locator("#team-table").get_by_role("button", name="Accept")).to_have_count(0)

    # She records the meeting with local women, first forgetting to count the women.
    consultations = page.locator("#consultations")
    expect(consultations).to_contain_text("No consultation recorded yet.")
    consultations.get_by_role("link", name="Record a consultation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a consultation")
    day = world.start + timedelta(days=2)
    page.locator("#id_held_at_0").fill(day.isoformat())
    page.locator("#id_held_at_1").fill("06:30")
    field(page, "Type").select_option(label="Meeting with local women")
    field(page, "Locality").select_option(label="Ntoto (Walikale)")
    field(page, "Venue").fill(VENUE)
    page.get_by_label("On the base").check()
    field(page, "Language").fill("Swahili")
    field(page, "Women").fill("0")
    field(page, "Men").fill("0")
    page.get_by_label("Gender office contacts").check()
    page.get_by_label("Word of mouth").check()
    page.get_by_label("Time chosen to avoid child-care hours").check()
    page.get_by_label("Travel reimbursed").check()
    field(page, "Amount reimbursed (USD)").fill("40")
    field(page, "Topics discussed").fill(TOPICS)
    page.get_by_role("button", name="Save").click()

    women = field(page, "Women")
    expect(women).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("#div_id_women")).to_contain_text(
        "A meeting with local women needs at least one woman participant."
    )
    expect(field(page, "Venue")).to_have_value(VENUE)
    expect(field(page, "Topics discussed")).to_have_value(TOPICS)
    expect(page.get_by_label("On the base")).to_be_checked()
    expect(page.get_by_label("Gender office contacts")).to_be_checked()
    expect(page.get_by_label("Word of mouth")).to_be_checked()
    expect(page.locator("#id_held_at_1")).to_have_value("06:30")
    assert not Consultation.objects.exists()

    women.fill("24")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".alert-success")).to_contain_text("Consultation recorded.")
    expect(page.locator(".alert-warning", has_text="flagged")).to_have_count(0)
    meeting = page.locator("#consultation-table tbody tr").first
    expect(meeting).to_contain_text("Meeting with local women")
    expect(meeting).to_contain_text("24 women, 0 men")
    expect(meeting).to_contain_text("06:30")
    expect(meeting).to_contain_text(f"Ntoto, {VENUE}")
    expect(meeting).to_contain_text("On the base")
    expect(meeting).to_contain_text("Gender office contacts")
    expect(meeting).to_contain_text("Word of mouth")
    expect(meeting).to_contain_text("Time avoids child-care hours")
    expect(meeting).to_contain_text("Travel reimbursed: 40.00 USD")
    totals = page.locator("#consultation-totals")
    expect(totals.locator("[data-figure=meetings]")).to_have_text("1")
    expect(totals.locator("[data-figure=women]")).to_have_text("24")
    expect(totals.locator("[data-figure=women-meetings]")).to_have_text("1")
    expect(consultations).not_to_contain_text("No separate meeting with local women")

    # The database agrees.
    statuses = dict(
        TeamMember.objects.filter(mission=mission).values_list("role", "status").order_by("id")
    )
    assert statuses == {
        TeamRole.TEAM_LEAD: ParticipationStatus.ACCEPTED,
        TeamRole.GENDER_OFFICER: ParticipationStatus.ACCEPTED,
        TeamRole.MEMBER: ParticipationStatus.ACCEPTED,
    }
    officer = TeamMember.objects.get(mission=mission, user=world.gender_officer)
    assert officer.responded_at is not None
    external = TeamMember.objects.get(mission=mission, user__isnull=True)
    assert (external.external_name, external.external_organisation, external.external_sex) == (
        NGO_WOMAN,
        NGO,
        Sex.FEMALE,
    )
    consultation = Consultation.objects.get(mission=mission)
    assert consultation.kind == ConsultationType.LOCAL_WOMEN
    assert consultation.setting == ConsultationSetting.ON_BASE
    assert (consultation.women, consultation.men) == (24, 0)
    assert set(consultation.announced_by) == {
        Announcement.GENDER_OFFICE,
        Announcement.WORD_OF_MOUTH,
    }
    assert consultation.time_avoids_childcare and consultation.travel_reimbursed
    assert consultation.reimbursement_amount == Decimal("40")
    assert consultation.locality == world.ntoto
    assert consultation.recorded_by == world.gender_officer
    held = timezone.localtime(consultation.held_at)
    assert (held.date(), held.time()) == (day, time(6, 30))
    assert consultation.timing == "within"
    assert problems == []
