"""The portal's pages and stories, as editors write them: side by side in English and Chinese,
draft until published, previewed exactly as the public will see them."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zoneinvest.accounts.selectors import user_zones
from zoneinvest.core.errors import DomainError
from zoneinvest.office.access import AuthedRequest, portal_editor, report_error
from zoneinvest.office.forms import ContentForm, StoryForm
from zoneinvest.portal import selectors, services
from zoneinvest.portal.models import Page, PageKey, Story
from zoneinvest.portal.views import preview_page, preview_story


@portal_editor
def content_list(request: AuthedRequest) -> HttpResponse:
    zones = list(user_zones(user=request.user))
    return render(
        request,
        "office/content/list.html",
        {
            "pages": selectors.editable_pages(user=request.user).order_by("zone", "key"),
            "stories": selectors.editable_stories(user=request.user),
            "missing": {zone: selectors.missing_page_keys(zone=zone) for zone in zones},
        },
    )


@portal_editor
def page_new(request: AuthedRequest, zone_code: str, key: str) -> HttpResponse:
    zone = next((z for z in user_zones(user=request.user) if z.code == zone_code), None)
    if zone is None or key not in PageKey.values:
        raise Http404
    form = ContentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            page = services.page_create(
                zone=zone, key=key, by=request.user, **form.service_values()
            )
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(request, _("Page saved as a draft."))
            return redirect("office:content_edit", kind="page", pk=page.pk)
    return render(
        request,
        "office/content/form.html",
        {"form": form, "heading": PageKey(key).label, "zone": zone},
    )


@portal_editor
def story_new(request: AuthedRequest) -> HttpResponse:
    zones = list(user_zones(user=request.user))
    if not zones:
        raise Http404
    form = StoryForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            story = services.story_create(zone=zones[0], by=request.user, **form.service_values())
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(request, _("Story saved as a draft."))
            return redirect("office:content_edit", kind="story", pk=story.pk)
    return render(request, "office/content/form.html", {"form": form, "heading": _("New story")})


@portal_editor
def content_edit(request: AuthedRequest, kind: str, pk: int) -> HttpResponse:
    content = selectors.editable_content(user=request.user, kind=kind, pk=pk)
    if isinstance(content, Story):
        form: ContentForm = StoryForm(
            request.POST or None, request.FILES or None, instance=content, user=request.user
        )
    else:
        form = ContentForm(request.POST or None, request.FILES or None, instance=content)
    if request.method == "POST" and form.is_valid():
        try:
            services.content_edit(
                content,
                version=form.cleaned_data["version"],
                values=form.service_values(),
                by=request.user,
            )
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(request, _("Saved."))
            return redirect("office:content_edit", kind=kind, pk=pk)
    return render(
        request,
        "office/content/form.html",
        {"form": form, "content": content, "kind": kind, "heading": content.title},
    )


@portal_editor
def content_preview(request: AuthedRequest, kind: str, pk: int, language: str) -> HttpResponse:
    """The page as the public will see it, in one language, published or not."""
    content = selectors.editable_content(user=request.user, kind=kind, pk=pk)
    if language not in ("en", "zh-hans"):
        raise Http404
    with translation.override(language):
        if isinstance(content, Page):
            response = preview_page(request, content)
        else:
            response = preview_story(request, content)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
@portal_editor
def content_status(request: AuthedRequest, kind: str, pk: int) -> HttpResponse:
    content = selectors.editable_content(user=request.user, kind=kind, pk=pk)
    if request.POST.get("action") == "publish":
        services.content_publish(content, by=request.user)
        messages.success(request, _("Published: it is on the portal now."))
    else:
        services.content_unpublish(content, by=request.user)
        messages.success(request, _("Taken off the portal; it is a draft again."))
    return redirect("office:content_edit", kind=kind, pk=pk)
