"""Imports as background jobs: check every row (progress written as it goes), then write all
rows in one transaction. A worker killed at any point leaves no row of the file behind; the
job shows as interrupted and can be run again.

Progress while the rows are written cannot go through the job's row (it is inside the import's
transaction): on PostgreSQL it is written through a second connection, on SQLite (one machine)
to a small file beside the database.
"""

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections, transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext

from zoneinvest.core.audit import audit_record
from zoneinvest.core.errors import DomainError
from zoneinvest.events.models import Event
from zoneinvest.reports.files import read_table
from zoneinvest.reports.importers import SPECS, Context, RowError, make_context
from zoneinvest.reports.models import Job, JobStatus

logger = logging.getLogger(__name__)

MAX_SHOWN_ERRORS = 200
PROGRESS_EVERY = 2000  # rows between two progress writes while checking


# ---------------------------------------------------------------- progress


def _progress_file(job_id: int) -> Path:
    folder = Path(settings.PRIVATE_ROOT) / "jobs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{job_id}.progress.json"


def progress_of(job: Job) -> tuple[int, int]:
    """(rows done, rows in all) as the job page shows them, the write phase included."""
    done = job.done_rows
    path = _progress_file(job.pk)
    if job.status == JobStatus.RUNNING and path.exists():
        try:
            done = max(done, int(json.loads(path.read_text())["done"]))
        except (ValueError, KeyError, OSError):
            pass
    return done, job.total_rows


class Progress:
    """Writes how far a job is, from outside the import's transaction."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.other = None
        if connection.vendor == "postgresql":
            self.other = connections.create_connection("default")

    def __call__(self, done: int) -> None:
        now = timezone.now()
        if self.other is not None:
            with self.other.cursor() as cursor:
                cursor.execute(
                    "UPDATE reports_job SET done_rows = %s, heartbeat_at = %s WHERE id = %s",
                    [done, now, self.job.pk],
                )
            return
        path = _progress_file(self.job.pk)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"done": done, "at": now.isoformat()}))
        os.replace(temporary, path)

    def close(self) -> None:
        if self.other is not None:
            self.other.close()
        _progress_file(self.job.pk).unlink(missing_ok=True)


def _save(job: Job, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.heartbeat_at = timezone.now()
    job.save(update_fields=[*fields, "heartbeat_at", "updated_at"])


# ---------------------------------------------------------------- the two steps


def mapped_rows(job: Job) -> list[dict[str, Any]]:
    """The file's rows as {field: cell} through the job's mapping (file column → field)."""
    with job.file.open("rb") as stream:
        table = read_table(stream)
    index = {header: position for position, header in enumerate(table.headers)}
    pairs = [(field, index[column]) for field, column in job.mapping.items() if column in index]
    return [{field: row[position] for field, position in pairs} for row in table.rows]


def _context(job: Job) -> Context:
    event = None
    if job.options.get("event"):
        event = Event.objects.filter(zone=job.zone, pk=job.options["event"]).first()
    return make_context(zone=job.zone, by=job.created_by, event=event)  # type: ignore[arg-type]


def check_rows(job: Job) -> list[dict[str, Any]]:
    """Check every row; store the errors (in the user's language); return the clean rows."""
    spec = SPECS[job.kind]  # type: ignore[index]
    rows = mapped_rows(job)
    _save(job, total_rows=len(rows), done_rows=0)
    ctx = _context(job)
    clean: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    error_count = 0
    for number, row in enumerate(rows, start=2):  # row 1 holds the column names
        try:
            clean.append(spec.check(row, ctx))
        except RowError as error:
            error_count += 1
            if len(errors) < MAX_SHOWN_ERRORS:
                column = job.mapping.get(error.field, error.field)
                errors.append({"row": number, "column": column, "message": error.message})
        if (number - 1) % PROGRESS_EVERY == 0:
            _save(job, done_rows=number - 1)
    _save(job, done_rows=len(rows), row_errors=errors, error_count=error_count)
    return clean


@task()
def validate_job(job_id: int) -> None:
    job = Job.objects.select_related("zone", "created_by").get(pk=job_id)
    with translation.override(job.language):
        try:
            check_rows(job)
        except DomainError as error:
            _save(job, status=JobStatus.FAILED, error=error.message, finished_at=timezone.now())
            return
        status = JobStatus.INVALID if job.error_count else JobStatus.VALIDATED
        _save(job, status=status)


@task()
def import_job(job_id: int) -> None:
    """Check the rows again (the data may have changed since the preview), then write them all
    in one transaction, or nothing."""
    job = Job.objects.select_related("zone", "created_by").get(pk=job_id)
    with translation.override(job.language):
        _save(job, status=JobStatus.RUNNING, attempts=job.attempts + 1, error="")
        try:
            rows = check_rows(job)
            if job.error_count:
                _save(job, status=JobStatus.INVALID, finished_at=timezone.now())
                return
            result = write_all(job, rows)
        except DomainError as error:
            _save(job, status=JobStatus.FAILED, error=error.message, finished_at=timezone.now())
            return
        except Exception:
            logger.exception("import %s failed", job.pk)
            _save(
                job,
                status=JobStatus.FAILED,
                error=gettext("The import stopped on an unexpected error; nothing was imported."),
                finished_at=timezone.now(),
            )
            return
        _save(
            job,
            status=JobStatus.DONE,
            result=result,
            done_rows=job.total_rows,
            finished_at=timezone.now(),
        )


def write_all(job: Job, rows: list[dict[str, Any]]) -> dict[str, int]:
    spec = SPECS[job.kind]  # type: ignore[index]
    progress = Progress(job)
    try:
        with transaction.atomic():
            ctx = _context(job)
            result = spec.write(rows, ctx, progress)
            audit_record(
                actor=job.created_by,
                verb="reports.import.committed",
                obj=job,
                zone=job.zone,
                changes={
                    "kind": [None, job.kind],
                    "file": [None, job.file_name],
                    **{k: [None, v] for k, v in result.items()},
                },
            )
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE pipeline_project")
    finally:
        progress.close()
    return result


def run_now(function: Callable[..., Any], job_id: int) -> None:
    """Run a job's task in this process (tests, and the demo without a worker)."""
    function.call(job_id)  # type: ignore[attr-defined]
