"""Charts of the trend figures: SVG drawn on the server with pygal, inline in the pages and in
the PDF (WeasyPrint draws inline SVG), with no JavaScript and nothing fetched from anywhere.

pygal's SVG links its tooltip script from the internet by default and carries an inline
script with its configuration: ``js=[]`` drops the link, and ``_clean`` removes the inline
script, the comments (pygal's web addresses) and the XML declaration (the SVG goes inside
HTML). Charts are drawn from ``presenter.Presentation``: a count hidden by suppression is None
there, a gap in the chart, never a number.
"""

from __future__ import annotations

import re

import pygal
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

from missions.choices import Trigger

from .figures import BUCKETS, CURRENT, PREVIOUS, YEAR_BEFORE
from .presenter import Presentation

SCRIPT_RE = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)
COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
# The legend's ids, for pygal's script (removed): the same in every chart, so two charts on a
# page (or in a PDF: WeasyPrint warns "Anchor defined twice") would repeat them.
LEGEND_ID_RE = re.compile(r'\s+id="activate-serie-\d+"')

STYLE = Style(
    font_family="DejaVu Sans, Arial, sans-serif",
    background="transparent",
    plot_background="transparent",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    colors=("#0d6efd", "#6c757d", "#adb5bd", "#198754", "#dc3545"),
    title_font_size=18,
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
    value_font_size=12,
)


def _config(**extra) -> dict:
    return {
        "js": [],
        "disable_xml_declaration": True,
        "style": STYLE,
        "width": 720,
        "height": 360,
        "explicit_size": False,  # a viewBox only: the chart takes the width of its box
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 3,
        "print_values": False,
        "show_y_guides": True,
        "margin": 12,
        "no_data_text": _("No data"),
        "truncate_label": 18,
        **extra,
    }


def _clean(svg: str) -> SafeString:
    """The SVG without scripts, comments, the legend's ids or XML declaration (pygal escapes
    every label)."""
    svg = SCRIPT_RE.sub("", svg)
    svg = COMMENT_RE.sub("", svg)
    svg = LEGEND_ID_RE.sub("", svg)
    return mark_safe(svg.strip())  # noqa: S308 - built by pygal from escaped text; scripts removed


def _render(chart) -> SafeString:
    return _clean(chart.render(is_unicode=True))


def bar_chart(title: str, labels: list[str], series: dict[str, list], **extra) -> SafeString:
    chart = pygal.Bar(**_config(**extra))
    chart.title = title
    chart.x_labels = labels
    for name, values in series.items():
        chart.add(name, values)
    return _render(chart)


def horizontal_bar_chart(title: str, items: list[tuple[str, int | None]]) -> SafeString:
    chart = pygal.HorizontalBar(**_config(show_legend=False, height=max(200, 40 * len(items))))
    chart.title = title
    chart.x_labels = [label for label, _value in items]
    chart.add(title, [value for _label, value in items])
    return _render(chart)


def line_chart(title: str, labels: list[str], series: dict[str, list], **extra) -> SafeString:
    chart = pygal.Line(**_config(allow_interruptions=True, x_label_rotation=30, **extra))
    chart.title = title
    chart.x_labels = labels
    for name, values in series.items():
        chart.add(name, values)
    return _render(chart)


def month_labels(months: list[str]) -> list[str]:
    return [f"{month[5:7]}/{month[2:4]}" for month in months]


def charts_for(presentation: Presentation) -> dict[str, SafeString]:
    """The charts of the dashboard, a summary's page and the trend PDF."""
    names = {
        CURRENT: presentation.period.short_label,
        PREVIOUS: presentation.previous.short_label,
        YEAR_BEFORE: presentation.year_before.short_label,
    }
    series = presentation.series
    months = month_labels(series.get("months", []))
    charts = {
        "triggers": bar_chart(
            _("Missions by trigger"),
            [str(t.label) for t in Trigger],
            {names[key]: presentation.trigger_counts[key] for key in BUCKETS},
        ),
        "activity": line_chart(
            _("Missions, threats and alerts, month by month"),
            months,
            {
                _("Missions"): series.get("missions", []),
                _("Threats reported"): series.get("threats", []),
                _("Community alerts"): series.get("alerts", []),
            },
        ),
        "women": line_chart(
            _("Women on teams (%), month by month"),
            months,
            {_("Women on teams (%)"): series.get("women_share", [])},
            range=(0, 100),
            show_legend=False,
        ),
    }
    if presentation.threat_counts:
        charts["threats"] = horizontal_bar_chart(
            _("Protection threats by type"), presentation.threat_counts
        )
    if presentation.review_rows:
        charts["review"] = bar_chart(
            _("Days at each review level"),
            [label for label, _median, _p90 in presentation.review_rows],
            {
                _("Median"): [median for _label, median, _p90 in presentation.review_rows],
                _("90th percentile"): [p90 for _label, _median, p90 in presentation.review_rows],
            },
        )
    return charts
