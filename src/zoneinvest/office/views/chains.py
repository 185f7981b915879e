"""Industry chains (产业链招商): the list, a chain's map with its gaps, and a gap's targets
ranked by the matching, each with its score and reasons."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zoneinvest.accounts.selectors import user_can_write_pipeline, zone_officers_in
from zoneinvest.core.errors import DomainError
from zoneinvest.industries.chain_map import chain_get, chain_map, gap_target_assign, link_get
from zoneinvest.industries.models import ChainPosition
from zoneinvest.industries.selectors import chain_overview
from zoneinvest.matching.selectors import gap_candidates, match_companies
from zoneinvest.office.access import AuthedRequest, pipeline_reader, pipeline_writer, report_error
from zoneinvest.office.forms import GapAssignForm


@pipeline_reader
def chain_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "office/chains/list.html", {"chains": chain_overview(user=request.user)})


@pipeline_reader
def chain_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    chain = chain_get(user=request.user, pk=pk)
    the_map = chain_map(user=request.user, chain=chain)
    groups = [
        (position, [row for row in the_map.links if row.link.position == position.value])
        for position in ChainPosition
    ]
    return render(
        request, "office/chains/detail.html", {"chain": chain, "map": the_map, "groups": groups}
    )


@pipeline_reader
def gap_target_list(request: AuthedRequest, pk: int) -> HttpResponse:
    link = link_get(user=request.user, pk=pk)
    can_write = user_can_write_pipeline(user=request.user)
    return render(
        request,
        "office/chains/targets.html",
        {
            "link": link,
            "targets": match_companies(user=request.user, link=link),
            "can_write": can_write,
            "officers": zone_officers_in(zone_ids=[link.zone_id]) if can_write else [],
        },
    )


@require_POST
@pipeline_writer
def gap_target_assign_view(request: AuthedRequest, pk: int) -> HttpResponse:
    link = link_get(user=request.user, pk=pk)
    form = GapAssignForm(request.POST, zone_ids=[link.zone_id])
    if not form.is_valid():
        messages.error(request, _("Choose a target company and an owner to assign it to."))
        return redirect("office:gap_targets", pk=link.pk)
    candidates = gap_candidates(user=request.user, link=link)
    company = candidates.filter(pk=form.cleaned_data["company"]).first()
    if company is None:
        messages.error(request, _("This company is no longer a target of this chain link."))
        return redirect("office:gap_targets", pk=link.pk)
    try:
        project = gap_target_assign(
            link=link, company=company, owner=form.cleaned_data["owner"], by=request.user
        )
    except DomainError as error:
        report_error(request, error)
        return redirect("office:gap_targets", pk=link.pk)
    messages.success(
        request,
        _("Lead “%(project)s” opened for %(owner)s.")
        % {"project": project, "owner": form.cleaned_data["owner"]},
    )
    return redirect("office:project_detail", pk=project.pk)
