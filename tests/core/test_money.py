import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories.core import FxRateFactory
from zoneinvest.core.errors import NoFxRate
from zoneinvest.core.money import (
    Money,
    approximately,
    convert,
    figure,
    format_money,
    format_money_en,
    format_money_with_equivalent,
    format_money_zh,
    fx_rate,
)

BILLION = Decimal(10) ** 9


@pytest.mark.parametrize(
    ("amount", "currency", "english", "chinese"),
    [
        (Decimal("30.1") * BILLION, "CNY", "30.1 billion yuan", "301亿元"),
        (Decimal("24.9") * BILLION, "CNY", "24.9 billion yuan", "249亿元"),
        (Decimal("5.2") * BILLION, "CNY", "5.2 billion yuan", "52亿元"),
        (Decimal("4.4") * BILLION, "USD", "$4.4 billion", "44亿美元"),
        (Decimal("25000"), "CNY", "25,000 yuan", "2.5万元"),
        (Decimal("1.2") * 10**12, "CNY", "1.2 trillion yuan", "1.2万亿元"),
        (Decimal("350000000"), "EUR", "€350 million", "3.5亿欧元"),
        (Decimal("999.5"), "CNY", "999.50 yuan", "999.50元"),
    ],
)
def test_amounts_read_naturally_in_both_languages(amount, currency, english, chinese):
    money = Money(amount, currency)
    assert format_money_en(money) == english
    assert format_money_zh(money) == chinese
    assert format_money(money, "zh-hans") == chinese


def test_the_headline_reads_yuan_with_dollars_in_brackets():
    yuan, dollars = Money(Decimal("30.1") * BILLION, "CNY"), Money(Decimal("4.43") * BILLION, "USD")
    assert format_money_with_equivalent(yuan, dollars, "en") == "30.1 billion yuan ($4.4 billion)"
    assert format_money_with_equivalent(yuan, dollars, "zh-hans") == "301亿元（约44.3亿美元）"


def test_conversion_uses_the_nearest_earlier_rate(db):
    FxRateFactory(date=dt.date(2023, 1, 9), base="USD", quote="CNY", rate="6.78")
    FxRateFactory(date=dt.date(2023, 1, 12), base="USD", quote="CNY", rate="6.70")
    on = dt.date(2023, 1, 11)
    dollars = convert(Money(Decimal("30.1") * BILLION, "CNY"), to="USD", on=on)
    assert format_money_en(dollars) == "$4.4 billion"
    assert fx_rate(base="USD", quote="CNY", on=on) == Decimal("6.78")


def test_cross_rates_go_through_yuan(db):
    FxRateFactory(base="USD", quote="CNY", rate="6.8")
    FxRateFactory(base="EUR", quote="CNY", rate="7.48")
    assert fx_rate(base="EUR", quote="USD", on=dt.date(2023, 2, 1)) == pytest.approx(Decimal("1.1"))


def test_a_missing_rate_is_a_clear_error(db):
    with pytest.raises(NoFxRate, match="No exchange rate from USD to CNY on or before 2020-01-01"):
        fx_rate(base="USD", quote="CNY", on=dt.date(2020, 1, 1))


def test_money_refuses_a_currency_that_is_not_iso():
    with pytest.raises(ValueError, match="ISO 4217"):
        Money(Decimal(1), "yuan")


@given(st.decimals(min_value=0, max_value=10**15, allow_nan=False, places=2))
def test_every_amount_formats_without_error_in_both_languages(amount):
    money = Money(amount, "CNY")
    assert format_money_en(money).endswith("yuan")
    assert format_money_zh(money).endswith("元")


@pytest.mark.parametrize(
    ("amount", "currency", "precise", "english", "chinese"),
    [
        ("30130000000", "CNY", False, "over 30 billion yuan", "超301亿元"),
        ("30130000000", "CNY", True, "over 30.1 billion yuan", "超301亿元"),
        ("30100000000", "CNY", True, "30.1 billion yuan", "301亿元"),
        ("30000000000", "CNY", False, "30 billion yuan", "300亿元"),
        ("24930000000", "CNY", True, "over 24.9 billion yuan", "超249亿元"),
        ("24900000000", "CNY", True, "24.9 billion yuan", "249亿元"),
        ("24999999999", "CNY", True, "over 24.9 billion yuan", "超249亿元"),
        ("5200000000", "CNY", True, "5.2 billion yuan", "52亿元"),
        ("5200000001", "CNY", True, "over 5.2 billion yuan", "超52亿元"),
        ("4400000000", "USD", False, "$4.4 billion", "44亿美元"),
    ],
)
def test_a_figure_says_over_exactly_when_the_records_hold_more(
    amount, currency, precise, english, chinese
):
    money = Money(Decimal(amount), currency)
    assert figure(money, "en", precise=precise) == english
    assert figure(money, "zh-hans", precise=precise) == chinese


def test_equivalents_are_rounded_not_cut():
    dollars = Money(Decimal("4444000000"), "USD")
    assert approximately(dollars, "en") == "$4.4 billion"
    assert approximately(dollars, "zh-hans") == "约44亿美元"


@given(st.decimals(min_value=1, max_value=10**14, allow_nan=False, places=2))
def test_a_figure_never_claims_more_than_the_amount(amount):
    text = figure(Money(amount, "CNY"), "en", precise=True)
    shown = text.removeprefix("over ").split(" ")[0].replace(",", "")
    scale = {"trillion": 10**12, "billion": 10**9, "million": 10**6}.get(text.split(" ")[-2], 1)
    assert Decimal(shown) * scale <= amount
    assert text.startswith("over ") == (Decimal(shown) * scale < amount)
