"""Fuzz: whatever a cell of an import holds, checking its row gives clean values or a RowError
naming one of the kind's columns in a sentence of ours, never a KeyError, ValueError, decimal
error or database error; and every value the check accepts fits the column it is written to
(else the write, after a preview that said "no errors", would fail on PostgreSQL).

The entry points are the worker's: `SPECS[kind].check(row, ctx)` for one row (as
`jobs._checked_in_chunks` calls it), and the whole job (`validate_job`, then `import_job`)."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.validators import DecimalValidator
from django.db import connection, models
from hypothesis import example, given, settings
from hypothesis import strategies as st

from zoneinvest.core.errors import ValidationFailed
from zoneinvest.core.models import CURRENCY_DECIMALS
from zoneinvest.events.models import Signing
from zoneinvest.pipeline.models import Activity, Company, Project
from zoneinvest.places.models import Indicator
from zoneinvest.reports.importers import (
    IMPORTABLE_STAGES,
    MAX_AMOUNT,
    SPECS,
    RowError,
    amount,
    country,
    date,
    make_context,
)
from zoneinvest.reports.jobs import import_job, validate_job
from zoneinvest.reports.models import ImportKind, JobStatus
from zoneinvest.reports.services import import_commit, import_map_and_check, import_upload

FUZZ = settings.get_profile("zoneinvest-fuzz")

# Text as read_table gives it: no NUL (a file holding one is refused) and no lone surrogate
# (neither UTF-8, GB18030 nor XML can carry one).
CELL_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)
LIKELY = st.sampled_from(
    [
        "", " ", "0", "-0", "-1", "0.005", "1,234.5", "1 234,5", "1_000", "１２３", "١٢٣", "²",
        "1e3", "1E+30", "1e-999999", "9" * 19, "99999999999.99", "999999999999", "NaN", "sNaN",
        "-Infinity", "2023-01-11", "2023-02-30", "11.01.2023", "2023年1月11日", "0001-01-01",
        "9999-12-31", "1949", "2100", "lead", "Lead", "线索", "qualified", "signed", "on_hold",
        "CNY", "usd", "美元", "DE", "Germany", "德国", "deu", "276", "nev", "officer", "director",
        "new", "upgrade", "meeting", "gdp", "liangjiang", "http://example.com", "javascript:x",
        "x" * 301, "项目" * 200,
    ]
)  # fmt: skip
CSV_CELL = st.one_of(LIKELY, CELL_TEXT)
# What an xlsx cell is read as: text, numbers, booleans, dates and times, or nothing.
XLSX_CELL = st.one_of(
    st.none(),
    CSV_CELL,
    st.integers(-(10**25), 10**25),
    st.floats(),  # NaN and infinities included: a formula's cached value can be anything
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.timedeltas(),
)

# Where each checked value is written: (model, field), for the limits the database enforces.
TARGETS: dict[str, dict[str, tuple[type[models.Model], str]]] = {
    ImportKind.PROJECTS: {
        "external_id": (Project, "external_id"),
        "title_en": (Project, "title_en"),
        "title_zh_hans": (Project, "title_zh_hans"),
        "company_name": (Company, "name"),
        "total_investment": (Project, "total_investment"),
        "contracted_amount": (Project, "contracted_amount"),
        "expected_jobs": (Project, "expected_jobs"),
        "land_mu": (Project, "land_mu"),
    },
    ImportKind.COMPANIES: {
        "name_en": (Company, "name_en"),
        "name_zh_hans": (Company, "name_zh_hans"),
        "hq_city": (Company, "hq_city"),
        "website": (Company, "website"),
    },
    ImportKind.SIGNINGS: {
        "project": (Project, "title_en"),
        "project_external_id": (Project, "external_id"),
        "company_name": (Company, "name"),
        "amount": (Signing, "amount"),
    },
    ImportKind.ACTIVITIES: {
        "people": (Activity, "people"),
        "notes": (Activity, "notes"),
    },
    ImportKind.INDICATORS: {
        "year": (Indicator, "year"),
        "value": (Indicator, "value"),
        "unit": (Indicator, "unit"),
        "source": (Indicator, "source"),
    },
}


def assert_fits_its_column(value: Any, model: type[models.Model], name: str) -> None:
    if value is None:
        return
    field = model._meta.get_field(name)
    if isinstance(field, models.DecimalField):
        DecimalValidator(field.max_digits, field.decimal_places)(value)
    elif isinstance(field, models.IntegerField):
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        assert low is None or value >= low, (name, value)
        assert high is None or value <= high, (name, value)
    elif isinstance(field, models.CharField):
        assert len(value) <= field.max_length, (name, len(value))


def assert_is_a_sentence_of_ours(message: str) -> None:
    """Our complaints are whole translated sentences; Python's own ("invalid literal for
    int() with base 10: '²'") are not, and must not reach the user."""
    assert message.strip()
    assert message.rstrip().endswith((".", "。")), message
    ours = re.sub(r"“[^”]*”", "“…”", message)  # the cell quoted back may hold anything
    assert "()" not in ours, message


def rows_for(kind: str, cells: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    names = [column.name for column in SPECS[kind].columns]
    return st.fixed_dictionaries({}, optional=dict.fromkeys(names, cells))


def check_any_row(world, kind: str, row: dict[str, Any]) -> None:
    spec = SPECS[kind]
    ctx = make_context(zone=world.zone, by=world.director)
    try:
        values = spec.check(row, ctx)
    except RowError as error:
        field, message = error.field, error.message
        assert field in {column.name for column in spec.columns}, field
        assert_is_a_sentence_of_ours(message)
        return
    for key, (model, name) in TARGETS[kind].items():
        assert_fits_its_column(values.get(key), model, name)
    if kind == ImportKind.PROJECTS:
        assert values["stage"] in IMPORTABLE_STAGES
        assert values["owner"] is not None


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(SPECS))
@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_any_row_of_a_csv_is_checked_into_values_or_row_errors(world, kind, data):
    check_any_row(world, kind, data.draw(rows_for(kind, CSV_CELL)))


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(SPECS))
@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_any_row_of_a_workbook_is_checked_into_values_or_row_errors(world, kind, data):
    check_any_row(world, kind, data.draw(rows_for(kind, XLSX_CELL)))


NUMBERS = st.one_of(
    st.decimals(min_value=0, max_value=10**19, places=2, allow_nan=False).map(str),
    st.integers(0, 10**19).map(str),
    st.floats(min_value=0, max_value=1e19),
)


@pytest.mark.django_db
@settings(FUZZ, max_examples=60)
@given(
    st.sampled_from(["total_investment", "contracted_amount", "land_mu", "expected_jobs"]), NUMBERS
)
@example("land_mu", "12345678901")  # 11 digits: an amount, but more land than its column holds
def test_every_number_a_project_row_accepts_fits_its_column(world, column, number):
    check_any_row(world, ImportKind.PROJECTS, {"title_en": "Battery plant", column: number})


@settings(FUZZ, max_examples=200)
@given(st.one_of(XLSX_CELL, st.decimals(allow_nan=False)))
@example(Decimal("NaN"))
@example(Decimal("-Infinity"))
@example("1e-999999")
@example("9" * 5000)
@example(Decimal("-0"))
def test_an_amount_cell_is_a_cent_exact_amount_within_the_column_or_a_complaint(cell):
    try:
        read = amount(cell)
    except ValueError as complaint:
        assert_is_a_sentence_of_ours(str(complaint))
        return
    if read is not None:
        assert read.is_finite()
        assert 0 <= read <= MAX_AMOUNT
        assert read == read.quantize(Decimal(1).scaleb(-CURRENCY_DECIMALS))


@settings(FUZZ, max_examples=200)
@given(XLSX_CELL)
@example("²")
@example("٣")
@example("١٢٣")
def test_a_country_cell_is_a_country_code_or_a_complaint(cell):
    try:
        code = country(cell)
    except ValueError as complaint:
        assert_is_a_sentence_of_ours(str(complaint))
        return
    assert code == "" or (len(code) == 2 and code.isupper())


@settings(FUZZ, max_examples=200)
@given(XLSX_CELL)
def test_a_date_cell_is_a_date_or_a_complaint(cell):
    try:
        day = date(cell)
    except ValueError as complaint:
        assert_is_a_sentence_of_ours(str(complaint))
        return
    assert day is None or type(day) is dt.date


def csv_upload(rows: list[dict[str, str]], names: list[str]) -> io.BytesIO:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(names)
    writer.writerows([[row.get(name, "") for name in names] for row in rows])
    return io.BytesIO(buffer.getvalue().encode())


@pytest.mark.django_db(transaction=True)
@settings(FUZZ, max_examples=15)
@given(
    st.sampled_from([ImportKind.PROJECTS, ImportKind.COMPANIES, ImportKind.INDICATORS]),
    st.data(),
)
def test_a_job_of_any_rows_is_validated_or_lists_row_errors_and_imports_whole(world, kind, data):
    """The office's path end to end: upload, map, check (the worker), import (the worker). A
    file the check passed is imported; the import never stops on an unexpected error."""
    names = [column.name for column in SPECS[kind].columns]
    text = st.one_of(LIKELY, CELL_TEXT.map(lambda s: s.replace("\r", " ")))
    rows = data.draw(st.lists(rows_for(kind, text), min_size=1, max_size=4))
    try:
        job = import_upload(
            zone=world.zone,
            kind=kind,
            stream=csv_upload(rows, names),
            name="fuzz.csv",
            by=world.director,
        )
        import_map_and_check(job=job, mapping={n: n for n in names}, by=world.director)
    except ValidationFailed as refused:  # the file, or its columns, refused in so many words
        complaint = refused.message
        assert complaint
        return
    validate_job.call(job.pk)
    job.refresh_from_db()
    assert job.status in (JobStatus.VALIDATED, JobStatus.INVALID), (job.status, job.error)
    assert len(job.row_errors) == min(job.error_count, 200)
    for error in job.row_errors:
        assert error["column"] in names
        assert 2 <= error["row"] <= job.total_rows + 1
        assert_is_a_sentence_of_ours(error["message"])
    if job.status == JobStatus.VALIDATED:
        import_commit(job=job, by=world.director)
        import_job.call(job.pk)
        job.refresh_from_db()
        assert job.status == JobStatus.DONE, (job.status, job.error)
