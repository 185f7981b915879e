"""The user's own API tokens and private calendar address: every logged-in user has them.

A new token or calendar address is shown once, in the answer to the POST that made it; only its
hash is stored, so no page can show it again.
"""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zoneinvest.accounts.selectors import calendar_feed_live, token_get, token_list
from zoneinvest.accounts.services import (
    TOKEN_MAX_DAYS,
    calendar_feed_create,
    calendar_feed_revoke,
    token_create,
    token_revoke,
)
from zoneinvest.office.access import AuthedRequest


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What the token is for, e.g. “provincial platform”."),
    )
    days = forms.IntegerField(
        label=gettext_lazy("Expires after (days)"),
        min_value=1,
        max_value=TOKEN_MAX_DAYS,
        initial=min(settings.API_TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS),
    )
    read_only = forms.BooleanField(
        label=gettext_lazy("Read-only: the token may read but not change anything"),
        required=False,
        initial=True,
    )


def _page(request: AuthedRequest, *, status: int = 200, **extra: Any) -> HttpResponse:
    context = {
        "tokens": token_list(user=request.user),
        "form": TokenForm(),
        "feed": calendar_feed_live(user=request.user),
        **extra,
    }
    response = render(request, "office/account/tokens.html", context, status=status)
    add_never_cache_headers(response)  # it may carry a secret shown once
    return response


@login_required
def api_tokens(request: AuthedRequest) -> HttpResponse:
    return _page(request)


@require_POST
@login_required
def api_token_new(request: AuthedRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form=form)
    token, plain = token_create(
        user=request.user,
        name=form.cleaned_data["name"],
        days=form.cleaned_data["days"],
        read_only=form.cleaned_data["read_only"],
    )
    return _page(request, new_token=token, new_token_plain=plain)


@require_POST
@login_required
def api_token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    token = token_get(user=request.user, pk=pk)
    token_revoke(token=token, by=request.user)
    messages.success(
        request, _("Token “%(name)s” is revoked: the API refuses it from now on.") % {"name": token}
    )
    return redirect("office:api_tokens")


@require_POST
@login_required
def calendar_feed_new(request: AuthedRequest) -> HttpResponse:
    _feed, plain = calendar_feed_create(user=request.user, language=get_language() or "en")
    urls = {
        name: request.build_absolute_uri(reverse(name, kwargs={"token": plain}))
        for name in ("calendar_events", "calendar_tasks")
    }
    return _page(request, feed_urls=urls)


@require_POST
@login_required
def calendar_feed_stop(request: AuthedRequest) -> HttpResponse:
    if calendar_feed_revoke(user=request.user, by=request.user):
        messages.success(request, _("Your calendar address is switched off."))
    return redirect("office:api_tokens")
