"""Fuzz: whatever bytes are uploaded as an import, the office hears "this file cannot be read"
(BadFile, a ValidationFailed) and nothing else: no UnicodeDecodeError, csv.Error, zipfile or
XML error, IndexError or KeyError escapes `read_table` (what `import_upload` and the worker's
`mapped_rows` call), and a readable file's header row always gets a mapping."""

import csv
import io
import zipfile
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from zoneinvest.core.errors import ValidationFailed
from zoneinvest.reports.files import CSV, XLSX, ZIP_MAGIC, BadFile, Table, read_table
from zoneinvest.reports.importers import SPECS
from zoneinvest.reports.services import guess_mapping, import_upload

FUZZ = settings.get_profile("zoneinvest-fuzz")

# Text a spreadsheet cell may hold: XML 1.0 has no place for most control characters (openpyxl
# refuses to write them), so an xlsx never carries them; a csv may.
XML_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
    .filter(lambda c: c in "\t\n\r" or ord(c) >= 0x20)
    .filter(lambda c: c not in "\ufffe\uffff"),
    max_size=30,
)
CELLS = st.one_of(
    st.none(),
    XML_TEXT,
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(),
)


def read(content: bytes) -> Table | None:
    """read_table's answer, or None when it refused the file in the one allowed way."""
    try:
        return read_table(io.BytesIO(content))
    except BadFile as refused:
        complaint = refused.message
    assert complaint  # the office shows it: never an empty complaint
    return None


def assert_table_is_well_formed(table: Table) -> None:
    assert table.format in (CSV, XLSX)
    assert any(table.headers)
    assert all(isinstance(header, str) for header in table.headers)
    assert all(len(row) == len(table.headers) for row in table.rows)
    cells = [*table.headers, *(cell for row in table.rows for cell in row)]
    # PostgreSQL keeps no NUL in text or JSON: a cell holding one would fail the job's save
    assert not any(isinstance(cell, str) and "\x00" in cell for cell in cells)
    for spec in SPECS.values():
        mapping = guess_mapping(spec, table.headers, {})
        assert set(mapping.values()) <= set(table.headers)
        assert len(set(mapping.values())) == len(mapping)  # one file column feeds one field


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list[str]], *, delimiter: str, encoding: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding, errors="replace")


@settings(FUZZ, max_examples=200)
@given(st.binary(max_size=2_000))
@example(b"a,b\r\nc\rd,e\n")  # a lone carriage return inside an unquoted field
@example(b"\xef\xbb\xbf")  # a byte order mark and nothing else
@example(b"\xff\xfe\x00a")  # UTF-16 text
@example(ZIP_MAGIC)
@example(ZIP_MAGIC + b"\x00" * 100)
@example(b"a\n" + b"x" * 200_000)  # one field longer than the csv module's limit
@example(b"a,b\r1,2\r3,4\r")  # Excel for Mac's "CSV (Macintosh)": CR line ends
@example(b"a,b\n" + b"1,2\n" * 40_000 + b"3,\x00\n")  # a NUL past the first 64 KB
def test_any_bytes_are_read_as_a_table_or_refused_as_a_bad_file(content):
    table = read(content)
    if table is not None:
        assert_table_is_well_formed(table)


@settings(FUZZ, max_examples=100)
@given(
    st.lists(st.lists(st.text(max_size=20), min_size=1, max_size=6), min_size=1, max_size=8),
    st.sampled_from([",", ";", "\t", "|"]),
    st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
)
def test_any_csv_text_is_read_with_its_header_row_or_refused(rows, delimiter, encoding):
    table = read(csv_bytes(rows, delimiter=delimiter, encoding=encoding))
    if table is not None:
        assert_table_is_well_formed(table)


@settings(FUZZ, max_examples=30)
@given(st.lists(st.lists(CELLS, max_size=6), min_size=1, max_size=6))
def test_any_workbook_is_read_with_its_header_row_or_refused(rows):
    content = xlsx_bytes(rows)
    table = read(content)
    if table is not None:
        assert table.format == XLSX
        assert_table_is_well_formed(table)


@settings(FUZZ, max_examples=50)
@given(
    st.lists(st.lists(CELLS, max_size=4), min_size=1, max_size=4),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=8),
    st.integers(0, 10**6),
)
def test_a_damaged_workbook_is_refused_as_a_bad_file(rows, flips, cut):
    content = bytearray(xlsx_bytes(rows))
    for position, value in flips:
        content[position % len(content)] = value
    damaged = bytes(content[: max(len(ZIP_MAGIC), cut % (len(content) + 1))])
    table = read(damaged)
    if table is not None:
        assert_table_is_well_formed(table)


def with_part(content: bytes, name: str, data: bytes | None) -> bytes:
    """The workbook with one part replaced (or removed, for None)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            if entry.filename != name:
                archive.writestr(entry, source.read(entry))
        if data is not None:
            archive.writestr(name, data)
    return buffer.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


@settings(FUZZ, max_examples=25)
@given(
    st.lists(st.lists(CELLS, min_size=1, max_size=3), min_size=1, max_size=3),
    st.integers(-1, 10**6),  # where the sheet is cut; -1: not at all
    st.sampled_from([b"", b"<", b"\xff\xfe", b"</row>", b"&bad;"]),
)
@example([["a"]], -1, b"")  # the sheet whole: the workbook is read
def test_a_workbook_whose_sheet_breaks_while_it_is_read_is_refused_as_a_bad_file(rows, cut, tail):
    """openpyxl opens a workbook lazily: a broken sheet shows only while its rows are read."""
    content = xlsx_bytes(rows)
    sheet = zipfile.ZipFile(io.BytesIO(content)).read(SHEET)
    end = len(sheet) if cut < 0 else cut % (len(sheet) + 1)
    table = read(with_part(content, SHEET, sheet[:end] + tail))
    if table is not None:
        assert_table_is_well_formed(table)
    if cut < 0 and not tail:
        assert table is not None


@pytest.mark.parametrize(
    "sheet",
    [
        None,  # a workbook that names a sheet it does not hold
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1"><v>' + b"9" * 5_000 + b"</v></c></row></sheetData>"
        b"</worksheet>",  # a number Python will not read (more than 4,300 digits)
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="s"><v>999</v></c></row></sheetData></worksheet>',
    ],
    ids=["missing-sheet", "endless-number", "missing-shared-string"],
)
def test_a_workbook_with_a_broken_sheet_is_refused_as_a_bad_file(sheet):
    content = with_part(xlsx_bytes([["Title"], ["Battery plant"]]), SHEET, sheet)
    with pytest.raises(BadFile):
        read_table(io.BytesIO(content))


PARTS = st.sampled_from(
    [
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/worksheets/sheet1.xml",
        "xl/sharedStrings.xml",
        "xl/styles.xml",
        "[Content_Types].xml",
        "_rels/.rels",
    ]
)
XML_SNIPPETS = st.sampled_from(
    [
        b"",
        b"<workbook/>",
        b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'>]><x>&a;</x>",
        b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheets/></workbook>",
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1"><v>' + b"9" * 5_000 + b"</v></c></row></sheetData>"
        b"</worksheet>",
        b"not xml at all \xff\xfe",
    ]
)


@settings(FUZZ, max_examples=50)
@given(st.dictionaries(PARTS, st.one_of(XML_SNIPPETS, st.binary(max_size=200)), max_size=7))
def test_a_zip_that_only_pretends_to_be_a_workbook_is_refused_as_a_bad_file(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    table = read(buffer.getvalue())
    if table is not None:
        assert_table_is_well_formed(table)


@pytest.mark.django_db
@settings(FUZZ, max_examples=25)
@given(
    st.one_of(
        st.binary(max_size=500),
        st.lists(
            st.lists(st.text(max_size=12), min_size=1, max_size=5), min_size=1, max_size=4
        ).map(lambda rows: csv_bytes(rows, delimiter=",", encoding="utf-8")),
    ),
    st.sampled_from(sorted(SPECS)),
    st.text(max_size=300),
)
def test_an_upload_of_any_file_becomes_a_job_or_a_validation_error(world, content, kind, name):
    """What the office's upload view calls: a job, or a ValidationFailed for the form. (The
    name comes from Django's upload parser, which keeps printable characters only.)"""
    name = "".join(c for c in name if c.isprintable())
    try:
        job = import_upload(
            zone=world.zone, kind=kind, stream=io.BytesIO(content), name=name, by=world.director
        )
    except ValidationFailed as refused:
        complaint = refused.message
        assert complaint
        return
    assert job.pk is not None
    assert len(job.file_name) <= 255
    assert set(job.mapping.values()) <= set(job.headers)
