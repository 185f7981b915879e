"""Shapes every router shares: references, choices with labels, money, the page of a list."""

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import Choices
from django.http import HttpResponse
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from zoneinvest.api.render import dumps

CENT = Decimal("0.01")
MAX_PAGE = 500


# The largest id or offset a database integer (bigint, SQLite's INTEGER) holds.
MAX_INT = 2**63 - 1


class PageQuery(Schema):
    limit: int = Field(50, ge=1, le=MAX_PAGE, description="How many items; at most 500.")
    offset: int = Field(0, ge=0, le=MAX_INT, description="How many items to skip.")


# ---------------------------------------------------------------- input types
# What the OpenAPI document promises is what is accepted: a date is a "YYYY-MM-DD" text (not a
# timestamp pydantic would also take), a decimal a number or a decimal text (not "" or "1e3").

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    if isinstance(value, dt.date) or (isinstance(value, str) and ISO_DATE.fullmatch(value)):
        return value
    raise PydanticCustomError("date_parsing", "Input should be a date as YYYY-MM-DD")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


def whole_number(value: Any) -> Any:
    if isinstance(value, bool | str):
        raise PydanticCustomError("int_type", "Input should be a whole number")
    return value


# An integer of a JSON body: a number without a fraction (7, or 7.0 as JSON Schema's "integer"
# allows), never true, false or "7", which pydantic's lax mode would take too. Limits go before
# the validator (as in Version), else the document would not show them.
WholeNumber = Annotated[int, BeforeValidator(whole_number)]
Version = Annotated[int, Field(ge=1), BeforeValidator(whole_number)]
Count = Annotated[int, Field(ge=0), BeforeValidator(whole_number)]


def decimal_meta(
    *, max_digits: int, decimal_places: int, ge: int | None = None, gt: int | None = None
) -> tuple[Any, ...]:
    """`Annotated[Decimal, *decimal_meta(...)]`: a decimal sent as a JSON number or as a decimal
    text, within the digits of its column (more is a 422, not a database error)."""
    whole = max_digits - decimal_places
    sign = "-?" if ge is None and gt is None else ""
    nonzero = "(?=[^eE]*[1-9])" if gt is not None else ""  # gt=0: not "0.00" (nor "0e5")
    # "1250000000.00", or with an exponent ("1e8", "1.5e8", a float's "2.5e+16" in a query) only
    # as far as the column holds: with 10**e, a mantissa of at most whole-e digits before its
    # point and places+e after.
    forms = [rf"\d{{1,{whole}}}(\.\d{{1,{decimal_places}}})?"] + [
        rf"\d{{1,{whole - e}}}(\.\d{{1,{decimal_places + e}}})?[eE]\+?{e}" for e in range(whole)
    ]
    pattern = rf"^{nonzero}{sign}({'|'.join(forms)})$"
    number: dict[str, Any] = {"type": "number", "maximum": 10**whole - 1}
    if ge is not None:
        number["minimum"] = ge
    if gt is not None:
        number["exclusiveMinimum"] = gt
    if ge is None and gt is None:
        number["minimum"] = -(10**whole - 1)
    number["multipleOf"] = 10**-decimal_places if decimal_places else 1

    def parse(value: Any) -> Any:
        if isinstance(value, str) and not re.fullmatch(pattern, value):
            raise PydanticCustomError("decimal_parsing", "Input should be a decimal number")
        if isinstance(value, float) and value == round(value, decimal_places):
            return Decimal(repr(round(value, decimal_places)))
        return value

    return (
        Field(ge=ge, gt=gt, max_digits=max_digits, decimal_places=decimal_places),
        BeforeValidator(parse),
        WithJsonSchema({"anyOf": [number, {"type": "string", "pattern": pattern}]}),
    )


# Amounts of money (the columns' 20 digits, 2 after the point) and land in mu (12, 2).
Amount = Annotated[Decimal, *decimal_meta(ge=0, max_digits=20, decimal_places=2)]
PositiveAmount = Annotated[Decimal, *decimal_meta(gt=0, max_digits=20, decimal_places=2)]
AmountBound = Annotated[Decimal, *decimal_meta(max_digits=20, decimal_places=2)]
LandMu = Annotated[Decimal, *decimal_meta(ge=0, max_digits=12, decimal_places=2)]


class Pagination(LimitOffsetPagination):
    """`?limit=&offset=` → `{"items": [...], "count": n}`; two queries whatever the page size."""

    Input = PageQuery  # type: ignore[assignment]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_PAGE, **kwargs)


class ChoiceOut(Schema):
    code: str
    label: str


class MoneyOut(Schema):
    amount: str  # a decimal string, e.g. "1250000000.00"; never a float
    currency: str


class ZoneRef(Schema):
    code: str
    name: str


class UserRef(Schema):
    id: int
    username: str
    name: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj)


class ChainRef(Schema):
    id: int
    code: str
    name: str


class CompanyRef(Schema):
    id: int
    name: str


class ProjectRef(Schema):
    id: int
    title: str


def choice(choices: type[Choices], value: str | None) -> dict[str, str] | None:
    """{"code": "lead", "label": "Lead"} in the request's language; None for a blank value."""
    if not value:
        return None
    labels = dict(choices.choices)
    return {"code": str(value), "label": str(labels.get(value, value))}


def money(amount: Decimal | None, currency: str) -> dict[str, str] | None:
    if amount is None:
        return None
    return {"amount": str(Decimal(amount).quantize(CENT)), "currency": currency}


def json_response(data: Any, status: int = 200) -> HttpResponse:
    """`data` rendered as ninja renders a validated response: for an operation that builds its
    output itself (e.g. `project_rows`), the document still declares the schema."""
    return HttpResponse(
        dumps(data),
        status=status,
        content_type="application/json; charset=utf-8",
    )


def decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
