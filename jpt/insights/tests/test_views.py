"""The indicators' pages: who sees what (scope, aggregates only for analysts), the on-demand
form, the stored summaries and their PDF, the home page's entry, bounded query counts."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from jpt.accounts.roles import Role
from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from jpt.documents.models import Document
from jpt.insights.models import MonthlySummary
from jpt.insights.services import summary_compute

from .conftest import MARCH

# Also on SQLite (`make run`): the medians there come from the fallback of jpt.insights.aggregates.
pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

DASHBOARD = reverse("insights:dashboard")
MARCH_QUERY = {"month": "2026-03"}
# Links from figures to the record lists (the nav's own links have no query string).
RECORD_LINK = re.compile(r'href="/(missions|recommendations|follow-up)/[^"]*\?')


def kpi(response, kpi_id):
    return next(k for k in response.context["presentation"].kpis if k.id == kpi_id)


def login(client, user):
    client.force_login(user)
    return client


# --------------------------------------------------------------------------------------------
# The dashboard
# --------------------------------------------------------------------------------------------


def test_anonymous_users_log_in_and_other_roles_are_refused(client, world, make_user):
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    for role in (Role.REQUESTER, Role.TEAM_MEMBER, Role.CLI, Role.RREWC):
        user = make_user(f"u_{role.name.lower()}", role, [world.places.nord_kivu])
        assert login(client, user).get(DASHBOARD).status_code == 403, role


def test_a_province_officer_sees_only_their_province(client, world, ca_officer):
    response = login(client, ca_officer).get(DASHBOARD, MARCH_QUERY)
    assert response.status_code == 200
    assert kpi(response, "missions").current.display == "3"  # Nord-Kivu's, not Sud-Kivu's
    assert response.context["presentation"].provinces == {
        str(world.places.nord_kivu.pk): "Nord-Kivu"
    }
    assert "Sud-Kivu" not in response.content.decode()


def test_a_province_out_of_scope_is_refused_and_nothing_of_it_shown(client, world, ca_officer):
    sud = world.places.sud_kivu
    response = login(client, ca_officer).get(DASHBOARD, {**MARCH_QUERY, "province": sud.pk})
    assert response.status_code == 200
    assert "province" in response.context["form"].errors
    assert str(sud.pk) not in response.context["presentation"].provinces
    assert response.context["scope_label"] == "All my provinces"


def test_reviewers_and_kinshasa_see_the_dashboard(client, world, make_user, kinshasa_smg):
    head = make_user("head_nk", Role.HEAD_OF_OFFICE, [world.places.nord_kivu])
    assert kpi(login(client, head).get(DASHBOARD, MARCH_QUERY), "missions").current.value == 3
    response = login(client, kinshasa_smg).get(DASHBOARD, MARCH_QUERY)
    assert kpi(response, "missions").current.value == 4
    assert response.context["drill_down"]


def test_every_number_links_to_its_list_for_those_who_see_the_records(client, world, ca_officer):
    content = login(client, ca_officer).get(DASHBOARD, MARCH_QUERY).content.decode()
    nk = world.places.nord_kivu.pk
    assert (
        f'href="/missions/?province={nk}&amp;trigger=attack&amp;departure_from=2026-03-01'
        f'&amp;departure_to=2026-03-31"'
    ) in content


def test_analysts_see_aggregates_only(client, world, analyst):
    response = login(client, analyst).get(DASHBOARD, MARCH_QUERY)
    assert response.status_code == 200
    assert kpi(response, "missions").current.value == 4  # every province
    assert not response.context["drill_down"]
    content = response.content.decode()
    assert not RECORD_LINK.search(content)
    assert "Aggregates only" in content
    # Small counts are suppressed for them as for everyone.
    assert "&lt;5" in content


def test_a_custom_period(client, world, analyst):
    response = login(client, analyst).get(DASHBOARD, {"start": "2026-03-05", "end": "2026-03-15"})
    assert response.context["period"].start == date(2026, 3, 5)
    assert kpi(response, "missions").current.value == 2


@pytest.mark.parametrize(
    "query,field",
    [
        ({"month": "2026-13"}, "month"),
        ({"month": "1999-12"}, "month"),
        ({"month": "9999-01"}, "month"),
        ({"start": "2026-03-10", "end": "2026-03-01"}, "end"),
        ({"start": "2026-03-10"}, "__all__"),
        ({"start": "2024-01-01", "end": "2026-01-01"}, "end"),
    ],
)
def test_a_bad_period_is_an_error_not_a_crash(client, world, analyst, query, field):
    response = login(client, analyst).get(DASHBOARD, query)
    assert response.status_code == 200
    assert field in response.context["form"].errors


def test_the_dashboard_stays_within_its_query_ceiling(
    client, world, ca_officer, analyst, django_assert_max_num_queries
):
    for user in (ca_officer, analyst):
        login(client, user).get(DASHBOARD, MARCH_QUERY)
        with django_assert_max_num_queries(12):
            assert client.get(DASHBOARD, MARCH_QUERY).status_code == 200


# --------------------------------------------------------------------------------------------
# Stored summaries: the on-demand form, the list, a summary's page
# --------------------------------------------------------------------------------------------

COMPUTE = reverse("insights:summary_compute")


@pytest.mark.parametrize(
    "data,field,message",
    [
        ({}, "month", "This field is required."),
        ({"month": ""}, "month", "This field is required."),
        ({"month": "2026-13"}, "month", "Give a month as YYYY-MM"),
        ({"month": "march"}, "month", "Give a month as YYYY-MM"),
        ({"month": "1999-12"}, "month", "Give a month as YYYY-MM"),
        ({"month": "2000-01"}, None, None),
    ],
)
def test_the_on_demand_form_checks_the_month(client, world, analyst, data, field, message):
    response = login(client, analyst).post(COMPUTE, data)
    if field is None:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not MonthlySummary.objects.exists()


def test_a_month_not_begun_is_refused(client, world, analyst):
    today = timezone.localdate()
    next_month = f"{today.year + (today.month == 12)}-{today.month % 12 + 1:02d}"
    response = login(client, analyst).post(COMPUTE, {"month": next_month})
    assert response.context["form"].errors["month"] == ["This month has not begun."]


def test_a_province_officer_computes_for_their_province_only(
    client, world, ca_officer, django_capture_on_commit_callbacks
):
    login(client, ca_officer)
    sud = world.places.sud_kivu
    response = client.post(COMPUTE, {"month": "2026-03", "province": sud.pk})
    assert "province" in response.context["form"].errors  # not one of theirs
    response = client.post(COMPUTE, {"month": "2026-03"})
    assert response.context["form"].errors["province"] == ["This field is required."]
    assert not MonthlySummary.objects.exists()
    nord = world.places.nord_kivu
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(COMPUTE, {"month": "2026-03", "province": nord.pk})
    assert response.status_code == 302
    assert len(callbacks) == 1  # the task is queued once the request's transaction commits
    summary = MonthlySummary.objects.get()  # the task ran (eager in tests), after the request
    assert (summary.month, summary.province, summary.computed_by) == (
        date(2026, 3, 1),
        nord,
        ca_officer,
    )
    entry = AuditEntry.objects.get(action=AuditAction.SUMMARY_COMPUTED)
    assert entry.actor == ca_officer and entry.details["trigger"] == "on_demand"


def test_an_analyst_computes_for_every_province(
    client, world, analyst, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(client, analyst).post(COMPUTE, {"month": "2026-03", "province": ""})
    assert response.status_code == 302
    summary = MonthlySummary.objects.get()
    assert summary.province is None
    assert summary.figures["buckets"]["cur"]["team"]["members"] == 6


def test_computing_needs_the_right(client, world, make_user):
    head = make_user("head_nk", Role.HEAD_OF_OFFICE, [world.places.nord_kivu])
    assert login(client, head).get(COMPUTE).status_code == 403


def test_summaries_are_scoped(client, world, ca_officer, ca_officer_sud, analyst):
    nord, sud = world.places.nord_kivu, world.places.sud_kivu
    everywhere = summary_compute(month=MARCH.start, province=None, user=analyst)
    of_nord = summary_compute(month=MARCH.start, province=nord, user=ca_officer)
    of_sud = summary_compute(month=MARCH.start, province=sud, user=ca_officer_sud)
    login(client, ca_officer)
    listed = set(client.get(reverse("insights:summary_list")).context["summaries"])
    assert listed == {of_nord}
    assert client.get(of_nord.get_absolute_url()).status_code == 200
    assert client.get(of_sud.get_absolute_url()).status_code == 404
    assert client.get(everywhere.get_absolute_url()).status_code == 404
    login(client, analyst)
    listed = set(client.get(reverse("insights:summary_list")).context["summaries"])
    assert listed == {everywhere, of_nord, of_sud}


def test_a_summary_page_shows_the_stored_figures(client, world, analyst, ca_officer):
    summary = summary_compute(month=MARCH.start, province=None, user=analyst)
    response = login(client, analyst).get(summary.get_absolute_url())
    assert kpi(response, "missions").current.value == 4
    assert not RECORD_LINK.search(response.content.decode())
    nord = summary_compute(month=MARCH.start, province=world.places.nord_kivu, user=ca_officer)
    response = login(client, ca_officer).get(nord.get_absolute_url())
    assert RECORD_LINK.search(response.content.decode())
    assert 'id="pdf"' in response.content.decode()  # the PDF card


def test_summary_pages_stay_within_their_query_ceiling(
    client, world, analyst, django_assert_max_num_queries
):
    summary = summary_compute(month=MARCH.start, province=None, user=analyst)
    login(client, analyst)
    for url in (summary.get_absolute_url(), reverse("insights:summary_list"), COMPUTE):
        client.get(url)
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


def test_the_summary_pdf_is_requested_from_its_page(client, world, analyst):
    summary = summary_compute(month=MARCH.start, province=None, user=analyst)
    response = login(client, analyst).post(reverse("insights:summary_pdf", args=[summary.pk]))
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.kind == "trend"
    assert document.input["figures"] == summary.figures


# --------------------------------------------------------------------------------------------
# The home page and the navigation
# --------------------------------------------------------------------------------------------


def test_the_analyst_home_page_leads_to_the_indicators(client, world, analyst):
    summary = summary_compute(month=MARCH.start, province=None, user=analyst)
    content = login(client, analyst).get(reverse("home")).content.decode()
    assert f'href="{DASHBOARD}"' in content
    assert summary.get_absolute_url() in content
    assert 'id="nav-indicators"' in content


def test_the_nav_link_only_for_those_who_may_see_it(client, world, requester, ca_officer):
    assert (
        'id="nav-indicators"' not in login(client, requester).get(reverse("home")).content.decode()
    )
    assert 'id="nav-indicators"' in login(client, ca_officer).get(reverse("home")).content.decode()


# --------------------------------------------------------------------------------------------
# Whatever is typed or put in the address bar: an answer, never a 500
# --------------------------------------------------------------------------------------------

ODD_VALUES = [
    "",
    " ",
    "abc",
    "2026-3",
    "2026-03-01",
    "02026-03",
    "2026-03\x00",
    "-1",
    "0",
    "99999999999999999999",
    "1e9",
    "٢٠٢٦-٠٣",
    "2026-03' OR 1=1 --",
    "x" * 5000,
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
]


@pytest.mark.parametrize("value", ODD_VALUES)
def test_odd_query_strings_never_crash_the_dashboard(client, world, ca_officer, analyst, value):
    for user in (ca_officer, analyst):
        login(client, user)
        for key in ("month", "start", "end", "province", "page"):
            response = client.get(DASHBOARD, {key: value})
            assert response.status_code == 200, (user, key, value)
        response = client.get(DASHBOARD, {"start": value, "end": "2026-03-31", "province": value})
        assert response.status_code == 200
        response = client.get(DASHBOARD, {"start": "2026-03-01", "end": value})
        assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        {"start": "2026-03-01", "end": "9999-12-31"},
        {"start": "9999-12-30", "end": "9999-12-31"},
        {"start": "2000-01-01", "end": "2000-12-31"},
        {"month": "2000-01"},
        {"start": "1999-12-31", "end": "2000-01-01"},
        {"month": "2026-03", "start": "2026-03-01", "end": "2026-03-31"},
    ],
)
def test_periods_at_the_edges(client, world, analyst, query):
    assert login(client, analyst).get(DASHBOARD, query).status_code == 200


@pytest.mark.parametrize("value", ODD_VALUES)
def test_odd_input_never_crashes_the_summary_pages(client, world, ca_officer, analyst, value):
    summary = summary_compute(month=MARCH.start, province=None, user=analyst)
    for user in (ca_officer, analyst):
        login(client, user)
        response = client.get(COMPUTE, {"month": value, "province": value})
        assert response.status_code == 200
        response = client.post(COMPUTE, {"month": value, "province": value})
        assert response.status_code == 200  # the form again, with its errors
        response = client.post(COMPUTE, {"month": "2026-03", "province": value})
        assert response.status_code in (200, 302)
        response = client.get(reverse("insights:summary_list"), {"page": value})
        assert response.status_code in (200, 404)
        response = client.get(summary.get_absolute_url(), {"page": value})
        assert response.status_code in (200, 404)
    assert client.get("/indicators/summaries/99999999999999999999/").status_code == 404
    assert client.post("/indicators/summaries/99999999999999999999/pdf/").status_code == 404
    assert client.get("/indicators/summaries/abc/").status_code == 404
