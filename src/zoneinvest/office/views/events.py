"""Events: the list, an event's page, its report (page and PDF), signings, the live board for the
venue's screen, the ceremony checklist; campaigns; and signed projects that have not started."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from zoneinvest.accounts.selectors import user_can_write_pipeline
from zoneinvest.core.errors import DomainError, NoFxRate
from zoneinvest.core.money import Money, format_money
from zoneinvest.events import selectors, services
from zoneinvest.events.briefing import event_briefing
from zoneinvest.events.models import DiligenceCheck, Event
from zoneinvest.office.access import AuthedRequest, pipeline_reader, pipeline_writer, report_error
from zoneinvest.office.forms import DaysForm, DiligenceForm, SigningFilterForm, SigningForm

PAGE_SIZE = 50
LATEST_ON_THE_BOARD = 6


@pipeline_reader
def event_list(request: AuthedRequest) -> HttpResponse:
    events = selectors.event_list(user=request.user)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "office/events/list.html", {"page": page})


@pipeline_reader
def event_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    return render(
        request,
        "office/events/detail.html",
        {
            "event": event,
            "venues": selectors.event_venues(event=event),
            "people": selectors.event_people(event=event),
            "can_write": user_can_write_pipeline(user=request.user),
        },
    )


@require_POST
@pipeline_writer
def event_followups(request: AuthedRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    try:
        created = services.followups_create(event=event, by=request.user)
    except DomainError as error:
        report_error(request, error)
    else:
        if created:
            messages.success(
                request,
                ngettext(
                    "%(count)s follow-up task created for the projects’ owners.",
                    "%(count)s follow-up tasks created for the projects’ owners.",
                    created,
                )
                % {"count": created},
            )
        else:
            messages.info(request, _("Every signed project already has its follow-up tasks."))
    return redirect("office:event_detail", pk=event.pk)


def _report_context(event: Event) -> dict[str, object]:
    """The report and its briefings, or the missing exchange rate that stops it."""
    try:
        report = selectors.event_report(event=event)
    except NoFxRate as error:
        return {"event": event, "error": error}
    return {
        "event": event,
        "report": report,
        "briefings": [event_briefing(report, "en"), event_briefing(report, "zh-hans")],
        "rate_dates": selectors.report_rate_dates(report=report),
    }


@pipeline_reader
def event_report(request: AuthedRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    return render(request, "office/events/report.html", _report_context(event))


@pipeline_reader
def event_report_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    try:
        report = selectors.event_report(event=event)
    except NoFxRate as error:
        report_error(request, error)
        return redirect("office:event_report", pk=event.pk)
    from zoneinvest.events.pdf import event_report_pdf as render_pdf

    response = HttpResponse(render_pdf(report), content_type="application/pdf")
    with translation.override("en"):
        name = slugify(str(event.name)) or "event"
    filename = f"{name}-{event.date.isoformat()}-report.pdf"
    response["Content-Disposition"] = content_disposition_header(False, filename) or "inline"
    return response


@pipeline_reader
def event_signings(request: AuthedRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    form = SigningFilterForm(request.GET or None, user=request.user, event=event)
    signings = selectors.signing_list(user=request.user, filters=form.filters())
    context: dict[str, object] = {"event": event, "form": form, "signings": signings}
    try:
        context["totals"] = selectors.signing_totals(signings=signings, on=event.date)
    except NoFxRate as error:
        context["error"] = error
    return render(request, "office/events/signings.html", context)


@pipeline_writer
def signing_new(request: AuthedRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    initial = {
        "date": event.date,
        "currency": "CNY",
        "document": "agreement",
        "kind": "new",
        "project": request.GET.get("project"),
    }
    form = SigningForm(request.POST or None, user=request.user, event=event, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            signing = services.signing_record(event=event, by=request.user, **form.service_values())
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(
                request,
                _("Signing of “%(project)s” recorded: %(amount)s announced, %(counted)s counted.")
                % {
                    "project": signing.project,
                    "amount": format_money(Money(signing.amount, signing.currency)),
                    "counted": format_money(Money(signing.counted_amount, signing.currency)),
                },
            )
            return redirect("office:event_report", pk=event.pk)
    return render(request, "office/events/signing_form.html", {"event": event, "form": form})


def _live_context(request: AuthedRequest, event: Event) -> dict[str, object]:
    latest = selectors.signing_latest(user=request.user, event=event, limit=LATEST_ON_THE_BOARD)
    try:
        return {"event": event, "report": selectors.event_report(event=event), "latest": latest}
    except NoFxRate as error:
        return {"event": event, "error": error, "latest": latest}


@pipeline_reader
def event_live(request: AuthedRequest, pk: int) -> HttpResponse:
    """The live signing board: full screen, for the venue's screen; its figures poll below."""
    event = selectors.event_get(user=request.user, pk=pk)
    return render(request, "office/events/live.html", _live_context(request, event))


@pipeline_reader
def event_live_figures(request: AuthedRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    return render(request, "office/events/_live_figures.html", _live_context(request, event))


@pipeline_reader
def event_ceremony(request: AuthedRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    return render(
        request,
        "office/events/ceremony.html",
        {
            "event": event,
            "rows": selectors.ceremony_checklist(user=request.user, event=event),
            "can_write": user_can_write_pipeline(user=request.user),
        },
    )


@require_POST
@pipeline_writer
def diligence_verify(request: AuthedRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    form = DiligenceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a project and a due-diligence item to verify."))
        return redirect("office:event_ceremony", pk=event.pk)
    project = selectors.ceremony_project_get(
        user=request.user, event=event, pk=form.cleaned_data["project"]
    )
    item = DiligenceCheck.Item(form.cleaned_data["item"])
    services.diligence_verify(project=project, item=item.value, by=request.user)
    messages.success(
        request,
        _("“%(item)s” marked verified for “%(project)s”.")
        % {"item": item.label, "project": project},
    )
    return redirect("office:event_ceremony", pk=event.pk)


# ---------------------------------------------------------------- campaigns and follow-through


@pipeline_reader
def campaign_list(request: AuthedRequest) -> HttpResponse:
    context: dict[str, object]
    try:
        context = {"progress_list": selectors.campaign_progress_list(user=request.user)}
    except NoFxRate as error:
        context = {"error": error}
    return render(request, "office/campaigns/list.html", context)


@pipeline_reader
def campaign_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    context: dict[str, object]
    try:
        context = {"campaign": campaign, "progress": selectors.campaign_progress(campaign=campaign)}
    except NoFxRate as error:
        context = {"campaign": campaign, "error": error}
    return render(request, "office/campaigns/detail.html", context)


@pipeline_reader
def signed_not_started(request: AuthedRequest) -> HttpResponse:
    form = DaysForm(request.GET or None, initial={"days": 90})
    days = form.chosen(default=90)
    projects = selectors.signed_not_started(user=request.user, days=days)
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "office/events/followups.html", {"form": form, "page": page, "days": days}
    )
