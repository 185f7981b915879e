"""Who may open an office page: anonymous → log-in page; wrong role → 403; wrong zone → 404."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.middleware import HtmxDetails

from zoneinvest.accounts.models import User
from zoneinvest.accounts.selectors import (
    user_can_read_pipeline,
    user_can_write_pipeline,
    user_zones,
)
from zoneinvest.core.errors import DomainError
from zoneinvest.core.models import Zone
from zoneinvest.matching.services import user_can_tune_weights
from zoneinvest.portal.selectors import user_can_edit_portal

View = Callable[..., HttpResponse]


class AuthedRequest(HttpRequest):
    """What an office view receives behind the decorators below (for type checking)."""

    user: User
    htmx: HtmxDetails


def _role_required(check: Callable[..., bool]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(user=request.user):
                if not user_can_read_pipeline(user=request.user):  # type: ignore[arg-type]
                    # Outsiders (consultants) learn nothing of the bureau's pages: as for
                    # another zone's records, the page does not exist for them.
                    raise Http404
                return render(request, "office/forbidden.html", status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


pipeline_reader = _role_required(user_can_read_pipeline)
pipeline_writer = _role_required(user_can_write_pipeline)
# directors (and platform admins): the matching weights
weight_tuner = _role_required(user_can_tune_weights)


def zone_choice(request: HttpRequest, *, strict: bool = False) -> tuple[list[Zone], Zone | None]:
    """The user's zones, and the one chosen with ?zone= (or a posted `zone`), else the first.
    `strict` (pages that write): a zone asked for that is not the user's is 404, never another."""
    zones = list(user_zones(user=request.user).order_by("pk"))  # type: ignore[arg-type]
    wanted = request.GET.get("zone") or request.POST.get("zone")
    chosen = next((z for z in zones if str(z.pk) == wanted), None)
    if chosen is None and wanted and strict:
        raise Http404
    return zones, chosen or (zones[0] if zones else None)


def report_error(
    request: HttpRequest, error: DomainError, form: forms.BaseForm | None = None
) -> None:
    """Show a refused write as a message, and mark the form's fields it names."""
    messages.error(request, error.message)
    if form is None:
        return
    for name, problems in error.details.get("fields", {}).items():
        target = name if name in form.fields else None
        for problem in problems:
            form.add_error(target, problem)


portal_editor = _role_required(user_can_edit_portal)
