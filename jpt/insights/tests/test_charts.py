"""The charts share a page (the dashboard, a summary) and a PDF: no id may repeat across them
(WeasyPrint warned "Anchor defined twice: 'activate-serie-0'" for pygal's legend ids)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from jpt.insights.charts import charts_for
from jpt.insights.figures import compute_figures
from jpt.insights.presenter import present_figures

from .conftest import MARCH

pytestmark = pytest.mark.django_db


@pytest.fixture
def presented(world):
    return present_figures(compute_figures(MARCH))


def test_no_id_repeats_across_the_charts_of_a_page(presented):
    ids = Counter(
        found
        for svg in charts_for(presented).values()
        for found in re.findall(r' id="([^"]+)"', svg)
    )
    assert ids, "the charts have ids (their own, made unique by pygal)"
    assert [name for name, count in ids.items() if count > 1] == []
