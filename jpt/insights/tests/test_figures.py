"""The trend figures against the hand-built world of ``conftest.py`` (every expected number is
counted there, beside the rows that make it)."""

from __future__ import annotations

from datetime import date

import pytest

from jpt.insights.figures import CURRENT, PREVIOUS, YEAR_BEFORE, Scope, compute_figures
from jpt.insights.periods import Period

from .conftest import MARCH

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(world):
    return compute_figures(MARCH)


def test_one_query_for_the_whole_summary(world, django_assert_num_queries, settings):
    """Every figure of the three periods and the 13-month series: one UNION ALL statement."""
    with django_assert_num_queries(1):
        compute_figures(MARCH)


def test_the_periods(figures):
    assert figures["period"] == {"start": "2026-03-01", "end": "2026-03-31"}
    assert figures["previous"] == {"start": "2026-02-01", "end": "2026-02-28"}
    assert figures["year_before"] == {"start": "2025-03-01", "end": "2025-03-31"}


def test_missions_by_province_and_trigger(figures, world):
    nk, sk = str(world.places.nord_kivu.pk), str(world.places.sud_kivu.pk)
    assert figures["buckets"][CURRENT]["missions"] == {
        nk: {"attack": 2, "displacement": 1},
        sk: {"rumoured_attacks": 1},
    }
    assert figures["buckets"][PREVIOUS]["missions"] == {nk: {"attack": 1}}
    assert figures["buckets"][YEAR_BEFORE]["missions"] == {sk: {"attack": 1}}
    assert figures["provinces"] == {nk: "Nord-Kivu", sk: "Sud-Kivu"}


def test_team_composition_and_gender(figures):
    team = figures["buckets"][CURRENT]["team"]
    assert team == {
        "members": 6,
        "women": 3,
        "national": 3,
        "international": 2,
        "external": 1,
        "cli_members": 2,
        "missions": 3,
        "with_woman": 2,
        "with_gender_officer": 1,
        "with_sv_expert": 1,
        "cli_women": 1,
        "with_cli": 1,
    }
    assert figures["buckets"][PREVIOUS]["team"]["members"] == 1
    assert figures["buckets"][CURRENT]["stakeholders"] == {
        "total": 3,
        "women": 1,
        "missions": 2,
        "missions_with_woman": 1,
    }
    assert figures["stock"]["cli_staff"] == {"total": 2, "women": 1}


def test_consultations_by_local_time(figures):
    consultations = figures["buckets"][CURRENT]["consultations"]
    assert consultations == {
        "local_leaders": {
            "meetings": 1,
            "women": 3,
            "men": 9,
            "girls": 0,
            "boys": 0,
            "missions": 1,
        },
        "local_women": {"meetings": 1, "women": 14, "men": 0, "girls": 0, "boys": 0, "missions": 1},
        "womens_organization": {
            "meetings": 1,
            "women": 6,
            "men": 1,
            "girls": 0,
            "boys": 0,
            "missions": 1,
        },
    }


def test_reports_threats_and_sexual_violence(figures):
    cur = figures["buckets"][CURRENT]
    assert cur["reports"] == {"submitted": 2, "sv_filled": 1, "plans_women_orgs": 1}
    threats = {(t, p, tr): n for t, p, tr, n, _severity in cur["threats"]}
    assert threats == {
        ("attack", "armed_group", "rising"): 1,
        ("attack", "national_army", "stable"): 1,
        ("sexual_violence", "armed_group", "rising"): 1,
        ("looting", "unknown", "falling"): 1,
    }
    incidents = {(p, a, s): n for p, a, s, n in cur["incidents"]}
    assert incidents == {
        ("armed_group", "adult", "female"): 7,
        ("armed_group", "child", "female"): 2,
        ("national_army", "adult", "male"): 1,
    }
    assert cur["sv_access"]["medical"] == {"limited": 1, "unknown": 1}
    assert [row[3] for row in figures["buckets"][PREVIOUS]["threats"]] == [1]


def test_recommendations_and_implementation(figures):
    cur = figures["buckets"][CURRENT]
    assert cur["recommendations"] == {
        "escort_patrol": {"approved": 1},
        "health": {"approved": 1},
        "justice": {"rejected": 1},
        "dialogue": {"in_review": 1},
    }
    assert cur["implementation"] == {"implemented": 1, "not_started": 1}
    assert cur["implementation_to_date"] == {"implemented": 1, "not_started": 1, "stalled": 1}
    assert figures["buckets"][PREVIOUS]["implementation"] == {"stalled": 1}
    assert figures["buckets"][PREVIOUS]["implementation_to_date"] == {"stalled": 1}


def test_time_at_each_review_level(figures):
    review = figures["buckets"][CURRENT]["review"]
    assert review == {
        "head_of_office": {
            "stages": 2,
            "median_hours": 72.0,
            "p90_hours": 91.2,
            "returned": 1,
            "late": 1,
        },
        "kinshasa_smg": {
            "stages": 1,
            "median_hours": 264.0,
            "p90_hours": 264.0,
            "returned": 0,
            "late": 1,
        },
    }


def test_follow_up_alerts_and_support(figures):
    cur = figures["buckets"][CURRENT]
    assert cur["visits"] == {
        "visits": 2,
        "urgent": 1,
        "women_meeting": 1,
        "women": 6,
        "men": 8,
        "confidence_sum": 8,
    }
    assert cur["findings"] == {"as_planned": 1}
    assert cur["alerts"] == {
        "alerts": 4,
        "responded": 3,
        "median_hours": 4.0,
        "p90_hours": 5.6,
        "relayed": 4,
        "plan_used": 0,
    }
    assert cur["support"] == {"distributions": 2, "women": 12, "men": 11}


def test_one_province(world):
    nk = world.places.nord_kivu
    figures = compute_figures(MARCH, Scope.of([nk]))
    cur = figures["buckets"][CURRENT]
    assert cur["missions"] == {str(nk.pk): {"attack": 2, "displacement": 1}}
    assert cur["team"]["members"] == 5
    assert cur["reports"]["submitted"] == 1
    assert cur["alerts"]["alerts"] == 3
    assert cur["alerts"]["median_hours"] == 3.0
    assert cur["support"] == {"distributions": 1, "women": 12, "men": 3}
    assert figures["stock"]["cli_staff"] == {"total": 1, "women": 1}
    assert cur["review"]["head_of_office"]["stages"] == 1


def test_no_province_counts_nothing(world):
    figures = compute_figures(MARCH, Scope(()))
    assert figures["buckets"][CURRENT]["missions"] == {}
    assert figures["stock"]["cli_staff"] == {"total": 0, "women": 0}


def test_the_13_month_series(figures):
    series = figures["series"]
    assert series["months"][0] == "2025-03" and series["months"][-1] == "2026-03"
    assert len(series["months"]) == 13
    assert series["missions"][0] == 1  # March 2025: m7
    assert series["missions"][-2] == 1  # February 2026: m6
    assert series["missions"][-1] == 4  # March 2026
    assert series["team_members"][-1] == 6 and series["team_women"][-1] == 3
    assert series["threats"][-1] == 4 and series["threats"][-2] == 1
    assert series["alerts"][-1] == 4


def test_any_period(world):
    """A range of days: the days before it, as many, and the same days a year before."""
    period = Period(date(2026, 3, 5), date(2026, 3, 15))
    figures = compute_figures(period)
    assert figures["previous"] == {"start": "2026-02-22", "end": "2026-03-04"}
    assert figures["year_before"] == {"start": "2025-03-05", "end": "2025-03-15"}
    nk, sk = str(world.places.nord_kivu.pk), str(world.places.sud_kivu.pk)
    assert figures["buckets"][CURRENT]["missions"] == {
        nk: {"attack": 1},
        sk: {"rumoured_attacks": 1},
    }
    assert figures["buckets"][PREVIOUS]["missions"] == {}


@pytest.mark.sqlite
def test_the_same_figures_on_sqlite_percentiles_included(world):
    """On SQLite (make run) the percentiles come from the fallback: the same numbers."""
    figures = compute_figures(MARCH)
    assert figures["buckets"][CURRENT]["review"]["head_of_office"]["p90_hours"] == 91.2
    assert figures["buckets"][CURRENT]["alerts"]["median_hours"] == 4.0
    assert figures["buckets"][CURRENT]["alerts"]["p90_hours"] == 5.6
