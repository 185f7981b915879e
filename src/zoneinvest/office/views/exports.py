"""Exports of the office's lists and reports: the page's query string in, a file out.

Each view sits behind the same access decorator as the page it exports and hands the query to
`reports.exports.export_file`, which scopes the rows as the page does (another zone's event → 404)
and audits the export. Every export runs in the request for now; the ones above
`reports.exports.BACKGROUND_THRESHOLD` rows are meant to move to background jobs.
"""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header

from zoneinvest.core.errors import DomainError
from zoneinvest.office.access import AuthedRequest, pipeline_reader, report_error
from zoneinvest.reports.exports import PDF, export_file


def _export(request: AuthedRequest, kind: str, fmt: str, back: str, **params: Any) -> HttpResponse:
    query = request.GET.copy()
    for key, value in params.items():
        query[key] = str(value)
    try:
        filename, content_type, content = export_file(kind, request.user, query, fmt)
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
