"""Money: Decimal amounts with an ISO 4217 currency, FX conversion at a date, bilingual wording.

English: "30.1 billion yuan", "$4.4 billion", "30.1 billion yuan ($4.4 billion)".
Chinese: "301亿元", "2.5万元", "44亿美元", "301亿元（约44亿美元）".
"""

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import get_language, gettext

from zoneinvest.core.errors import NoFxRate
from zoneinvest.core.models import FxRate
from zoneinvest.core.shapes import shaped_rows

PIVOT_CURRENCY = "CNY"
ONE_DECIMAL = Decimal("0.1")
CENT = Decimal("0.01")

EN_SCALES = [
    (Decimal(10) ** 12, "trillion"),
    (Decimal(10) ** 9, "billion"),
    (Decimal(10) ** 6, "million"),
]
ZH_SCALES = [(Decimal(10) ** 12, "万亿"), (Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万")]
EN_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "HKD": "HK$", "JPY": "¥", "SGD": "S$"}
EN_WORDS = {"CNY": "yuan", "KRW": "won"}
ZH_UNITS = {
    "CNY": "元",
    "USD": "美元",
    "EUR": "欧元",
    "GBP": "英镑",
    "HKD": "港元",
    "JPY": "日元",
    "KRW": "韩元",
    "SGD": "新加坡元",
}


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            object.__setattr__(self, "amount", Decimal(str(self.amount)))
        if not self.amount.is_finite():  # NaN or an infinity: no column holds one, no text says it
            raise ValueError(f"not a finite amount: {self.amount!r}")
        if len(self.currency) != 3 or not self.currency.isupper():
            raise ValueError(f"not an ISO 4217 currency code: {self.currency!r}")

    def __add__(self, other: "Money") -> "Money":
        if other.currency != self.currency:
            raise ValueError(f"cannot add {other.currency} to {self.currency} without a rate")
        return Money(self.amount + other.amount, self.currency)


def _trim(number: Decimal) -> str:
    text = f"{number.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP):,.1f}"
    return text[:-2] if text.endswith(".0") else text


def _trim_plain(number: Decimal) -> str:
    return _trim(number).replace(",", "")


def format_money_en(money: Money) -> str:
    amount = money.amount
    scaled, word = amount, ""
    for size, name in EN_SCALES:
        if abs(amount) >= size:
            scaled, word = amount / size, name
            break
    number = _trim(scaled) if word else f"{amount.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"
    if not word and number.endswith(".00"):
        number = number[:-3]
    symbol = EN_SYMBOLS.get(money.currency)
    if symbol:
        return f"{symbol}{number} {word}".rstrip()
    unit = EN_WORDS.get(money.currency, money.currency)
    return f"{number} {word} {unit}".replace("  ", " ") if word else f"{number} {unit}"


def format_money_zh(money: Money) -> str:
    amount = money.amount
    unit = ZH_UNITS.get(money.currency, money.currency)
    for size, name in ZH_SCALES:
        if abs(amount) >= size:
            return f"{_trim_plain(amount / size)}{name}{unit}"
    plain = f"{amount.quantize(CENT, rounding=ROUND_HALF_UP):.2f}"
    if plain.endswith(".00"):
        plain = plain[:-3]
    return f"{plain}{unit}"


def is_chinese(language: str | None = None) -> bool:
    return (language or get_language() or "en").lower().startswith("zh")


def format_money(money: Money, language: str | None = None) -> str:
    """The amount in words of the given (or active) language."""
    return format_money_zh(money) if is_chinese(language) else format_money_en(money)


def format_money_with_equivalent(
    money: Money, equivalent: Money, language: str | None = None
) -> str:
    """ "30.1 billion yuan ($4.4 billion)" / "301亿元（约44亿美元）"."""
    if is_chinese(language):
        return f"{format_money_zh(money)}（约{format_money_zh(equivalent)}）"
    return f"{format_money_en(money)} ({format_money_en(equivalent)})"


def _latest_rate(base: str, quote: str, on: dt.date) -> tuple[dt.date, Decimal] | None:
    row = (
        FxRate.objects.filter(date__lte=on)
        .filter(Q(base=base, quote=quote) | Q(base=quote, quote=base))
        .order_by("-date", "-id")
        .values_list("date", "base", "rate")
        .first()
    )
    if row is None:
        return None
    date, row_base, rate = row
    return date, rate if row_base == base else Decimal(1) / rate


def fx_rate(*, base: str, quote: str, on: dt.date) -> Decimal:
    """Units of `quote` for one `base` at the nearest rate on or before `on`.

    Falls back to a cross rate through CNY when no direct rate is recorded.
    """
    if base == quote:
        return Decimal(1)
    direct = _latest_rate(base, quote, on)
    if direct is not None:
        return direct[1]
    if PIVOT_CURRENCY not in (base, quote):
        first = _latest_rate(base, PIVOT_CURRENCY, on)
        second = _latest_rate(PIVOT_CURRENCY, quote, on)
        if first is not None and second is not None:
            return first[1] * second[1]
    raise NoFxRate(
        gettext("No exchange rate from %(base)s to %(quote)s on or before %(date)s.")
        % {"base": base, "quote": quote, "date": on.isoformat()},
        details={"base": base, "quote": quote, "date": on.isoformat()},
    )


def convert(money: Money, *, to: str, on: dt.date) -> Money:
    rate = fx_rate(base=money.currency, quote=to, on=on)
    return Money((money.amount * rate).quantize(CENT, rounding=ROUND_HALF_UP), to)


def rates_to(*, currencies: Iterable[str], target: str, on: dt.date) -> dict[str, Decimal]:
    """One rate per currency into `target`, for converting grouped sums (one query for all)."""
    wanted = sorted(set(currencies))
    found = rates_for(keys=[(c, on) for c in wanted], target=target)
    return {c: Decimal(1) if c == target else found[(c, on)] for c in wanted}


# ---------------------------------------------------------------- figures for reports
#
# A reported figure never claims more than the records hold: it is cut down (not rounded) to the
# digits shown, and says "over" / "超" exactly when the records hold more than it shows.


def _scaled(amount: Decimal, scales: list[tuple[Decimal, str]]) -> tuple[Decimal, str]:
    for size, name in scales:
        if abs(amount) >= size:
            return amount / size, name
    return amount, ""


def _cut(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_DOWN)


def _digits(value: Decimal, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    return text[:-2] if decimals and text.endswith(".0") else text


def figure(money: Money, language: str | None = None, *, precise: bool = False) -> str:
    """ "over 30 billion yuan" / "over 24.9 billion yuan" (precise) / "5.2 billion yuan" /
    "超301亿元" / "52亿元". Headline figures keep two significant digits from 10 units up;
    `precise` keeps one decimal in English."""
    chinese = is_chinese(language)
    scaled, word = _scaled(money.amount, ZH_SCALES if chinese else EN_SCALES)
    decimals = 1 if (precise and not chinese) or abs(scaled) < 10 else 0
    shown = _cut(scaled, decimals)
    over = scaled > shown
    number = _digits(shown, decimals)
    if chinese:
        unit = ZH_UNITS.get(money.currency, money.currency)
        return f"{'超' if over else ''}{number.replace(',', '')}{word}{unit}"
    text = _en_words(number, word, money.currency)
    return gettext("over %(amount)s") % {"amount": text} if over else text


def approximately(money: Money, language: str | None = None) -> str:
    """An equivalent in another currency, rounded: "$4.4 billion" / "约44亿美元"."""
    if not is_chinese(language):
        return format_money_en(money)
    scaled, word = _scaled(money.amount, ZH_SCALES)
    decimals = 1 if abs(scaled) < 10 else 0
    number = f"{scaled.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP):.{decimals}f}"
    return f"约{number}{word}{ZH_UNITS.get(money.currency, money.currency)}"


def _en_words(number: str, word: str, currency: str) -> str:
    symbol = EN_SYMBOLS.get(currency)
    if symbol:
        return f"{symbol}{number} {word}".rstrip()
    unit = EN_WORDS.get(currency, currency)
    return f"{number} {word} {unit}" if word else f"{number} {unit}"


def _rates_until(values: Mapping[str, Any]) -> QuerySet[Any]:
    """Every rate between the currencies and the target up to a day, oldest first."""
    currencies, target = values["currencies"], values["target"]
    return (
        FxRate.objects.filter(date__lte=values["until"])
        .filter(Q(base__in=currencies, quote=target) | Q(base=target, quote__in=currencies))
        .order_by("date", "id")
        .values("date", "base", "quote", "rate")
    )


def rates_for(
    *, keys: Iterable[tuple[str, dt.date]], target: str = PIVOT_CURRENCY
) -> dict[tuple[str, dt.date], Decimal]:
    """Rates into `target` for many (currency, date) pairs in one query: the nearest rate on or
    before each date, direct or inverse; pairs without one fall back to `fx_rate` (cross rate or
    a clear `NoFxRate`)."""
    wanted = {key for key in keys if key[0] != target}
    if not wanted:
        return {}
    currencies = {currency for currency, _day in wanted}
    rows = shaped_rows(  # compiled once for its shape (the number of currencies)
        shape="rates_for",
        values={
            "until": max(day for _c, day in wanted),
            "currencies": tuple(sorted(currencies)),
            "target": target,
        },
        build=_rates_until,
    )
    history: dict[str, list[tuple[dt.date, Decimal]]] = {c: [] for c in currencies}
    for row in rows:
        day, base, quote, rate = row["date"], row["base"], row["quote"], row["rate"]
        currency, value = (base, rate) if quote == target else (quote, Decimal(1) / rate)
        history[currency].append((day, value))
    dates = {currency: [d for d, _v in rates] for currency, rates in history.items()}
    found: dict[tuple[str, dt.date], Decimal] = {}
    for currency, day in wanted:
        index = bisect_right(dates[currency], day) - 1
        found[(currency, day)] = (
            history[currency][index][1]
            if index >= 0
            else fx_rate(base=currency, quote=target, on=day)
        )
    return found


class YuanAtDate:
    """Converts amounts into yuan at given dates, remembering each rate it looked up.

    `prefetch` loads the rates of many (currency, date) pairs in one query; amounts already in
    yuan need none.
    """

    def __init__(self) -> None:
        self.rates: dict[tuple[str, dt.date], Decimal] = {}

    def prefetch(self, keys: Iterable[tuple[str, dt.date]]) -> None:
        self.rates.update(rates_for(keys=[k for k in keys if k not in self.rates]))

    def __call__(self, amount: Decimal | None, currency: str, on: dt.date) -> Decimal:
        if not amount:
            return Decimal(0)
        if currency == PIVOT_CURRENCY:
            return amount
        if (currency, on) not in self.rates:
            self.rates[(currency, on)] = fx_rate(base=currency, quote=PIVOT_CURRENCY, on=on)
        return amount * self.rates[(currency, on)]
