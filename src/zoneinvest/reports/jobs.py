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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections, transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext

from zoneinvest.core.audit import audit_record
from zoneinvest.core.bulk import BulkWriter, collector_paused
from zoneinvest.core.errors import DomainError
from zoneinvest.core.models import Zone
from zoneinvest.events.models import Event
from zoneinvest.portal.cache import bump_generation
from zoneinvest.reports.files import read_table
from zoneinvest.reports.importers import CHUNK, SPECS, Context, RowError, make_context
from zoneinvest.reports.models import ImportKind, Job, JobStatus
from zoneinvest.search.services import reindex

logger = logging.getLogger(__name__)

MAX_SHOWN_ERRORS = 200


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
            with self.other.cursor() as cursor:
                # how far a job is need not wait for the disk: a crash loses a progress figure
                cursor.execute("SET synchronous_commit = off")

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


@dataclass
class Checked:
    errors: list[dict[str, Any]] = field(default_factory=list)  # the first MAX_SHOWN_ERRORS
    error_count: int = 0


def _checked_in_chunks(
    job: Job,
    rows: list[dict[str, Any]],
    ctx: Context,
    *,
    report: Callable[[int], None],
    take: Callable[[list[dict[str, Any]]], None],
) -> Checked:
    """Check every row (errors in the user's language); hand each chunk of clean rows to `take`
    as long as no row has failed, and report how many rows are done after each chunk."""
    spec = SPECS[job.kind]  # type: ignore[index]
    checked = Checked()
    chunk: list[dict[str, Any]] = []
    for number, row in enumerate(rows, start=2):  # row 1 holds the column names
        try:
            chunk.append(spec.check(row, ctx))
        except RowError as error:
            checked.error_count += 1
            if len(checked.errors) < MAX_SHOWN_ERRORS:
                column = job.mapping.get(error.field, error.field)
                checked.errors.append({"row": number, "column": column, "message": error.message})
        if len(chunk) == CHUNK or number - 1 == len(rows):
            if not checked.error_count:
                take(chunk)
            chunk = []
            report(number - 1)
    return checked


def check_rows(job: Job) -> list[dict[str, Any]]:
    """Check every row, with progress on the job; store the errors; return the clean rows."""
    rows = mapped_rows(job)
    _save(job, total_rows=len(rows), done_rows=0)
    clean: list[dict[str, Any]] = []
    checked = _checked_in_chunks(
        job, rows, _context(job), report=lambda done: _save(job, done_rows=done), take=clean.extend
    )
    _save(job, done_rows=len(rows), row_errors=checked.errors, error_count=checked.error_count)
    return clean


class _RowsFailed(Exception):
    """Leaves the import's transaction when a row fails the check made while writing."""

    def __init__(self, checked: Checked) -> None:
        self.checked = checked


@task()
def validate_job(job_id: int) -> None:
    job = Job.objects.select_related("zone", "created_by").get(pk=job_id)
    with collector_paused(), translation.override(job.language):
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
    with collector_paused(), translation.override(job.language):
        _save(job, status=JobStatus.RUNNING, attempts=job.attempts + 1, error="")
        try:
            if SPECS[job.kind].loader is not None:  # type: ignore[index]
                result = check_and_write(job)
            else:
                rows = check_rows(job)
                if job.error_count:
                    _save(job, status=JobStatus.INVALID, finished_at=timezone.now())
                    return
                result = write_all(job, rows)
        except _RowsFailed as failed:
            _save(
                job,
                status=JobStatus.INVALID,
                row_errors=failed.checked.errors,
                error_count=failed.checked.error_count,
                finished_at=timezone.now(),
            )
            return
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
    """Write rows checked beforehand, all in one transaction."""
    spec = SPECS[job.kind]  # type: ignore[index]
    progress = Progress(job)
    try:
        with transaction.atomic():
            result = spec.write(rows, _context(job), progress)
            _committed(job, result)
    finally:
        progress.close()
    return result


def check_and_write(job: Job) -> dict[str, int]:
    """Check each chunk of rows and write it while the next is checked, all in one transaction:
    the first failing row stops the writing (the check goes on, to list every error) and the
    transaction is rolled back, so the file is imported whole or not at all."""
    spec = SPECS[job.kind]  # type: ignore[index]
    rows = mapped_rows(job)
    _save(job, total_rows=len(rows), done_rows=0)
    progress = Progress(job)
    try:
        with transaction.atomic():
            ctx = _context(job)
            with BulkWriter() as writer:
                loader = spec.loader(ctx, len(rows), writer)  # type: ignore[misc]
                checked = _checked_in_chunks(job, rows, ctx, report=progress, take=loader.add)
            if checked.error_count:
                raise _RowsFailed(checked)
            result = loader.result()
            _committed(job, result)
    finally:
        progress.close()
    _save(job, row_errors=[], error_count=0)
    return result


def _committed(job: Job, result: dict[str, int]) -> None:
    """The audit of an import, inside its transaction; once it commits, fresh planner
    statistics for the tables it filled, as a task of their own (the import is done by then)."""
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
    # Rows written with COPY send no save signals: the portal's stored pages are made stale and
    # the search entries of the zone's projects and companies rebuilt (as a task) from here.
    transaction.on_commit(bump_generation)
    if result.get("created") and job.kind in (ImportKind.PROJECTS, ImportKind.COMPANIES):
        zone_id = job.zone_id
        transaction.on_commit(lambda: index_after_import.enqueue(zone_id))
    if connection.vendor == "postgresql" and result.get("created"):
        transaction.on_commit(lambda: analyze_after_import.enqueue())


@task()
def index_after_import(zone_id: int) -> None:
    """Search entries for what an import wrote with COPY (it sent no save signals)."""
    reindex(zone=Zone.objects.get(pk=zone_id), kinds=["project", "company"])


@task()
def analyze_after_import() -> None:
    """Planner statistics for the tables a large import fills: without them a zone's lists may
    be planned for the empty table they were until autovacuum comes by."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE pipeline_project, pipeline_company, pipeline_stagechange")


def run_now(function: Callable[..., Any], job_id: int) -> None:
    """Run a job's task in this process (tests, and the demo without a worker)."""
    function.call(job_id)  # type: ignore[attr-defined]
