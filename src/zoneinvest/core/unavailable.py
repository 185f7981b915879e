"""The database is unreachable (restarting, failing over, overloaded): a plain 503, never a 500.

When a request meets `django.db.OperationalError` or `InterfaceError` (the connection is refused,
was cut, or the server is shutting down), the user gets 503 with `Retry-After` and a short page
in their language that says nothing they saved is lost — true, because every write is one
transaction: a write that met the error was rolled back whole. The API answers in its one error
shape (`{"error": {"code": "unavailable", ...}}`) with the same status. The error is logged.

Two ways in, because an error can surface in two places:
- a view's error reaches `process_exception` (an office page, a portal page);
- an error the API's handlers or another middleware turned into a 500 (the API catches every
  exception to answer in its JSON shape) is reported through `got_request_exception`; the
  receiver below marks the request, and the middleware swaps that 500 for the 503.

Nothing here touches the database: the page is rendered without the request's context
processors. After the database is back, `CONN_HEALTH_CHECKS` (settings.py) makes each process
replace its dead connection at the next request.
"""

import json
import logging
import sys
from collections.abc import Callable
from typing import Any

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
API_PREFIX = "/api/"
_MARK = "_zoneinvest_database_unavailable"


def is_database_unavailable(error: BaseException | None) -> bool:
    """Whether this error (or one it was raised from) says the database cannot be reached."""
    while error is not None:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        error = error.__cause__ or error.__context__
    return False


def unavailable_message() -> str:
    return gettext(
        "The service is briefly unavailable; nothing you saved is lost. "
        "Please try again in a moment."
    )


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 in the request's language: the API's JSON error shape, or a plain page."""
    language = getattr(request, "LANGUAGE_CODE", None) or translation.get_language_from_request(
        request, check_path=True
    )
    with translation.override(language):
        if request.path.startswith(API_PREFIX):
            body = {
                "error": {"code": "unavailable", "message": unavailable_message(), "details": {}}
            }
            response = HttpResponse(
                json.dumps(body, ensure_ascii=False),
                status=503,
                content_type="application/json; charset=utf-8",
            )
        else:
            page = render_to_string(
                "core/unavailable.html",
                {"message": unavailable_message(), "language": translation.get_language()},
            )
            response = HttpResponse(page, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _log(request: HttpRequest, error: BaseException | None) -> None:
    logger.error(
        "Database unavailable in %s %s: %s",
        request.method,
        request.path,
        error,
        exc_info=error,
    )


class DatabaseUnavailableMiddleware:
    """503 instead of 500 when the database cannot be reached (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, _MARK, False):
            return unavailable_response(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_unavailable(exception):
            return None
        _log(request, exception)
        return unavailable_response(request)


@receiver(got_request_exception, dispatch_uid="zoneinvest.core.unavailable")
def _mark_database_unavailable(sender: Any, request: HttpRequest | None = None, **_: Any) -> None:
    """An error turned into a 500 elsewhere: remember whether the database was the cause."""
    error = sys.exc_info()[1]
    if request is not None and is_database_unavailable(error):
        _log(request, error)
        setattr(request, _MARK, True)
