"""Every count of the indicators links to the list holding exactly the records it counts: each
link is followed, as a user who may see those records, and the list's row count is the
figure. On the hand-built world (``conftest.world``): March 2026, a custom range of days, the
month before and the same month a year before; every province and Nord-Kivu alone."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from jpt.insights.figures import CURRENT, PREVIOUS, YEAR_BEFORE, Scope, compute_figures
from jpt.insights.periods import Period
from jpt.insights.presenter import Links, present_figures
from recommendations.models import CommunityAlert

from .conftest import MARCH, local
from .test_presenter import every_cell, table

pytestmark = pytest.mark.django_db

# 6 to 20 March: the alerts of the 6th and 7th (Nord-Kivu) and of the 8th (Sud-Kivu); the
# Nord-Kivu visit of the 10th (urgent, with a meeting with women), not the Sud-Kivu one (28th).
DAYS = Period(date(2026, 3, 6), date(2026, 3, 20))


def presented(world, user_scope, period, plan_used=True):
    """The presentation with links as the user sees it: every province (``None``) or
    Nord-Kivu's. One alert of the 6th March had the protection plan used (none in the world)."""
    if plan_used:
        CommunityAlert.objects.filter(received_at=local(date(2026, 3, 6), 8)).update(plan_used=True)
    nk = world.places.nord_kivu
    if user_scope == "all":
        figures, links = compute_figures(period), Links(period, None)
    else:
        figures, links = compute_figures(period, Scope.of([nk])), Links(period, nk.pk)
    return present_figures(figures, links=links)


def listed(client, url) -> int:
    """How many rows the list behind ``url`` holds (every page)."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["paginator"].count


def followed(client, cell, path_name: str) -> int:
    assert cell.url, cell
    assert urlparse(cell.url).path == reverse(path_name)
    return listed(client, cell.url)


@pytest.fixture
def viewer(client, kinshasa_smg, ca_officer):
    """Log in the user of a scope: Kinshasa SMG-P sees every province, the Civil Affairs
    officer Nord-Kivu only."""

    def login(user_scope):
        client.force_login(kinshasa_smg if user_scope == "all" else ca_officer)
        return client

    return login


@pytest.mark.parametrize("user_scope", ["all", "nord-kivu"])
@pytest.mark.parametrize("period", [MARCH, DAYS], ids=["march", "6-20 march"])
def test_every_link_lists_exactly_the_records_counted(world, viewer, user_scope, period):
    """Whatever is linked, in every table and headline figure: the list holds that many."""
    client = viewer(user_scope)
    presentation = presented(world, user_scope, period)
    cells = [cell for cell in every_cell(presentation) if cell.url]
    assert cells
    for cell in cells:
        assert listed(client, cell.url) == cell.value, cell.url


# (scope, period) -> (visits, urgent, meeting with women)
VISITS = {
    ("all", MARCH): (2, 1, 1),
    ("nord-kivu", MARCH): (1, 1, 1),
    ("all", DAYS): (1, 1, 1),
    ("nord-kivu", DAYS): (1, 1, 1),
}


@pytest.mark.parametrize("key", list(VISITS), ids=lambda k: f"{k[0]}-{k[1].start:%d}")
def test_follow_up_visits_link_to_the_filtered_visit_list(world, viewer, key):
    user_scope, period = key
    client = viewer(user_scope)
    presentation = presented(world, user_scope, period)
    visits, urgent, meeting = table(presentation, "visits").rows[0].cells[:3]
    assert (visits.value, urgent.value, meeting.value) == VISITS[key]
    for cell in (visits, urgent, meeting):
        assert followed(client, cell, "recommendations:visit_list") == cell.value
    query = parse_qs(urlparse(urgent.url).query)
    assert query["visited_from"] == [period.start.isoformat()]
    assert query["visited_to"] == [period.end.isoformat()]
    assert query["urgent"] == ["true"]
    assert parse_qs(urlparse(meeting.url).query)["women_meeting"] == ["true"]
    # The headline figures: the same lists.
    kpis = {kpi.id: kpi for kpi in presentation.kpis}
    assert kpis["visits"].current.url == visits.url
    assert kpis["urgent"].current.url == urgent.url


# (scope, period) -> (alerts, with a response, relayed, protection plan used)
ALERTS = {
    ("all", MARCH): (4, 3, 4, 1),
    ("nord-kivu", MARCH): (3, 2, 3, 1),
    ("all", DAYS): (3, 2, 3, 1),
    ("nord-kivu", DAYS): (2, 1, 2, 1),
}


@pytest.mark.parametrize("key", list(ALERTS), ids=lambda k: f"{k[0]}-{k[1].start:%d}")
def test_alerts_of_any_period_link_to_the_filtered_alert_list(world, viewer, key):
    user_scope, period = key
    client = viewer(user_scope)
    row = table(presented(world, user_scope, period), "alerts").rows[0].cells
    alerts, responded, relayed, plan = row[0], row[1], row[4], row[5]
    assert (alerts.value, responded.value, relayed.value, plan.value) == ALERTS[key]
    for cell in (alerts, responded, relayed, plan):
        assert followed(client, cell, "recommendations:alert_list") == cell.value
    query = parse_qs(urlparse(alerts.url).query)
    assert query["received_from"] == [period.start.isoformat()]
    assert query["received_to"] == [period.end.isoformat()]
    assert "month" not in query


def test_alerts_late_on_the_last_day_belong_to_it_in_the_list_too(world, viewer):
    """23:30 on the 20th is in 6-20 March, 00:30 on the 21st is not: by local days, as the
    figures count them."""
    nk, places = world.places.nord_kivu, world.places
    for moment in (local(date(2026, 3, 20), 23, 30), local(date(2026, 3, 21), 0, 30)):
        CommunityAlert.objects.create(
            received_at=moment,
            cli=world.cli_nk,
            province=nk,
            locality=places.ntoto,
            channel="phone",
            threat_type="attack",
            source="local_leader",
        )
    client = viewer("nord-kivu")
    alerts = table(presented(world, "nord-kivu", DAYS), "alerts").rows[0].cells[0]
    assert alerts.value == 3
    assert followed(client, alerts, "recommendations:alert_list") == 3


def test_the_periods_compared_link_to_their_own_lists(world, viewer):
    """The headline figures of February and of March 2025 link to those months' lists."""
    client = viewer("all")
    kpis = {kpi.id: kpi for kpi in presented(world, "all", MARCH).kpis}
    missions = kpis["missions"]
    assert (missions.previous.value, missions.year_before.value) == (1, 1)
    assert parse_qs(urlparse(missions.previous.url).query) == {
        "departure_from": ["2026-02-01"],
        "departure_to": ["2026-02-28"],
    }
    assert parse_qs(urlparse(missions.year_before.url).query)["departure_from"] == ["2025-03-01"]
    for cell in (missions.current, missions.previous, missions.year_before):
        assert followed(client, cell, "missions:mission_list") == cell.value
    recommendations = kpis["recommendations"]
    assert recommendations.previous.value == 1  # r0's, submitted in February
    assert followed(client, recommendations.previous, "recommendations:recommendation_list") == 1
    # No visit in February nor in March 2025: no link on a zero.
    assert kpis["visits"].values[PREVIOUS].value == 0
    assert not kpis["visits"].values[PREVIOUS].url
    assert not kpis["urgent"].values[YEAR_BEFORE].url
    assert kpis["visits"].values[CURRENT].url


def test_counts_without_a_list_of_their_own_stay_unlinked(world):
    """Threats, meetings, team members, stakeholders, review stages, observations, and the
    missions counted by their meetings: no list filters to them."""
    presentation = presented(world, "all", MARCH)
    kpis = {kpi.id: kpi for kpi in presentation.kpis}
    for kpi_id in ("threats", "women_meetings"):
        assert kpis[kpi_id].current.value and not kpis[kpi_id].current.url, kpi_id
    for table_id in (
        "threats-by-type",
        "meetings-by-type",
        "team-by-category",
        "review-times",
        "findings",
    ):
        t = table(presentation, table_id)
        cells = [c for row in t.rows for c in [*row.cells, row.total] if c]
        cells += [*(t.totals or []), *([t.grand] if t.grand else [])]
        assert any(c.value for c in cells), table_id
        assert not [c for c in cells if c.url], table_id


def test_the_dashboard_links_visits_and_alerts_of_a_custom_period(
    client, world, ca_officer, analyst
):
    """On the page: the drill-down links for Civil Affairs, none for analysts."""
    query = {"start": "2026-03-06", "end": "2026-03-20"}
    client.force_login(ca_officer)
    content = client.get(reverse("insights:dashboard"), query).content.decode()
    visits = reverse("recommendations:visit_list")
    alerts = reverse("recommendations:alert_list")
    assert f'href="{visits}?visited_from=2026-03-06&amp;visited_to=2026-03-20' in content
    assert f'href="{alerts}?received_from=2026-03-06&amp;received_to=2026-03-20' in content
    client.force_login(analyst)
    content = client.get(reverse("insights:dashboard"), query).content.decode()
    assert visits not in content and f'href="{alerts}?' not in content


@pytest.mark.parametrize("user_scope", ["all", "nord-kivu"])
def test_reports_submitted_link_to_their_missions(world, viewer, user_scope):
    """One report per mission: the missions whose report was first submitted in the period.
    The other counts of the reports table (analysis filled, women's organisations) have no
    list of their own."""
    client = viewer(user_scope)
    presentation = presented(world, user_scope, MARCH)
    submitted, filled, women_orgs = table(presentation, "reports").rows[0].cells
    assert submitted.value
    assert followed(client, submitted, "missions:mission_list") == submitted.value
    query = parse_qs(urlparse(submitted.url).query)
    assert query["report_submitted_from"] == ["2026-03-01"]
    assert query["report_submitted_to"] == ["2026-03-31"]
    assert not filled.url and not women_orgs.url
    kpi = next(k for k in presentation.kpis if k.id == "reports")
    assert kpi.current.url == submitted.url


@pytest.mark.parametrize("user_scope", ["all", "nord-kivu"])
def test_missions_whose_team_includes_link_to_the_mission_list(world, viewer, user_scope):
    client = viewer(user_scope)
    presentation = presented(world, user_scope, MARCH)
    cells = table(presentation, "team-presence").rows[0].cells
    assert any(cell.value for cell in cells)
    for cell, what in zip(
        cells, ["woman", "gender_officer", "sv_expert", "cli", "stakeholder_woman"], strict=True
    ):
        if cell.value:
            assert followed(client, cell, "missions:mission_list") == cell.value, what
            assert parse_qs(urlparse(cell.url).query)["team_includes"] == [what]
