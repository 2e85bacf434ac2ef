"""Every count of the indicators links to the list holding exactly the records it counts: each
link is followed, as a user who may see those records, and the list's row count is the
figure. On the hand-built world (``conftest.world``): March 2026, a custom range of days, the
month before and the same month a year before; every province and Nord-Kivu alone."""

from __future__ import annotations

import csv
import io
from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from jpt.accounts.choices import Sex, StaffCategory
from jpt.insights.figures import CURRENT, PREVIOUS, YEAR_BEFORE, Scope, compute_figures
from jpt.insights.periods import Period
from jpt.insights.presenter import Links, present_figures
from missions.choices import ConsultationType, TeamRole
from recommendations.models import CommunityAlert
from reports.choices import PerpetratorCategory, ReportStatus, ThreatType, Trend
from tests.factories import (
    ConsultationFactory,
    ReportFactory,
    TeamMemberFactory,
    ThreatFactory,
    UserFactory,
)

from .conftest import MARCH, local
from .test_presenter import every_cell, table

pytestmark = pytest.mark.django_db

PEOPLE = "participants-by-type"

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


PARTICIPANTS = ("Women", "Men", "Girls", "Boys")


# The tables of people with links -> the list their counts add up, and the export's header of
# each column of the table (when it is not the table's own).
PEOPLE_TABLES = {
    PEOPLE: ("missions:consultation_list", {}),
    "visits-people": ("recommendations:visit_list", {"Women": "Women met", "Men": "Men met"}),
    "support-by-sex": ("recommendations:support_list", {}),
}


def summed(client, url, columns=PARTICIPANTS, table_id=PEOPLE) -> int:
    """The people behind ``url``: ``columns`` of the table ``table_id`` added up over every row
    of its list (the list's CSV export, every page; an empty count is 0)."""
    route, headers = PEOPLE_TABLES[table_id]
    assert urlparse(url).path == reverse(route), url
    response = client.get(f"{url}&export=csv" if "?" in url else f"{url}?export=csv")
    assert response.status_code == 200, url
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    return sum(int(row[headers.get(column, column)] or 0) for row in rows for column in columns)


def people_cells(t):
    """(cell, the columns it adds up) of a table of people: a column's cells and total are
    that column, a row's total and the grand total the four."""
    for row in t.rows:
        yield from zip(row.cells, [(c,) for c in t.columns], strict=True)
        yield row.total, tuple(t.columns)
    yield from zip(t.totals, [(c,) for c in t.columns], strict=True)
    yield t.grand, tuple(t.columns)


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
    # Every list is followed, the threat and consultation lists included; the participants
    # (people) are the sum of their columns over the meetings listed, not a count of them.
    lists = {urlparse(cell.url).path for cell in cells}
    assert reverse("reports:threat_list") in lists
    assert reverse("missions:consultation_list") in lists
    people = {
        id(c): (columns, table_id)
        for table_id in PEOPLE_TABLES
        for c, columns in people_cells(table(presentation, table_id))
    }
    # The people met on visits and the recipients of material support are linked too.
    for table_id in PEOPLE_TABLES:
        assert any(c.url for c, _columns in people_cells(table(presentation, table_id))), table_id
    for cell in cells:
        if id(cell) in people:
            columns, table_id = people[id(cell)]
            assert summed(client, cell.url, columns, table_id) == cell.value, cell.url
        else:
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


@pytest.mark.parametrize("user_scope", ["all", "nord-kivu"])
def test_the_review_stages_link_to_the_stages_counted(world, viewer, user_scope):
    """Per level: the stages that ended in the period, those returned to the team and those
    past their deadline open the list of review stages, which holds that many; the median and
    the 90th percentile (days, not records) have no link of their own."""
    client = viewer(user_scope)
    presentation = presented(world, user_scope, MARCH)
    t = table(presentation, "review-times")
    assert t.rows
    followed_cells = 0
    for row in t.rows:
        stages, median, p90, returned, late = row.cells
        assert stages.value and stages.url
        assert not median.url and not p90.url
        for cell, wanted in (
            (stages, {}),
            (returned, {"outcome": ["returned"]}),
            (late, {"late": ["true"]}),
        ):
            if not cell.value:
                assert not cell.url
                continue
            assert followed(client, cell, "reports:review_stage_list") == cell.value, cell.url
            query = parse_qs(urlparse(cell.url).query)
            assert query["closed_from"] == ["2026-03-01"] and query["closed_to"] == ["2026-03-31"]
            assert {k: v for k, v in query.items() if k in ("outcome", "late")} == wanted
            followed_cells += 1
    assert followed_cells >= len(t.rows)


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
    """One report per mission: the missions whose report was first submitted in the period,
    and of them those whose report has the sexual-violence analysis filled, or women's
    organisations consulted on its plan (r1 has both, r2 neither)."""
    client = viewer(user_scope)
    presentation = presented(world, user_scope, MARCH)
    submitted, filled, women_orgs = table(presentation, "reports").rows[0].cells
    assert submitted.value
    assert followed(client, submitted, "missions:mission_list") == submitted.value
    query = parse_qs(urlparse(submitted.url).query)
    assert query["report_submitted_from"] == ["2026-03-01"]
    assert query["report_submitted_to"] == ["2026-03-31"]
    for cell, has in ((filled, "sv_analysis"), (women_orgs, "womens_organizations")):
        assert cell.value == 1
        assert followed(client, cell, "missions:mission_list") == 1, has
        query = parse_qs(urlparse(cell.url).query)
        assert query["report_has"] == [has]
        assert query["report_submitted_from"] == ["2026-03-01"]
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


def threat_cells(t) -> list[tuple[str, object]]:
    """Every count of a threat table with where it is: cells, row totals, column totals and
    the grand total."""
    cells = []
    for row in t.rows:
        cells += [(f"{row.label} / {t.columns[j]}", c) for j, c in enumerate(row.cells)]
        cells.append((f"{row.label} / total", row.total))
    cells += [(f"total / {t.columns[j]}", c) for j, c in enumerate(t.totals)]
    cells.append(("grand total", t.grand))
    return cells


# (scope) -> the threats by type and trend of March (and of 6-20 March: r1 of the 12th in
# Nord-Kivu, r2 of the 20th in Sud-Kivu), as the world counts them by hand.
THREATS_BY_TYPE = {
    "all": {
        (ThreatType.ATTACK, Trend.RISING): 1,
        (ThreatType.ATTACK, Trend.STABLE): 1,
        (ThreatType.SEXUAL_VIOLENCE, Trend.RISING): 1,
        (ThreatType.LOOTING, Trend.FALLING): 1,
    },
    "nord-kivu": {
        (ThreatType.ATTACK, Trend.RISING): 1,
        (ThreatType.ATTACK, Trend.STABLE): 1,
        (ThreatType.SEXUAL_VIOLENCE, Trend.RISING): 1,
    },
}


@pytest.mark.parametrize("user_scope", ["all", "nord-kivu"])
@pytest.mark.parametrize("period", [MARCH, DAYS], ids=["march", "6-20 march"])
def test_every_count_of_threats_links_to_the_threats_counted(world, viewer, user_scope, period):
    """Each cell, row total, column total and the grand total of the two threat tables, and
    the headline figure: the threat list behind it holds exactly that many threats."""
    client = viewer(user_scope)
    presentation = presented(world, user_scope, period)
    by_type = table(presentation, "threats-by-type")
    expected = THREATS_BY_TYPE[user_scope]
    assert by_type.grand.value == sum(expected.values())
    for (threat_type, trend), n in expected.items():
        i = [r.label for r in by_type.rows].index(ThreatType(threat_type).label)
        j = by_type.columns.index(Trend(trend).label)
        assert by_type.rows[i].cells[j].value == n
    for t in (by_type, table(presentation, "threats-by-perpetrator")):
        counted = 0
        for where, cell in threat_cells(t):
            if not cell.value:
                assert not cell.url, (t.id, where)
                continue
            counted += 1
            assert followed(client, cell, "reports:threat_list") == cell.value, (t.id, where)
            query = parse_qs(urlparse(cell.url).query)
            assert query["submitted_from"] == [period.start.isoformat()]
            assert query["submitted_to"] == [period.end.isoformat()]
        assert counted > len(t.rows), t.id  # cells and margins, not the grand total alone
    kpi = next(k for k in presentation.kpis if k.id == "threats")
    assert kpi.current.value == by_type.grand.value
    assert kpi.current.url == by_type.grand.url


def test_a_threat_cell_filters_by_type_perpetrator_and_trend(world, viewer):
    client = viewer("all")
    presentation = presented(world, "all", MARCH)
    by_type = table(presentation, "threats-by-type")
    attack = by_type.rows[[r.label for r in by_type.rows].index(ThreatType.ATTACK.label)]
    rising = by_type.columns.index(Trend.RISING.label)
    query = parse_qs(urlparse(attack.cells[rising].url).query)
    assert query["threat_type"] == [ThreatType.ATTACK]
    assert query["trend"] == [Trend.RISING]
    assert "perpetrator" not in query
    assert "trend" not in parse_qs(urlparse(attack.total.url).query)
    by_perpetrator = table(presentation, "threats-by-perpetrator")
    army = by_perpetrator.rows[
        [r.label for r in by_perpetrator.rows].index(PerpetratorCategory.NATIONAL_ARMY.label)
    ]
    stable = by_perpetrator.columns.index(Trend.STABLE.label)
    query = parse_qs(urlparse(army.cells[stable].url).query)
    assert query["perpetrator"] == [PerpetratorCategory.NATIONAL_ARMY]
    assert "threat_type" not in query
    assert followed(client, army.cells[stable], "reports:threat_list") == 1
    # The February report's threat is the previous month's.
    kpi = next(k for k in presentation.kpis if k.id == "threats")
    assert kpi.previous.value == 1
    assert followed(client, kpi.previous, "reports:threat_list") == 1


def test_threats_of_reports_submitted_late_on_the_last_day_belong_to_it(world, viewer):
    """By local days, as the figures count them: a report first submitted at 23:30 on the 20th
    is in 6-20 March, one at 00:30 on the 21st is not; a draft (never submitted) in neither."""
    m2, m3, m4 = world.missions[1:4]  # Nord-Kivu's missions without a report
    assert {m.province_id for m in (m2, m3, m4)} == {world.places.nord_kivu.pk}
    late = ReportFactory(
        mission=m2, status=ReportStatus.IN_REVIEW, submitted_at=local(date(2026, 3, 20), 23, 30)
    )
    after = ReportFactory(
        mission=m3, status=ReportStatus.IN_REVIEW, submitted_at=local(date(2026, 3, 21), 0, 30)
    )
    draft = ReportFactory(mission=m4, status=ReportStatus.DRAFT)
    for report in (late, after, draft):
        ThreatFactory(report=report, threat_type=ThreatType.ABDUCTION)
    client = viewer("nord-kivu")
    by_type = table(presented(world, "nord-kivu", DAYS), "threats-by-type")
    abduction = by_type.rows[[r.label for r in by_type.rows].index(ThreatType.ABDUCTION.label)]
    assert abduction.total.value == 1
    assert followed(client, abduction.total, "reports:threat_list") == 1
    assert by_type.grand.value == 4
    assert followed(client, by_type.grand, "reports:threat_list") == 4


def test_the_dashboard_links_threats_for_civil_affairs_not_for_analysts(
    client, world, ca_officer, analyst
):
    threats = reverse("reports:threat_list")
    query = {"month": "2026-03"}
    client.force_login(ca_officer)
    content = client.get(reverse("insights:dashboard"), query).content.decode()
    assert f'href="{threats}?submitted_from=2026-03-01&amp;submitted_to=2026-03-31' in content
    client.force_login(analyst)
    content = client.get(reverse("insights:dashboard"), query).content.decode()
    assert threats not in content
    assert client.get(threats).status_code == 403


# (scope, period) -> the meetings by type, as the world counts them by hand: March, Nord-Kivu's
# m1 met local leaders on the 6th, local women on the 7th and a women's organisation at 23:30
# on the 31st (m2's meeting at 00:30 on 1 April is April's); 6-20 March, the first two. Every
# province adds Sud-Kivu's m5 meeting local leaders on the 10th (``sud_meeting``).
MEETINGS = {
    ("all", MARCH): {
        ConsultationType.LOCAL_LEADERS: 2,
        ConsultationType.LOCAL_WOMEN: 1,
        ConsultationType.WOMENS_ORGANIZATION: 1,
    },
    ("nord-kivu", MARCH): {
        ConsultationType.LOCAL_LEADERS: 1,
        ConsultationType.LOCAL_WOMEN: 1,
        ConsultationType.WOMENS_ORGANIZATION: 1,
    },
    ("all", DAYS): {ConsultationType.LOCAL_LEADERS: 2, ConsultationType.LOCAL_WOMEN: 1},
    ("nord-kivu", DAYS): {ConsultationType.LOCAL_LEADERS: 1, ConsultationType.LOCAL_WOMEN: 1},
}


@pytest.fixture
def sud_meeting(world):
    """Sud-Kivu's m5 met local leaders on 10 March: in every province's figures, never in
    Nord-Kivu's nor in the Nord-Kivu officer's list."""
    m5 = world.missions[4]
    assert m5.province_id == world.places.sud_kivu.pk
    return ConsultationFactory(
        mission=m5, held_at=local(date(2026, 3, 10)), locality=world.places.matili
    )


@pytest.mark.parametrize("key", list(MEETINGS), ids=lambda k: f"{k[0]}-{k[1].start:%d}")
def test_every_count_of_meetings_links_to_the_meetings_counted(world, sud_meeting, viewer, key):
    """Each count of meetings of a type: the consultation list behind it holds exactly those
    meetings (the period's local days, the province, the type); the headline "meetings with
    local women" is its row's link."""
    user_scope, period = key
    client = viewer(user_scope)
    presentation = presented(world, user_scope, period)
    meetings = table(presentation, "meetings-by-type")
    expected = MEETINGS[key]
    assert {row.label: row.cells[0].value for row in meetings.rows} == {
        ConsultationType(kind).label: n for kind, n in expected.items()
    }
    for row in meetings.rows:
        count, missions = row.cells
        assert followed(client, count, "missions:consultation_list") == count.value, row.label
        query = parse_qs(urlparse(count.url).query)
        assert query["held_from"] == [period.start.isoformat()]
        assert query["held_to"] == [period.end.isoformat()]
        assert query["kind"] == [next(k for k in ConsultationType if k.label == row.label).value]
        if user_scope == "nord-kivu":
            assert query["province"] == [str(world.places.nord_kivu.pk)]
        else:
            assert "province" not in query
        assert missions.value and missions.url, row.label
    kpi = next(k for k in presentation.kpis if k.id == "women_meetings")
    women = meetings.rows[
        [r.label for r in meetings.rows].index(ConsultationType.LOCAL_WOMEN.label)
    ].cells[0]
    assert kpi.current.value == women.value == 1
    assert kpi.current.url == women.url


def test_meetings_late_on_the_last_day_belong_to_it_in_the_list_too(world, viewer):
    """By local days, as the figures count them: the women's organisation met at 23:30 on 31
    March is March's; m2's local leaders at 00:30 on 1 April are April's, not March's."""
    client = viewer("nord-kivu")
    meetings = table(presented(world, "nord-kivu", MARCH), "meetings-by-type")
    by_label = {row.label: row.cells[0] for row in meetings.rows}
    womens_org = by_label[ConsultationType.WOMENS_ORGANIZATION.label]
    assert womens_org.value == 1
    assert followed(client, womens_org, "missions:consultation_list") == 1
    leaders = by_label[ConsultationType.LOCAL_LEADERS.label]
    assert leaders.value == 1
    assert followed(client, leaders, "missions:consultation_list") == 1
    april = Period(date(2026, 4, 1), date(2026, 4, 30))
    leaders = table(presented(world, "nord-kivu", april), "meetings-by-type").rows[0].cells[0]
    assert leaders.value == 1
    assert followed(client, leaders, "missions:consultation_list") == 1


def test_the_periods_compared_link_meetings_to_their_own_lists(world, viewer):
    """No meeting with local women in February: no link on the zero; in March one, and the
    list of March holds it."""
    client = viewer("all")
    kpi = next(k for k in presented(world, "all", MARCH).kpis if k.id == "women_meetings")
    assert kpi.previous.value == 0 and not kpi.previous.url
    assert followed(client, kpi.current, "missions:consultation_list") == 1


def test_the_dashboard_links_meetings_for_civil_affairs_not_for_analysts(
    client, world, ca_officer, analyst
):
    consultations = reverse("missions:consultation_list")
    query = {"month": "2026-03"}
    client.force_login(ca_officer)
    content = client.get(reverse("insights:dashboard"), query).content.decode()
    assert f'href="{consultations}?' in content
    assert "kind=local_women&amp;held_from=2026-03-01&amp;held_to=2026-03-31" in content
    client.force_login(analyst)
    content = client.get(reverse("insights:dashboard"), query).content.decode()
    assert consultations not in content
    assert client.get(consultations).status_code == 403


@pytest.fixture
def second_meeting(world):
    """m1 met local leaders again on 20 March: two meetings, still one mission."""
    return ConsultationFactory(
        mission=world.missions[0], held_at=local(date(2026, 3, 20)), locality=world.places.ntoto
    )


@pytest.mark.parametrize("key", list(MEETINGS), ids=lambda k: f"{k[0]}-{k[1].start:%d}")
def test_every_count_of_missions_that_met_links_to_the_missions_counted(
    world, sud_meeting, second_meeting, viewer, key
):
    """The "Missions" column of the meetings by type: the mission list behind each cell (a
    meeting of that type in the period's local days, the province) holds exactly the missions
    counted, each once however many meetings it held."""
    user_scope, period = key
    client = viewer(user_scope)
    meetings = table(presented(world, user_scope, period), "meetings-by-type")
    missions_column = meetings.columns.index("Missions")
    expected = MEETINGS[key]
    assert {row.label: row.cells[missions_column].value for row in meetings.rows} == {
        ConsultationType(kind).label: n for kind, n in expected.items()
    }
    leaders = next(r for r in meetings.rows if r.label == ConsultationType.LOCAL_LEADERS.label)
    assert leaders.cells[0].value == expected[ConsultationType.LOCAL_LEADERS] + 1
    for row in meetings.rows:
        missions = row.cells[missions_column]
        assert followed(client, missions, "missions:mission_list") == missions.value, row.label
        query = parse_qs(urlparse(missions.url).query)
        kind = next(k for k in ConsultationType if k.label == row.label).value
        assert query["held"] == [kind]
        assert query["held_from"] == [period.start.isoformat()]
        assert query["held_to"] == [period.end.isoformat()]
        assert "departure_from" not in query
        if user_scope == "nord-kivu":
            assert query["province"] == [str(world.places.nord_kivu.pk)]
        else:
            assert "province" not in query


def test_missions_that_met_late_on_the_last_day_belong_to_it_in_the_list_too(world, viewer):
    """m1's women's organisation at 23:30 on 31 March is March's; m2's local leaders at 00:30
    on 1 April are April's: March's leaders are m1's alone, April's m2's."""
    client = viewer("nord-kivu")
    by_label = {
        row.label: row.cells[1]
        for row in table(presented(world, "nord-kivu", MARCH), "meetings-by-type").rows
    }
    for kind in (ConsultationType.WOMENS_ORGANIZATION, ConsultationType.LOCAL_LEADERS):
        assert by_label[kind.label].value == 1
        assert followed(client, by_label[kind.label], "missions:mission_list") == 1
    april = Period(date(2026, 4, 1), date(2026, 4, 30))
    missions = table(presented(world, "nord-kivu", april), "meetings-by-type").rows[0].cells[1]
    assert missions.value == 1
    response = client.get(missions.url)
    assert [m.pk for m in response.context["paginator"].object_list] == [world.missions[1].pk]


@pytest.mark.parametrize("key", list(MEETINGS), ids=lambda k: f"{k[0]}-{k[1].start:%d}")
def test_every_count_of_participants_is_the_sum_over_the_meetings_linked(
    world, sud_meeting, viewer, key
):
    """People, not rows: each shown count of participants links to the consultation list of
    the meetings counted (the type, or every type for a column total; the period's local days;
    the province), and the cell is its column (the four, for a total) summed over every row
    of that list. A hidden count ("<5", "×") carries no link."""
    user_scope, period = key
    client = viewer(user_scope)
    participants = table(presented(world, user_scope, period), PEOPLE)
    assert participants.columns == list(PARTICIPANTS)
    cells = list(people_cells(participants))
    assert not [c for c, _columns in cells if c.hidden and c.url]
    shown = [(c, columns) for c, columns in cells if not c.hidden and c.value]
    assert shown
    for cell, columns in shown:
        assert summed(client, cell.url, columns) == cell.value, (cell.url, columns)
        query = parse_qs(urlparse(cell.url).query)
        assert query["held_from"] == [period.start.isoformat()]
        assert query["held_to"] == [period.end.isoformat()]
        if user_scope == "nord-kivu":
            assert query["province"] == [str(world.places.nord_kivu.pk)]
        else:
            assert "province" not in query
    # Row cells and row totals are of their type; column totals and the grand total of all.
    for row in participants.rows:
        kind = next(k for k in ConsultationType if k.label == row.label).value
        for cell in [*row.cells, row.total]:
            if cell.url:
                assert parse_qs(urlparse(cell.url).query)["kind"] == [kind]
    for cell in [*participants.totals, participants.grand]:
        if cell.url:
            assert "kind" not in parse_qs(urlparse(cell.url).query)


def test_the_dashboard_links_missions_that_met_and_participants_not_for_analysts(
    client, world, ca_officer, analyst
):
    missions = reverse("missions:mission_list")
    consultations = reverse("missions:consultation_list")
    query = {"month": "2026-03"}
    client.force_login(ca_officer)
    content = client.get(reverse("insights:dashboard"), query).content.decode()
    assert (
        f'href="{missions}?held=local_leaders&amp;held_from=2026-03-01&amp;held_to=2026-03-31"'
        in (content)
    )
    # The participants' column totals: every type of meeting.
    assert f'href="{consultations}?held_from=2026-03-01&amp;held_to=2026-03-31"' in content
    client.force_login(analyst)
    content = client.get(reverse("insights:dashboard"), query).content.decode()
    assert "held=" not in content and consultations not in content


def test_a_hidden_count_of_participants_has_no_link(world, viewer):
    """March, Nord-Kivu: the women's organisation's one man is "<5": neither its number nor a
    link, nor on the cells hidden with it; the shown cells of the row are linked."""
    participants = table(presented(world, "nord-kivu", MARCH), PEOPLE)
    row = next(
        r for r in participants.rows if r.label == ConsultationType.WOMENS_ORGANIZATION.label
    )
    men = row.cells[participants.columns.index("Men")]
    assert men.hidden and men.value is None and not men.url
    hidden = [c for c, _columns in people_cells(participants) if c.hidden]
    assert men in hidden and not [c for c in hidden if c.url]
    assert [c for c, _columns in people_cells(participants) if c.url]


# The tables of team members: what each column, then the row's total, filters the team list by.
CLI = {"role": ["interpreter"]}
TEAM_TABLES = {
    "team-by-sex": ([{"sex": ["woman"]}, {"sex": ["man"]}], {}),
    "team-by-category": (
        [{"category": ["national"]}, {"category": ["international"]}, {"category": ["external"]}],
        {},
    ),
    "cli-by-sex": ([{**CLI, "sex": ["woman"]}, {**CLI, "sex": ["man"]}], CLI),
}


@pytest.fixture
def big_teams(world):
    """Enough team members in March for every count of the team tables to show (none under
    5): Nord-Kivu's m2 (leaving on 20 March) gets 5 national women CLIs, 5 international men
    CLIs and 5 external participants."""
    m2 = world.missions[1]
    for sex, category in (
        (Sex.FEMALE, StaffCategory.NATIONAL),
        (Sex.MALE, StaffCategory.INTERNATIONAL),
    ):
        for _ in range(5):
            TeamMemberFactory(
                mission=m2,
                user=UserFactory(sex=sex, staff_category=category),
                role=TeamRole.INTERPRETER,
                accepted=True,
            )
    TeamMemberFactory.create_batch(5, mission=m2, external=True)
    return world


@pytest.mark.parametrize("user_scope", ["all", "nord-kivu"])
def test_every_count_of_team_members_links_to_the_members_counted(big_teams, viewer, user_scope):
    """Each cell and total of the team tables (by sex, by staff category, the CLIs on the
    teams): the team list behind it, filtered by the period's departures, holds exactly that
    many members."""
    client = viewer(user_scope)
    presentation = presented(big_teams, user_scope, MARCH)
    followed_cells = 0
    for table_id, (filters, total) in TEAM_TABLES.items():
        t = table(presentation, table_id)
        row = t.rows[0]
        for cell, wanted in [*zip(row.cells, filters, strict=True), (row.total, total)]:
            assert not cell.hidden, (table_id, cell)
            assert followed(client, cell, "missions:team_member_list") == cell.value, cell.url
            query = parse_qs(urlparse(cell.url).query)
            assert query["departure_from"] == ["2026-03-01"]
            assert query["departure_to"] == ["2026-03-31"]
            assert {k: v for k, v in query.items() if k in ("sex", "category", "role")} == wanted
            followed_cells += 1
    assert followed_cells == 10


def test_key_stakeholders_and_clis_on_staff_stay_unlinked(big_teams):
    """No list of key stakeholders (their names and numbers stay on the mission page), and
    the CLIs on staff are today's users, not the period's."""
    presentation = presented(big_teams, "all", MARCH)
    stakeholders = table(presentation, "stakeholders-by-sex")
    cells = [*stakeholders.rows[0].cells, stakeholders.rows[0].total]
    cells += [*stakeholders.totals, stakeholders.grand]
    on_staff = table(presentation, "cli-by-sex").rows[1]
    assert not [c for c in [*cells, *on_staff.cells, on_staff.total] if c.url]


def test_the_dashboard_links_team_members_for_civil_affairs_not_for_analysts(
    client, big_teams, ca_officer, analyst
):
    query = {"month": "2026-03"}
    team_list = reverse("missions:team_member_list")
    client.force_login(ca_officer)
    content = client.get(reverse("insights:dashboard"), query).content.decode()
    assert f'href="{team_list}?' in content
    client.force_login(analyst)
    content = client.get(reverse("insights:dashboard"), query).content.decode()
    assert team_list not in content


@pytest.mark.parametrize("user_scope", ["all", "nord-kivu"])
def test_what_the_visits_saw_links_to_the_observations_counted(world, viewer, user_scope):
    """Each count of the findings (one a visit and a recommendation) opens the list of
    observations of the period's visits with that finding: it holds that many."""
    client = viewer(user_scope)
    presentation = presented(world, user_scope, MARCH)
    t = table(presentation, "findings")
    cells = [*t.rows[0].cells, t.rows[0].total, *t.totals, t.grand]
    linked = [c for c in cells if c.url]
    assert linked and all(c.value for c in linked)
    for cell in linked:
        assert followed(client, cell, "recommendations:observation_list") == cell.value
        query = parse_qs(urlparse(cell.url).query)
        assert query["visited_from"] == ["2026-03-01"] and query["visited_to"] == ["2026-03-31"]
    as_planned = t.rows[0].cells[0]
    assert parse_qs(urlparse(as_planned.url).query)["finding"] == ["as_planned"]
