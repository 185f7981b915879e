"""Words and links for the event pages: headline figures, counting notes, filtered-list links."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import template
from django.urls import reverse
from django.utils import timezone

from zoneinvest.core.money import Money, approximately, figure
from zoneinvest.events.ledger import counting_note
from zoneinvest.events.models import Signing

register = template.Library()

RATE_DIGITS = Decimal("0.0001")


@register.filter
def figure_text(value: Money | None) -> str:
    """A headline figure that never claims more than the records: "over 30 billion yuan"."""
    return "—" if value is None else figure(value)


@register.filter
def figure_precise(value: Money | None) -> str:
    """The same with one more digit in English: "over 30.1 billion yuan" / "超301亿元"."""
    return "—" if value is None else figure(value, precise=True)


@register.filter
def approx_text(value: Money | None) -> str:
    """An equivalent in another currency, rounded: "$4.4 billion" / "约44亿美元"."""
    return "—" if value is None else approximately(value)


@register.filter
def per_unit(rate: Decimal) -> Decimal:
    """Yuan for one unit of a currency, from the report's rate (units per yuan)."""
    return (Decimal(1) / rate).quantize(RATE_DIGITS, rounding=ROUND_HALF_UP)


@register.filter
def signing_note(signing: Signing) -> str:
    """Why the signing counts less than it announced (`events.ledger.counting_note`)."""
    return counting_note(
        kind=signing.kind,
        amount=signing.amount,
        counted=signing.counted_amount,
        first=signing.first_signing,
    )


@register.simple_tag
def percent(part: Decimal | int | None, whole: Decimal | int | None) -> int | None:
    """Whole percent of a target reached (None without a target)."""
    if part is None or not whole:
        return None
    return int(Decimal(part) * 100 / Decimal(whole))


@register.simple_tag
def signings_url(event_pk: int, **filters: Any) -> str:
    """The signing list of an event, filtered to the records behind a figure."""
    url = reverse("office:event_signings", kwargs={"pk": event_pk})
    query = {k: v for k, v in filters.items() if v not in (None, "", False)}
    return f"{url}?{urlencode(query)}" if query else url


@register.filter
def zone_label(value: dt.datetime | None, zone: str) -> str:
    """ "Europe/Berlin (UTC+01:00)": a time zone and its offset at the moment shown."""
    try:
        tz = ZoneInfo(zone)
    except (ValueError, ZoneInfoNotFoundError):
        return zone
    offset = (value or timezone.now()).astimezone(tz).utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"{zone} (UTC{sign}{hours:02d}:{rest:02d})"


@register.simple_tag
def slice_url(event_pk: int, param: str, key: object, first: bool = False) -> str:
    """The signing list behind one row of a report table (`first`: first signings only)."""
    return signings_url(event_pk, **{param: key, "counted_only": 1 if first else None})


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key)
