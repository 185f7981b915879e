"""Imports: upload a file, map its columns, see the check's row errors, import it; each step
runs as a job whose progress the page shows (and still shows after a reload). The imports page
also lists the user's latest export jobs (`office.views.exports`)."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zoneinvest.accounts.selectors import user_zones
from zoneinvest.core.errors import DomainError
from zoneinvest.events.models import Event
from zoneinvest.office.access import AuthedRequest, pipeline_writer, report_error
from zoneinvest.office.views.exports import recent_export_jobs
from zoneinvest.reports import selectors, services
from zoneinvest.reports.importers import SPECS
from zoneinvest.reports.jobs import progress_of
from zoneinvest.reports.models import ACTIVE_STATUSES, ImportKind, Job


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"), choices=[])
    event: "forms.ModelChoiceField[Event]" = forms.ModelChoiceField(
        label=gettext_lazy("Event (for signings)"), queryset=Event.objects.none(), required=False
    )
    file = forms.FileField(label=gettext_lazy("File (xlsx or csv, first row = column names)"))

    def __init__(self, *args: object, zone_ids: list[int], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            (kind.value, kind.label) for kind in ImportKind if kind.value in SPECS
        ]
        self.fields["event"].queryset = Event.objects.filter(  # type: ignore[attr-defined]
            zone_id__in=zone_ids
        ).order_by("-date")


def _zone_ids(request: AuthedRequest) -> list[int]:
    return list(user_zones(user=request.user).values_list("pk", flat=True))


@pipeline_writer
def import_list(request: AuthedRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None, zone_ids=_zone_ids(request))
    if request.method == "POST" and form.is_valid():
        zones = list(user_zones(user=request.user))
        event = form.cleaned_data["event"]
        zone = event.zone if event else (zones[0] if zones else None)
        if zone is None:
            messages.error(request, _("You work in no zone."))
        else:
            upload = form.cleaned_data["file"]
            try:
                job = services.import_upload(
                    zone=zone,
                    kind=form.cleaned_data["kind"],
                    stream=upload,
                    name=upload.name,
                    by=request.user,
                    event=event,
                )
            except DomainError as error:
                report_error(request, error, form)
            else:
                return redirect("office:import_detail", pk=job.pk)
    jobs = selectors.job_list(user=request.user)[:30]
    exports = recent_export_jobs(request, 5)
    return render(
        request, "office/imports/list.html", {"form": form, "jobs": jobs, "exports": exports}
    )


def _context(job: Job) -> dict[str, object]:
    done, total = progress_of(job)
    spec = SPECS[job.kind]  # type: ignore[index]
    return {
        "job": job,
        "columns": spec.columns,
        "done": done,
        "total": total,
        "percent": int(done * 100 / total) if total else 0,
        "active": job.status in ACTIVE_STATUSES and not services.job_interrupted(job),
        "interrupted": services.job_interrupted(job),
    }


@pipeline_writer
def import_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    job = selectors.job_get(user=request.user, pk=pk)
    return render(request, "office/imports/detail.html", _context(job))


@pipeline_writer
def import_progress(request: AuthedRequest, pk: int) -> HttpResponse:
    """The progress block alone (polled by the page while the job runs)."""
    job = selectors.job_get(user=request.user, pk=pk)
    response = render(request, "office/imports/_progress.html", _context(job))
    if job.status not in ACTIVE_STATUSES or services.job_interrupted(job):
        response["HX-Refresh"] = "true"  # finished: reload the page to show the outcome
    return response


@require_POST
@pipeline_writer
def import_map(request: AuthedRequest, pk: int) -> HttpResponse:
    job = selectors.job_get(user=request.user, pk=pk)
    mapping = {
        column.name: request.POST.get(f"map_{column.name}", "")
        for column in SPECS[job.kind].columns  # type: ignore[index]
    }
    try:
        services.import_map_and_check(job=job, mapping=mapping, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("office:import_detail", pk=pk)


@require_POST
@pipeline_writer
def import_commit(request: AuthedRequest, pk: int) -> HttpResponse:
    job = selectors.job_get(user=request.user, pk=pk)
    try:
        services.import_commit(job=job, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("office:import_detail", pk=pk)
