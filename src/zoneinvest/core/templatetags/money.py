from decimal import Decimal

from django import template

from zoneinvest.core.money import Money, format_money

register = template.Library()


@register.simple_tag
def money(amount: Decimal | None, currency: str = "CNY") -> str:
    """{% money project.total_investment project.currency %} → "1.2 billion yuan" / "12亿元"."""
    if amount is None:
        return "—"
    return format_money(Money(amount, currency))


@register.filter
def money_text(value: Money | None) -> str:
    """{{ column.total|money_text }} for a Money value."""
    if value is None:
        return "—"
    return format_money(value)
