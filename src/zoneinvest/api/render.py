"""JSON as the API writes it: by orjson (a tenth of the time of `json` for a page of projects),
with ninja's own forms for what JSON has no type for, so a document reads as before: datetimes
as Django writes them (milliseconds, "Z"), decimals as text, schemas as objects, lazy
translations as their text. Text is written as UTF-8, not as \\u escapes."""

import datetime as dt
from typing import Any

import orjson
from django.http import HttpRequest
from ninja.renderers import BaseRenderer
from ninja.responses import NinjaJSONEncoder

# Datetimes, dates and times go to ninja's encoder (orjson would write microseconds and
# "+00:00"); keys that are not text (ids) are written as text, as `json` writes them.
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS
_NINJA = NinjaJSONEncoder()


def _datetime_text(value: dt.datetime) -> str:
    """As `DjangoJSONEncoder` writes a datetime (ECMA-262: milliseconds, "Z" for UTC)."""
    text = value.isoformat()
    if value.microsecond:
        text = text[:23] + text[26:]
    if text.endswith("+00:00"):
        text = text[:-6] + "Z"
    return text


def _default(value: Any) -> Any:
    """Datetimes and dates (most of what orjson hands back: three a project) written here
    without ninja's encoder's chain of type checks; anything else as ninja writes it."""
    kind = type(value)
    if kind is dt.datetime:
        return _datetime_text(value)
    if kind is dt.date:
        return value.isoformat()
    return _NINJA.default(value)


def dumps(data: Any) -> bytes:
    return orjson.dumps(data, default=_default, option=_OPTIONS)


class JSONRenderer(BaseRenderer):
    media_type = "application/json"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> bytes:
        return dumps(data)
