"""Illustrative USD→CNY and EUR→CNY reference rates for the demo.

Daily rates cover the weeks around the 2023 Global Investment Promotion Conference (2023-01-11),
where "over 30 billion yuan ($4.4 billion)" implies about 6.8 yuan to the dollar; quarterly rates
follow up to today so that later amounts in euros and dollars can be converted too.

The values approximate the PBOC central parity but are not copied from it: they are demo data.
"""

import datetime as dt
import random
from decimal import Decimal

from zoneinvest.core.models import FxRate

SOURCE = "Illustrative demo value, approximating the PBOC central parity"
DAILY_FROM = dt.date(2022, 12, 1)
DAILY_TO = dt.date(2023, 2, 28)
# Mainland public holidays without a fixing, and the make-up working weekend days.
HOLIDAYS = frozenset(
    {dt.date(2023, 1, 2)} | {dt.date(2023, 1, 23) + dt.timedelta(days=d) for d in range(5)}
)
WORKING_WEEKEND_DAYS = frozenset({dt.date(2023, 1, 28), dt.date(2023, 1, 29)})

# Anchors of the daily path; between two anchors the rate moves linearly, with a little noise.
DAILY_ANCHORS: dict[str, list[tuple[dt.date, str]]] = {
    "USD": [
        (dt.date(2022, 12, 1), "7.0800"),
        (dt.date(2022, 12, 15), "6.9700"),
        (dt.date(2022, 12, 30), "6.9000"),
        (dt.date(2023, 1, 4), "6.9100"),
        (dt.date(2023, 1, 11), "6.7800"),
        (dt.date(2023, 1, 20), "6.7700"),
        (dt.date(2023, 2, 2), "6.7400"),
        (dt.date(2023, 2, 15), "6.8300"),
        (dt.date(2023, 2, 28), "6.9300"),
    ],
    "EUR": [
        (dt.date(2022, 12, 1), "7.3500"),
        (dt.date(2022, 12, 15), "7.4100"),
        (dt.date(2022, 12, 30), "7.3600"),
        (dt.date(2023, 1, 11), "7.3000"),
        (dt.date(2023, 2, 2), "7.3700"),
        (dt.date(2023, 2, 28), "7.3400"),
    ],
}
# One rate a quarter afterwards (first weekday of the quarter).
QUARTERLY: dict[str, dict[tuple[int, int], str]] = {
    "USD": {
        (2023, 4): "6.8700", (2023, 7): "7.2200", (2023, 10): "7.1800",
        (2024, 1): "7.1000", (2024, 4): "7.0950", (2024, 7): "7.1300", (2024, 10): "7.0200",
        (2025, 1): "7.1900", (2025, 4): "7.1800", (2025, 7): "7.1600", (2025, 10): "7.1000",
        (2026, 1): "7.0500", (2026, 4): "7.0200", (2026, 7): "6.9900", (2026, 10): "7.0100",
    },
    "EUR": {
        (2023, 4): "7.4700", (2023, 7): "7.8700", (2023, 10): "7.6000",
        (2024, 1): "7.8500", (2024, 4): "7.7400", (2024, 7): "7.6600", (2024, 10): "7.8400",
        (2025, 1): "7.4700", (2025, 4): "7.7600", (2025, 7): "8.4000", (2025, 10): "8.2800",
        (2026, 1): "8.2500", (2026, 4): "8.1800", (2026, 7): "8.2200", (2026, 10): "8.1500",
    },
}  # fmt: skip
FOUR_PLACES = Decimal("0.0001")
NOISE = Decimal("0.008")


def _business_days(start: dt.date, end: dt.date) -> list[dt.date]:
    days = []
    day = start
    while day <= end:
        working = day.weekday() < 5 or day in WORKING_WEEKEND_DAYS
        if working and day not in HOLIDAYS:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _interpolate(anchors: list[tuple[dt.date, str]], day: dt.date) -> tuple[Decimal, bool]:
    """The linear rate on `day`, and whether `day` is an anchor (kept exact)."""
    for (d0, r0), (d1, r1) in zip(anchors, anchors[1:], strict=False):
        if d0 <= day <= d1:
            if day in (d0, d1):
                return Decimal(r0 if day == d0 else r1), True
            share = Decimal((day - d0).days) / Decimal((d1 - d0).days)
            return Decimal(r0) + (Decimal(r1) - Decimal(r0)) * share, False
    raise ValueError(f"{day} is outside the anchors")


def _first_weekday(year: int, month: int) -> dt.date:
    day = dt.date(year, month, 1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def fx_rows(*, today: dt.date, seed: int) -> list[FxRate]:
    """The demo's rates (unsaved), deterministic for a seed; quarterly ones up to `today`."""
    rng = random.Random(seed)
    rows: list[FxRate] = []
    for base, anchors in DAILY_ANCHORS.items():
        for day in _business_days(DAILY_FROM, DAILY_TO):
            rate, exact = _interpolate(anchors, day)
            if not exact:
                rate += NOISE * Decimal(str(round(rng.uniform(-1, 1), 3)))
            rows.append(_row(day, base, rate))
    for base, quarters in QUARTERLY.items():
        for (year, month), rate_text in quarters.items():
            day = _first_weekday(year, month)
            if day <= today:
                rows.append(_row(day, base, Decimal(rate_text)))
    return rows


def _row(day: dt.date, base: str, rate: Decimal) -> FxRate:
    return FxRate(date=day, base=base, quote="CNY", rate=rate.quantize(FOUR_PLACES), source=SOURCE)
