"""Exports: no formula ever reaches a spreadsheet, the rows are the page's rows, and every export
is audited. Files are re-read the way a reader would: csv with the csv module, xlsx with openpyxl
and as the raw XML of the sheet."""

import csv
import datetime as dt
import io
import shutil
import subprocess
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.events.conftest import EVENT_DAY, sign
from tests.factories.pipeline import CompanyFactory, ProjectFactory
from zoneinvest.core.models import AuditEvent
from zoneinvest.events import services as event_services
from zoneinvest.pipeline.selectors import project_list
from zoneinvest.reports.exports import export_file, safe_cell, write_csv, write_xlsx

FORMULA = '=HYPERLINK("http://x","y")'
PREFIXES = ["=", "+", "-", "@", "\t", "\r"]


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "csv starts with a UTF-8 byte order mark"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def _xlsx_cells(content: bytes) -> list:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [cell for row in sheet.iter_rows() for cell in row]


def _sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        return "".join(archive.read(n).decode("utf-8") for n in names)


def _download(client, name, fmt, query="", **kwargs):
    url = reverse(f"office:{name}", kwargs={**kwargs, "fmt": fmt})
    return client.get(f"{url}?{query}" if query else url)


# ---------------------------------------------------------------- cells


@pytest.mark.parametrize("prefix", PREFIXES)
def test_text_starting_like_a_formula_is_neutralised(prefix):
    assert safe_cell(f"{prefix}1+1") == f"'{prefix}1+1"


@pytest.mark.parametrize("value", [-5, Decimal("-1.50"), 3.25, 0, None, dt.date(2023, 1, 11)])
def test_numbers_dates_and_empty_cells_are_left_alone(value):
    assert safe_cell(value) == value


def test_ordinary_text_is_left_alone():
    assert safe_cell("Bosch GmbH") == "Bosch GmbH"
    assert safe_cell("a=b") == "a=b"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_each_neutralised_prefix_survives_a_csv_round_trip(prefix):
    rows = _csv_rows(write_csv(["Company"], [[f"{prefix}cmd|' /C calc'!A0"]]))
    assert rows[1] == [f"'{prefix}cmd|' /C calc'!A0"]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_no_xlsx_cell_is_a_formula_whatever_it_starts_with(prefix):
    content = write_xlsx(["Company"], [[f"{prefix}SUM(A1:A2)"]], "Sheet")
    cell = _xlsx_cells(content)[1]
    # (an XML reader turns a carriage return into a line feed: the text is otherwise kept)
    assert cell.value == f"{prefix}SUM(A1:A2)".replace("\r", "\n")
    assert cell.data_type == "s"
    assert "<f>" not in _sheet_xml(content)
    assert "<f " not in _sheet_xml(content)


def test_numbers_stay_numbers_and_dates_stay_dates_in_both_files():
    row = [Decimal("-1234.50"), -7, dt.date(2023, 1, 11)]
    assert _csv_rows(write_csv(["a", "b", "c"], [row]))[1] == ["-1234.50", "-7", "2023-01-11"]
    amount, count, day = _xlsx_cells(write_xlsx(["a", "b", "c"], [row], "Sheet"))[3:]
    assert amount.data_type == "n"
    assert amount.value == pytest.approx(-1234.5)
    assert count.value == -7
    assert day.is_date
    assert day.value.date() == dt.date(2023, 1, 11)


# ---------------------------------------------------------------- issue 7: done when


def test_a_company_named_like_a_formula_is_text_in_xlsx_and_neutralised_in_csv(world, client_for):
    CompanyFactory(zone=world.zone, name_en=FORMULA, name_zh_hans=FORMULA)
    client = client_for(world.director)

    response = _download(client, "export_companies", "csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    names = [row[1] for row in _csv_rows(response.content)[1:]]
    assert f"'{FORMULA}" in names
    assert FORMULA not in names

    response = _download(client, "export_companies", "xlsx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    cells = [c for c in _xlsx_cells(response.content) if c.value == FORMULA]
    assert len(cells) == 1
    assert cells[0].data_type != "f"
    xml = _sheet_xml(response.content)
    assert "<f>" not in xml
    assert "<f " not in xml
    assert "HYPERLINK" in xml  # the name is there, as text


def test_a_chinese_company_name_survives_the_csv_round_trip(world, client_for):
    name = "重庆长安汽车股份有限公司"
    CompanyFactory(zone=world.zone, name_en=name, name_zh_hans=name)
    response = _download(client_for(world.director), "export_companies", "csv")
    names = [row[1] for row in _csv_rows(response.content)[1:]]
    assert name in names


def test_headers_are_in_the_users_language(world, client_for):
    response = client_for(world.director).get("/zh-hans/office/companies/export.csv")
    assert response.status_code == 200
    headers = _csv_rows(response.content)[0]
    assert headers[1] == "企业"


# ---------------------------------------------------------------- the page's rows, scoped


def test_an_officers_export_omits_others_confidential_projects_like_the_page(world, client_for):
    ProjectFactory(
        zone=world.zone, title_en="Secret of officer2", confidential=True, owner=world.officer2
    )
    ProjectFactory(zone=world.zone, title_en="My secret", confidential=True, owner=world.officer)
    response = _download(client_for(world.officer), "export_projects", "csv")
    titles = [row[1] for row in _csv_rows(response.content)[1:]]
    page = [p.title for p in project_list(user=world.officer)]
    assert titles == page
    assert "My secret" in titles
    assert "Secret of officer2" not in titles

    director = _download(client_for(world.director), "export_projects", "csv")
    assert "Secret of officer2" in [row[1] for row in _csv_rows(director.content)[1:]]


def test_the_export_keeps_the_pages_filters_and_sort(world, client_for):
    ProjectFactory(zone=world.zone, title_en="Battery plant", total_investment=Decimal(5e9))
    ProjectFactory(zone=world.zone, title_en="Battery lab", total_investment=Decimal(2e9))
    ProjectFactory(zone=world.zone, title_en="Chip fab", total_investment=Decimal(9e9))
    response = _download(
        client_for(world.director), "export_projects", "xlsx", "q=battery&sort=-investment"
    )
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == ["Battery plant", "Battery lab"]
    assert rows[0][8] == 5e9  # the amount is a number


@pytest.fixture
def our_event(world):
    """An event of the world's zone: another zone's event for the outsider."""
    return event_services.event_create(
        zone=world.zone, by=world.director, name_en="Our conference", date=EVENT_DAY, venues=[]
    )


@pytest.mark.parametrize("name", ["export_event_signings", "export_event_report"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_outsider_gets_404_for_another_zones_event_export(
    world, client_for, our_event, name, fmt
):
    response = _download(client_for(world.outsider), name, fmt, pk=our_event.pk)
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(verb="reports.export").exists()


def test_the_event_exports_list_the_signings_and_the_reports_figures(
    world, client_for, negotiating
):
    event = event_services.event_create(
        zone=world.zone,
        by=world.director,
        name_en="Conference",
        date=EVENT_DAY,
        venues=[{"name_en": "Main venue", "role": "main"}],
    )
    sign(world, negotiating("Battery plant"), event, "3e9")
    client = client_for(world.director)
    signings = _csv_rows(_download(client, "export_event_signings", "csv", pk=event.pk).content)
    assert signings[1][0] == "Battery plant"
    assert signings[1][7] == "3000000000.00"
    report = _csv_rows(_download(client, "export_event_report", "csv", pk=event.pk).content)
    assert report[1][:4] == ["Total", "", "1", "1"]
    assert Decimal(report[1][4]) == Decimal("3e9")


# ---------------------------------------------------------------- audit


def test_every_export_is_audited_with_its_row_count_and_filters(world, client_for):
    ProjectFactory(zone=world.zone, title_en="Second")
    response = _download(client_for(world.director), "export_projects", "xlsx", "q=&sort=title")
    assert response.status_code == 200
    event = AuditEvent.objects.get(verb="reports.export")
    assert event.actor == world.director
    assert event.changes["kind"] == "projects"
    assert event.changes["format"] == "xlsx"
    assert event.changes["rows"] == 2
    assert event.changes["filters"] == {"q": "", "sort": "title"}


def test_a_job_can_make_an_export_in_one_call(world):
    filename, content_type, content = export_file(
        "projects", world.director, "sort=title", "csv", language="zh-hans"
    )
    assert filename.startswith("projects-")
    assert filename.endswith(".csv")
    assert content_type.startswith("text/csv")
    assert len(_csv_rows(content)) == 2
    assert AuditEvent.objects.get(verb="reports.export").changes["rows"] == 1


@pytest.mark.parametrize(
    "name",
    [
        "export_projects",
        "export_companies",
        "export_signed_not_started",
        "export_dashboard",
        "export_consultant_ranking",
        "export_inquiries",
        "export_indicators",
    ],
)
def test_each_list_exports_as_a_spreadsheet(world, client_for, name):
    response = _download(client_for(world.analyst), name, "xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert _xlsx_cells(response.content)  # at least the headers


# ---------------------------------------------------------------- the dashboard PDF


def test_the_dashboard_pdf_is_in_chinese_for_a_chinese_reader(world, client_for, negotiating):
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext is not installed (Debian: poppler-utils)")
    sign(world, negotiating("Battery plant", amount="5e9"), None, "5e9")
    response = client_for(world.director).get("/zh-hans/office/dashboard/export.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(  # noqa: S603
        [pdftotext, "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert "亿元" in text
    assert "落地项目的投资额与就业岗位" in text
    assert AuditEvent.objects.get(verb="reports.export").changes["format"] == "pdf"


def test_the_dashboard_pdf_is_in_english_for_an_english_reader(world, client_for):
    response = client_for(world.director).get(reverse("office:export_dashboard_pdf"))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
