"""My tasks: the follow-ups assigned to me, overdue ones first and flagged."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zoneinvest.office.access import AuthedRequest, pipeline_reader, pipeline_writer
from zoneinvest.pipeline import selectors, services


@pipeline_reader
def my_tasks(request: AuthedRequest) -> HttpResponse:
    return render(
        request, "office/tasks/mine.html", {"tasks": selectors.my_tasks(user=request.user)}
    )


@require_POST
@pipeline_writer
def task_complete(request: AuthedRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    services.task_complete(task=task, by=request.user)
    messages.success(request, _("Done: %(task)s") % {"task": task.title})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "office:my_tasks"
    return redirect(target or "office:my_tasks")
