"""A signed-in session ends after SESSION_IDLE_MINUTES without a request, and at the latest
SESSION_COOKIE_AGE after the log-in, however active it is.

The time of the last request is kept in the session and rewritten at most once a minute, so an
active user does not cause a session write per request. Every log-in (the log-in page, the
admin's, a second factor's, a test's force_login) starts it through Django's `user_logged_in`
signal, connected in apps.py: the session is being written then anyway. Installed after the
authentication and message middleware: the request that finds the session idle logs out, says
why, and carries on as anonymous (a page behind a log-in then redirects to the log-in page, which
shows the message).
"""

import time
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import ngettext

LAST_SEEN_KEY = "zoneinvest_last_seen"
REFRESH_SECONDS = 60


def idle_minutes() -> int:
    return int(getattr(settings, "SESSION_IDLE_MINUTES", 30))


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            _end_or_refresh(request, now=int(time.time()))
        return self.get_response(request)


def _end_or_refresh(request: HttpRequest, *, now: int) -> None:
    session = request.session
    last_seen = session.get(LAST_SEEN_KEY)
    minutes = idle_minutes()
    if last_seen is None:  # a session from before this middleware was installed
        session_start(request, now=now)
    elif minutes > 0 and now - int(last_seen) > minutes * 60:
        logout(request)
        messages.info(request, _signed_out_message(minutes))
    elif now - int(last_seen) >= REFRESH_SECONDS:
        session[LAST_SEEN_KEY] = now


def session_start(request: HttpRequest, *, now: int) -> None:
    """Start the idle clock and fix the session's absolute end, so the once-a-minute writes never
    push it further (a session saved with the default expiry gets SESSION_COOKIE_AGE again from
    each write)."""
    request.session[LAST_SEEN_KEY] = now
    request.session.set_expiry(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE))


def session_start_on_login(sender: object, *, request: HttpRequest | None, **_: object) -> None:
    if request is not None and hasattr(request, "session"):
        session_start(request, now=int(time.time()))


def _signed_out_message(minutes: int) -> str:
    return ngettext(
        "You were signed out after %(minutes)d minute without activity.",
        "You were signed out after %(minutes)d minutes without activity.",
        minutes,
    ) % {"minutes": minutes}
