"""The public investor site: no log-in, public fields only."""

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.views.decorators.http import require_GET, require_http_methods

from zoneinvest.consultants.selectors import public_consultants
from zoneinvest.core.models import Zone
from zoneinvest.core.net import client_address
from zoneinvest.pipeline.models import Ownership
from zoneinvest.places.selectors import (
    indicator_shares,
    policy_in_force,
    published_park,
    published_parks,
    published_policies,
    published_policy,
)
from zoneinvest.portal.cache import cached_page
from zoneinvest.portal.forms import (
    InquiryForm,
    OpportunityFilterForm,
    ParkFilterForm,
    PolicyFinderForm,
)
from zoneinvest.portal.location import profile_answers, profile_chain, profile_from_token
from zoneinvest.portal.menu import portal_menu, public_urls
from zoneinvest.portal.models import Page, Story, StoryKind
from zoneinvest.portal.selectors import (
    guide_steps,
    listed_enterprises,
    park_opportunities,
    portal_zone,
    public_chains,
    published_opportunities,
    published_opportunity,
    published_page,
    published_page_keys,
    published_stories,
    published_story,
    story_figures,
)
from zoneinvest.portal.services import inquiry_submit

# The pages the sitemap lists: (URL name, kwargs); detail pages are added from their records.
SITEMAP_PAGES: tuple[tuple[str, dict[str, str]], ...] = (
    ("portal:home", {}),
    ("portal:why", {}),
    ("portal:guide", {}),
    ("portal:find_location", {}),
    ("portal:policies", {}),
    ("portal:opportunities", {}),
    ("portal:parks", {}),
    ("portal:industries", {}),
    ("portal:enterprises", {}),
    ("portal:consultants", {}),
    ("portal:news_all", {}),
    *(("portal:news", {"kind": kind.value}) for kind in StoryKind),
    ("portal:contact", {}),
)
RATE_LIMIT = 5  # inquiries from one address…
RATE_WINDOW = 60 * 60  # …per hour
X_DEFAULT = "en"


def _alternates(request: HttpRequest) -> list[tuple[str, str]]:
    """(hreflang, absolute URL) of the current page in each language, and x-default."""
    rows = [
        (code, request.build_absolute_uri(translate_url(request.get_full_path(), code)))
        for code, _name in settings.LANGUAGES
    ]
    default = request.build_absolute_uri(translate_url(request.get_full_path(), X_DEFAULT))
    return [*rows, ("x-default", default)]


def _switches(request: HttpRequest) -> list[tuple[str, str, str]]:
    """(language code, its own name, the same page in it) for the language switch."""
    names = {"en": "EN", "zh-hans": "中文"}
    return [
        (code, names.get(code, code), translate_url(request.get_full_path(), code))
        for code, _name in settings.LANGUAGES
    ]


def _page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    zone = context.get("zone") or portal_zone()
    page_keys = published_page_keys(zone=zone)
    menu = portal_menu(zone=zone, path=request.path, page_keys=page_keys)
    return render(
        request,
        template,
        {
            "zone": zone,
            "menu": menu,
            "page_keys": page_keys,
            "alternates": _alternates(request),
            "switches": _switches(request),
            **context,
        },
    )


@require_GET
def root(request: HttpRequest) -> HttpResponseRedirect:
    """/ → the portal's home in the visitor's language."""
    with translation.override(translation.get_language_from_request(request)):
        return HttpResponseRedirect(reverse("portal:home"))


@require_GET
@cached_page
def home(request: HttpRequest) -> HttpResponse:
    zone = portal_zone()
    return _page(
        request,
        "portal/home.html",
        {
            "zone": zone,
            "shares": indicator_shares(zone=zone),
            "stories": published_stories(zone=zone, limit=3),
            "opportunities": published_opportunities(zone=zone)[:3],
        },
    )


@require_GET
@cached_page
def why(request: HttpRequest) -> HttpResponse:
    zone = portal_zone()
    return _page(request, "portal/why.html", {"zone": zone, "shares": indicator_shares(zone=zone)})


@require_GET
@cached_page
def industries(request: HttpRequest) -> HttpResponse:
    zone = portal_zone()
    return _page(
        request, "portal/industries.html", {"zone": zone, "chains": public_chains(zone=zone)}
    )


@require_GET
@cached_page
def consultants(request: HttpRequest) -> HttpResponse:
    zone = portal_zone()
    return _page(
        request,
        "portal/consultants.html",
        {"zone": zone, "consultants": public_consultants(zone_id=zone.pk)},
    )


@require_GET
@cached_page
def page(request: HttpRequest, key: str) -> HttpResponse:
    """An edited page of the ABOUT or LIVING menu, or the terms and the privacy policy."""
    zone = portal_zone()
    return _page(
        request, "portal/page.html", {"zone": zone, "page": published_page(zone=zone, key=key)}
    )


@require_GET
@cached_page
def guide(request: HttpRequest) -> HttpResponse:
    zone = portal_zone()
    return _page(request, "portal/guide.html", {"zone": zone, "steps": guide_steps(zone=zone)})


@require_GET
@cached_page
def parks(request: HttpRequest) -> HttpResponse:
    zone = portal_zone()
    form = ParkFilterForm(request.GET or None, zone=zone)
    return _page(
        request,
        "portal/parks.html",
        {"zone": zone, "form": form, "parks": published_parks(zone=zone, filters=form.filters())},
    )


@require_GET
@cached_page
def park(request: HttpRequest, slug: str) -> HttpResponse:
    zone = portal_zone()
    found = published_park(zone=zone, slug=slug)
    return _page(
        request,
        "portal/park.html",
        {
            "zone": zone,
            "park": found,
            "opportunities": park_opportunities(zone=zone, park_id=found.pk),
        },
    )


@require_GET
@cached_page
def policies(request: HttpRequest) -> HttpResponse:
    """The incentive finder."""
    zone = portal_zone()
    form = PolicyFinderForm(request.GET or None, zone=zone)
    return _page(
        request,
        "portal/policies.html",
        {
            "zone": zone,
            "form": form,
            "policies": published_policies(zone=zone, filters=form.filters()),
            "filtered": bool(request.GET),
        },
    )


@require_GET
@cached_page
def policy(request: HttpRequest, slug: str) -> HttpResponse:
    zone = portal_zone()
    found = published_policy(zone=zone, slug=slug)
    return _page(
        request,
        "portal/policy.html",
        {
            "zone": zone,
            "policy": found,
            "in_force": policy_in_force(found, on=timezone.localdate()),
            "company_types": [
                Ownership(code).label for code in found.company_types if code in Ownership.values
            ],
        },
    )


@require_GET
@cached_page
def opportunities(request: HttpRequest) -> HttpResponse:
    zone = portal_zone()
    form = OpportunityFilterForm(request.GET or None, zone=zone)
    return _page(
        request,
        "portal/opportunities.html",
        {
            "zone": zone,
            "form": form,
            "opportunities": published_opportunities(zone=zone, filters=form.filters()),
        },
    )


@require_GET
@cached_page
def opportunity(request: HttpRequest, slug: str) -> HttpResponse:
    zone = portal_zone()
    return _page(
        request,
        "portal/opportunity.html",
        {"zone": zone, "opportunity": published_opportunity(zone=zone, slug=slug)},
    )


@require_GET
@cached_page
def enterprises(request: HttpRequest) -> HttpResponse:
    zone = portal_zone()
    return _page(
        request,
        "portal/enterprises.html",
        {"zone": zone, "companies": listed_enterprises(zone=zone)},
    )


@require_GET
@cached_page
def news(request: HttpRequest, kind: str = "") -> HttpResponse:
    zone = portal_zone()
    return _page(
        request,
        "portal/news.html",
        {
            "zone": zone,
            "kind": StoryKind(kind) if kind in StoryKind.values else None,
            "stories": published_stories(zone=zone, kind=kind),
        },
    )


@require_GET
@cached_page
def story(request: HttpRequest, slug: str) -> HttpResponse:
    zone = portal_zone()
    found = published_story(zone=zone, slug=slug)
    return _story_page(request, zone, found)


def _story_page(
    request: HttpRequest, zone: Zone, found: Story, *, preview: bool = False
) -> HttpResponse:
    figures = story_figures(story=found, language=translation.get_language() or X_DEFAULT)
    return _page(
        request,
        "portal/story.html",
        {"zone": zone, "story": found, "figures": figures, "preview": preview},
    )


def preview_story(request: HttpRequest, found: Story) -> HttpResponse:
    """An editor's preview (the office checks who may see it): never cached."""
    return _story_page(request, found.zone, found, preview=True)


def preview_page(request: HttpRequest, found: Page) -> HttpResponse:
    return _page(request, "portal/page.html", {"zone": found.zone, "page": found, "preview": True})


def _over_limit(request: HttpRequest) -> bool:
    """Count this attempt; True once one address has sent more than RATE_LIMIT in the window."""
    key = f"portal:inquiry:{client_address(request) or 'unknown'}"
    cache.add(key, 0, RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW)
        count = 1
    return count > RATE_LIMIT


def _subjects(zone: Zone, data: Any) -> dict[str, Any]:
    """The park, policy or opportunity an inquiry is about (from ?park=slug…), if published."""
    lookups = {
        "park": lambda slug: published_park(zone=zone, slug=slug),
        "policy": lambda slug: published_policy(zone=zone, slug=slug),
        "opportunity": lambda slug: published_opportunity(zone=zone, slug=slug),
    }
    found: dict[str, Any] = {}
    for name, lookup in lookups.items():
        slug = str(data.get(name) or "")
        if slug:
            try:
                found[name] = lookup(slug)
            except Http404:
                continue
    return found


@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    zone = portal_zone()
    sent = request.POST if request.method == "POST" else request.GET
    subjects = _subjects(zone, sent)
    initial: dict[str, Any] = {name: obj.slug for name, obj in subjects.items()}
    if "opportunity" in subjects:
        initial["chain"] = subjects["opportunity"].chain_id
    # The answers to "Find your location", if they came signed and unaltered (else ignored).
    profile = profile_from_token(str(sent.get("profile") or ""))
    if profile is not None:
        initial["profile"] = sent.get("profile")
        chain = profile_chain(zone=zone, profile=profile)
        if chain is not None:
            initial["chain"] = chain.pk
    form = InquiryForm(request.POST or None, zone=zone, initial=initial)
    status = 200
    if request.method == "POST":
        if _over_limit(request):
            response = _page(request, "portal/contact.html", {"zone": zone, "limited": True})
            response.status_code = 429
            return response
        if form.is_bot:
            # Answer a bot as if it had succeeded, and record nothing.
            return redirect("portal:thanks")
        if form.is_valid():
            data = form.cleaned_data
            inquiry_submit(
                zone=zone,
                name=data["name"],
                organisation=data["organisation"],
                email=data["email"],
                country=str(data["country"]),
                message=data["message"],
                chain=data["chain"],
                language=translation.get_language() or settings.LANGUAGE_CODE,
                profile=profile,
                **subjects,
            )
            return redirect("portal:thanks")
        status = 400
    response = _page(
        request,
        "portal/contact.html",
        {
            "zone": zone,
            "form": form,
            "subjects": list(subjects.values()),
            "answers": profile_answers(zone=zone, profile=profile) if profile else [],
        },
    )
    response.status_code = status
    return response


@require_GET
@cached_page
def thanks(request: HttpRequest) -> HttpResponse:
    return _page(request, "portal/thanks.html", {})


@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    """Every portal page in each language, each with its hreflang alternates."""
    pages: list[dict[str, Any]] = []
    for name, kwargs in public_urls(zone=portal_zone(), static=SITEMAP_PAGES):
        urls = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                urls[code] = request.build_absolute_uri(reverse(name, kwargs=kwargs))
        alternates = [*urls.items(), ("x-default", urls[X_DEFAULT])]
        pages.extend({"loc": url, "alternates": alternates} for url in urls.values())
    return render(request, "portal/sitemap.xml", {"pages": pages}, content_type="application/xml")


@require_GET
def robots(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /api/",
        *(f"Disallow: /{code}/office/" for code, _name in settings.LANGUAGES),
        *(f"Disallow: /{code}/accounts/" for code, _name in settings.LANGUAGES),
        f"Sitemap: {request.build_absolute_uri(reverse('portal_sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
