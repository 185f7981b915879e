"""The public investor site: no log-in, public fields only."""

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.views.decorators.http import require_GET, require_http_methods

from zoneinvest.consultants.selectors import public_consultants
from zoneinvest.places.selectors import indicator_shares
from zoneinvest.portal.forms import InquiryForm
from zoneinvest.portal.selectors import portal_zone, public_chains
from zoneinvest.portal.services import inquiry_submit

# The pages the sitemap lists (the thanks page is a reply to a form, not a page to index).
SITEMAP_PAGES = (
    "portal:home",
    "portal:why",
    "portal:industries",
    "portal:consultants",
    "portal:contact",
)
RATE_LIMIT = 5  # inquiries from one address…
RATE_WINDOW = 60 * 60  # …per hour
X_DEFAULT = "en"


def _alternates(request: HttpRequest) -> list[tuple[str, str]]:
    """(hreflang, absolute URL) of the current page in each language, and x-default."""
    rows = [
        (code, request.build_absolute_uri(translate_url(request.path, code)))
        for code, _name in settings.LANGUAGES
    ]
    default = request.build_absolute_uri(translate_url(request.path, X_DEFAULT))
    return [*rows, ("x-default", default)]


def _page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    zone = context.get("zone") or portal_zone()
    return render(
        request,
        template,
        {"zone": zone, "alternates": _alternates(request), **context},
    )


@require_GET
def root(request: HttpRequest) -> HttpResponseRedirect:
    """/ → the portal's home in the visitor's language."""
    with translation.override(translation.get_language_from_request(request)):
        return HttpResponseRedirect(reverse("portal:home"))


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    zone = portal_zone()
    return _page(request, "portal/home.html", {"zone": zone, "shares": indicator_shares(zone=zone)})


@require_GET
def why(request: HttpRequest) -> HttpResponse:
    zone = portal_zone()
    return _page(request, "portal/why.html", {"zone": zone, "shares": indicator_shares(zone=zone)})


@require_GET
def industries(request: HttpRequest) -> HttpResponse:
    zone = portal_zone()
    return _page(
        request, "portal/industries.html", {"zone": zone, "chains": public_chains(zone=zone)}
    )


@require_GET
def consultants(request: HttpRequest) -> HttpResponse:
    zone = portal_zone()
    return _page(
        request,
        "portal/consultants.html",
        {"zone": zone, "consultants": public_consultants(zone_id=zone.pk)},
    )


def _client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _over_limit(request: HttpRequest) -> bool:
    """Count this attempt; True once one address has sent more than RATE_LIMIT in the window."""
    key = f"portal:inquiry:{_client_ip(request)}"
    cache.add(key, 0, RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW)
        count = 1
    return count > RATE_LIMIT


@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    zone = portal_zone()
    form = InquiryForm(request.POST or None, zone=zone)
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
            )
            return redirect("portal:thanks")
        status = 400
    response = _page(request, "portal/contact.html", {"zone": zone, "form": form})
    response.status_code = status
    return response


@require_GET
def thanks(request: HttpRequest) -> HttpResponse:
    return _page(request, "portal/thanks.html", {})


@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    """Every portal page in each language, each with its hreflang alternates."""
    pages: list[dict[str, Any]] = []
    for name in SITEMAP_PAGES:
        urls = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                urls[code] = request.build_absolute_uri(reverse(name))
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
