"""Shapes every router shares: references, choices with labels, money, the page of a list."""

from decimal import Decimal
from typing import Any

from django.db.models import Choices
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

CENT = Decimal("0.01")
MAX_PAGE = 500


class PageQuery(Schema):
    limit: int = Field(50, ge=1, le=MAX_PAGE, description="How many items; at most 500.")
    offset: int = Field(0, ge=0, description="How many items to skip.")


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


def decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
