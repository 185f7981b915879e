"""Charts drawn as inline SVG from data: a horizontal bar chart and the pipeline funnel.

No script and no library: each chart has a <title>, text labels in the active language, and each
bar links to the records behind it."""

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from zoneinvest.core.money import PIVOT_CURRENCY, Money, figure

register = template.Library()

WIDTH = 640
ROW = 30
LABEL_WIDTH = 200
VALUE_WIDTH = 175


@register.filter
def records_url(records: dict[str, str] | None) -> str:
    """The project list filtered to the records behind a figure."""
    base = reverse("office:project_list")
    return f"{base}?{urlencode(records)}" if records else base


@register.filter
def yuan(amount: Decimal | None) -> str:
    """An amount in yuan as a headline figure ("5.2 billion yuan" / "52亿元")."""
    if amount is None:
        return "—"
    return figure(Money(amount, PIVOT_CURRENCY))


@register.filter
def bar_width(percent: Decimal | None) -> str:
    """A percentage as a CSS width, capped at 100 % (for progress bars)."""
    if percent is None:
        return "0%"
    return f"{min(max(float(percent), 0.0), 100.0):.1f}%"


def _short(text: str, limit: int = 26) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _svg(title: str, height: int, body: SafeString, css: str) -> SafeString:
    return format_html(
        '<svg class="chart {}" role="img" viewBox="0 0 {} {}" width="100%" '
        'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        "<title>{}</title>{}</svg>",
        css,
        WIDTH,
        height,
        title,
        body,
    )


@register.simple_tag
def bar_chart(items: Iterable[Any], attr: str, title: str, money: bool = False) -> SafeString:
    """Horizontal bars of `attr` for each item (with `.label` and `.records`), largest first as
    given; amounts in yuan when `money`."""
    rows = [item for item in items if item.key not in (None, "")]
    if not rows:
        return mark_safe("")  # nosec B308 # an empty string: nothing to escape
    values = [Decimal(getattr(item, attr) or 0) for item in rows]
    top = max(values) or Decimal(1)
    shown: Callable[[Decimal], str] = yuan if money else (lambda v: f"{int(v):,}")
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts = []
    for index, (item, value) in enumerate(zip(rows, values, strict=True)):
        y = index * ROW + 4
        width = max(float(value / top) * span, 2.0) if value else 0.0
        parts.append(
            format_html(
                '<a href="{}"><title>{}: {}</title>'
                '<text class="label" x="{}" y="{}" text-anchor="end">{}</text>'
                '<rect class="bar" x="{}" y="{}" width="{}" height="{}" rx="3"></rect>'
                '<text class="value" x="{}" y="{}">{}</text></a>',
                records_url(item.records),
                item.label,
                shown(value),
                LABEL_WIDTH - 8,
                y + 16,
                _short(str(item.label)),
                LABEL_WIDTH,
                y + 2,
                f"{width:.1f}",
                ROW - 10,
                f"{LABEL_WIDTH + width + 6:.1f}",
                y + 16,
                shown(value),
            )
        )
    return _svg(
        title, len(rows) * ROW + 8, format_html_join("", "{}", ((p,) for p in parts)), "bars"
    )


@register.simple_tag
def funnel_chart(steps: Iterable[Any], title: str) -> SafeString:
    """The funnel: one centred band per stage, its width the projects that reached the stage."""
    steps = list(steps)
    if not steps:
        return mark_safe("")  # nosec B308 # an empty string: nothing to escape
    top = max(step.reached for step in steps) or 1
    height = 38
    centre = LABEL_WIDTH + (WIDTH - LABEL_WIDTH) / 2
    span = WIDTH - LABEL_WIDTH - 20
    parts = []
    for index, step in enumerate(steps):
        y = index * height + 4
        width = max(step.reached / top * span, 36)
        label = str(step.stage.label)
        parts.append(
            format_html(
                '<a href="{}"><title>{}: {}</title>'
                '<text class="label" x="{}" y="{}" text-anchor="end">{}</text>'
                '<rect class="band band-{}" x="{}" y="{}" width="{}" height="{}" rx="4">'
                "</rect>"
                '<text class="count" x="{}" y="{}" text-anchor="middle">{}</text></a>',
                records_url(step.records),
                label,
                step.reached,
                LABEL_WIDTH - 10,
                y + 21,
                label,
                index,
                f"{centre - width / 2:.1f}",
                y,
                f"{width:.1f}",
                height - 8,
                f"{centre:.1f}",
                y + 21,
                step.reached,
            )
        )
    return _svg(
        title, len(steps) * height + 4, format_html_join("", "{}", ((p,) for p in parts)), "funnel"
    )
