"""The count-once rule on its own: no database, every order of signings."""

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from zoneinvest.core.money import Money
from zoneinvest.events.ledger import LedgerLine, counted_amounts, first_line


def same_currency(money, currency, on):
    assert money.currency == currency
    return money


def line(key, day, kind, amount):
    return LedgerLine(key, dt.date(2023, 1, day), kind, Decimal(amount), "CNY")


def test_the_first_signing_counts_in_full_and_a_re_signing_adds_nothing():
    counted = counted_amounts(
        [line("a", 11, "new", 100), line("b", 20, "resigning", 100)], same_currency
    )
    assert counted == {"a": Decimal(100), "b": Decimal(0)}


def test_a_capital_increase_counts_only_its_increment():
    lines = [line("a", 11, "new", 100), line("b", 20, "capital_increase", 150)]
    assert counted_amounts(lines, same_currency)["b"] == Decimal(50)


def test_an_increase_announced_below_what_was_counted_adds_nothing():
    lines = [line("a", 11, "new", 100), line("b", 20, "upgrade", 80)]
    assert counted_amounts(lines, same_currency)["b"] == Decimal(0)


def test_order_is_by_date_not_by_entry():
    lines = [line("late", 20, "new", 100), line("early", 11, "new", 70)]
    assert counted_amounts(lines, same_currency) == {"early": Decimal(70), "late": Decimal(0)}
    assert first_line(lines) == "early"


def test_increments_across_currencies_are_converted_at_the_later_date():
    def to_eur(money, currency, on):
        return Money(money.amount / Decimal(8), currency) if currency != money.currency else money

    lines = [
        LedgerLine("a", dt.date(2023, 1, 11), "new", Decimal(800), "CNY"),
        LedgerLine("b", dt.date(2023, 2, 1), "capital_increase", Decimal(150), "EUR"),
    ]
    assert counted_amounts(lines, to_eur)["b"] == Decimal(50)


kinds = st.sampled_from(["new", "resigning", "upgrade", "capital_increase"])


@given(
    st.lists(st.tuples(st.integers(1, 28), kinds, st.integers(1, 10**6)), min_size=1, max_size=8)
)
def test_the_counted_total_is_the_largest_value_ever_reached_never_more(raw):
    lines = [line(i, day, kind, amount) for i, (day, kind, amount) in enumerate(raw)]
    counted = counted_amounts(lines, same_currency)
    assert all(value >= 0 for value in counted.values())
    assert sum(counted.values()) <= max(Decimal(amount) for _, _, amount in raw)
    first = first_line(lines)
    assert counted[first] == next(x.amount for x in lines if x.key == first)


def test_on_one_day_the_increase_follows_the_signing_it_increases_whatever_the_ids():
    lines = [
        LedgerLine(10, dt.date(2023, 1, 11), "capital_increase", Decimal(150), "CNY"),
        LedgerLine(9, dt.date(2023, 1, 11), "new", Decimal(100), "CNY"),
    ]
    assert counted_amounts(lines, same_currency) == {9: Decimal(100), 10: Decimal(50)}
    assert first_line(lines) == 9


def test_entries_of_one_day_are_ordered_by_number_not_by_text():
    lines = [line(10, 11, "new", 100), line(9, 11, "resigning", 100)]
    assert first_line(lines) == 9
