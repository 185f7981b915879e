"""Large exports as background jobs.

An office export of more than `reports.exports.BACKGROUND_THRESHOLD` rows is not built in the
request: `export_start` queues a `reports.Job` (operation "export": the kind, the format, the
page's query string) and the `export_job` task builds the file through `export_file` — the same
rows, columns and `reports.export` audit event as a synchronous export — reporting progress as
it goes, then stores it under exports/ and marks the job done (or failed, with the reason).
The file is written whole or not at all (`core.safe_files`): a full disk fails the job with a
reason that says so, and leaves no partial file behind.

Building a file only reads, so no transaction is held: progress is written straight to the
job's row (each write commits on its own) and the page polling it sees it at once. A worker that
dies leaves the job active with a stale heartbeat; `export_settle` turns it into a failure with
the reason, and `export_retry` starts it again.

Who sees a job and its file: only the person who started it, while they still read the pipeline
of its zone (`export_job_list`). The file holds the rows *they* may see (a director's export
lists confidential projects), so a colleague of the same zone gets 404 as an outsider does.
Each download is audited (`reports.export.downloaded`).
"""

import contextlib
import logging
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext

from zoneinvest.accounts.models import User
from zoneinvest.accounts.selectors import user_can_read_pipeline, user_zone_ids, user_zones
from zoneinvest.core.audit import audit_record
from zoneinvest.core.bulk import collector_paused
from zoneinvest.core.errors import DomainError, ValidationFailed
from zoneinvest.core.models import Zone
from zoneinvest.core.safe_files import is_disk_full, write_whole
from zoneinvest.reports.exports import as_query, export_file, filters_of
from zoneinvest.reports.models import ACTIVE_STATUSES, Job, JobOperation, JobStatus
from zoneinvest.reports.services import job_interrupted

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------- the task


def _update(job: Job, **fields: Any) -> None:
    """Write these fields and a sign of life (committed at once: no transaction is open)."""
    for name, value in fields.items():
        setattr(job, name, value)
    job.heartbeat_at = timezone.now()
    job.save(update_fields=[*fields, "heartbeat_at", "updated_at"])


def _fail(job: Job, reason: str) -> None:
    _update(job, status=JobStatus.FAILED, error=reason, finished_at=timezone.now())


def _build(job: Job) -> tuple[str, bytes]:
    """(file name, content) of the job's export, as its creator would get it now."""
    if job.created_by is None:  # the account was deleted
        raise PermissionDenied

    def progress(done: int, total: int | None) -> None:
        if total is None:
            _update(job, done_rows=done)
        else:
            _update(job, done_rows=done, total_rows=total)

    filename, _content_type, content = export_file(
        job.export_kind,
        job.created_by,
        job.query,
        job.file_format,
        language=job.language,
        progress=progress,
        audit_details={"job": job.pk},
    )
    return filename, content


def _store(job: Job, name: str, content: bytes) -> None:
    """Keep the job's file in its own folder, whole or not at all: written under a temporary
    name and renamed once complete; on a failure (a full disk) nothing is left behind."""
    storage = job.file.storage
    field = job.file.field
    target = storage.get_available_name(
        field.generate_filename(job, name), max_length=field.max_length
    )
    try:
        path = Path(storage.path(target))
    except NotImplementedError:  # not a local disk: such a storage's save() is all or nothing
        job.file.name = storage.save(target, ContentFile(content))
        return
    try:
        write_whole(path, content)
    except OSError:
        with contextlib.suppress(OSError):
            path.parent.rmdir()  # the job's own folder, if it stayed empty
        raise
    mode = getattr(storage, "file_permissions_mode", None)
    if mode is not None:
        path.chmod(mode)
    job.file.name = target


def _not_written(error: OSError) -> str:
    """Why the file could not be kept, in words for the person who asked for it."""
    if is_disk_full(error):
        return gettext("The export could not be written: the disk is full. Nothing was kept.")
    return gettext("The export could not be written to the disk. Nothing was kept.")


@task()
def export_job(job_id: int) -> None:
    """Build an export's file with progress, store it, and mark the job done or failed."""
    job = Job.objects.select_related("zone", "created_by").get(pk=job_id)
    with collector_paused(), translation.override(job.language):
        _update(
            job,
            status=JobStatus.RUNNING,
            attempts=job.attempts + 1,
            error="",
            done_rows=0,
            finished_at=None,
        )
        try:
            filename, content = _build(job)
        except DomainError as error:  # e.g. a missing exchange rate
            _fail(job, error.message)
            return
        except (Http404, PermissionDenied):
            _fail(
                job,
                gettext(
                    "These records can no longer be exported by the person who asked for them "
                    "(they were removed, or that person's role or zones changed)."
                ),
            )
            return
        except Exception:
            logger.exception("export %s failed", job.pk)
            _fail(job, gettext("The export stopped on an unexpected error; no file was made."))
            return
        try:
            _store(job, f"{job.export_kind}.{job.file_format}", content)
        except OSError as error:
            logger.exception("export %s could not be written", job.pk)
            _fail(job, _not_written(error))
            return
        _update(
            job,
            status=JobStatus.DONE,
            file=job.file,
            file_name=filename[:255],
            total_rows=job.done_rows,
            result={"rows": job.done_rows, "bytes": len(content)},
            finished_at=timezone.now(),
        )


# ---------------------------------------------------------------- services


def _queue(job: Job, *, by: User) -> None:
    audit_record(
        actor=by,
        verb="reports.export.queued",
        obj=job,
        zone=job.zone,
        changes={
            "kind": job.export_kind,
            "format": job.file_format,
            "rows": job.total_rows,
            "filters": filters_of(as_query(job.query)),
        },
    )
    transaction.on_commit(lambda: export_job.enqueue(job.pk))


@transaction.atomic
def export_start(
    *,
    kind: str,
    fmt: str,
    query: str,
    rows: int,
    zone: Zone | None,
    back: str,
    by: User,
) -> Job:
    """Queue an export too large to build in the request. The same export of the same person,
    still under way, is returned instead of being started twice (a double click, a reload).

    `query` is the page's query string, urlencoded; `rows` how many rows it has now; `zone` the
    export's zone (None: the user's first zone); `back` the address of the page it came from.
    """
    same = Job.objects.filter(
        operation=JobOperation.EXPORT,
        created_by=by,
        export_kind=kind,
        file_format=fmt,
        query=query,
        status__in=ACTIVE_STATUSES,
    ).first()
    if same is not None and not job_interrupted(same):
        return same
    zone = zone or user_zones(user=by).order_by("pk").first()
    if zone is None:
        raise ValidationFailed(gettext("You work in no zone."))
    job = Job.objects.create(
        zone=zone,
        operation=JobOperation.EXPORT,
        export_kind=kind,
        file_format=fmt,
        query=query,
        created_by=by,
        language=translation.get_language() or "en",
        status=JobStatus.QUEUED,
        total_rows=rows,
        heartbeat_at=timezone.now(),
        options={"back": back},
    )
    _queue(job, by=by)
    return job


def export_settle(*, job: Job) -> Job:
    """An export whose worker stopped answering (killed, machine restarted) ends as failed,
    with the reason in the language of the person who started it. Unchanged otherwise; a worker
    that wrote since the job was read wins."""
    if not job.is_export or not job_interrupted(job):
        return job
    with translation.override(job.language):
        reason = gettext(
            "The worker stopped answering while making this file (it was stopped, or the "
            "machine restarted). No file was made; start the export again."
        )
    now = timezone.now()
    Job.objects.filter(pk=job.pk, status=job.status, heartbeat_at=job.heartbeat_at).update(
        status=JobStatus.FAILED, error=reason, finished_at=now, updated_at=now
    )
    job.refresh_from_db()
    return job


@transaction.atomic
def export_retry(*, job: Job, by: User) -> Job:
    """Start a failed (or interrupted) export again, with the filters it was asked with."""
    job = export_settle(job=job)
    if job.status != JobStatus.FAILED:
        raise ValidationFailed(gettext("Only a failed export can be started again."))
    _update(
        job,
        status=JobStatus.QUEUED,
        error="",
        done_rows=0,
        finished_at=None,
    )
    _queue(job, by=by)
    return job


def export_open(*, job: Job, by: User) -> IO[bytes]:
    """The finished file of an export job, opened for reading; the download is audited."""
    if job.status != JobStatus.DONE or not job.file:
        raise Http404
    try:
        stream = job.file.open("rb")
    except FileNotFoundError:  # removed from the disk since
        raise Http404 from None
    audit_record(
        actor=by,
        verb="reports.export.downloaded",
        obj=job,
        zone=job.zone,
        changes={
            "kind": job.export_kind,
            "format": job.file_format,
            "rows": job.total_rows,
            "file": job.file_name,
        },
    )
    return stream  # type: ignore[return-value]


# ---------------------------------------------------------------- selectors


def export_job_list(*, user: User) -> QuerySet[Job]:
    """The user's own export jobs in the zones they work in, newest first (pipeline readers:
    those who may export). Nobody else's: a file holds the rows its creator may see."""
    if not user_can_read_pipeline(user=user):
        return Job.objects.none()
    return Job.objects.filter(
        operation=JobOperation.EXPORT, created_by=user, zone_id__in=user_zone_ids(user=user)
    ).select_related("zone")


def export_job_get(*, user: User, pk: int) -> Job:
    """One of the user's export jobs, or 404 (for a colleague as for an outsider)."""
    return get_object_or_404(export_job_list(user=user), pk=pk)
