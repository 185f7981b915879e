"""Background jobs (imports and large exports): their status and progress, read-only.

Who sees a job, as in the office: an import, every pipeline writer of its zone; an export, only
the person who started it (its file holds the rows *they* may see). Anyone else gets 404.
Jobs are started, mapped and committed in the office (/office/imports/, the exports' links).
"""

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from zoneinvest.accounts.models import User
from zoneinvest.accounts.selectors import user_can_write_pipeline, user_zone_ids
from zoneinvest.api.auth import caller, pipeline_auth
from zoneinvest.api.errors import READ_ERRORS
from zoneinvest.api.schemas import ChoiceOut, Pagination, UserRef, ZoneRef, choice
from zoneinvest.reports.models import ExportKind, ImportKind, Job, JobOperation, JobStatus

router = Router(auth=pipeline_auth, tags=["jobs"])


def _jobs(user: User) -> QuerySet[Job]:
    """The jobs the caller may follow (the rules of reports.selectors.job_list for imports and
    reports.export_jobs.export_job_list for exports), newest first."""
    visible = Q(operation=JobOperation.EXPORT, created_by=user)
    if user_can_write_pipeline(user=user):
        visible |= Q(operation=JobOperation.IMPORT)
    return (
        Job.objects.filter(zone_id__in=user_zone_ids(user=user))
        .filter(visible)
        .select_related("zone", "created_by")
        .order_by("-created_at", "-id")
    )


class JobOut(Schema):
    id: int
    zone: ZoneRef
    operation: ChoiceOut = Field(description="import or export.")
    kind: ChoiceOut = Field(description="What is imported or exported.")
    status: ChoiceOut
    file_name: str
    file_format: str
    started_by: UserRef | None
    created_at: dt.datetime
    updated_at: dt.datetime
    total_rows: int = Field(description="Rows in all (0 until known).")
    done_rows: int = Field(description="Rows checked, imported or exported so far.")
    error_count: int = Field(description="Rows that need correcting (an import's check).")
    error: str = Field(description="Why the job failed.")
    result: dict[str, int] = Field(
        description='What a finished import did, e.g. {"created": 28, "unchanged": 0}.'
    )
    heartbeat_at: dt.datetime | None = Field(
        description="The worker's last sign of life; an active job silent for more than two "
        "minutes was interrupted (the office offers to run it again)."
    )
    finished_at: dt.datetime | None

    @staticmethod
    def resolve_operation(obj: Job) -> dict[str, str] | None:
        return choice(JobOperation, obj.operation)

    @staticmethod
    def resolve_kind(obj: Job) -> dict[str, str] | None:
        if obj.operation == JobOperation.EXPORT:
            return choice(ExportKind, obj.export_kind)
        return choice(ImportKind, obj.kind)

    @staticmethod
    def resolve_status(obj: Job) -> dict[str, str] | None:
        return choice(JobStatus, obj.status)

    @staticmethod
    def resolve_started_by(obj: Job) -> Any:
        return obj.created_by

    @staticmethod
    def resolve_result(obj: Job) -> dict[str, int]:
        result = obj.result if isinstance(obj.result, dict) else {}
        return {str(k): v for k, v in result.items() if isinstance(v, int)}


class RowErrorOut(Schema):
    row: int = Field(description="Row of the file (row 1 holds the column names).")
    column: str = Field(description="The file's column.")
    message: str = Field(description="In the language of the person who uploaded the file.")


class JobDetailOut(JobOut):
    row_errors: list[RowErrorOut] = Field(description="The first 200 rows that need correcting.")

    @staticmethod
    def resolve_row_errors(obj: Job) -> list[dict[str, Any]]:
        rows = obj.row_errors if isinstance(obj.row_errors, list) else []
        return [row for row in rows if isinstance(row, dict)]


class JobQuery(Schema):
    operation: JobOperation | None = None
    status: JobStatus | None = None


@router.get("", response={200: list[JobOut], **READ_ERRORS})
@paginate(Pagination)
def list_jobs(request: HttpRequest, filters: Query[JobQuery]) -> Any:
    """The imports of the caller's zones (pipeline writers) and the caller's own exports,
    newest first."""
    found = _jobs(caller(request))
    if filters.operation:
        found = found.filter(operation=filters.operation)
    return found.filter(status=filters.status) if filters.status else found


@router.get("/{job_id}", response={200: JobDetailOut, **READ_ERRORS})
def get_job(request: HttpRequest, job_id: int) -> Any:
    """One job with its progress and, for an import whose rows need correcting, the errors."""
    job = _jobs(caller(request)).filter(pk=job_id).first()
    if job is None:
        raise Http404
    return job
