"""Exports of the bureau's lists and reports as csv, xlsx (and PDF for the dashboard).

One call makes a file: `export_file(kind, user, query, fmt)` reads the page's query string the
way the page does, fetches the rows through the page's own scoped selectors (see
`reports.export_kinds`), writes the file and records who exported what (`reports.export`). The
office views call it with `at_most=BACKGROUND_THRESHOLD`: a list export of more rows raises
`ExportTooLarge` before anything is built, and the view queues it as a background job
(`reports.export_jobs`), which calls `export_file` the same way, with a progress callback.

Spreadsheets never carry a formula: in csv, a text cell starting with = + - @, a tab or a carriage
return is prefixed with an apostrophe (OWASP "CSV injection"); in xlsx every text cell is written
with the string type (never a formula), and such a cell is also marked "quote prefix" so that
editing it in Excel keeps it text. Numbers stay numbers, dates stay dates.
"""

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, QueryDict
from django.utils import timezone, translation

from zoneinvest.accounts.models import User
from zoneinvest.accounts.selectors import user_can_read_pipeline
from zoneinvest.core.audit import audit_record
from zoneinvest.core.models import Zone

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell as XlsxCell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

CSV, XLSX, PDF = "csv", "xlsx", "pdf"
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    PDF: "application/pdf",
}
# An export of more rows than this is built by a background job, not in the request.
BACKGROUND_THRESHOLD = 5_000
PROGRESS_EVERY = 1_000  # rows between two progress reports of a background export
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
AMOUNT_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
IGNORED_PARAMETERS = ("page",)

CellValue = str | int | float | Decimal | bool | dt.date | dt.datetime | None
Row = Sequence[CellValue]


class UnknownExport(Http404):
    """No export of that kind or format (a 404 for a URL, an error for a job)."""


class ExportTooLarge(Exception):  # noqa: N818 - a signal to the caller, not a failure
    """The export has more rows than the caller builds at once (`at_most`): nothing was built
    or audited; the caller queues it as a background job."""

    def __init__(self, *, rows: int, zone: Zone | None) -> None:
        super().__init__(f"{rows} rows")
        self.rows = rows
        self.zone = zone


# ---------------------------------------------------------------- cells and writers


def safe_cell(value: CellValue) -> CellValue:
    """A value a spreadsheet program shows as typed: text that would start a formula gets a
    leading apostrophe; numbers (negative ones too), dates and empty cells are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_text(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    return str(safe_cell(value))


def write_csv(headers: Sequence[str], rows: Iterable[Row]) -> bytes:
    """A csv file in UTF-8 with a byte order mark (so that Excel reads Chinese correctly)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_csv_text(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _sheet_title(title: str) -> str:
    """Excel's rules: at most 31 characters, none of [ ] : * ? / \\."""
    return SHEET_TITLE_FORBIDDEN.sub(" ", title).strip()[:31] or "Sheet"


def _xlsx_cell(sheet: "WriteOnlyWorksheet", value: CellValue, *, bold: bool = False) -> Any:
    """A write-only cell: text always of the string type, never a formula."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell: XlsxCell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"  # openpyxl would read a leading "=" as a formula
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True  # Excel's "text, even when edited"
    else:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, Decimal):
            cell.number_format = AMOUNT_FORMAT
        elif isinstance(value, dt.datetime):
            cell.number_format = DATETIME_FORMAT
        elif isinstance(value, dt.date):
            cell.number_format = DATE_FORMAT
    if bold:
        cell.font = Font(bold=True)
    return cell


def write_xlsx(headers: Sequence[str], rows: Iterable[Row], sheet_title: str) -> bytes:
    """An .xlsx workbook of one sheet, written row by row (openpyxl's write-only mode)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(sheet_title))
    sheet.append([_xlsx_cell(sheet, h, bold=True) for h in headers])
    for row in rows:
        sheet.append([None if v is None else _xlsx_cell(sheet, v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- export definitions


@dataclass
class Export:
    """What one export definition computes: the file's name and sheet title, its headers and
    rows (lazily), the record the audit event is about, and a PDF renderer for reports."""

    stem: str  # the file name without date and extension, in ASCII
    title: str  # the sheet's title, in the user's language
    headers: list[str]
    rows: Iterable[Row]
    about: models.Model  # the record the audit event names (the event, the zone, the user)
    zone: Zone | None
    pdf: Callable[[], bytes] | None = None
    formats: tuple[str, ...] = (CSV, XLSX)
    details: dict[str, Any] = field(default_factory=dict)  # more for the audit event
    # How many rows `rows` will give, counted in the database (lists that can grow large);
    # None for reports, whose few rows are always built in the request.
    count: Callable[[], int] | None = None


Definition = Callable[[User, QueryDict], Export]
EXPORTS: dict[str, Definition] = {}


def export_definition(kind: str) -> Callable[[Definition], Definition]:
    """Register `fn(user, query) -> Export` as the export of `kind`."""

    def register(fn: Definition) -> Definition:
        EXPORTS[kind] = fn
        return fn

    return register


def as_query(query: QueryDict | Mapping[str, Any] | str | None) -> QueryDict:
    """A request's GET, a urlencoded string (as a job stores it) or a plain mapping."""
    if isinstance(query, QueryDict):
        return query
    if query is None or isinstance(query, str):
        return QueryDict(query or "")
    result = QueryDict(mutable=True)
    for key, value in query.items():
        values = value if isinstance(value, list | tuple) else [value]
        result.setlist(key, [str(v) for v in values])
    return result


def filters_of(query: QueryDict) -> dict[str, Any]:
    """The query as recorded in the audit event (page numbers left out)."""
    return {
        key: values[0] if len(values) == 1 else values
        for key, values in query.lists()
        if key not in IGNORED_PARAMETERS
    }


Progress = Callable[[int, int | None], None]  # (rows done, rows in all if known)


class _Counted:
    """Rows passed through while counting them (the audit event records how many), reporting
    progress every `PROGRESS_EVERY` rows when asked to."""

    def __init__(self, rows: Iterable[Row], progress: Progress | None, total: int | None) -> None:
        self.rows = rows
        self.count = 0
        self.progress = progress
        self.total = total

    def __iter__(self) -> Iterator[Row]:
        for row in self.rows:
            self.count += 1
            if self.progress is not None and self.count % PROGRESS_EVERY == 0:
                self.progress(self.count, self.total)
            yield row


def export_file(
    kind: str,
    user: User,
    query: QueryDict | Mapping[str, Any] | str | None,
    fmt: str,
    *,
    language: str | None = None,
    at_most: int | None = None,
    progress: Progress | None = None,
    audit_details: Mapping[str, Any] | None = None,
) -> tuple[str, str, bytes]:
    """(file name, content type, content) of one export, audited as `reports.export`.

    `query` is the page's query string (filters and sort, as the page reads them); `language`
    the user's language for a background job (a request has it active already). Raises Http404
    (`UnknownExport`) for an unknown kind or format, or for a record the user may not see.

    With `at_most`, a list export of more rows raises `ExportTooLarge` before anything is built;
    `progress(done, total)` is called as rows are written (a background job's progress bar);
    `audit_details` are added to the audit event (the job that built the file).
    """
    from zoneinvest.reports import export_kinds  # noqa: F401 - registers the definitions

    definition = EXPORTS.get(kind)
    if definition is None or fmt not in CONTENT_TYPES:
        raise UnknownExport(f"no export {kind!r} as {fmt!r}")
    if not user_can_read_pipeline(user=user):
        raise PermissionDenied
    q = as_query(query)
    with translation.override(language or translation.get_language()):
        export = definition(user, q)
        if fmt not in export.formats:
            raise UnknownExport(f"no export {kind!r} as {fmt!r}")
        total = None
        if export.count is not None and (at_most is not None or progress is not None):
            total = export.count()
            if at_most is not None and total > at_most:
                raise ExportTooLarge(rows=total, zone=export.zone)
        if progress is not None:
            progress(0, total)
        rows = _Counted(export.rows, progress, total)
        if fmt == PDF and export.pdf is not None:
            content = export.pdf()
            count = sum(1 for _row in rows)
        elif fmt == CSV:
            content = write_csv(export.headers, rows)
            count = rows.count
        else:
            content = write_xlsx(export.headers, rows, export.title)
            count = rows.count
    audit_record(
        actor=user,
        verb="reports.export",
        obj=export.about,
        zone=export.zone,
        changes={
            "kind": kind,
            "format": fmt,
            "rows": count,
            "filters": filters_of(q),
            **export.details,
            **(audit_details or {}),
        },
    )
    if progress is not None:
        progress(count, count)
    filename = f"{export.stem}-{timezone.localdate().isoformat()}.{fmt}"
    return filename, CONTENT_TYPES[fmt], content
