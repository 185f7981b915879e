"""Figures on public pages, written the way each language writes them."""

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext

from zoneinvest.core.i18n import join_words
from zoneinvest.core.money import Money, format_money
from zoneinvest.pipeline.models import SQUARE_METRES_PER_MU

register = template.Library()


@register.filter
def yuan(amount: Decimal | None) -> str:
    """3000000 → "3 million yuan" / "300万元"."""
    if amount is None:
        return ""
    return format_money(Money(amount, "CNY"))


@register.filter
def price_band(park: Any) -> str:
    """The park's land price band per 亩, or "" when the bureau publishes none."""
    low, high = park.land_price_min, park.land_price_max
    if low is None and high is None:
        return ""
    if low is None or high is None or low == high:
        return gettext("%(price)s per mu (亩)") % {"price": yuan(low if high is None else high)}
    return gettext("%(low)s to %(high)s per mu (亩)") % {"low": yuan(low), "high": yuan(high)}


@register.filter
def square_metres(mu: Decimal | None) -> str:
    """亩 → m², to the whole metre: 150 亩 → "100,000"."""
    if mu is None:
        return ""
    metres = (mu * SQUARE_METRES_PER_MU).quantize(Decimal(1))
    return f"{metres:,.0f}"


@register.filter
def names(items: Any) -> str:
    """Names joined as each language lists them: "a, b" / "a、b"."""
    return join_words(items.all() if hasattr(items, "all") else items)


MINUS = "\u2212"  # the minus sign, not a hyphen


@register.filter
def score(value: int) -> str:
    """A match's score: 60 → "60", -5 → "−5"."""
    return f"{MINUS}{-value}" if value < 0 else str(value)


@register.filter
def points(value: int) -> str:
    """The points one reason gives: 25 → "+25", -15 → "−15"."""
    return f"+{value}" if value > 0 else score(value)
