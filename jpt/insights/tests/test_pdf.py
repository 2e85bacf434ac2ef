"""The trend PDF, rendered for real (WeasyPrint) and read back with pdftotext: the figures of
the one presenter, small counts of people as "<5", the charts drawn in it, the classification
on every page, and no link to any record."""

from __future__ import annotations

import pytest

from jpt.documents.choices import DocumentStatus
from jpt.documents.services import render_now
from jpt.documents.tests.helpers import pdf_pages
from jpt.insights.presenter import present_figures
from jpt.insights.services import summary_compute

from .conftest import MARCH

pytestmark = pytest.mark.django_db


@pytest.fixture
def pdf(world, analyst):
    summary = summary_compute(month=MARCH.start, province=None, user=analyst)
    document = render_now(kind="trend", target=summary, user=analyst)
    assert document.status == DocumentStatus.READY, document.error
    with document.file.open("rb") as handle:
        content = handle.read()
    return summary, content


def test_the_trend_pdf_shows_the_presented_figures(pdf, settings):
    summary, content = pdf
    pages = pdf_pages(content)
    text = "\n".join(pages)
    assert "March 2026" in text and "All provinces" in text
    for page in pages:
        assert settings.JPT_DOCUMENT_CLASSIFICATION in page
    presentation = present_figures(summary.figures)
    for section in presentation.sections:
        assert section.title in text, section.title
    # Small counts of people are shown suppressed, never as they are stored.
    assert presentation.has_hidden and "<5" in text


def test_the_charts_are_in_the_pdf(pdf):
    _summary, content = pdf
    text = "\n".join(pdf_pages(content))
    for title in ("Missions by trigger", "Missions, threats and alerts, month by month"):
        assert title in text  # the SVG's text, drawn by WeasyPrint


def test_the_trend_pdf_links_to_nothing(pdf):
    _summary, content = pdf
    assert b"/URI" not in content  # no link annotation (to a list, or anywhere)
