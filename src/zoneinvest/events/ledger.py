"""The count-once rule, in one place.

A project counts in headline totals at its first signing only. Later signings of the same project:
a re-signing (or a second "new" signing) adds nothing; an upgrade or a capital increase adds only
the increment of its announced value over what was already counted. Announced values are what the
ceremony said; counted values are what reports add up.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

from zoneinvest.core.money import Money

ADDS_INCREMENT = frozenset({"upgrade", "capital_increase"})


@dataclass(frozen=True)
class LedgerLine:
    key: Any
    date: dt.date
    kind: str
    amount: Decimal
    currency: str


Converter = Callable[[Money, str, dt.date], Money]


def _in_order(lines: Sequence[LedgerLine]) -> list[LedgerLine]:
    """By date; on one day an increase comes after the signing it increases; then by entry."""
    return sorted(lines, key=lambda item: (item.date, item.kind in ADDS_INCREMENT, item.key))


def first_line(lines: Sequence[LedgerLine]) -> object | None:
    """The key of the project's first signing (the one its headline count belongs to)."""
    ordered = _in_order(lines)
    return ordered[0].key if ordered else None


def counted_amounts(lines: Sequence[LedgerLine], convert: Converter) -> dict[object, Decimal]:
    """The counted amount of each signing of one project, in the signing's own currency."""
    counted: dict[object, Decimal] = {}
    running: Money | None = None
    for line in _in_order(lines):
        if running is None:
            counted[line.key] = line.amount
            running = Money(line.amount, line.currency)
            continue
        if line.kind not in ADDS_INCREMENT:
            counted[line.key] = Decimal(0)
            continue
        before = convert(running, line.currency, line.date).amount
        increment = max(Decimal(0), line.amount - before)
        counted[line.key] = increment
        running = Money(before + increment, line.currency)
    return counted


def counting_note(*, kind: str, amount: Decimal, counted: Decimal, first: bool) -> str:
    """Why a signing counts less than it announced (empty when it counts in full)."""
    if counted == amount:
        return ""
    if first:
        return ""
    if kind in ADDS_INCREMENT:
        return gettext("Counts only the increment over the value signed before.")
    return gettext("Signed before: listed, but not counted again.")
