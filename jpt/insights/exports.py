"""The figures of the dashboard and of a stored summary as a CSV or XLSX file.

The file holds what the page shows, from the one presenter (``presenter.present_figures``,
without links): the headline figures with the previous period and the year before, then every
cell of every table, one row per cell ("long" format, which filters and pivots well in a
spreadsheet). Suppressed counts of people stay suppressed: a hidden cell is written as the page
shows it ("<5" or "×"), never as its value. The file is built by ``jpt.core.exports`` (formula
cells neutralised, audited by the view).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .presenter import Cell, Presentation


@dataclass(frozen=True)
class FigureRow:
    """One figure of the file."""

    section: str
    table: str
    row: str
    column: str
    period: str
    value: object


EXPORT_COLUMNS = [
    (gettext_lazy("Section"), "section"),
    (gettext_lazy("Figure"), "table"),
    (gettext_lazy("Row"), "row"),
    (gettext_lazy("Column"), "column"),
    (gettext_lazy("Period"), "period"),
    (gettext_lazy("Value"), "value"),
]


def cell_value(cell: Cell | None):
    """What the page shows of ``cell``: its number when shown, else its text ("<5", "×",
    "—")."""
    if cell is None:
        return None
    if cell.hidden or cell.value is None:
        return cell.display
    return cell.value


def figure_rows(presentation: Presentation) -> Iterator[FigureRow]:
    period = presentation.period.label
    headline = _("Headline figures")
    for kpi in presentation.kpis:
        for label, cell in (
            (presentation.period.label, kpi.current),
            (presentation.previous.label, kpi.previous),
            (presentation.year_before.label, kpi.year_before),
        ):
            yield FigureRow(headline, kpi.label, "", "", label, cell_value(cell))
    total = _("Total")
    for section in presentation.sections:
        for table in section.tables:
            for row in table.rows:
                for column, cell in zip(table.columns, row.cells, strict=True):
                    yield FigureRow(
                        section.title, table.title, row.label, column, period, cell_value(cell)
                    )
                if row.total is not None:
                    yield FigureRow(
                        section.title, table.title, row.label, total, period, cell_value(row.total)
                    )
            if table.totals and len(table.rows) > 1:
                for column, cell in zip(table.columns, table.totals, strict=True):
                    yield FigureRow(
                        section.title, table.title, total, column, period, cell_value(cell)
                    )
                yield FigureRow(
                    section.title, table.title, total, total, period, cell_value(table.grand)
                )
