"""The dashboard (KPIs from reports.selectors) and the zone's indicators with their csv import."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext

from zoneinvest.accounts.selectors import user_can_write_pipeline
from zoneinvest.core.errors import DomainError
from zoneinvest.office.access import (
    AuthedRequest,
    pipeline_reader,
    pipeline_writer,
    report_error,
    zone_choice,
)
from zoneinvest.office.forms import IndicatorUploadForm, YearForm
from zoneinvest.places.selectors import indicator_list, indicator_shares
from zoneinvest.places.services import indicators_import_csv
from zoneinvest.portal.selectors import inquiry_summary
from zoneinvest.reports.selectors import kpis


@pipeline_reader
def dashboard(request: AuthedRequest) -> HttpResponse:
    form = YearForm(request.GET or None)
    figures = kpis(user=request.user, year=form.chosen())
    return render(
        request,
        "office/dashboard/dashboard.html",
        {"form": form, "kpis": figures, "inquiries": inquiry_summary(user=request.user)},
    )


def _indicators_page(
    request: AuthedRequest, form: IndicatorUploadForm, row_errors: list[str], status: int = 200
) -> HttpResponse:
    zones, zone = zone_choice(request)
    context: dict[str, object] = {
        "zones": zones,
        "zone": zone,
        "form": form,
        "row_errors": row_errors,
        "can_write": user_can_write_pipeline(user=request.user),
    }
    if zone is not None:
        context["indicators"] = indicator_list(zone=zone)
        context["shares"] = indicator_shares(zone=zone)
    return render(request, "office/indicators/list.html", context, status=status)


@pipeline_reader
def indicator_list_page(request: AuthedRequest) -> HttpResponse:
    return _indicators_page(request, IndicatorUploadForm(), [])


@pipeline_writer
def indicator_import(request: AuthedRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("office:indicator_list")
    form = IndicatorUploadForm(request.POST, request.FILES)
    _zones, zone = zone_choice(request)
    row_errors: list[str] = []
    if form.is_valid() and zone is not None:
        content = form.content()
        if content is not None:
            try:
                count = indicators_import_csv(zone=zone, content=content, by=request.user)
            except DomainError as error:
                report_error(request, error)
                for row, problems in error.details.get("fields", {}).items():
                    row_errors.extend(f"{row}: {problem}" for problem in problems)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s indicator imported.", "%(count)s indicators imported.", count
                    )
                    % {"count": count},
                )
                return redirect(f"{reverse('office:indicator_list')}?zone={zone.pk}")
    return _indicators_page(request, form, row_errors)
