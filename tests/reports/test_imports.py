"""Imports: mapping, row errors in the user's language, all-or-nothing, idempotent re-import,
hostile files refused fast, and the office flow."""

import io
import time
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from zoneinvest.pipeline.models import Company, Project, StageChange
from zoneinvest.pipeline.selectors import ProjectFilters, project_list
from zoneinvest.pipeline.stages import Stage
from zoneinvest.reports.files import BadFile
from zoneinvest.reports.jobs import import_job, validate_job
from zoneinvest.reports.models import ImportMapping, Job, JobStatus
from zoneinvest.reports.services import import_commit, import_map_and_check, import_upload

HEADER = "External id,Title,Investor,Country,Chain,Stage,Total investment,Owner\n"


def csv_file(body: str, header: str = HEADER) -> io.BytesIO:
    return io.BytesIO((header + body).encode())


def upload(world, content: io.BytesIO, kind: str = "projects", name: str = "p.csv") -> Job:
    return import_upload(zone=world.zone, kind=kind, stream=content, name=name, by=world.director)


MAPPING = {
    "external_id": "External id",
    "title_en": "Title",
    "company": "Investor",
    "country": "Country",
    "chain": "Chain",
    "stage": "Stage",
    "total_investment": "Total investment",
    "owner": "Owner",
}


def check(world, job: Job, mapping=None) -> Job:
    import_map_and_check(job=job, mapping=mapping or MAPPING, by=world.director)
    validate_job.call(job.pk)
    job.refresh_from_db()
    return job


def run(world, job: Job) -> Job:
    import_commit(job=job, by=world.director)
    import_job.call(job.pk)
    job.refresh_from_db()
    return job


def good_rows(world) -> str:
    return (
        "P-1,Battery plant,Voltstore GmbH,DE,nev,lead,,\n"
        "P-2,Cell factory,Voltstore GmbH,Germany,nev,qualified,"
        f'"1,200,000,000",{world.officer.username}\n'
        "P-3,Display line,Panel Co,KR,nev,lead,5000000,\n"
    )


@pytest.mark.django_db(transaction=True)
def test_a_checked_file_is_imported_whole_with_stage_history(world):
    job = check(world, upload(world, csv_file(good_rows(world))))
    assert job.status == JobStatus.VALIDATED
    assert job.total_rows == 3
    job = run(world, job)
    assert job.status == JobStatus.DONE
    assert job.result["created"] == 3
    projects = Project.objects.filter(zone=world.zone, source="import")
    assert projects.count() == 3
    cell = projects.get(external_id="P-2")
    assert cell.stage == Stage.QUALIFIED
    assert cell.total_investment == Decimal("1200000000.00")
    assert cell.owner == world.officer
    assert Company.objects.filter(zone=world.zone, name="Voltstore GmbH").count() == 1
    # One history entry, the stage it was imported at (no invented road before it) ...
    history = list(
        StageChange.objects.filter(project=cell).values_list("from_stage", "to_stage", "reason")
    )
    assert history == [("", "qualified", "Imported")]
    # ... and the funnel counts it as having passed lead on its way to qualified.
    for stage in (Stage.LEAD, Stage.QUALIFIED):
        reached = project_list(user=world.director, filters=ProjectFilters(reached=stage))
        assert cell in reached, stage
    assert cell not in project_list(
        user=world.director, filters=ProjectFilters(reached=Stage.NEGOTIATING)
    )


@pytest.mark.django_db(transaction=True)
def test_importing_the_same_file_again_changes_nothing(world):
    run(world, check(world, upload(world, csv_file(good_rows(world)))))
    before = (Project.objects.count(), Company.objects.count(), StageChange.objects.count())
    again = run(world, check(world, upload(world, csv_file(good_rows(world)))))
    assert again.result == {"created": 0, "unchanged": 3, "companies": 2}
    assert (Project.objects.count(), Company.objects.count(), StageChange.objects.count()) == before


@pytest.mark.django_db(transaction=True)
def test_row_errors_name_row_and_column_in_the_users_language_and_nothing_is_written(world):
    body = (
        "P-1,Good one,Voltstore GmbH,DE,nev,lead,,\n"
        "P-2,Bad amount,Voltstore GmbH,DE,nev,lead,lots,\n"
        "P-3,Signed already,Voltstore GmbH,DE,nev,signed,100,\n"
        "P-4,No company,,,nev,qualified,,\n"
        "P-5,Unknown chain,Voltstore GmbH,DE,space,lead,,\n"
    )
    with translation.override("zh-hans"):
        job = check(world, upload(world, csv_file(body)))
    assert job.status == JobStatus.INVALID
    assert job.error_count == 4
    by_row = {error["row"]: error for error in job.row_errors}
    assert set(by_row) == {3, 4, 5, 6}
    assert by_row[3]["column"] == "Total investment"
    assert "不是金额" in by_row[3]["message"]
    assert by_row[6]["column"] == "Chain"
    assert Project.objects.filter(source="import").count() == 0
    with pytest.raises(Exception):  # noqa: B017, PT011 - a refused commit of an invalid file
        import_commit(job=job, by=world.director)


@pytest.mark.django_db(transaction=True)
def test_a_row_that_fails_the_check_made_while_writing_rolls_the_whole_file_back(
    world, monkeypatch
):
    """Chunks of rows are written while later ones are still checked: when a late row no longer
    passes (its chain was renamed after the preview), the chunks already written go too."""
    from zoneinvest.industries.models import IndustryChain
    from zoneinvest.reports import jobs

    monkeypatch.setattr(jobs, "CHUNK", 2)
    IndustryChain.objects.create(zone=world.zone, code="bat", name_en="Batteries", sector="energy")
    body = good_rows(world) + (
        "P-4,New factory,Newco AG,DE,nev,lead,,\nP-5,Pack line,Packco,DE,bat,lead,,\n"
    )
    job = check(world, upload(world, csv_file(body)))
    assert job.status == JobStatus.VALIDATED
    IndustryChain.objects.filter(zone=world.zone, code="bat").update(
        code="battery", name_en="Battery storage"
    )
    job = run(world, job)
    assert job.status == JobStatus.INVALID
    assert [(e["row"], e["column"]) for e in job.row_errors] == [(6, "Chain")]
    assert Project.objects.filter(source="import").count() == 0
    assert not Company.objects.filter(name__in=["Voltstore GmbH", "Newco AG", "Packco"]).exists()
    assert not StageChange.objects.filter(reason="Imported").exists()


@pytest.mark.django_db(transaction=True)
def test_the_mapping_is_remembered_for_the_next_file_of_that_kind(world):
    check(world, upload(world, csv_file(good_rows(world))))
    assert ImportMapping.objects.get(zone=world.zone, kind="projects").mapping == MAPPING
    renamed = HEADER.replace("Total investment", "Invest")
    job = upload(world, csv_file("", header=renamed + "P-9,X,Y,DE,nev,lead,1,\n"))
    assert job.mapping["title_en"] == "Title"
    assert "total_investment" not in job.mapping  # the remembered column is not in this file


def test_a_missing_required_column_is_refused_before_checking(world):
    job = upload(world, csv_file(good_rows(world)))
    with pytest.raises(Exception, match="Title"):
        import_map_and_check(job=job, mapping={"company": "Investor"}, by=world.director)


def _bomb() -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (500 * 1024 * 1024))
    buffer.seek(0)
    return buffer


def _many_entries() -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(300):
            archive.writestr(f"xl/junk{i}.xml", "x")
    buffer.seek(0)
    return buffer


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (lambda: _bomb(), "unpacks to more"),
        (lambda: _many_entries(), "too many parts"),
        (lambda: io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000), "not a csv or xlsx"),
        (lambda: io.BytesIO(b"PK\x03\x04garbage"), "damaged zip"),
        (lambda: io.BytesIO(b""), "empty"),
    ],
    ids=["xlsx-bomb", "zip-entries", "renamed-binary", "broken-zip", "empty"],
)
def test_hostile_or_broken_files_are_refused_fast_and_write_nothing(world, content, message):
    stream = content()
    start = time.perf_counter()
    with pytest.raises(BadFile, match=message):
        upload(world, stream, name="projects.xlsx")
    assert time.perf_counter() - start < 2
    assert Job.objects.count() == 0
    assert Project.objects.filter(source="import").count() == 0


@pytest.mark.django_db(transaction=True)
def test_an_xlsx_file_with_dates_and_numbers_imports(world):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Title", "Investor", "Country", "Chain", "Stage", "Total investment"])
    sheet.append(["Storage plant", "Voltstore GmbH", "DE", "nev", "lead", 1_000_000_000])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    job = upload(world, buffer, name="p.xlsx")
    assert job.file_format == "xlsx"
    job = run(
        world, check(world, job, mapping={k: v for k, v in MAPPING.items() if v in job.headers})
    )
    assert job.status == JobStatus.DONE
    assert Project.objects.get(title_en="Storage plant").total_investment == Decimal(
        "1000000000.00"
    )


@pytest.mark.django_db(transaction=True)
def test_the_office_flow_upload_map_check_import(world):
    client = Client()
    client.force_login(world.officer)
    response = client.post(
        reverse("office:import_list"),
        {
            "kind": "projects",
            "file": SimpleUploadedFile("p.csv", csv_file(good_rows(world)).read()),
        },
    )
    job = Job.objects.get()
    assert response["Location"] == reverse("office:import_detail", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'name="map_title_en"' in page
    assert '<option value="Title" selected>' in page
    data = {f"map_{field}": column for field, column in MAPPING.items()}
    client.post(reverse("office:import_map", args=[job.pk]), data)
    validate_job.call(job.pk)
    assert "All 3 rows can be imported" in client.get(response["Location"]).content.decode()
    client.post(reverse("office:import_commit", args=[job.pk]))
    progress = client.get(reverse("office:import_progress", args=[job.pk]))
    assert 'hx-trigger="every 1s"' in progress.content.decode()
    import_job.call(job.pk)
    page = client.get(response["Location"]).content.decode()
    assert "3 new, 0 already there" in page
    other = Client()
    other.force_login(world.outsider)
    assert other.get(response["Location"]).status_code == 404


def test_a_column_of_the_file_is_guessed_for_one_field_only(world):
    job = upload(world, csv_file(good_rows(world)))
    assert job.mapping["title_en"] == "Title"
    assert "title_zh_hans" not in job.mapping  # "Title (Chinese)" must not take "Title" too


@pytest.mark.django_db(transaction=True)
def test_activities_attach_to_projects_and_are_not_recorded_twice(world):
    from zoneinvest.pipeline.models import Activity

    run(world, check(world, upload(world, csv_file(good_rows(world)))))
    body = (
        "P-1,,,,visit,2024-03-05,Anna Schmidt,Site visit in Longxing\n"
        ",,Panel Co,KR,call,2024-03-06,,Follow-up call\n"
        "P-404,,,,meeting,2024-03-07,,Unknown project\n"
    )
    header = "Project external id,Project title,Investor,Country,Kind,Date,People,Notes\n"
    job = upload(world, csv_file(body, header=header), kind="activities")
    job = check(world, job, mapping=dict(job.mapping))
    assert job.status == JobStatus.INVALID
    assert [(e["row"], e["column"]) for e in job.row_errors] == [(4, "Project external id")]
    fixed = upload(world, csv_file(body.rsplit("P-404", 1)[0], header=header), kind="activities")
    fixed = run(world, check(world, fixed, mapping=dict(fixed.mapping)))
    assert fixed.result == {"created": 2, "unchanged": 0}
    visit = Activity.objects.get(kind="visit")
    assert visit.project.external_id == "P-1"
    assert visit.company.name == "Voltstore GmbH"
    again = upload(world, csv_file(body.rsplit("P-404", 1)[0], header=header), kind="activities")
    again = run(world, check(world, again, mapping=dict(again.mapping)))
    assert again.result == {"created": 0, "unchanged": 2}


@pytest.mark.django_db(transaction=True)
def test_indicators_import_records_and_corrects_values(world):
    from zoneinvest.places.models import Indicator

    header = "Indicator,Area,Year,Value,Unit,Source\n"
    body = "land_area,zone,2022,1200,km²,Yearbook\nLand area,Parent city,2022,82400,km²,Yearbook\n"
    job = upload(world, csv_file(body, header=header), kind="indicators")
    job = run(world, check(world, job, mapping=dict(job.mapping)))
    assert job.result == {"created": 2, "unchanged": 0}
    assert Indicator.objects.get(area="city").value == Decimal("82400")
    corrected = body.replace("82400", "82403")
    job = upload(world, csv_file(corrected, header=header), kind="indicators")
    job = run(world, check(world, job, mapping=dict(job.mapping)))
    assert job.result == {"created": 1, "unchanged": 1}
    assert Indicator.objects.get(area="city").value == Decimal("82403")


@pytest.mark.django_db(transaction=True)
def test_without_external_ids_projects_match_on_title_and_investor_in_one_query(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zoneinvest.reports.importers import _known_titles, make_context

    body = "".join(f",Plant {i},Investor {i % 3} Ltd,DE,nev,lead,,\n" for i in range(40))
    run(world, check(world, upload(world, csv_file(body))))
    again = check(world, upload(world, csv_file(body)))
    rows = [
        {"title_en": f"Plant {i}", "external_id": ""} for i in range(40)
    ]  # what the checker hands on
    with CaptureQueriesContext(connection) as queries:
        known = _known_titles(rows, make_context(zone=world.zone, by=world.director))
    assert len(known) == 40
    assert len([q for q in queries if "pipeline_project" in q["sql"]]) == 1
    assert run(world, again).result["unchanged"] == 40


@pytest.mark.django_db(transaction=True)
def test_ids_handed_out_ahead_never_collide(world, monkeypatch):
    """The loader takes company ids a block at a time, before it writes the companies: two
    blocks of one id for two new investors must not overlap (SQLite has no sequence)."""
    from zoneinvest.reports.importers import ProjectLoader

    monkeypatch.setattr(ProjectLoader, "COMPANY_IDS_AT_ONCE", 1)
    job = run(world, check(world, upload(world, csv_file(good_rows(world)))))
    assert job.status == JobStatus.DONE, job.error
    assert job.result == {"created": 3, "unchanged": 0, "companies": 2}


@pytest.mark.django_db(transaction=True)
def test_an_import_makes_the_portals_stored_pages_stale(world):
    """COPY sends no save signals: the import itself moves the portal cache's generation."""
    from zoneinvest.portal.cache import generation

    before = generation()
    run(world, check(world, upload(world, csv_file(good_rows(world)))))
    assert generation() > before


@pytest.mark.django_db(transaction=True)
def test_imported_projects_and_investors_are_found_by_search(world, settings):
    """COPY sends no save signals: a task after the commit indexes what the import wrote."""
    from zoneinvest.search.selectors import search

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    run(world, check(world, upload(world, csv_file(good_rows(world)))))
    found = {(entry.kind, entry.title_en) for entry in search(user=world.director, q="voltstore")}
    assert ("company", "Voltstore GmbH") in found
    assert any(entry.kind == "project" for entry in search(user=world.director, q="cell factory"))


@pytest.mark.django_db(transaction=True)
def test_rows_are_read_checked_and_written_with_the_cycle_collector_paused(world, monkeypatch):
    """A large file's rows set the collector off again and again (a quarter of an import's time,
    measured): reading, the check and the import run with it paused, and it is on again after."""
    import dataclasses
    import gc

    from zoneinvest.reports import importers

    seen: list[bool] = []
    spec = importers.SPECS["projects"]

    def checking(row, ctx):
        seen.append(gc.isenabled())
        return spec.check(row, ctx)

    monkeypatch.setitem(importers.SPECS, "projects", dataclasses.replace(spec, check=checking))
    job = check(world, upload(world, csv_file(good_rows(world))))
    job = run(world, job)
    assert job.status == JobStatus.DONE
    assert seen == [False] * 6  # three rows checked on validating, three again on importing
    assert gc.isenabled()
