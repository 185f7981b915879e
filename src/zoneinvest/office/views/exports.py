"""Exports of the office's lists and reports: the page's query string in, a file out.

Each view sits behind the same access decorator as the page it exports and hands the query to
`reports.exports.export_file`, which scopes the rows as the page does (another zone's event → 404)
and audits the export. An export of more than `reports.exports.BACKGROUND_THRESHOLD` rows is not
built in the request: it becomes a background job (`reports.export_jobs`) and the browser goes to
the job's page, whose progress bar (polled with htmx) ends with the download link or the reason
it failed. Only the person who started an export job sees it and downloads its file.
"""

from typing import Any

from django.http import FileResponse, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from zoneinvest.core.errors import DomainError
from zoneinvest.office.access import AuthedRequest, pipeline_reader, report_error
from zoneinvest.reports import exports as files
from zoneinvest.reports.export_jobs import (
    export_job_get,
    export_job_list,
    export_open,
    export_retry,
    export_settle,
    export_start,
)
from zoneinvest.reports.exports import CONTENT_TYPES, PDF, ExportTooLarge, export_file
from zoneinvest.reports.jobs import progress_of
from zoneinvest.reports.models import ACTIVE_STATUSES, Job, JobStatus

RECENT_JOBS = 30


def _with_query(url: str, query: QueryDict) -> str:
    return f"{url}?{query.urlencode()}" if query else url


def _export(request: AuthedRequest, kind: str, fmt: str, back: str, **params: Any) -> HttpResponse:
    query = request.GET.copy()
    for key, value in params.items():
        query[key] = str(value)
    try:
        filename, content_type, content = export_file(
            kind, request.user, query, fmt, at_most=files.BACKGROUND_THRESHOLD
        )
    except ExportTooLarge as large:
        try:
            job = export_start(
                kind=kind,
                fmt=fmt,
                query=query.urlencode(),
                rows=large.rows,
                zone=large.zone,
                back=_with_query(back, request.GET),
                by=request.user,
            )
        except DomainError as error:
            report_error(request, error)
            return redirect(back)
        return redirect("office:export_detail", pk=job.pk)
    except DomainError as error:  # e.g. a missing exchange rate, shown on the page as well
        report_error(request, error)
        return redirect(back)
    response = HttpResponse(content, content_type=content_type)
    disposition = content_disposition_header(fmt != PDF, filename)
    response["Content-Disposition"] = disposition or "attachment"
    return response


def _back(name: str, **kwargs: Any) -> str:
    return reverse(f"office:{name}", kwargs=kwargs or None)


@pipeline_reader
def export_projects(request: AuthedRequest, fmt: str) -> HttpResponse:
    return _export(request, "projects", fmt, _back("project_list"))


@pipeline_reader
def export_companies(request: AuthedRequest, fmt: str) -> HttpResponse:
    return _export(request, "companies", fmt, _back("company_list"))


@pipeline_reader
def export_event_signings(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    return _export(request, "event_signings", fmt, _back("event_signings", pk=pk), event=pk)


@pipeline_reader
def export_event_report(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    return _export(request, "event_report", fmt, _back("event_report", pk=pk), event=pk)


@pipeline_reader
def export_signed_not_started(request: AuthedRequest, fmt: str) -> HttpResponse:
    return _export(request, "signed_not_started", fmt, _back("signed_not_started"))


@pipeline_reader
def export_dashboard(request: AuthedRequest, fmt: str) -> HttpResponse:
    return _export(request, "dashboard", fmt, _back("dashboard"))


@pipeline_reader
def export_dashboard_pdf(request: AuthedRequest) -> HttpResponse:
    return _export(request, "dashboard", PDF, _back("dashboard"))


@pipeline_reader
def export_consultant_ranking(request: AuthedRequest, fmt: str) -> HttpResponse:
    return _export(request, "consultant_ranking", fmt, _back("consultant_ranking"))


@pipeline_reader
def export_inquiries(request: AuthedRequest, fmt: str) -> HttpResponse:
    return _export(request, "inquiries", fmt, _back("inquiry_list"))


@pipeline_reader
def export_indicators(request: AuthedRequest, fmt: str) -> HttpResponse:
    return _export(request, "indicators", fmt, _back("indicator_list"))


# ---------------------------------------------------------------- export jobs


def recent_export_jobs(request: AuthedRequest, count: int = RECENT_JOBS) -> list[Job]:
    """The user's latest export jobs, an interrupted one shown as failed."""
    return [export_settle(job=job) for job in export_job_list(user=request.user)[:count]]


def _job_context(job: Job) -> dict[str, object]:
    done, total = progress_of(job)
    if job.status == JobStatus.DONE:
        done = total
    return {
        "job": job,
        "done": done,
        "total": total,
        "percent": min(100, int(done * 100 / total)) if total else 0,
        "active": job.status in ACTIVE_STATUSES,
    }


@pipeline_reader
def export_list(request: AuthedRequest) -> HttpResponse:
    context = {"jobs": recent_export_jobs(request), "threshold": files.BACKGROUND_THRESHOLD}
    return render(request, "office/exports/list.html", context)


@pipeline_reader
def export_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    job = export_settle(job=export_job_get(user=request.user, pk=pk))
    return render(request, "office/exports/detail.html", _job_context(job))


@pipeline_reader
def export_progress(request: AuthedRequest, pk: int) -> HttpResponse:
    """The progress block alone (polled while the file is made); done, it holds the link."""
    job = export_settle(job=export_job_get(user=request.user, pk=pk))
    return render(request, "office/imports/_progress.html", _job_context(job))


# (access.View expects an HttpResponse; a FileResponse streams the file instead)
@pipeline_reader  # type: ignore[arg-type]
def export_download(request: AuthedRequest, pk: int) -> FileResponse:
    job = export_job_get(user=request.user, pk=pk)
    stream = export_open(job=job, by=request.user)
    return FileResponse(
        stream,
        as_attachment=True,
        filename=job.file_name,
        content_type=CONTENT_TYPES[job.file_format],
    )


@require_POST
@pipeline_reader
def export_again(request: AuthedRequest, pk: int) -> HttpResponse:
    job = export_job_get(user=request.user, pk=pk)
    try:
        export_retry(job=job, by=request.user)
    except DomainError as error:
        report_error(request, error)
    return redirect("office:export_detail", pk=pk)
