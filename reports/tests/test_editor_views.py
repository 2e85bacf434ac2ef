"""The report page and its editor through the test client: who may open what, starting the
report from the mission page, bad input kept next to the fields, the record of meetings built
from the consultations, the contact rule, the submission checks, the frozen copy, and a
constant number of queries."""

from __future__ import annotations

import json
import re
from datetime import datetime, time, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jpt.accounts.roles import Role
from missions import services as mission_services
from missions.choices import ConsultationType, MissionStatus
from reports import services
from reports.choices import ReportStatus
from reports.models import (
    ContingencyContact,
    ProtectionPlan,
    Recommendation,
    Report,
    ReportVersion,
    SafeArea,
    SexualViolenceAnalysis,
    Threat,
)

from . import test_drafting_services as shared
from .test_drafting_services import (
    PHONE,
    count_row,
    recommendation_data,
    sv_data,
    threat_data,
)

pytestmark = pytest.mark.django_db

# Fixtures shared with the service tests.
planned_mission = shared.planned_mission
mission = shared.mission
member = shared.member
outsider = shared.outsider
report = shared.report
link = shared.link


def text(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def detail(report) -> str:
    return reverse("reports:report_detail", args=[report.pk])


def assert_field_error(html: str, field: str, message: str | None = None) -> None:
    """The error is rendered next to the field (crispy's ``invalid-feedback`` for it)."""
    field_id = f"id_{field}"
    match = re.search(rf'<[^>]*id="error_\d+_{re.escape(field_id)}"[^>]*>(.*?)</', html, flags=re.S)
    assert match, f"no error shown next to {field}"
    if message is not None:
        assert message in html[match.start() : match.start() + 600]


@pytest.fixture
def world(report, member, places, link):
    threat = services.threat_add(report=report, user=member, data=threat_data(places))
    rec = services.recommendation_add(report=report, user=member, data=recommendation_data(places))
    return report, threat, rec


@pytest.fixture
def sud_ca(ca_officer_sud):
    """Civil Affairs of Sud-Kivu: the Nord-Kivu report is out of scope."""
    return ca_officer_sud


PAGES = {
    "detail": ("get", lambda r, t, c: reverse("reports:report_detail", args=[r.pk])),
    "edit": ("get", lambda r, t, c: reverse("reports:report_update", args=[r.pk])),
    "threat_new": ("get", lambda r, t, c: reverse("reports:threat_create", args=[r.pk])),
    "threat_edit": ("get", lambda r, t, c: reverse("reports:threat_update", args=[r.pk, t.pk])),
    "threat_remove": (
        "post",
        lambda r, t, c: reverse("reports:threat_remove", args=[r.pk, t.pk]),
    ),
    "sv": ("get", lambda r, t, c: reverse("reports:sv_analysis", args=[r.pk])),
    "plan": ("get", lambda r, t, c: reverse("reports:protection_plan", args=[r.pk])),
    "rec_new": ("get", lambda r, t, c: reverse("reports:recommendation_create", args=[r.pk])),
    "rec_edit": (
        "get",
        lambda r, t, c: reverse("reports:recommendation_update", args=[r.pk, c.pk]),
    ),
    "rec_remove": (
        "post",
        lambda r, t, c: reverse("reports:recommendation_remove", args=[r.pk, c.pk]),
    ),
    "submit": ("post", lambda r, t, c: reverse("reports:report_submit", args=[r.pk])),
}
EDIT_PAGES = [p for p in PAGES if p != "detail"]


def _call(client, world, page):
    method, build = PAGES[page]
    url = build(*world)
    return url, getattr(client, method)(url)


@pytest.mark.parametrize("page", list(PAGES))
def test_anonymous_goes_to_login(client, world, page):
    url, response = _call(client, world, page)
    assert response.status_code == 302
    parts = urlsplit(response.url)
    assert parts.path == reverse("login")
    assert parse_qs(parts.query)["next"] == [url]


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("who", ["member", "ca_officer"])
def test_contributors_open_every_page(client, request, world, page, who):
    client.force_login(request.getfixturevalue(who))
    _url, response = _call(client, world, page)
    assert response.status_code == (302 if PAGES[page][0] == "post" else 200)


@pytest.mark.parametrize("page", EDIT_PAGES)
@pytest.mark.parametrize("who", ["kinshasa_smg", "cli", "outsider"])
def test_viewers_who_may_not_contribute_get_403_on_edit_pages(client, request, world, page, who):
    client.force_login(request.getfixturevalue(who))
    _url, response = _call(client, world, page)
    assert response.status_code == 403
    assert Threat.objects.count() == 1
    assert Recommendation.objects.count() == 1


@pytest.mark.parametrize("who", ["kinshasa_smg", "cli", "outsider"])
def test_viewers_see_the_report_without_edit_buttons(client, request, world, who):
    report, threat, _rec = world
    client.force_login(request.getfixturevalue(who))
    response = client.get(detail(report))
    assert response.status_code == 200
    html = text(response)
    assert "Mayi-Mayi Kifuafua" in html
    assert reverse("reports:threat_update", args=[report.pk, threat.pk]) not in html
    assert 'id="submit-report"' not in html


@pytest.mark.parametrize("page", list(PAGES))
def test_out_of_scope_is_404(client, world, sud_ca, page):
    client.force_login(sud_ca)
    _url, response = _call(client, world, page)
    assert response.status_code == 404


def test_rows_of_another_report_are_404(client, world, ca_officer, places, make_user):
    report, threat, rec = world
    requester2 = make_user("requester2", Role.REQUESTER, [places.nord_kivu])
    other_mission = mission_services.request_approve(
        jpt_request=mission_services.request_submit(
            user=requester2, details=shared_request_details(places)
        ),
        user=ca_officer,
        mandate=shared.MANDATE,
    )
    other = Report.objects.create(mission=other_mission)
    client.force_login(ca_officer)
    for url in (
        reverse("reports:threat_update", args=[other.pk, threat.pk]),
        reverse("reports:recommendation_update", args=[other.pk, rec.pk]),
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(reverse("reports:threat_remove", args=[other.pk, threat.pk])).status_code == 404
    )


def shared_request_details(places):
    from missions.validation import RequestDetails

    start = timezone.localdate() + timedelta(days=30)
    return RequestDetails(
        title="Rumours in Otobora",
        requester_kind="senior_management",
        trigger="attack",
        province=places.nord_kivu,
        territory=places.walikale,
        localities=[places.otobora],
        reason="Rumoured attacks on Otobora.",
        start_date=start,
        end_date=start + timedelta(days=6),
        urgency="high",
    )


def test_edit_pages_of_a_report_in_review_send_back_with_a_message(client, world, member):
    report, threat, _rec = world
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.IN_REVIEW)
    client.force_login(member)
    response = client.get(reverse("reports:threat_update", args=[report.pk, threat.pk]))
    assert response.status_code == 302
    assert response.url == detail(report)
    assert any("cannot change" in m for m in messages_of(response))
    html = text(client.get(detail(report)))
    assert 'id="submit-report"' not in html
    assert reverse("reports:threat_create", args=[report.pk]) not in html


# --------------------------------------------------------------------------------------------
# Starting the report from the mission page
# --------------------------------------------------------------------------------------------


def test_start_the_report_from_the_mission_page(client, mission, member):
    client.force_login(member)
    mission_url = reverse("missions:mission_detail", args=[mission.pk])
    html = text(client.get(mission_url))
    assert 'id="start-report"' in html
    response = client.post(reverse("reports:report_start", args=[mission.pk]))
    report = Report.objects.get(mission=mission)
    assert response.status_code == 302
    assert response.url == detail(report)
    html = text(client.get(mission_url))
    assert 'id="start-report"' not in html
    assert detail(report) in html
    assert 'data-report-status="draft"' in html
    # A second start is refused with a message, nothing created.
    response = client.post(reverse("reports:report_start", args=[mission.pk]))
    assert any("already has its report" in m for m in messages_of(response))
    assert Report.objects.filter(mission=mission).count() == 1


def test_no_start_button_before_deployment_or_for_viewers(client, planned_mission, ca_officer, cli):
    client.force_login(ca_officer)
    url = reverse("missions:mission_detail", args=[planned_mission.pk])
    assert 'id="start-report"' not in text(client.get(url))
    response = client.post(reverse("reports:report_start", args=[planned_mission.pk]))
    assert response.status_code == 302
    assert not Report.objects.exists()
    client.force_login(cli)
    assert (
        client.post(reverse("reports:report_start", args=[planned_mission.pk])).status_code == 403
    )


def test_start_needs_post(client, mission, member):
    client.force_login(member)
    assert client.get(reverse("reports:report_start", args=[mission.pk])).status_code == 405


# --------------------------------------------------------------------------------------------
# Forms: saving drafts, errors next to the fields
# --------------------------------------------------------------------------------------------


def test_edit_commander_and_plan_of_action(client, report, member):
    client.force_login(member)
    url = reverse("reports:report_update", args=[report.pk])
    assert "Maj. Diallo" in text(client.get(url))
    response = client.post(url, {"commander_coauthor": "Lt-Col. Mbaye", "plan_of_action": "Go."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.commander_coauthor == "Lt-Col. Mbaye"
    assert report.status == ReportStatus.DRAFT  # saving never submits


def threat_post(places, **overrides) -> dict:
    data = {
        "threat_type": "looting",
        "perpetrator_category": "armed_group",
        "perpetrator_name": "Mayi-Mayi Kifuafua",
        "localities": [str(places.ntoto.pk)],
        "period": "since August",
        "frequency": "on market days",
        "severity": "3",
        "trend": "rising",
        "narrative": "Goods taken from women on the road to the market.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"perpetrator_name": ""}, "perpetrator_name", "Name the armed group"),
        ({"localities": None}, "localities", "Choose at least one location"),
        ({"severity": "9"}, "severity", None),
        ({"narrative": ""}, "narrative", None),
        ({"threat_type": ""}, "threat_type", None),
    ],
)
def test_threat_bad_input_next_to_fields(client, report, member, places, overrides, field, message):
    client.force_login(member)
    data = threat_post(places, **overrides)
    response = client.post(reverse("reports:threat_create", args=[report.pk]), data)
    assert response.status_code == 200
    html = text(response)
    assert_field_error(html, field, message)
    assert "since August" in html  # input kept
    assert not Threat.objects.exists()


def test_threat_locality_of_another_province_is_refused(client, report, member, places):
    client.force_login(member)
    data = threat_post(places, localities=[str(places.matili.pk)])
    response = client.post(reverse("reports:threat_create", args=[report.pk]), data)
    assert_field_error(text(response), "localities")
    assert not Threat.objects.exists()


def test_threat_edit_and_remove(client, world, member, places):
    report, threat, _rec = world
    client.force_login(member)
    url = reverse("reports:threat_update", args=[report.pk, threat.pk])
    assert "Mayi-Mayi Kifuafua" in text(client.get(url))
    response = client.post(url, threat_post(places, severity="4"))
    assert response.status_code == 302
    threat.refresh_from_db()
    assert threat.severity == 4
    remove = reverse("reports:threat_remove", args=[report.pk, threat.pk])
    assert client.get(remove).status_code == 200  # the confirmation
    assert client.post(remove).status_code == 302
    assert not Threat.objects.exists()


def rec_post(places, **overrides) -> dict:
    data = {
        "text": "Double the foot patrols between Ntoto and Otobora.",
        "category": "escort_patrol",
        "addressee": "force",
        "addressee_detail": "",
        "priority": "high",
        "target_date": "",
        "localities": [str(places.ntoto.pk), str(places.otobora.pk)],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"text": ""}, "text"),
        ({"localities": None}, "localities"),
        ({"category": "bribes"}, "category"),
        ({"target_date": "31/31/2026"}, "target_date"),
    ],
)
def test_recommendation_bad_input(client, report, member, places, overrides, field):
    client.force_login(member)
    response = client.post(
        reverse("reports:recommendation_create", args=[report.pk]), rec_post(places, **overrides)
    )
    assert response.status_code == 200
    assert_field_error(text(response), field)
    assert not Recommendation.objects.exists()


def test_recommendation_add_and_edit(client, report, member, places):
    client.force_login(member)
    response = client.post(
        reverse("reports:recommendation_create", args=[report.pk]), rec_post(places)
    )
    assert response.status_code == 302
    rec = Recommendation.objects.get()
    assert rec.localities.count() == 2
    url = reverse("reports:recommendation_update", args=[report.pk, rec.pk])
    response = client.post(url, rec_post(places, priority="low"))
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.priority == "low"


def counts_management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_sv_analysis_with_counts_and_a_bad_row(client, report, member, places):
    client.force_login(member)
    url = reverse("reports:sv_analysis", args=[report.pk])
    assert client.get(url).status_code == 200
    data = {
        **sv_data(),
        **counts_management("counts", 3),
        "counts-0-period": "August 2026",
        "counts-0-locality": str(places.ntoto.pk),
        "counts-0-perpetrator_category": "armed_group",
        "counts-0-age_group": "adult",
        "counts-0-survivor_sex": "female",
        "counts-0-count": "12",
        "counts-1-period": "September 2026",
        "counts-1-locality": str(places.otobora.pk),
        "counts-1-perpetrator_category": "unknown",
        "counts-1-age_group": "child",
        "counts-1-survivor_sex": "female",
        "counts-1-count": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    html = text(response)
    assert_field_error(html, "counts-1-count", "1 or more")
    assert "September 2026" in html  # input kept
    data["counts-1-count"] = "3"
    response = client.post(url, data)
    assert response.status_code == 302
    analysis = report.sv_analysis
    analysis.refresh_from_db()
    assert analysis.is_filled
    assert sorted(analysis.incident_counts.values_list("count", flat=True)) == [3, 12]
    # The page now shows the two rows, plus empty ones; delete one.
    html = text(client.get(url))
    assert 'name="counts-INITIAL_FORMS" value="2"' in html
    assert 'name="counts-0-DELETE"' in html


def plan_post(places, link, **overrides) -> dict:
    data = {
        "priorities": "Escorts on market days.",
        "local_authority_roles": "The chief alerts the COB.",
        "early_warning": "Church bells.",
        "womens_organizations_consulted": "on",
        "womens_organizations": "Association des femmes de Walikale",
        **counts_management("safe", 2),
        "safe-0-name": "Ntoto parish",
        "safe-0-locality": str(places.ntoto.pk),
        "safe-0-latitude": "-1.07",
        "safe-0-longitude": "28.01",
        "safe-0-capacity": "300",
        **counts_management("escort", 1),
        "escort-0-place": "Ntoto bridge",
        "escort-0-day_time": "Thursdays 6:00",
        **counts_management("vulnerable", 1),
        **counts_management("contacts", 1),
        "contacts-0-stakeholder": str(link.pk),
        "contacts-0-how_to_reach": "Through the CLI",
        "contacts-0-when": "Any time",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_protection_plan_with_formsets(client, report, member, places, link):
    client.force_login(member)
    url = reverse("reports:protection_plan", args=[report.pk])
    html = text(client.get(url))
    assert 'name="safe-TOTAL_FORMS"' in html
    assert 'name="contacts-TOTAL_FORMS"' in html
    assert PHONE not in html  # the stakeholder picker shows names, not phones
    response = client.post(url, plan_post(places, link))
    assert response.status_code == 302
    assert SafeArea.objects.get().capacity == 300
    assert ContingencyContact.objects.get().stakeholder == link
    html = text(client.get(detail(report)))
    assert "Ntoto parish" in html
    assert "Through the CLI" in html


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"safe-0-latitude": "95"}, "safe-0-latitude"),
        ({"safe-0-longitude": ""}, "safe-0-longitude"),
        ({"safe-0-locality": ""}, "safe-0-locality"),
        ({"womens_organizations": ""}, "womens_organizations"),
        ({"escort-0-day_time": ""}, "escort-0-day_time"),
    ],
)
def test_protection_plan_bad_input(client, report, member, places, link, overrides, field):
    client.force_login(member)
    response = client.post(
        reverse("reports:protection_plan", args=[report.pk]), plan_post(places, link, **overrides)
    )
    assert response.status_code == 400
    html = text(response)
    assert_field_error(html, field)
    assert "Ntoto bridge" in html or field.startswith("escort")
    assert not SafeArea.objects.exists()


def test_plan_without_contact_right_keeps_the_contacts(
    client, report, member, places, link, make_user
):
    services.protection_plan_update(
        report=report,
        user=member,
        data={"priorities": "x"},
        safe_areas=[],
        escort_points=[],
        vulnerable_areas=[],
        contingency_contacts=[{"stakeholder": link, "how_to_reach": "Through the CLI"}],
    )
    administrator = make_user("admin_jpt", Role.ADMINISTRATOR)
    client.force_login(administrator)
    url = reverse("reports:protection_plan", args=[report.pk])
    html = text(client.get(url))
    assert 'id="contacts-restricted"' in html
    assert "Through the CLI" not in html
    data = plan_post(places, link)
    response = client.post(url, data)
    assert response.status_code == 302
    assert ContingencyContact.objects.get().how_to_reach == "Through the CLI"
    assert "Through the CLI" not in text(client.get(detail(report)))


# --------------------------------------------------------------------------------------------
# The report page: meetings, stakeholders, checks, submission, frozen copy
# --------------------------------------------------------------------------------------------


def add_consultation(mission, user, places, kind=ConsultationType.LOCAL_LEADERS, **fields):
    data = {
        "held_at": timezone.make_aware(
            datetime.combine(mission.planned_departure + timedelta(days=1), time(7, 0))
        ),
        "kind": kind,
        "locality": places.otobora,
        "women": 23,
        "men": 4,
        "topics": "Safety on the road to the market.",
        "concerns": "Soldiers at the roadblock demand money.",
    }
    data.update(fields)
    return mission_services.consultation_create(mission=mission, user=user, data=data)


def test_record_of_meetings_from_the_consultations(client, report, mission, member, places):
    add_consultation(mission, member, places, kind=ConsultationType.LOCAL_WOMEN, men=0)
    client.force_login(member)
    html = text(client.get(detail(report)))
    table = html[html.index('id="meeting-table"') :]
    table = table[: table.index("</table>")]
    assert "Meeting with local women" in table
    assert "Otobora" in table
    assert "23 / 0" in table
    assert "Safety on the road to the market." in table
    assert "Soldiers at the roadblock demand money." in table


@pytest.mark.parametrize(
    ("who", "sees_phone"),
    [("member", True), ("ca_officer", True), ("kinshasa_smg", False), ("cli", False)],
)
def test_phone_only_for_those_with_the_contact_right(
    client, request, report, link, who, sees_phone
):
    client.force_login(request.getfixturevalue(who))
    html = text(client.get(detail(report)))
    assert "Maman Furaha Bisimwa" in html
    assert (PHONE in html) is sees_phone
    assert ("tel:" in html) is sees_phone


def test_checks_and_the_disabled_submit_button(client, report, member):
    client.force_login(member)
    html = text(client.get(detail(report)))
    for code in ("sv_analysis", "threats", "recommendations", "stakeholder_women"):
        assert f'data-check="{code}" data-blocking="1"' in html
    for code in ("no_women_meeting", "no_womens_organization"):
        assert f'data-check="{code}" data-blocking="0"' in html
    button = re.search(r'<button[^>]*id="submit-report"[^>]*>', html).group(0)
    assert "disabled" in button
    assert 'id="submit-blocked"' in html


def test_submit_when_blocking_checks_remain_shows_them(client, report, member):
    client.force_login(member)
    response = client.post(reverse("reports:report_submit", args=[report.pk]))
    assert response.status_code == 302
    assert any("sexual violence" in m for m in messages_of(response))
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def back_from_the_field(mission) -> None:
    mission_services.mission_change_status(
        mission=mission, user=mission.lead, status=MissionStatus.RETURNED
    )


def test_submit_a_complete_report(client, world, member, places, link, mission):
    report, _threat, _rec = world
    services.sv_analysis_update(
        report=report, user=member, data=sv_data(), incident_counts=[count_row(places)]
    )
    client.force_login(member)
    # In the field, submission waits for the return.
    html = text(client.get(detail(report)))
    assert 'data-check="team_in_the_field"' in html
    back_from_the_field(mission)
    html = text(client.get(detail(report)))
    button = re.search(r'<button[^>]*id="submit-report"[^>]*>', html).group(0)
    assert "disabled" not in button
    assert 'data-blocking="1"' not in html
    response = client.post(reverse("reports:report_submit", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_REVIEW
    html = text(client.get(detail(report)))
    assert 'data-rec-status="in_review"' in html
    assert 'id="submit-report"' not in html


def test_changed_text_beside_the_original(client, world, member):
    report, _threat, rec = world
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.IN_REVIEW)
    Recommendation.objects.filter(pk=rec.pk).update(
        status="in_review", current_text="Escort women to the market twice a week."
    )
    client.force_login(member)
    html = text(client.get(detail(report)))
    block = html[html.index(f'id="recommendation-{rec.pk}"') :]
    assert "Escort women to the market twice a week." in block
    assert "Escort women to the Ntoto market every Thursday." in block
    assert "rec-changed" in block


def test_an_approved_version_is_shown_frozen(client, world, member, ca_officer, kinshasa_smg):
    report, _threat, _rec = world
    content = {
        "report": report.reference,
        "threats": [{"type": "Looting / extortion", "narrative": "Frozen narrative."}],
        "stakeholders": [{"name": "Maman Furaha Bisimwa", "phone": PHONE}],
        "plan_of_action": "Frozen plan.",
        "protection_plan": {
            "contingency_contacts": [{"stakeholder": "Maman Furaha", "how_to_reach": "Radio"}]
        },
    }
    version = ReportVersion.objects.create(
        report=report, number=1, content=content, sha256="ab" * 32, created_by=ca_officer
    )
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.APPROVED)
    Threat.objects.update(narrative="Edited after approval.")
    client.force_login(member)
    html = text(client.get(detail(report)))
    assert 'id="frozen-version"' in html
    assert version.sha256 in html
    assert "Frozen narrative." in html
    assert "Frozen plan." in html
    assert "Edited after approval." not in html
    assert "Radio" in html  # the team may see contacts
    client.force_login(kinshasa_smg)
    html = text(client.get(detail(report)))
    assert "Frozen narrative." in html
    assert PHONE not in html
    assert "Radio" not in html


def test_report_page_query_count_is_constant(client, report, member, mission, places, link):
    client.force_login(member)
    url = detail(report)
    client.get(url)  # warm caches (content types, sessions)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    services.threat_add(report=report, user=member, data=threat_data(places))
    services.recommendation_add(report=report, user=member, data=recommendation_data(places))
    add_consultation(mission, member, places)
    services.sv_analysis_update(
        report=report, user=member, data=sv_data(), incident_counts=[count_row(places)]
    )
    few = count()
    for i in range(5):
        services.threat_add(report=report, user=member, data=threat_data(places, period=f"p{i}"))
        services.recommendation_add(
            report=report, user=member, data=recommendation_data(places, text=f"Rec {i}")
        )
        add_consultation(mission, member, places, venue=f"Hall {i}")
    services.sv_analysis_update(
        report=report,
        user=member,
        data=sv_data(),
        incident_counts=[count_row(places, count=i + 1) for i in range(5)],
    )
    services.protection_plan_update(
        report=report,
        user=member,
        data={"priorities": "x"},
        safe_areas=[{"name": f"Area {i}", "locality": places.ntoto} for i in range(4)],
        escort_points=[{"place": f"Point {i}", "day_time": "Thu"} for i in range(3)],
        vulnerable_areas=[{"place": f"Place {i}", "why": "Attacks"} for i in range(3)],
        contingency_contacts=[{"stakeholder": link, "how_to_reach": "CLI"}],
    )
    assert count() == few


def test_mission_not_started_status_card_for_viewers(client, report, mission, cli):
    client.force_login(cli)
    html = text(client.get(reverse("missions:mission_detail", args=[mission.pk])))
    assert detail(report) in html
    assert 'id="start-report"' not in html


# --------------------------------------------------------------------------------------------
# A returned report: the reviewers' comments, decisions not applied, the review history
# --------------------------------------------------------------------------------------------

RETURN_COMMENT = "Name the patrol routes and the escort meeting points."
CHANGED_TEXT = "Escort women to the market on Thursdays and Saturdays."


@pytest.fixture
def returned(world, member, places, link, make_user):
    """The complete report submitted, endorsed at head-of-office level, then returned by the
    provincial SMG-P after one decision (which does not apply)."""
    from reports.choices import Decision
    from reports.services import recommendation_decide, report_return, report_submit

    report, _threat, rec = world
    services.sv_analysis_update(
        report=report, user=member, data=sv_data(), incident_counts=[count_row(places)]
    )
    # A second recommendation keeps the provincial stage open after the first decision.
    other = services.recommendation_add(
        report=report, user=member, data=recommendation_data(places, text="Second rec.")
    )
    hoo = make_user("hoo_nord", Role.HEAD_OF_OFFICE, [places.nord_kivu])
    provincial = make_user("smgp_nord", Role.SMG_PROVINCIAL, [places.nord_kivu])
    t0 = timezone.make_aware(datetime(2026, 3, 2, 9, 0))
    back_from_the_field(report.mission)
    report_submit(report=report, user=member, now=t0)
    for endorsed in (rec, other):
        recommendation_decide(recommendation=endorsed, user=hoo, decision=Decision.ENDORSE, now=t0)
    recommendation_decide(
        recommendation=rec,
        user=provincial,
        decision=Decision.ENDORSE_WITH_CHANGES,
        changed_text=CHANGED_TEXT,
        now=t0 + timedelta(days=2),
    )
    report_return(
        report=report, user=provincial, comment=RETURN_COMMENT, now=t0 + timedelta(days=3)
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    return report, rec, hoo, provincial


def _block(html: str, element_id: str, end: str) -> str:
    start = html.index(f'id="{element_id}"')
    return html[start : html.index(end, start)]


def test_returned_report_shows_the_reviewers_comment(client, returned, member):
    report, _rec, _hoo, provincial = returned
    client.force_login(member)
    html = text(client.get(detail(report)))
    banner = _block(html, "returned-notice", "<section")
    assert RETURN_COMMENT in banner
    assert "Provincial SMG-P" in banner
    assert str(provincial) in banner
    assert "5 Mar 2026" in banner  # when it was returned


def test_decisions_of_the_returning_stage_are_labelled_not_applied(client, returned, member):
    report, rec, _hoo, _provincial = returned
    client.force_login(member)
    html = text(client.get(detail(report)))
    block = _block(html, f"recommendation-{rec.pk}", "</li>\n    \n")
    assert "Not applied: the report was returned" in block
    assert CHANGED_TEXT in block
    # The text in force is still the team's.
    assert "rec-changed" not in block


def test_review_history_lists_the_stages(client, returned, kinshasa_smg):
    report, _rec, hoo, provincial = returned
    client.force_login(kinshasa_smg)
    html = text(client.get(detail(report)))
    review = _block(html, "review-table", "</table>")
    rows = re.findall(r'<tr id="stage-\d+" data-stage-outcome="(\w+)">', review)
    assert rows == ["forwarded", "returned"]
    for words in (
        "Head of office and brigade commander",
        "Provincial SMG-P",
        "Sent to the next level",
        "Returned to the team",
        str(hoo),
        str(provincial),
        RETURN_COMMENT,
        "2 Mar 2026",
    ):
        assert words in review


def test_no_review_section_before_submission(client, report, member):
    client.force_login(member)
    html = text(client.get(detail(report)))
    assert 'id="review"' not in html
    assert 'id="returned-comment"' not in html


def test_returned_page_query_count_is_constant(client, returned, member, places):
    report, _rec, _hoo, _provincial = returned
    client.force_login(member)
    url = detail(report)
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    services.recommendation_add(
        report=report, user=member, data=recommendation_data(places, text="Rec 0")
    )
    first_after_an_edit = count()  # the document is read again, once
    for i in range(1, 4):
        services.recommendation_add(
            report=report, user=member, data=recommendation_data(places, text=f"Rec {i}")
        )
    assert count() == first_after_an_edit  # however many rows
    assert count() == few  # then it is cached until the next change
    assert few <= 12 < first_after_an_edit


# --------------------------------------------------------------------------------------------
# The frozen copy laid out like the live report
# --------------------------------------------------------------------------------------------

FROZEN_HELD_AT = "2026-11-09T10:00:00+02:00"
FROZEN_DECIDED_AT = "2026-11-20T08:30:00+00:00"


def test_frozen_copy_rendered_like_the_live_report(
    client, world, member, mission, places, ca_officer, kinshasa_smg
):
    from reports.freeze import report_content

    report, _threat, rec = world
    add_consultation(mission, member, places)
    services.sv_analysis_update(
        report=report, user=member, data=sv_data(), incident_counts=[count_row(places)]
    )
    content = report_content(report)
    content["version"] = 1
    content["meetings"][0]["held_at"] = FROZEN_HELD_AT
    frozen_rec = content["recommendations"][0]
    frozen_rec.update(
        text="Escort women to the market on Thursdays and Saturdays.",
        status="approved",
        target_date="2026-12-15",
        decisions=[
            {
                "level": "SMG-P Kinshasa",
                "decision": "Endorse with changes",
                "by": "Kinshasa Reviewer",
                "at": FROZEN_DECIDED_AT,
                "changed_text": "Escort women to the market on Thursdays and Saturdays.",
                "reason": "",
            }
        ],
    )
    stored = json.loads(json.dumps(content))
    version = ReportVersion.objects.create(
        report=report, number=1, content=content, sha256="cd" * 32, created_by=ca_officer
    )
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.APPROVED)
    client.force_login(member)
    html = text(client.get(detail(report)))
    assert version.sha256 in html
    assert 'id="frozen-version"' in html
    meetings = _block(html, "frozen-meeting-table", "</table>")
    assert "9 Nov 2026 10:00" in meetings
    assert "Otobora" in meetings
    assert "23 / 4" in meetings
    assert FROZEN_HELD_AT not in html
    assert "2026-11-09" not in html
    assert FROZEN_DECIDED_AT not in html
    stakeholders = _block(html, "frozen-stakeholder-table", "</table>")
    assert "Maman Furaha Bisimwa" in stakeholders
    assert "Woman" in stakeholders  # the stored "female" labelled
    assert "frozen-incident-table" in html
    recs = _block(html, "frozen-recommendations", "</section>")
    assert "Escort women to the market on Thursdays and Saturdays." in recs
    assert rec.text in recs  # the original text, beside the changed one
    assert "Approved for implementation" in recs
    assert "15 Dec 2026" in recs
    assert "20 Nov 2026 10:30" in recs  # decided at, in the mission's time zone
    assert "Kinshasa Reviewer" in recs
    # The stored copy is left as it was.
    version.refresh_from_db()
    assert version.content == stored


@pytest.mark.parametrize("page", ["sv_analysis", "protection_plan"])
def test_section_pages_write_nothing_on_get(client, mission, member, page):
    """A report whose section rows are missing (an older report, or rows removed): opening the
    page shows an empty form and writes nothing; saving it creates the row."""
    report = Report.objects.create(mission=mission)
    client.force_login(member)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(f"reports:{page}", args=[report.pk]))
    assert response.status_code == 200
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in q["sql"]
    ]
    assert writes == []
    model = SexualViolenceAnalysis if page == "sv_analysis" else ProtectionPlan
    assert not model.objects.filter(report=report).exists()
