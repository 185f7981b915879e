"""One error shape for every error: `{"error": {"code": str, "message": str, "details": {}}}`.

Domain errors become 422 (a stale edit 409), Http404 becomes 404, authentication 401, permission
403, and ninja's own payload validation 422 with `details.fields` as the services report it; a
unique value the database refuses is a 409.
"""

import logging
import re
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any

from django.core.signals import got_request_exception
from django.db import DataError, IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext, ngettext
from ninja import NinjaAPI, Schema
from ninja.errors import (
    AuthenticationError,
    AuthorizationError,
    HttpError,
    ValidationError,
    ValidationErrorContext,
)

from zoneinvest.core.errors import DomainError, StaleEdit
from zoneinvest.core.i18n import join_words

logger = logging.getLogger(__name__)


class ErrorBody(Schema):
    code: str
    message: str
    details: dict[str, Any]


class ErrorOut(Schema):
    error: ErrorBody


# Declared on every operation so the OpenAPI document shows the error shape (429: the token's
# rate limit, api.auth.TokenRateLimit).
READ_ERRORS: dict[int, type[Schema]] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}
# 400: a body that is not JSON at all; 409: a stale `version`.
WRITE_ERRORS: dict[int, type[Schema]] = {**READ_ERRORS, 400: ErrorOut, 409: ErrorOut}


class PermissionDeniedError(AuthorizationError):
    """403 with a code a client can act on and a message a person can read."""

    def __init__(self, message: str, *, code: str = "forbidden") -> None:
        super().__init__(message=message)
        self.code = code


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    *,
    status: int,
    code: str,
    message: str,
    details: Mapping[str, Any] | None = None,
) -> HttpResponse:
    body = {"error": {"code": code, "message": message, "details": dict(details or {})}}
    return api.create_response(request, body, status=status)


# ---------------------------------------------------------------- ninja's payload validation


# The tag pydantic adds to the place of an error inside one member of a union, e.g.
# ("sector", "str-enum[Sector]") and ("sector", "literal['']") for `Sector | Literal[""]`.
UNION_MEMBER = re.compile(r"^[\w-]+\[.*\]$")


def without_union_members(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(p for p in loc if not (isinstance(p, str) and UNION_MEMBER.match(p)))


def request_validation_error(error_contexts: list[ValidationErrorContext]) -> ValidationError:
    """ninja's ValidationError for the request's parameters and body, each error placed at the
    parameter or field it is about: an error inside one member of a union (`Sector |
    Literal[""]`) is placed at the field, as any other (ninja's NinjaAPI method of this name
    would leave it at "filters.sector.str-enum[Sector]")."""
    errors: list[dict[str, Any]] = []
    for context in error_contexts:
        model = context.model
        names = getattr(model, "__ninja_flatten_map_reverse__", {})
        for error in context.pydantic_validation_error.errors(include_url=False):
            loc = without_union_members(tuple(error["loc"]))
            found: dict[str, Any] = {k: v for k, v in error.items() if k != "input"}
            found["loc"] = (model.__ninja_param_source__, *names.get(loc, loc))
            ctx = dict(error.get("ctx") or {})
            if isinstance(ctx.get("error"), Exception):
                found["ctx"] = {**ctx, "error": str(ctx["error"])}
            errors.append(found)
    return ValidationError(errors)


def _field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    """("body", "payload", "values", "land_mu") → "values.land_mu"; ("query", "limit") → "limit"."""
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body":
        parts = parts[2:]  # the source and the name of the view's body parameter
    elif parts and parts[0] in {"query", "path", "header", "cookie", "form", "file"}:
        parts = parts[1:]
    return ".".join(parts) or "__all__"


def _message(error: Mapping[str, Any]) -> str:
    """A translated message for one pydantic error (Django's own wording where it has one)."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return gettext("This field is required.")
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return gettext("Enter a whole number.")
    if kind.startswith(("decimal_", "float_")):
        return gettext("Enter a number.")
    if kind.startswith(("date_", "datetime_")):
        return gettext("Enter a valid date.")
    if kind.startswith("bool_"):
        return gettext("Enter true or false.")
    if kind in {"enum", "literal_error"}:
        # "" (no choice) is never worth listing; `X | Literal[""]` reports it on its own.
        choices = [c for c in re.findall(r"'([^']*)'", str(ctx.get("expected", ""))) if c]
        if not choices:
            return ""
        return gettext("Choose one of: %(choices)s.") % {"choices": join_words(choices)}
    if kind == "string_too_long":
        limit = int(ctx.get("max_length", 0))
        return ngettext(
            "Ensure this value has at most %(limit)d character.",
            "Ensure this value has at most %(limit)d characters.",
            limit,
        ) % {"limit": limit}
    if kind == "greater_than":
        return gettext("Ensure this value is greater than %(limit)s.") % {"limit": ctx.get("gt")}
    if kind == "greater_than_equal":
        return gettext("Ensure this value is greater than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("ge")
        }
    if kind == "less_than_equal":
        return gettext("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("le")
        }
    if kind == "extra_forbidden":
        return gettext("Unknown or read-only field.")
    if kind == "json_invalid":
        return gettext("The request body is not valid JSON.")
    if kind in {"model_attributes_type", "dict_type", "model_type"}:
        return gettext("Send a JSON object.")
    if kind.startswith("string_"):
        return gettext("Enter a text.")
    return gettext("Enter a valid value.")


def validation_fields(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in errors:
        messages = fields.setdefault(_field_path(error.get("loc", ())), [])
        message = _message(error)
        if message and message not in messages:
            messages.append(message)
    return {
        name: messages or [gettext("Enter a valid value.")] for name, messages in fields.items()
    }


# ---------------------------------------------------------------- handlers


def install_error_handlers(api: NinjaAPI) -> None:
    def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        status = 409 if isinstance(exc, StaleEdit) else 422
        return error_response(
            api, request, status=status, code=exc.code, message=exc.message, details=exc.details
        )

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        message = gettext("Nothing was found at this address, or you may not see it.")
        return error_response(api, request, status=404, code="not_found", message=message)

    def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return error_response(
            api,
            request,
            status=422,
            code="validation_failed",
            message=gettext("Please correct the fields marked below."),
            details={"fields": validation_fields(exc.errors)},
        )

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc, AuthenticationError):
            response = error_response(
                api,
                request,
                status=401,
                code="unauthorized",
                message=gettext(
                    "Send a valid, unexpired API token as “Authorization: Bearer <token>”."
                ),
            )
            response["WWW-Authenticate"] = 'Bearer realm="api"'
            return response
        if isinstance(exc, PermissionDeniedError):
            return error_response(api, request, status=403, code=exc.code, message=exc.message)
        if isinstance(exc, AuthorizationError):
            message = gettext("You may not do this.")
            return error_response(api, request, status=403, code="forbidden", message=message)
        status = HTTPStatus(exc.status_code)
        code = status.phrase.lower().replace(" ", "_")
        if status == HTTPStatus.BAD_REQUEST:  # ninja: a body that is not JSON
            message = gettext("The request body could not be read: send valid JSON.")
        elif status == HTTPStatus.TOO_MANY_REQUESTS:
            message = gettext("Too many requests; please wait a little and try again.")
        else:
            message = gettext("This request could not be served.")
        return error_response(api, request, status=status, code=code, message=message)

    def on_out_of_range(request: HttpRequest, exc: Exception) -> HttpResponse:
        # A number too large for the database (an id of 10**40, say) or a text too long for its
        # column: the database refused the value the request sent, so the request is at fault.
        return error_response(
            api,
            request,
            status=422,
            code="out_of_range",
            message=gettext("A value in the request is out of range."),
        )

    def on_taken(request: HttpRequest, exc: Exception) -> HttpResponse:
        # A unique value the services do not check first, or a record saved by someone else
        # between the check and the write: the database refused it and nothing was saved.
        logger.warning("Integrity error in %s %s: %s", request.method, request.path, exc)
        return error_response(
            api,
            request,
            status=409,
            code="conflict",
            message=gettext(
                "A record with these values exists already (a value that must be unique is "
                "taken); nothing was saved."
            ),
        )

    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("Unhandled error in %s %s", request.method, request.path)
        # Lets Django's usual error reporting (and the test client) see the exception.
        got_request_exception.send(sender=None, request=request)
        return error_response(
            api,
            request,
            status=500,
            code="server_error",
            message=gettext("Something went wrong on our side; the error has been logged."),
        )

    _on(api, DomainError, on_domain_error)
    _on(api, Http404, on_not_found)
    _on(api, ValidationError, on_validation_error)
    _on(api, HttpError, on_http_error)
    _on(api, OverflowError, on_out_of_range)
    _on(api, DataError, on_out_of_range)
    _on(api, IntegrityError, on_taken)
    _on(api, Exception, on_unexpected)


def _on[E: Exception](
    api: NinjaAPI, exc_class: type[E], handler: Callable[[HttpRequest, E], HttpResponse]
) -> None:
    # ninja types a handler as taking the exception or its class; ours take the exception.
    api.add_exception_handler(exc_class, handler)  # type: ignore[arg-type]
