"""The second step of the log-in (accounts/two_factor.py): set up an authenticator app, or enter
the code it shows. Both pages are for people whose role needs the step; others get 404."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from zoneinvest.accounts.models import User
from zoneinvest.accounts.two_factor import (
    Verification,
    normalize_code,
    second_step_url,
    secret_groups,
    session_is_verified,
    session_pass,
    totp_confirm,
    totp_device_confirmed,
    totp_enrol_start,
    totp_qr_code,
    totp_verify,
    user_needs_two_factor,
)

WRONG_CODE = _("That code is not right or has expired. Enter the code your app shows now.")
PAUSED = _("Too many wrong codes. Wait 15 minutes, then try again.")


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Six-digit code"), max_length=20)

    def clean_code(self) -> str:
        code = normalize_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(WRONG_CODE)
        return code


def _next_url(request: HttpRequest) -> str:
    """Where to go once the step is passed: the page asked for, if it is on this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _person_with_second_step(request: HttpRequest) -> User:
    user = request.user
    if not user_needs_two_factor(user):
        raise Http404
    return user  # type: ignore[return-value]


def _code_form(request: HttpRequest) -> CodeForm:
    return CodeForm(request.POST if request.method == "POST" else None)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    user = _person_with_second_step(request)
    if totp_device_confirmed(user=user) is not None:
        if session_is_verified(request):
            return redirect(_next_url(request))
        return redirect(second_step_url(user=user, next_url=_next_url(request)))
    device = totp_enrol_start(user=user)
    form = _code_form(request)
    if form.is_valid():
        if totp_confirm(device=device, code=form.cleaned_data["code"]):
            session_pass(request)
            messages.success(
                request,
                _(
                    "Two-factor log-in is set up. From now on, enter a code from your app "
                    "after your password."
                ),
            )
            return redirect(_next_url(request))
        form.add_error("code", WRONG_CODE)
    context = {
        "form": form,
        "qr": totp_qr_code(device=device),
        "key": secret_groups(device.secret),
        "next": _next_url(request),
    }
    return render(request, "accounts/two_factor_enrol.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = _person_with_second_step(request)
    if totp_device_confirmed(user=user) is None:
        return redirect(second_step_url(user=user, next_url=_next_url(request)))
    if session_is_verified(request):
        return redirect(_next_url(request))
    form = _code_form(request)
    status = 200
    if form.is_valid():
        result = totp_verify(user=user, code=form.cleaned_data["code"])
        if result is Verification.ACCEPTED:
            session_pass(request)
            return redirect(_next_url(request))
        form.add_error("code", PAUSED if result is Verification.PAUSED else WRONG_CODE)
        status = 429 if result is Verification.PAUSED else 200
    context = {"form": form, "next": _next_url(request)}
    return render(request, "accounts/two_factor_verify.html", context, status=status)
