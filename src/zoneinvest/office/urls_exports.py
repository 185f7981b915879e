"""exports URLs of the office (included by office/urls.py, in the office namespace).

Each list or report has one URL name and two paths, `…/export.csv` and `…/export.xlsx`; the
format is the path's default argument `fmt`, so `{% url 'office:export_projects' fmt='xlsx' %}`
picks the spreadsheet (and a reverse without `fmt` gives the csv, the last one listed).
The page's query string (filters, sort) is kept on the link.

An export too large to build in the request becomes a job under exports/<pk>/ (its page, its
progress block, its file, starting it again); exports/ lists the user's export jobs.
"""

from typing import Any

from django.urls import URLPattern, path

from zoneinvest.office.views import exports
from zoneinvest.reports.exports import CSV, XLSX


def _both(route: str, view: Any, name: str) -> list[URLPattern]:
    """`route`.xlsx and `route`.csv under one name (the format passed as `fmt`)."""
    return [path(f"{route}.{fmt}", view, {"fmt": fmt}, name=name) for fmt in (XLSX, CSV)]


urlpatterns: list[URLPattern] = [
    *_both("projects/export", exports.export_projects, "export_projects"),
    *_both("companies/export", exports.export_companies, "export_companies"),
    *_both(
        "events/<int:pk>/signings/export", exports.export_event_signings, "export_event_signings"
    ),
    *_both("events/<int:pk>/report/export", exports.export_event_report, "export_event_report"),
    *_both("followups/export", exports.export_signed_not_started, "export_signed_not_started"),
    *_both("dashboard/export", exports.export_dashboard, "export_dashboard"),
    path("dashboard/export.pdf", exports.export_dashboard_pdf, name="export_dashboard_pdf"),
    *_both(
        "consultants/ranking/export", exports.export_consultant_ranking, "export_consultant_ranking"
    ),
    *_both("inquiries/export", exports.export_inquiries, "export_inquiries"),
    *_both("indicators/export", exports.export_indicators, "export_indicators"),
    # large exports, made in the background
    path("exports/", exports.export_list, name="export_list"),
    path("exports/<int:pk>/", exports.export_detail, name="export_detail"),
    path("exports/<int:pk>/progress/", exports.export_progress, name="export_progress"),
    path("exports/<int:pk>/download/", exports.export_download, name="export_download"),
    path("exports/<int:pk>/again/", exports.export_again, name="export_again"),
]
