"""Matching in the office: a project's best parks and policies, and the directors' weights."""

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from zoneinvest.core.errors import DomainError, StaleEdit
from zoneinvest.core.i18n import join_all
from zoneinvest.core.models import Zone
from zoneinvest.matching.criteria import MAX_POINTS, Criterion
from zoneinvest.matching.profile import profile_from_project
from zoneinvest.matching.scoring import Eligibility, Match, Verdict
from zoneinvest.matching.selectors import match_parks, match_policies, weights_for
from zoneinvest.matching.services import weights_update
from zoneinvest.office.access import AuthedRequest, report_error, weight_tuner, zone_choice
from zoneinvest.office.forms import WeightsForm
from zoneinvest.pipeline.models import Project

TOP_PARKS = 3
# What a project's record tells the matching, in the order an officer would fill it in.
PROFILE_FIELDS = ("chain", "link", "land_mu", "total_investment", "company")


@dataclass
class BestFit:
    parks: list[Match]
    policies: list[Eligibility]  # eligible, then to be checked
    not_eligible: int
    missing: str = ""  # the fields to fill in for a better match, as words
    chosen_park_id: int | None = None


def best_fit(project: Project) -> BestFit:
    """The project's top parks and the policies it may get, from its record (a constant number
    of queries: the matching selectors read the zone's facts once)."""
    profile = profile_from_project(project)
    parks = match_parks(zone=project.zone, profile=profile, public=False)
    policies = match_policies(zone=project.zone, profile=profile, public=False)
    hopeful = [p for p in policies if p.verdict != Verdict.NOT_ELIGIBLE]
    return BestFit(
        parks=parks[:TOP_PARKS],
        policies=hopeful,
        not_eligible=len(policies) - len(hopeful),
        missing=_missing(project),
        chosen_park_id=project.park_id,
    )


def _missing(project: Project) -> str:
    """The fields the matching reads that the project's record leaves empty, as words."""
    empty = []
    for name in PROFILE_FIELDS:
        model_field = Project._meta.get_field(name)
        if getattr(project, getattr(model_field, "attname", name)) in (None, ""):
            empty.append(str(getattr(model_field, "verbose_name", name)))
    return join_all(empty)


def _after_conflict(request: AuthedRequest, zone: Zone, error: StaleEdit) -> WeightsForm:
    """The form again, now expecting the stored points: a criterion someone else changed shows
    their points unless this user changed it too, and is marked either way."""
    current = weights_for(zone=zone)
    data = request.POST.copy()
    changed = set(error.details.get("changed", []))
    for criterion in Criterion:
        seen = data.get(f"seen_{criterion.value}")
        if criterion.value in changed and data.get(criterion.value) == seen:
            data[criterion.value] = str(current[criterion])
        data[f"seen_{criterion.value}"] = str(current[criterion])
    form = WeightsForm(data, current=current)
    form.is_valid()
    for criterion in Criterion:
        if criterion.value in changed:
            form.add_error(
                criterion.value,
                _("Changed by someone else to %(points)d after you opened the page.")
                % {"points": current[criterion]},
            )
    return form


@weight_tuner
def matching_weights(request: AuthedRequest) -> HttpResponse:
    zones, zone = zone_choice(request, strict=True)
    if zone is None:
        return render(request, "office/matching/weights.html", {"zones": zones, "zone": None})
    form = WeightsForm(request.POST or None, current=weights_for(zone=zone))
    if request.method == "POST" and form.is_valid():
        try:
            weights_update(
                zone=zone, points=form.points(), expected=form.expected(), by=request.user
            )
        except StaleEdit as error:
            messages.error(request, error.message)
            form = _after_conflict(request, zone, error)
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(request, _("Weights saved: every match in this zone now uses them."))
            return redirect(f"{reverse('office:matching_weights')}?zone={zone.pk}")
    return render(
        request,
        "office/matching/weights.html",
        {"zones": zones, "zone": zone, "form": form, "most": MAX_POINTS},
    )
