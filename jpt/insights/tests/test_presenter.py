"""The presenter: suppression applied to every table of people before anything is shown, no
hidden value or link left on a hidden cell, links to the lists behind the counts (or none),
and charts that never plot a hidden count."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from jpt.insights import suppression
from jpt.insights.charts import charts_for
from jpt.insights.figures import CURRENT, Scope, compute_figures
from jpt.insights.presenter import Links, present_figures

from .conftest import MARCH
from .test_suppression import assert_protected

pytestmark = pytest.mark.django_db


def table(presentation, table_id):
    for section in presentation.sections:
        for t in section.tables:
            if t.id == table_id:
                return t
    raise KeyError(table_id)


def every_cell(presentation):
    for kpi in presentation.kpis:
        yield from kpi.values.values()
    for section in presentation.sections:
        for t in section.tables:
            for row in t.rows:
                yield from row.cells
                if row.total:
                    yield row.total
            yield from t.totals or []
            if t.grand:
                yield t.grand


@pytest.fixture
def presented(world):
    return present_figures(compute_figures(MARCH))


def test_small_counts_of_people_show_less_than_five(presented):
    sexes = table(presented, "team-by-sex")
    # 3 women and 3 men of 6: both "<5"; 6 cannot give either back (2+4, 3+3, 4+2).
    assert [c.display for c in sexes.rows[0].cells] == ["<5", "<5"]
    assert sexes.rows[0].total.display == "6"
    assert all(c.value is None and not c.url for c in sexes.rows[0].cells)


def test_the_sexual_violence_table_cannot_be_worked_back(presented, world):
    """7 adult women, 2 girls, 1 adult man: the 2 and the 1 are "<5", and enough else is
    hidden that no count can be worked out from the rows and columns shown."""
    sv = table(presented, "sv-by-age-sex")
    assert [row.label for row in sv.rows] == ["Child (under 18)", "Adult", "Unknown"]
    assert sv.columns == ["Female", "Male", "Unknown"]
    shown = [[c.display for c in row.cells] for row in sv.rows]
    assert shown[0][0] == "<5"  # girls
    assert shown[1][1] == "<5"  # adult men
    hidden = {c.display for row in sv.rows for c in [*row.cells, row.total]} | {
        c.display for c in [*sv.totals, sv.grand]
    }
    assert not hidden & {"1", "2"}
    raw = [[2, 0, 0], [7, 1, 0], [0, 0, 0]]
    marks = suppression.suppress_table(raw)
    assert [[c.mark for c in row.cells] for row in sv.rows] == [list(r) for r in marks.cells]
    assert_protected(raw, marks)


def test_a_share_of_a_hidden_count_is_hidden(presented):
    women = next(k for k in presented.kpis if k.id == "women_share")
    assert women.current.display == "×" and women.current.value is None


def test_one_province_complementary_suppression_of_support(world):
    """Nord-Kivu: 12 women and 3 men received support, 15 in all: the 3 is "<5", and the 12
    is hidden too (15 − 12 would give it back)."""
    figures = compute_figures(MARCH, Scope.of([world.places.nord_kivu]))
    support = table(present_figures(figures), "support-by-sex")
    assert [c.display for c in support.rows[0].cells] == ["×", "<5"]
    assert support.rows[0].total.display == "15"
    share = next(k for k in present_figures(figures).kpis if k.id == "support_women_share")
    assert share.current.display == "×"


def test_records_are_not_suppressed(presented):
    missions = table(presented, "missions-by-province")
    assert [r.label for r in missions.rows] == ["Nord-Kivu", "Sud-Kivu"]
    assert missions.rows[0].total.display == "3"
    assert missions.grand.display == "4"


def test_without_links_no_cell_links_anywhere(presented):
    """Analysts and the PDF: aggregates only."""
    assert not presented.linked
    assert not [cell for cell in every_cell(presented) if cell.url]


def test_every_count_links_to_the_list_with_its_filters(world):
    nk = world.places.nord_kivu
    figures = compute_figures(MARCH)
    presented = present_figures(figures, links=Links(MARCH, None))
    missions = table(presented, "missions-by-province")
    attack = missions.columns.index("Attack")
    url = missions.rows[0].cells[attack].url
    parts = urlparse(url)
    assert parts.path == reverse("missions:mission_list")
    assert parse_qs(parts.query) == {
        "province": [str(nk.pk)],
        "trigger": ["attack"],
        "departure_from": ["2026-03-01"],
        "departure_to": ["2026-03-31"],
    }
    recs = table(presented, "recommendations-by-category")
    query = parse_qs(urlparse(recs.rows[0].cells[3].url).query)
    assert query["category"] == ["escort_patrol"] and query["status"] == ["approved"]
    assert query["submitted_from"] == ["2026-03-01"] and query["submitted_to"] == ["2026-03-31"]
    implementation = table(presented, "implementation")
    to_date = parse_qs(urlparse(implementation.rows[1].total.url).query)
    assert to_date == {"status": ["approved"], "approved_to": ["2026-03-31"]}
    alerts = table(presented, "alerts")
    assert parse_qs(urlparse(alerts.rows[0].cells[0].url).query) == {
        "received_from": ["2026-03-01"],
        "received_to": ["2026-03-31"],
    }
    visits = table(presented, "visits")
    assert parse_qs(urlparse(visits.rows[0].cells[1].url).query) == {
        "visited_from": ["2026-03-01"],
        "visited_to": ["2026-03-31"],
        "urgent": ["true"],
    }
    # No link on a zero, nor on anything hidden.
    assert not [c for c in every_cell(presented) if c.url and (c.hidden or not c.value)]


def test_the_lists_hold_the_counted_records(world, client, ca_officer):
    """The mission list behind "Nord-Kivu, attack, March" lists exactly those missions."""
    nk = world.places.nord_kivu
    presented = present_figures(compute_figures(MARCH, Scope.of([nk])), links=Links(MARCH, nk.pk))
    missions = table(presented, "missions-by-province")
    cell = missions.rows[0].cells[missions.columns.index("Attack")]
    client.force_login(ca_officer)
    response = client.get(cell.url)
    assert response.status_code == 200
    listed = {m.pk for m in response.context["missions"]}
    assert listed == {world.missions[0].pk, world.missions[2].pk}
    assert len(listed) == cell.value
    recs = table(presented, "recommendations-by-category")
    cell = recs.rows[0].total
    response = client.get(cell.url)
    assert len(response.context["recommendations"]) == cell.value == 1


def test_charts_are_inline_svg_without_script_or_internet(presented):
    charts = charts_for(presented)
    assert {"triggers", "activity", "women", "threats", "review"} <= set(charts)
    for name, svg in charts.items():
        assert svg.startswith("<svg"), name
        assert "<script" not in svg and "<?xml" not in svg, name
        links = set(re.findall(r"https?://[^\"' )]+", svg))
        assert links <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, name


def test_a_hidden_count_is_never_plotted(presented):
    """March's women on teams (3 of 6) are hidden: the women's line has no point there."""
    assert presented.series["women_share"][-1] is None
    svg = charts_for(presented)["women"]
    plotted = re.findall(r'<desc class="value">([^<]*)</desc>', svg)
    assert plotted == []  # no month has five women and five men on teams here
    activity = charts_for(presented)["activity"]
    assert re.findall(r'<desc class="value">([^<]*)</desc>', activity)  # counts are drawn


def test_the_comparisons(presented):
    missions = next(k for k in presented.kpis if k.id == "missions")
    assert (missions.current.display, missions.previous.display, missions.year_before.display) == (
        "4",
        "1",
        "1",
    )
    implemented = next(k for k in presented.kpis if k.id == "implemented_share")
    assert implemented.current.display == "33 %"  # 1 of 3 approved by the end of March
    assert implemented.previous.display == "0 %"  # the stalled one


def test_figures_of_a_stored_summary_present_the_same(world):
    """The presenter reads the stored JSON (what the summary page and the PDF show)."""
    figures = compute_figures(MARCH)
    stored = json.loads(json.dumps(figures))
    assert present_figures(stored).kpis[0].values[CURRENT].display == "4"
