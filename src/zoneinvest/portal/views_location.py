"""“Find your location”: three GET pages (your project, your site, results), no JavaScript.

Each step's form sends its answers and carries the other step's as hidden inputs, so a results
URL holds the whole profile (to share, to come back to) and the Back links keep every answer.
"""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from zoneinvest.core.models import Zone
from zoneinvest.matching.profile import profile_from_data
from zoneinvest.portal.cache import cached_page
from zoneinvest.portal.forms import LocationProjectForm, LocationSiteForm, answers_initial
from zoneinvest.portal.location import location_results, profile_answers, profile_token
from zoneinvest.portal.selectors import portal_zone
from zoneinvest.portal.views import _page

PROJECT = tuple(LocationProjectForm.base_fields)
SITE = tuple(LocationSiteForm.base_fields)


def _answers(data: QueryDict, names: tuple[str, ...]) -> list[tuple[str, str]]:
    """The answers among `names` in the query, each value once per field as given."""
    return [(name, value) for name in names for value in data.getlist(name)]


def _urls(data: QueryDict) -> dict[str, str]:
    """Each step's URL with every answer given so far (the Back and Change links)."""
    query = urlencode(_answers(data, PROJECT + SITE))
    return {
        "project_url": f"{reverse('portal:find_location')}?{query}",
        "site_url": f"{reverse('portal:find_location_site')}?{query}",
    }


def _step(
    request: HttpRequest, zone: Zone, step: int, form: LocationProjectForm | LocationSiteForm
) -> HttpResponse:
    """Step 1 or 2; an answered form that needs correcting is sent back with 400."""
    response = _page(
        request,
        "portal/find_location.html",
        {
            "zone": zone,
            "step": step,
            "form": form,
            "carried": _answers(request.GET, SITE if step == 1 else PROJECT),
            **_urls(request.GET),
        },
    )
    if form.is_bound and form.errors:
        response.status_code = 400
    return response


@require_GET
@cached_page
def find_location(request: HttpRequest) -> HttpResponse:
    """Step 1, your project (with the answers given before, when the visitor comes back)."""
    zone = portal_zone()
    initial = answers_initial(LocationProjectForm, request.GET)
    return _step(request, zone, 1, LocationProjectForm(initial=initial, zone=zone))


@require_GET
@cached_page
def find_location_site(request: HttpRequest) -> HttpResponse:
    """Step 2, your site, once the project's answers are right."""
    if not any(name in request.GET for name in PROJECT):
        return redirect("portal:find_location")
    zone = portal_zone()
    project = LocationProjectForm(request.GET, zone=zone)
    if not project.is_valid():
        return _step(request, zone, 1, project)
    initial = answers_initial(LocationSiteForm, request.GET)
    return _step(request, zone, 2, LocationSiteForm(initial=initial))


@require_GET
@cached_page
def find_location_results(request: HttpRequest) -> HttpResponse:
    """The parks, opportunities and policies for the answers, each with its reasons."""
    if not any(name in request.GET for name in PROJECT):
        return redirect("portal:find_location")
    zone = portal_zone()
    project = LocationProjectForm(request.GET, zone=zone)
    site = LocationSiteForm(request.GET)
    if not project.is_valid():
        return _step(request, zone, 1, project)
    if not site.is_valid():
        return _step(request, zone, 2, site)
    profile = profile_from_data({**project.profile_data(), **site.profile_data()})
    results = location_results(zone=zone, profile=profile)
    ask = {"profile": profile_token(profile)}
    if results.best_park is not None:
        ask["park"] = results.best_park.slug
    return _page(
        request,
        "portal/find_location_results.html",
        {
            "zone": zone,
            "results": results,
            "answers": profile_answers(zone=zone, profile=profile),
            "inquiry_url": f"{reverse('portal:contact')}?{urlencode(ask)}",
            **_urls(request.GET),
        },
    )
