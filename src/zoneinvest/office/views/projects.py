"""The project list, the project page, and the writes started from it."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zoneinvest.accounts.selectors import user_can_write_pipeline
from zoneinvest.core.errors import DomainError
from zoneinvest.events.services import stage_move
from zoneinvest.office.access import AuthedRequest, pipeline_reader, pipeline_writer, report_error
from zoneinvest.office.forms import (
    ActivityForm,
    ArrivalForm,
    ProjectFilterForm,
    ProjectForm,
    StageForm,
    TaskForm,
)
from zoneinvest.office.templatetags.office import allowed_moves
from zoneinvest.office.views.matching import best_fit
from zoneinvest.pipeline import selectors, services
from zoneinvest.pipeline.rows import PERSON, localized
from zoneinvest.pipeline.stages import Stage

PAGE_SIZE = 50
# What a row of the list shows (office/projects/_results.html), read without the rest of each
# project and of its investor, chain and owner.
LISTED_FIELDS = (
    *localized("title"),
    "confidential",
    "stage",
    "total_investment",
    "currency",
    "updated_at",
    *(f"company__{name}" for name in (*localized("name"), "country")),
    *(f"chain__{name}" for name in localized("name")),
    *(f"owner__{name}" for name in PERSON),
    "zone__id",
)


class CountedPaginator(Paginator):
    """A paginator told its count (`selectors.project_count`) instead of counting the list."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


@pipeline_reader
def project_list(request: AuthedRequest) -> HttpResponse:
    form = ProjectFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    page = CountedPaginator(
        selectors.project_list(user=request.user, filters=filters).only(*LISTED_FIELDS),
        PAGE_SIZE,
        count=selectors.project_count(user=request.user, filters=filters),
    ).get_page(request.GET.get("page"))
    template = "office/projects/_results.html" if request.htmx else "office/projects/list.html"
    return render(request, template, {"form": form, "page": page, "filters": filters})


@pipeline_writer
def project_new(request: AuthedRequest) -> HttpResponse:
    form = ProjectForm(
        request.POST or None, user=request.user, initial={"company": request.GET.get("company")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(
                zone=form.chosen_zone(), by=request.user, **form.service_values()
            )
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(request, _("Project created at stage “Lead”."))
            return redirect("office:project_detail", pk=project.pk)
    return render(request, "office/projects/form.html", {"form": form})


@pipeline_reader
def project_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    arrivals, paid_in = selectors.project_arrivals(project=project)
    return render(
        request,
        "office/projects/detail.html",
        {
            "project": project,
            "timeline": selectors.project_timeline(project=project),
            "tasks": selectors.project_open_tasks(project=project),
            "arrivals": arrivals,
            "paid_in": paid_in,
            "targets": allowed_moves(project),
            "can_write": user_can_write_pipeline(user=request.user),
            "activity_form": ActivityForm(),
            "task_form": TaskForm(
                zone_ids=[project.zone_id], initial={"assignee": request.user.pk}
            ),
            "arrival_form": ArrivalForm(),
            "fit": best_fit(project),
        },
    )


@pipeline_writer
def project_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    form = ProjectForm(request.POST or None, instance=project, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(
                project=project,
                version=form.cleaned_data["version"],
                by=request.user,
                **form.service_values(),
            )
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(request, _("Project saved."))
            return redirect("office:project_detail", pk=project.pk)
    return render(request, "office/projects/form.html", {"form": form, "project": project})


@pipeline_writer
def project_stage(request: AuthedRequest, pk: int) -> HttpResponse:
    """Ask for what the target stage still needs, then move through the one stage service."""
    project = selectors.project_get(user=request.user, pk=pk)
    to = Stage(request.POST.get("to") or request.GET.get("to") or project.stage)
    missing = services.project_missing_fields(project, to)
    form = StageForm(
        request.POST or None,
        value_fields=missing,
        project=project,
        user=request.user,
        initial={"to": to, "version": project.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            stage_move(
                project=project,
                to=to,
                by=request.user,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                lost_to=form.cleaned_data["lost_to"],
                values=form.stage_values(),
            )
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(request, _("The project is now at “%(stage)s”.") % {"stage": to.label})
            return redirect("office:project_detail", pk=project.pk)
    return render(
        request, "office/projects/stage.html", {"project": project, "form": form, "to": to}
    )


@require_POST
@pipeline_writer
def activity_new(request: AuthedRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    form = ActivityForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("The activity was not saved: %(errors)s") % {"errors": _errors(form)}
        )
    else:
        try:
            services.activity_record(project=project, by=request.user, **form.cleaned_data)
        except DomainError as error:
            report_error(request, error)
        else:
            messages.success(request, _("Activity recorded."))
    return redirect("office:project_detail", pk=project.pk)


@require_POST
@pipeline_writer
def task_new(request: AuthedRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    form = TaskForm(request.POST, zone_ids=[project.zone_id])
    if not form.is_valid():
        messages.error(
            request, _("The follow-up was not saved: %(errors)s") % {"errors": _errors(form)}
        )
    else:
        try:
            services.task_create(
                zone=project.zone, project=project, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            report_error(request, error)
        else:
            messages.success(request, _("Follow-up added."))
    return redirect("office:project_detail", pk=project.pk)


@require_POST
@pipeline_writer
def arrival_new(request: AuthedRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    form = ArrivalForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("The arrival was not saved: %(errors)s") % {"errors": _errors(form)}
        )
    else:
        try:
            services.capital_arrival_record(project=project, by=request.user, **form.cleaned_data)
        except DomainError as error:
            report_error(request, error)
        else:
            messages.success(request, _("Paid-in capital recorded."))
    return redirect("office:project_detail", pk=project.pk)


def _errors(form: ActivityForm | TaskForm | ArrivalForm) -> str:
    parts = []
    for name, problems in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = " ".join(str(problem) for problem in problems)
        parts.append(f"{label}: {text}" if label else text)
    return "; ".join(parts)
