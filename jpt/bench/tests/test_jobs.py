"""The benchmark's jobs (``jpt.bench.jobs``): each runs on the 10-mission set, through the real
pipeline, and produces what it should (the PDFs with pages); the results' arithmetic and the
selection. No timing is asserted (``make bench`` measures)."""

from __future__ import annotations

import pytest
from django.db import transaction

from jpt.bench import dataset, jobs
from jpt.documents.models import Document

MISSIONS = 10


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = dataset.build(MISSIONS)
        yield built
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_trend_figures_cover_the_month_just_ended(scene):
    parts, produced = jobs.trend_figures(scene)()
    assert set(parts) == {"compute"}
    assert produced["keys"] > 0


def test_the_large_report_pdf_goes_through_the_renderer(scene):
    parts, produced = jobs.report_pdf(scene)()
    assert set(parts) == {"prepare", "html", "pdf"}
    # 40 consultations, 60 stakeholders and 30 recommendations: several pages.
    assert produced["pages"] > 3
    assert produced["bytes"] > 10_000
    # The lead sees the draft's contacts: the widest audience.
    assert produced["audience"] == "contacts"
    assert not Document.objects.exists()  # nothing written


def test_the_trend_pdf_goes_through_the_renderer(scene):
    parts, produced = jobs.trend_pdf(scene)()
    assert set(parts) == {"prepare", "html", "pdf"}
    assert produced["pages"] >= 1
    assert not Document.objects.exists()


def test_the_jobs_table_and_selection():
    assert jobs.selected("") == jobs.JOBS
    assert jobs.selected("none") == []
    assert [j.name for j in jobs.selected("report_pdf")] == ["report_pdf"]
    with pytest.raises(ValueError, match="Unknown jobs"):
        jobs.selected("nothing")
    chosen = [jobs.BY_NAME["trend_figures"]]

    def timings(factor):
        return {
            "trend_figures": {
                "times": [100.0 * factor, 200.0 * factor, 300.0 * factor],
                "parts": {"compute": [100.0, 200.0, 300.0]},
                "produced": {"keys": 3},
                "first_ms": 500.0,
            }
        }

    rows = jobs.combine(chosen, {"small": timings(1), "large": timings(6)})
    row = rows["trend_figures"]
    assert row["median_ms"] == 1200.0 and row["median_ms_small"] == 200.0
    assert row["p90_ms"] == 1800.0
    assert row["growth_ratio"] == 6.0
    assert row["checks"] == {"median_under_target": False, "p90_under_target": False}
    assert not row["pass"]
    assert "FAIL: over target" in jobs.table(rows)
