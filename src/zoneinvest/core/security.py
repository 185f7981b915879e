"""Security events in the audit trail: failed log-ins and refused requests.

- `accounts.login.failed`: every failed log-in, once (Django's `user_login_failed`, sent for a
  wrong password and for a log-in that django-axes refuses during a lockout), with the username
  tried, the client's address and `locked_out` (true from the attempt that starts a lockout on:
  axes' own receiver, connected first, has marked the request by then). Never the password:
  only the username is taken from the credentials (which Django has masked already).
- `security.permission_denied`: a 403 answer, from the office (its forbidden page, or
  PermissionDenied) or from the API (PermissionDeniedError), with path, method and user.

A 404 is not recorded. The office and the API answer 404 to outsiders on purpose, through the
same code that answers 404 for a record that does not exist, so a denial and a typo cannot be told
apart where the answer is made; recording every 404 would also let anyone fill the append-only
trail with requests for made-up addresses. A 403 refused to a visitor who is not signed in (a
CSRF failure on a public form) is logged, not recorded, for the same reason.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from zoneinvest.core import net
from zoneinvest.core.audit import security_record

logger = logging.getLogger(__name__)

LOGIN_FAILED = "accounts.login.failed"
PERMISSION_DENIED = "security.permission_denied"
USERNAME_CHARS = 150


def client_address(request: HttpRequest | None) -> str:
    """The address django-axes counted, else the one core/net.py reads (the same rule)."""
    if request is None:
        return ""
    return str(getattr(request, "axes_ip_address", None) or net.client_address(request) or "")


def _user_named(username: str) -> Any:
    user_model = get_user_model()
    return user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first()


def record_login_failure(*, username: str, request: HttpRequest | None) -> None:
    username = username[:USERNAME_CHARS]
    user = _user_named(username) if username else None
    security_record(
        verb=LOGIN_FAILED,
        actor=None,
        subject_type="accounts.user",
        subject_id=str(user.pk) if user is not None else "",
        subject_repr=username,
        changes={
            "username": username,
            "address": client_address(request),
            "locked_out": bool(getattr(request, "axes_locked_out", False)),
        },
    )


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **_: Any
) -> None:
    username = str(credentials.get(get_user_model().USERNAME_FIELD) or "")
    try:
        with transaction.atomic():
            record_login_failure(username=username, request=request)
    except Exception:  # the log-in is refused all the same; the page must not fail
        logger.exception("a failed log-in was not recorded")


def connect() -> None:
    user_login_failed.connect(on_login_failed, dispatch_uid="core-audit-login-failed")


# ---------------------------------------------------------------- refused requests


def _caller(request: HttpRequest) -> Any:
    """Who was refused: the signed-in user, or the owner of the API token sent. An API request
    can be refused while its token is checked, before `request.user` is set (a read-only token
    that writes, a role that may not write); the token is looked up again here for the record.
    (The one place core reaches into accounts: the token's format and lookup live there.)"""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    from zoneinvest.accounts.services import token_authenticate

    api_token = token_authenticate(plain=token.strip())
    return api_token.user if api_token is not None else None


def record_denial(request: HttpRequest) -> None:
    user = _caller(request)
    if user is None:
        logger.warning("403 to a visitor not signed in: %s %s", request.method, request.path)
        return
    security_record(
        verb=PERMISSION_DENIED,
        actor=user,
        subject_type="request",
        subject_id="",
        subject_repr=f"{request.method} {request.path}",
        changes={
            "path": request.path[:500],
            "method": request.method,
            "user": user.get_username(),
            "api": request.path.startswith("/api/"),
            "address": client_address(request),
        },
    )


class DenialAuditMiddleware:
    """Records each 403 answer as `security.permission_denied` (after the view and the inner
    middleware have answered, whichever of them refused)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 403:
            try:
                with transaction.atomic():
                    record_denial(request)
            except Exception:  # the refusal stands even when its record cannot be written
                logger.exception("403 not recorded: %s %s", request.method, request.path)
        return response
