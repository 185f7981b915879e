"""Issue 7: an export of more than BACKGROUND_THRESHOLD rows is made by a background job with a
progress bar that survives a reload and ends with a download link (done) or the reason (failed);
only the person who started it opens the job and its file (a colleague, like an outsider, gets
404); who exported what, and who downloaded it, is audited.

The threshold is lowered to a few rows; the job's task is run in this process, by calling it
(as tests/reports/test_imports.py does) or through Django's immediate task backend."""

import datetime as dt
import io
import logging

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories.pipeline import ProjectFactory
from zoneinvest.accounts.models import Role
from zoneinvest.core.errors import NoFxRate
from zoneinvest.core.models import AuditEvent
from zoneinvest.reports import export_jobs
from zoneinvest.reports import exports as files
from zoneinvest.reports.export_jobs import export_job, export_start
from zoneinvest.reports.exports import EXPORTS, export_file
from zoneinvest.reports.models import ExportKind, Job, JobOperation, JobStatus

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def threshold(monkeypatch):
    """Exports of more than 2 rows run in the background."""
    monkeypatch.setattr(files, "BACKGROUND_THRESHOLD", 2)
    return 2


@pytest.fixture
def projects(world):
    """Five projects in the zone (the world's own and four more)."""
    for i in range(4):
        ProjectFactory(zone=world.zone, title_en=f"Plant {i}", company=world.company)
    return 5


def _export_url(fmt: str, query: str = "") -> str:
    url = reverse("office:export_projects", kwargs={"fmt": fmt})
    return f"{url}?{query}" if query else url


def _sheet_rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


def _csv_lines(content: bytes) -> list[str]:
    return content.decode("utf-8-sig").splitlines()


def _content(response) -> bytes:
    return b"".join(response.streaming_content)


# ---------------------------------------------------------------- the whole flow


def test_a_large_export_is_made_by_a_job_whose_file_matches_the_synchronous_export(
    world, client_for, threshold, projects, monkeypatch
):
    client = client_for(world.director)

    response = client.get(_export_url("xlsx", "sort=title&q=plant"))
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("office:export_detail", args=[job.pk])
    assert job.operation == JobOperation.EXPORT
    assert job.export_kind == "projects"
    assert job.file_format == "xlsx"
    assert job.status == JobStatus.QUEUED
    assert job.total_rows == 4
    assert job.query == "sort=title&q=plant"
    assert job.created_by == world.director
    assert job.zone == world.zone
    assert not AuditEvent.objects.filter(verb="reports.export").exists()  # nothing built yet

    # the page shows the progress bar, polled, and still shows it after a reload
    for _reload in range(2):
        page = client.get(response["Location"]).content.decode()
        assert reverse("office:export_progress", args=[job.pk]) in page
        assert 'hx-trigger="every 1s"' in page
        assert "Queued" in page
        assert "/office/projects/?sort=title&amp;q=plant" in page  # back to the page it came from
    # asking again while it is under way leads to the same job
    assert client.get(_export_url("xlsx", "sort=title&q=plant"))["Location"] == response["Location"]
    assert Job.objects.count() == 1

    export_job.call(job.pk)

    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert (job.done_rows, job.total_rows) == (4, 4)
    assert job.file.name.startswith("exports/")
    assert job.file_name == f"projects-{timezone.localdate().isoformat()}.xlsx"
    progress = client.get(reverse("office:export_progress", args=[job.pk])).content.decode()
    assert "hx-trigger" not in progress  # finished: no more polling
    assert "4 of 4 rows" in progress
    download_url = reverse("office:export_download", args=[job.pk])
    assert f'href="{download_url}"' in progress
    assert f"Download {job.file_name}" in progress

    download = client.get(download_url)
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in download["Content-Disposition"]
    assert job.file_name in download["Content-Disposition"]
    in_background = _sheet_rows(_content(download))

    monkeypatch.setattr(files, "BACKGROUND_THRESHOLD", 5_000)
    synchronous = client.get(_export_url("xlsx", "sort=title&q=plant"))
    assert synchronous.status_code == 200
    assert in_background == _sheet_rows(synchronous.content)
    assert [row[1] for row in in_background[1:]] == ["Plant 0", "Plant 1", "Plant 2", "Plant 3"]

    # audited: who asked, who it was built for (with the job), who downloaded it
    queued = AuditEvent.objects.get(verb="reports.export.queued")
    assert queued.actor == world.director
    assert queued.changes["filters"] == {"sort": "title", "q": "plant"}
    built = AuditEvent.objects.filter(verb="reports.export").order_by("pk").first()
    assert built.actor == world.director
    assert built.changes["job"] == job.pk
    assert built.changes["rows"] == 4
    assert built.changes["filters"] == {"sort": "title", "q": "plant"}
    downloaded = AuditEvent.objects.get(verb="reports.export.downloaded")
    assert downloaded.actor == world.director
    assert downloaded.object_id == str(job.pk)
    assert downloaded.changes["rows"] == 4

    # nobody else opens the job or its file: an outsider, nor a colleague of the same zone
    for other in (world.outsider, world.officer, world.analyst):
        stranger = client_for(other)
        for name in ("export_detail", "export_progress", "export_download"):
            assert stranger.get(reverse(f"office:{name}", args=[job.pk])).status_code == 404
        assert stranger.post(reverse("office:export_again", args=[job.pk])).status_code == 404
    assert AuditEvent.objects.filter(verb="reports.export.downloaded").count() == 1


@pytest.mark.django_db(transaction=True)
def test_with_a_task_backend_the_job_is_queued_after_the_commit_and_makes_the_csv(
    world, client_for, threshold, projects, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    client = client_for(world.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(_export_url("csv", "sort=title"))
    job = Job.objects.get()
    assert response["Location"] == reverse("office:export_detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    page = client.get(response["Location"]).content.decode()
    assert f"Download {job.file_name}" in page
    lines = _csv_lines(_content(client.get(reverse("office:export_download", args=[job.pk]))))

    synchronous = export_file("projects", world.officer, "sort=title", "csv")[2]
    assert lines == _csv_lines(synchronous)
    assert len(lines) == 1 + projects


@pytest.mark.django_db(transaction=True)
def test_progress_is_written_row_by_row_outside_any_transaction(
    world, threshold, projects, monkeypatch
):
    monkeypatch.setattr(files, "PROGRESS_EVERY", 1)
    seen: list[tuple[int, int]] = []
    update = export_jobs._update

    def spy(job, **fields):
        update(job, **fields)
        assert not connection.in_atomic_block  # each write is committed at once
        stored = Job.objects.get(pk=job.pk)
        seen.append((stored.done_rows, stored.total_rows))

    monkeypatch.setattr(export_jobs, "_update", spy)
    job = export_start(
        kind="projects", fmt="csv", query="", rows=5, zone=None, back="/", by=world.director
    )
    export_job.call(job.pk)
    assert [done for done, _total in seen] == [0, 0, 1, 2, 3, 4, 5, 5, 5]
    assert {total for _done, total in seen} == {5}
    assert Job.objects.get(pk=job.pk).status == JobStatus.DONE


# ---------------------------------------------------------------- small exports, the list


def test_a_small_export_is_still_made_in_the_request(world, client_for, projects):
    response = client_for(world.director).get(_export_url("csv"))
    assert response.status_code == 200
    assert len(_csv_lines(response.content)) == 1 + projects
    assert not Job.objects.exists()


def test_reports_are_always_made_in_the_request(world, client_for, monkeypatch):
    monkeypatch.setattr(files, "BACKGROUND_THRESHOLD", 0)
    response = client_for(world.director).get(reverse("office:export_dashboard_pdf"))
    assert response.status_code == 200
    assert not Job.objects.exists()


def test_every_export_kind_can_be_a_job():
    from zoneinvest.reports import export_kinds  # noqa: F401 - registers the definitions

    assert set(EXPORTS) <= set(ExportKind.values)


def test_export_jobs_are_listed_for_their_creator_and_kept_apart_from_imports(
    world, client_for, threshold, projects
):
    client = client_for(world.director)
    client.get(_export_url("xlsx"))
    job = Job.objects.get()

    for url in (reverse("office:export_list"), reverse("office:import_list")):
        page = client.get(url).content.decode()
        assert reverse("office:export_detail", args=[job.pk]) in page, url
        assert "Projects" in page
    imports = client.get(reverse("office:import_list")).context["jobs"]
    assert job not in list(imports)  # the imports table lists imports only
    assert client.get(reverse("office:import_detail", args=[job.pk])).status_code == 404
    colleague = client_for(world.officer).get(reverse("office:export_list")).content.decode()
    assert reverse("office:export_detail", args=[job.pk]) not in colleague
    assert "No export made in the background yet." in colleague


def test_a_file_not_made_yet_cannot_be_downloaded(world, client_for, threshold, projects):
    client = client_for(world.director)
    client.get(_export_url("csv"))
    job = Job.objects.get()
    assert client.get(reverse("office:export_download", args=[job.pk])).status_code == 404
    assert not AuditEvent.objects.filter(verb="reports.export.downloaded").exists()


# ---------------------------------------------------------------- failures


def test_a_failing_export_ends_failed_with_the_reason_and_can_be_started_again(
    world, client_for, threshold, projects, monkeypatch
):
    client = client_for(world.director)
    client.get(_export_url("xlsx"))
    job = Job.objects.get()
    write = files.write_xlsx

    def no_rate(*args, **kwargs):
        raise NoFxRate("No exchange rate from USD to CNY on 2024-03-01.")

    monkeypatch.setattr(files, "write_xlsx", no_rate)
    export_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "No exchange rate from USD to CNY on 2024-03-01."
    assert not job.file
    progress = client.get(reverse("office:export_progress", args=[job.pk])).content.decode()
    assert "hx-trigger" not in progress
    assert "No exchange rate from USD to CNY on 2024-03-01." in progress
    assert reverse("office:export_again", args=[job.pk]) in progress
    assert reverse("office:export_download", args=[job.pk]) not in progress
    assert client.get(reverse("office:export_download", args=[job.pk])).status_code == 404

    monkeypatch.setattr(files, "write_xlsx", write)
    response = client.post(reverse("office:export_again", args=[job.pk]))
    assert response["Location"] == reverse("office:export_detail", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.QUEUED, "")
    export_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.attempts == 2
    assert client.get(reverse("office:export_download", args=[job.pk])).status_code == 200


def test_an_unexpected_error_fails_the_job_with_a_plain_reason(
    world, threshold, projects, monkeypatch, caplog
):
    job = export_start(
        kind="projects", fmt="csv", query="", rows=5, zone=None, back="/", by=world.director
    )
    monkeypatch.setattr(files, "write_csv", lambda *a, **k: 1 / 0)
    with caplog.at_level(logging.ERROR):
        export_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "The export stopped on an unexpected error; no file was made."
    assert "ZeroDivisionError" in caplog.text


def test_an_export_whose_creator_may_no_longer_export_fails_with_the_reason(
    world, threshold, projects
):
    job = export_start(
        kind="projects", fmt="xlsx", query="", rows=5, zone=None, back="/", by=world.analyst
    )
    world.analyst.role = Role.CONSULTANT
    world.analyst.save()
    export_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "can no longer be exported" in job.error
    assert not AuditEvent.objects.filter(verb="reports.export").exists()


def test_an_export_whose_worker_died_ends_failed_with_the_reason(
    world, client_for, threshold, projects
):
    client = client_for(world.director)
    client.get(_export_url("csv"))
    job = Job.objects.get()
    long_ago = dt.datetime.now(tz=dt.UTC) - dt.timedelta(minutes=5)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, done_rows=2, heartbeat_at=long_ago
    )

    progress = client.get(reverse("office:export_progress", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "The worker stopped answering" in job.error
    assert job.error in progress
    assert "hx-trigger" not in progress
    assert "Failed" in client.get(reverse("office:export_list")).content.decode()
    # asking for the same export again starts a new job rather than waiting on the dead one
    client.get(_export_url("csv"))
    assert Job.objects.count() == 2

    client.post(reverse("office:export_again", args=[job.pk]))
    export_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
