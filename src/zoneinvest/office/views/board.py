"""The pipeline board: a column per stage; cards move through the same stage service."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from zoneinvest.accounts.selectors import user_can_write_pipeline
from zoneinvest.core.errors import DomainError
from zoneinvest.events.services import stage_move
from zoneinvest.office.access import AuthedRequest, pipeline_reader, pipeline_writer, report_error
from zoneinvest.office.forms import ProjectFilterForm
from zoneinvest.pipeline import selectors
from zoneinvest.pipeline.services import MissingStageFields
from zoneinvest.pipeline.stages import Stage


def _render_board(request: AuthedRequest, status: int = 200) -> HttpResponse:
    form = ProjectFilterForm(request.GET or None, user=request.user)
    columns = selectors.pipeline_board(user=request.user, filters=form.filters())
    template = "office/board/_columns.html" if request.htmx else "office/board/board.html"
    context = {
        "form": form,
        "columns": columns,
        "can_write": user_can_write_pipeline(user=request.user),
    }
    return render(request, template, context, status=status)


@pipeline_reader
def board(request: AuthedRequest) -> HttpResponse:
    return _render_board(request)


@require_POST
@pipeline_writer
def board_move(request: AuthedRequest) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=int(request.POST.get("project", 0) or 0))
    try:
        to = Stage(request.POST.get("to", ""))
        version = int(request.POST.get("version") or 0) or None
        stage_move(project=project, to=to, by=request.user, version=version)
    except ValueError:
        messages.error(request, _("Choose a stage to move the project to."))
    except MissingStageFields as error:
        report_error(request, error)
        url = f"{reverse('office:project_stage', kwargs={'pk': project.pk})}?to={to.value}"
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    except DomainError as error:
        report_error(request, error)
    else:
        messages.success(
            request,
            _("“%(project)s” moved to “%(stage)s”.") % {"project": project, "stage": to.label},
        )
    if request.htmx:
        return _render_board(request)
    return redirect("office:board")
