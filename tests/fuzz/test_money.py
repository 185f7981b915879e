"""Fuzz: money in and out. Every amount a money column can hold (20 digits, 2 after the point)
is written in both languages without error; a figure says "over" / "超" exactly when it shows
less than the records hold; Chinese wording holds no Latin letters but a currency's code; what
the formatters and the API write, the import and the API read back; and what is not a finite
amount (NaN, infinities, text) is refused as a validation error, never a crash."""

import json
import re
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from zoneinvest.api.schemas import Amount, AmountBound, LandMu, PositiveAmount, money
from zoneinvest.core.models import Currency
from zoneinvest.core.money import (
    EN_SYMBOLS,
    EN_WORDS,
    ZH_UNITS,
    Money,
    approximately,
    figure,
    format_money,
    format_money_en,
    format_money_with_equivalent,
    format_money_zh,
)
from zoneinvest.office.forms import ArrivalForm
from zoneinvest.pipeline.models import Project
from zoneinvest.reports.importers import amount as import_amount

FUZZ = settings.get_profile("zoneinvest-fuzz")

LIMIT = Decimal(10) ** 18 - Decimal("0.01")  # the largest amount of a (20, 2) column
IN_COLUMN = st.decimals(min_value=-LIMIT, max_value=LIMIT, places=2, allow_nan=False)
CURRENCIES = st.one_of(st.sampled_from(Currency.values), st.from_regex(r"\A[A-Z]{3}\Z"))
LANGUAGES = st.sampled_from(["en", "zh-hans"])
NOT_FINITE = [Decimal("NaN"), Decimal("-NaN"), Decimal("sNaN"), Decimal("Infinity")]
EN_SCALE = {"trillion": Decimal(10) ** 12, "billion": Decimal(10) ** 9, "million": Decimal(10) ** 6}
ZH_SCALE = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "万": Decimal(10) ** 4}


def shown_in_english(text: str, currency: str) -> tuple[bool, Decimal]:
    """("over 30.1 billion yuan", "CNY") → (True, 30100000000)."""
    over = text.startswith("over ")
    body = text.removeprefix("over ")
    symbol = EN_SYMBOLS.get(currency)
    if symbol:
        assert body.startswith(symbol), text
        parts = body[len(symbol) :].split(" ")
    else:
        unit = EN_WORDS.get(currency, currency)
        assert body.endswith(f" {unit}"), text
        parts = body.removesuffix(f" {unit}").split(" ")
    number, word = parts[0], (parts[1] if len(parts) > 1 else "")
    return over, Decimal(number.replace(",", "")) * EN_SCALE.get(word, Decimal(1))


def shown_in_chinese(text: str, currency: str) -> tuple[bool, Decimal]:
    """("超301亿元", "CNY") → (True, 30100000000)."""
    over = text.startswith("超")
    body = text.removeprefix("超")
    unit = ZH_UNITS.get(currency, currency)
    assert body.endswith(unit), text
    body = body.removesuffix(unit)
    scale = Decimal(1)
    for word, size in ZH_SCALE.items():  # 万亿 before 亿
        if body.endswith(word):
            body, scale = body.removesuffix(word), size
            break
    return over, Decimal(body) * scale


def assert_no_latin_letters_but_codes(text: str, *currencies: str) -> None:
    for code in currencies:
        text = text.replace(code, "")
    assert not re.search(r"[A-Za-z]", text), text


@settings(FUZZ, max_examples=200)
@given(IN_COLUMN, CURRENCIES, LANGUAGES, st.booleans())
@example(LIMIT, "CNY", "en", False)
@example(-LIMIT, "USD", "zh-hans", True)
@example(Decimal("0.01"), "KRW", "en", True)
@example(Decimal("-0.05"), "CNY", "en", True)
@example(Decimal("9999.99"), "CNY", "zh-hans", False)
@example(Decimal("999999999999.99"), "JPY", "zh-hans", False)
def test_every_amount_of_a_money_column_is_written_without_error(
    amount, currency, language, precise
):
    money_ = Money(amount, currency)
    for text in (
        format_money(money_, language),
        format_money_en(money_),
        format_money_zh(money_),
        figure(money_, language, precise=precise),
        approximately(money_, language),
        format_money_with_equivalent(money_, Money(-amount, "USD"), language),
    ):
        assert isinstance(text, str)
        assert text
        assert not re.search(r"\d[eE][+-]?\d", text), text  # never 1E+3 notation
        assert "NaN" not in text
        assert "Infinity" not in text


@settings(FUZZ, max_examples=200)
@given(IN_COLUMN, CURRENCIES, st.booleans())
@example(Decimal("24999999999"), "CNY", True)
@example(Decimal("9.99"), "EUR", False)
@example(Decimal("10"), "CNY", False)
@example(Decimal("-10.01"), "CNY", False)
def test_a_figure_says_over_exactly_when_it_shows_less_than_the_amount(amount, currency, precise):
    money_ = Money(amount, currency)
    over, shown = shown_in_english(figure(money_, "en", precise=precise), currency)
    assert over == (shown < amount)
    over_zh, shown_zh = shown_in_chinese(figure(money_, "zh-hans", precise=precise), currency)
    assert over_zh == (shown_zh < amount)
    if amount >= 0:  # a reported figure never claims more than the records hold
        assert shown <= amount
        assert shown_zh <= amount


@settings(FUZZ, max_examples=150)
@given(IN_COLUMN, CURRENCIES, IN_COLUMN, CURRENCIES, st.booleans())
def test_chinese_wording_holds_no_latin_letters_but_currency_codes(
    amount, currency, other, other_currency, precise
):
    money_, equivalent = Money(amount, currency), Money(other, other_currency)
    for text in (
        format_money_zh(money_),
        format_money(money_, "zh-hans"),
        figure(money_, "zh-hans", precise=precise),
        approximately(money_, "zh-hans"),
        format_money_with_equivalent(money_, equivalent, "zh-hans"),
    ):
        assert_no_latin_letters_but_codes(text, currency, other_currency)


@settings(FUZZ, max_examples=150)
@given(st.decimals(min_value=0, max_value=Decimal("999999.99"), places=2, allow_nan=False))
@example(Decimal("0"))
@example(Decimal("1234.5"))
def test_an_amount_written_in_full_is_read_back_by_the_import(amount):
    """Below a million (English) or ten thousand (Chinese) an amount is written to the cent:
    pasted back into an import file, it is the same amount."""
    english = format_money_en(Money(amount, "CNY")).removesuffix(" yuan")
    assert import_amount(english) == amount
    if amount < 10_000:
        chinese = format_money_zh(Money(amount, "CNY")).removesuffix("元")
        assert import_amount(chinese) == amount


@settings(FUZZ, max_examples=150)
@given(IN_COLUMN)
def test_an_amount_the_api_writes_the_api_reads_back(amount):
    """As text always; as a JSON number (a float to the request parser) up to 15 digits."""
    written = money(amount, "CNY")
    assert written is not None
    assert TypeAdapter(AmountBound).validate_python(written["amount"]) == amount
    if amount >= 0:
        assert TypeAdapter(Amount).validate_python(written["amount"]) == amount
    if abs(amount) < 10**13:
        assert TypeAdapter(AmountBound).validate_python(json.loads(written["amount"])) == amount


API_INPUTS = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"\A-?\d{1,25}(\.\d{0,5})?([eE][+-]?\d{1,3})?\Z"),
    st.floats(),
    st.integers(-(10**30), 10**30),
    st.decimals(),
    st.booleans(),
    st.none(),
)


@pytest.mark.parametrize(
    ("kind", "whole", "places", "least"),
    [
        (Amount, 18, 2, Decimal(0)),
        (PositiveAmount, 18, 2, Decimal("0.01")),
        (AmountBound, 18, 2, None),
        (LandMu, 10, 2, Decimal(0)),
    ],
    ids=["Amount", "PositiveAmount", "AmountBound", "LandMu"],
)
@settings(FUZZ, max_examples=100)
@given(value=API_INPUTS)
@example(value="NaN")
@example(value="Infinity")
@example(value=float("nan"))
@example(value=float("inf"))
@example(value=Decimal("sNaN"))
@example(value="1e18")
@example(value="0e5")
@example(value=1e300)
def test_the_api_reads_any_input_as_a_decimal_within_its_column_or_a_422(
    kind, whole, places, least, value
):
    try:
        read = TypeAdapter(kind).validate_python(value)
    except PydanticValidationError:
        return
    assert isinstance(read, Decimal)
    assert read.is_finite()
    assert abs(read) < Decimal(10) ** whole
    assert read == read.quantize(Decimal(1).scaleb(-places))
    assert least is None or read >= least


@settings(FUZZ, max_examples=100)
@given(st.text(max_size=40))
@example("NaN")
@example("-Infinity")
@example("1e999999999")
@example("1" * 5000)
def test_a_money_field_of_a_form_reads_any_text_as_an_amount_or_a_form_error(text):
    fields = forms.fields_for_model(Project, fields=["total_investment", "land_mu"])
    for field in (*fields.values(), ArrivalForm.base_fields["amount"]):
        try:
            read = field.clean(text)
        except ValidationError:
            continue
        if read is not None:
            assert read.is_finite()
            assert read == read.quantize(Decimal("0.01"))
            assert abs(read) < Decimal(10) ** (field.max_digits - field.decimal_places)


@pytest.mark.parametrize("value", NOT_FINITE, ids=str)
def test_money_refuses_an_amount_that_is_not_a_finite_number(value):
    with pytest.raises(ValueError, match="finite"):
        Money(value, "CNY")
