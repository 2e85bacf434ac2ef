"""CSV and XLSX files of the list pages (issue 11): the one exporter every list uses.

A list declares its columns as ``(translated header, accessor)`` pairs, the accessor being a
dotted attribute path (``"province.name"``; a method at the end is called, so
``"get_status_display"`` works; a related manager gives its rows joined by commas) or a
function of the row. The rows are the list view's own queryset (``jpt.core.views.ExportMixin``):
the same filters and the same ``visible_to`` scope as the page, without pagination.

What a file holds:

- **CSV**: UTF-8 with a byte-order mark (so Excel reads French accents), comma-separated,
  every text field quoted (``csv.QUOTE_NONNUMERIC``); numbers bare; dates as ``YYYY-MM-DD``,
  times as ``YYYY-MM-DD HH:MM`` in the site's time zone.
- **XLSX** (openpyxl, write-only workbook): one sheet, a bold header row, numbers as numbers,
  dates and times as Excel dates (the site's time zone, which Excel does not store), every text
  cell written as a string (``data_type = "s"``: openpyxl would otherwise take a text starting
  with ``=`` for a formula, or ``#N/A`` for an error).
- **Formula injection** (OWASP "CSV Injection"; ASVS 1.2.10): a text cell starting with ``=``,
  ``+``, ``-``, ``@``, a tab, a carriage return or a line feed gets a single quote in front, in
  both formats, so no spreadsheet evaluates it. Control characters a worksheet cannot hold
  (NUL and the like) are dropped first, so they cannot hide a leading ``=``.
- **A cap**: at most ``settings.JPT_EXPORT_MAX_ROWS`` rows (50,000 by default); a longer list
  is cut there and the last row of the file says so.

Every export is recorded in the audit trail (``record_export``): who, which list, with which
filters, in which format, how many rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Manager, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from jpt.audit.services import audit_record

CSV = "csv"
XLSX = "xlsx"
FORMATS: dict[str, str] = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMAT_LABELS = {CSV: "CSV", XLSX: "XLSX"}

#: What a text cell may not start with (OWASP CSV Injection, ASVS 1.2.10): a spreadsheet would
#: read it as a formula (``=``, ``+``, ``-``, ``@``) or skip to one (tab, CR, LF).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")

# Rows read from the database at a time (with their prefetches, one query each per chunk).
CHUNK_SIZE = 1000
# Longest text a worksheet cell holds.
XLSX_CELL_MAX = 32767

Accessor = str | Callable[[Any], Any]
Column = tuple[Any, Accessor]


def neutralise(text: str) -> str:
    """``text`` as a spreadsheet shows it and never evaluates: the control characters a
    worksheet cannot hold dropped, a single quote put before a formula's first character."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def resolve(row: Any, accessor: Accessor) -> Any:
    """The value of one column for one row: ``accessor(row)``, or the dotted path
    (``None`` anywhere along it gives ``None``; a method at its end is called)."""
    if callable(accessor):
        return accessor(row)
    value = row
    for part in accessor.split("."):
        if value is None:
            return None
        value = getattr(value, part)
    if callable(value) and not isinstance(value, Manager):
        value = value()
    return value


def plain(value: Any) -> str | int | float | Decimal | date | datetime | time | None:
    """A Python value as a cell: numbers and dates kept (aware times in the site's time zone,
    without it: spreadsheets store none), yes/no translated, several values joined, the rest as
    neutralised text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, date | time):
        return value
    if isinstance(value, Manager):
        value = value.all()
    if isinstance(value, QuerySet | list | tuple | set | frozenset):
        return neutralise(", ".join(str(item) for item in value))
    # Lazy translations, model instances (their __str__), anything else: text.
    return neutralise(str(value))


@dataclass
class ExportFile:
    """A built export: its bytes, and how many rows it holds (``capped``: the list was longer
    than the cap and was cut)."""

    file_format: str
    content: bytes
    rows: int
    capped: bool

    @property
    def content_type(self) -> str:
        return FORMATS[self.file_format]


class _Rows:
    """The first ``cap`` rows of ``rows``, counted as they are read; ``capped`` once a row
    beyond the cap is seen. A queryset is read in chunks (its prefetches once per chunk)."""

    def __init__(self, rows: Iterable, cap: int):
        if isinstance(rows, QuerySet):
            rows = rows[: cap + 1].iterator(chunk_size=CHUNK_SIZE)
        self._rows = iter(rows)
        self.cap = cap
        self.count = 0
        self.capped = False

    def __iter__(self) -> Iterator:
        for row in self._rows:
            if self.count >= self.cap:
                self.capped = True
                break
            self.count += 1
            yield row


def cap_note(cap: int) -> str:
    return _(
        "This export holds the first %(cap)s rows only: the list has more. "
        "Narrow the filters to export the rest."
    ) % {"cap": f"{cap:,}".replace(",", " ")}


def build_export(
    columns: Sequence[Column],
    rows: Iterable,
    file_format: str,
    *,
    title: str = "",
    cap: int | None = None,
    prepare: Callable[[Any], Any] | None = None,
) -> ExportFile:
    """The file of ``rows`` with ``columns``, in ``file_format`` (``CSV`` or ``XLSX``).

    ``prepare`` is called on each row before its cells are read (a list that decorates its rows
    for the page decorates them the same way here); ``cap`` defaults to
    ``settings.JPT_EXPORT_MAX_ROWS``; ``title`` names the XLSX sheet.
    """
    if file_format not in FORMATS:
        raise ValueError(f"Unknown export format: {file_format!r}")
    cap = settings.JPT_EXPORT_MAX_ROWS if cap is None else cap
    headers = [neutralise(str(header)) for header, _accessor in columns]
    limited = _Rows(rows, cap)

    def values() -> Iterator[list]:
        for row in limited:
            if prepare is not None:
                row = prepare(row)
            yield [plain(resolve(row, accessor)) for _header, accessor in columns]

    if file_format == CSV:
        content = _csv(headers, values(), limited)
    else:
        content = _xlsx(headers, values(), limited, title=title)
    return ExportFile(file_format, content, limited.count, limited.capped)


def _csv(headers: list[str], rows: Iterator[list], limited: _Rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    if limited.capped:
        writer.writerow([cap_note(limited.cap)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_value(value) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _xlsx(headers: list[str], rows: Iterator[list], limited: _Rows, *, title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(len(header), 10) + 4, 60)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_xlsx_cell(sheet, header, font=bold) for header in headers])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    if limited.capped:
        sheet.append([_xlsx_cell(sheet, cap_note(limited.cap), font=bold)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet, value, *, font: Font | None = None):
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=value[:XLSX_CELL_MAX])
        # Always a string: never a formula ("=..."), an error ("#N/A") or a number.
        cell.data_type = "s"
    else:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, datetime):
            cell.number_format = "yyyy-mm-dd hh:mm"
    if font is not None:
        cell.font = font
    return cell


def _sheet_title(title: str) -> str:
    """A worksheet title: at most 31 characters, none of ``[]:*?/\\``."""
    cleaned = "".join(
        " " if ch in "[]:*?/\\" else ch for ch in ILLEGAL_CHARACTERS_RE.sub("", title)
    )
    return cleaned.strip()[:31] or "Export"


def export_filename(name: str, file_format: str, *, day: date | None = None) -> str:
    """``jpt-<name>-<YYYY-MM-DD>.<format>``, in ASCII letters, digits and dashes only."""
    day = day or timezone.localdate()
    slug = slugify(name)[:60].strip("-") or "export"
    return f"jpt-{slug}-{day:%Y-%m-%d}.{file_format}"


def export_response(export: ExportFile, filename: str) -> HttpResponse:
    """The file as a download, kept by no cache (it holds records of the user's scope)."""
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store, private"
    response["X-Export-Rows"] = str(export.rows)
    if export.capped:
        response["X-Export-Capped"] = "1"
    return response


# Filters recorded in the audit entry: a query string is the user's, keep it short.
AUDIT_MAX_FILTERS = 30
AUDIT_MAX_VALUE = 200


def audited_filters(query: Mapping[str, Any], *, ignore: Iterable[str] = ()) -> dict[str, Any]:
    """The filters of a query string (a ``QueryDict``) as the audit entry records them: empty
    values and ``ignore``d parameters left out, values cut at 200 characters, 30 at most."""
    ignored = set(ignore)
    filters: dict[str, Any] = {}
    for key in sorted(query):
        if key in ignored or len(filters) >= AUDIT_MAX_FILTERS:
            continue
        values = query.getlist(key) if hasattr(query, "getlist") else [query[key]]
        values = [str(value)[:AUDIT_MAX_VALUE] for value in values if str(value) != ""]
        if values:
            filters[str(key)[:AUDIT_MAX_VALUE]] = values[0] if len(values) == 1 else values
    return filters


def record_export(
    *,
    user,
    list_name: str,
    file_format: str,
    filters: dict[str, Any],
    export: ExportFile,
) -> AuditEntry:
    """Write the audit entry of an export. The trail needs a target: an export concerns no
    one record, so the target is the exporting user (their own trail then shows what they
    took away); the details say which list, with which filters, in which format, how many rows.
    """
    return audit_record(
        actor=user,
        action=AuditAction.LIST_EXPORTED,
        target=user,
        details={
            "list": list_name,
            "format": file_format,
            "filters": filters,
            "rows": export.rows,
            "capped": export.capped,
        },
    )
