"""Reading an uploaded table (csv or xlsx) safely: the type comes from the content, not the
name; an xlsx is checked as a zip (entry count, unpacked size) before it is opened, and its
XML is parsed with defusedxml (no external entities, no entity expansion)."""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext

from zoneinvest.core.bulk import collector_paused
from zoneinvest.core.errors import ValidationFailed

# openpyxl parses the workbook's XML with defusedxml when it is installed (it is a dependency);
# tests/reports/test_files.py checks that openpyxl sees it.

CSV = "csv"
XLSX = "xlsx"
ZIP_MAGIC = b"PK\x03\x04"


class BadFile(ValidationFailed):
    """The file cannot be read as a table; `message` says why, in the user's language."""

    code = "bad_file"


@dataclass(frozen=True)
class Table:
    format: str
    headers: list[str]
    rows: list[list[Any]]  # every data row, cells as read (str for csv; str/number/date for xlsx)


def read_table(stream: IO[bytes]) -> Table:
    """The header row and data rows of a csv or xlsx file, or BadFile saying what is wrong."""
    content = stream.read(settings.IMPORT_MAX_BYTES + 1)
    if len(content) > settings.IMPORT_MAX_BYTES:
        raise BadFile(
            gettext("The file is larger than %(mb)s MB.")
            % {"mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    if not content.strip():
        raise BadFile(gettext("The file is empty."))
    with collector_paused():  # each row is a list kept to the end (IMPORT_MAX_ROWS of them)
        table = _read_xlsx(content) if content.startswith(ZIP_MAGIC) else _read_csv(content)
    if not any(table.headers):
        raise BadFile(gettext("The first row must name the columns."))
    if len(table.rows) > settings.IMPORT_MAX_ROWS:
        raise BadFile(
            gettext("The file has more than %(rows)s rows; split it.")
            % {"rows": f"{settings.IMPORT_MAX_ROWS:,}"}
        )
    return table


def _read_csv(content: bytes) -> Table:
    if b"\x00" in content:  # the whole file: PostgreSQL keeps no NUL in a text or JSON value
        raise BadFile(gettext("This is not a csv or xlsx file (binary content)."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("gb18030")  # Chinese Excel's default csv encoding
        except UnicodeDecodeError:
            raise BadFile(gettext("The csv file is not UTF-8 or GB18030 text.")) from None
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:  # newline="": the csv module's own line ends, so a Mac's CR-only file reads too
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        rows = [row for row in reader if "".join(row).strip()]  # a row with something in it
    except csv.Error:  # a cell over the csv module's 128 KB limit, or a stray quote
        raise BadFile(
            gettext("The csv file cannot be read: a cell is too long or its quotes do not match.")
        ) from None
    if not rows:
        raise BadFile(gettext("The file is empty."))
    headers = [cell.strip() for cell in rows[0]]
    return Table(format=CSV, headers=headers, rows=[_pad(r, len(headers)) for r in rows[1:]])


def _check_zip(content: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise BadFile(gettext("This is not a csv or xlsx file (damaged zip).")) from None
    entries = archive.infolist()
    if len(entries) > settings.IMPORT_MAX_ZIP_ENTRIES:
        raise BadFile(gettext("The xlsx file has too many parts to be a spreadsheet."))
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > settings.IMPORT_MAX_UNPACKED_BYTES:
        raise BadFile(gettext("The xlsx file unpacks to more than the allowed size."))
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names:
        raise BadFile(gettext("This zip file is not an Excel workbook (xlsx)."))


def _read_xlsx(content: bytes) -> Table:
    _check_zip(content)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any parser error means "not a readable workbook"
        raise BadFile(gettext("The xlsx file cannot be read.")) from exc
    try:
        sheet = workbook.worksheets[0]
        rows_iter: Iterator[tuple[Any, ...]] = sheet.iter_rows(values_only=True)
        header_row = next(rows_iter, None)
        if header_row is None:
            raise BadFile(gettext("The file is empty."))
        headers = ["" if cell is None else str(cell).strip() for cell in header_row]
        rows: list[list[Any]] = []
        for row in rows_iter:
            if len(rows) > settings.IMPORT_MAX_ROWS:
                break
            if any(cell not in (None, "") for cell in row):
                rows.append(_pad(list(row), len(headers)))
    except BadFile:
        raise
    except Exception as exc:  # noqa: BLE001 - the sheet is parsed lazily, while rows are read
        raise BadFile(gettext("The xlsx file cannot be read.")) from exc
    finally:
        workbook.close()
    return Table(format=XLSX, headers=headers, rows=rows)


def _pad(row: list[Any], width: int) -> list[Any]:
    return (row + [None] * width)[:width] if len(row) < width else row[:width]
