"""The event report as a bilingual A4 PDF: the English and the Chinese briefing, then the tables.

Every number comes from `selectors.event_report`; amounts are worded by `core.money` in each
language. Headings are written in both languages in the template (the document is bilingual
whatever the reader's language). WeasyPrint renders it offline: the stylesheet is inlined and the
URL fetcher refuses anything but `data:` URLs and files of this app's PDF templates.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.html import conditional_escape, format_html
from django_countries.fields import Country

from zoneinvest.core.models import FxRate
from zoneinvest.core.money import CENT, PIVOT_CURRENCY, ZH_UNITS, Money, approximately, figure
from zoneinvest.core.pdf import render_pdf
from zoneinvest.events.briefing import event_briefing
from zoneinvest.events.ledger import counting_note
from zoneinvest.events.models import Signing, Venue
from zoneinvest.events.selectors import EventReport, Figure
from zoneinvest.industries.models import IndustryChain, Sector

EN, ZH = "en", "zh-hans"
TEMPLATE = "events/report_pdf.html"
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates" / "events"
RATE_DIGITS = Decimal("0.0001")


@dataclass(frozen=True)
class Both:
    """One text in English and in Chinese; shown once when both are the same."""

    en: str
    zh: str

    @property
    def same(self) -> bool:
        return self.en == self.zh

    @property
    def html(self) -> str:
        """The English, then the Chinese marked up for the Chinese font (CSS places it)."""
        if self.same or not self.zh:
            return conditional_escape(self.en)
        return format_html('{} <span class="zh" lang="zh-Hans">{}</span>', self.en, self.zh)


def _both(value: Callable[[], object]) -> Both:
    """`value()` evaluated (and stringified) with English, then Chinese, active."""
    texts = []
    for language in (EN, ZH):
        with translation.override(language):
            texts.append(str(value() or ""))
    return Both(*texts)


def _amount(money: Money) -> Both:
    return Both(figure(money, EN, precise=True), figure(money, ZH, precise=True))


def _date(day: dt.date) -> Both:
    return _both(lambda: formats.date_format(day, "DATE_FORMAT"))


@dataclass(frozen=True)
class Row:
    label: Both
    projects: int
    signings: int
    counted: Both
    announced: Both


@dataclass(frozen=True)
class Table:
    title: Both
    heading: Both
    rows: list[Row]


NOT_SET = Both("Not recorded", "未填写")


def _rows(figures: list[Figure], label: Callable[[Any], Both]) -> list[Row]:
    return [
        Row(
            label=label(f.key) if f.key not in (None, "") else NOT_SET,
            projects=f.projects,
            signings=f.signings,
            counted=_amount(f.counted_money),
            announced=_amount(f.announced_money),
        )
        for f in figures
    ]


def _sector_label(key: str) -> Both:
    if key not in Sector.values:
        return Both(str(key), str(key))
    return _both(lambda: Sector(key).label)


def _tables(report: EventReport) -> list[Table]:
    chain_ids = [f.key for f in report.by_chain if f.key]
    chains = {c.pk: c for c in IndustryChain.objects.filter(pk__in=chain_ids)}
    venues = {v.pk: v for v in report.venues}

    def chain_label(key: int) -> Both:
        chain = chains.get(key)
        return _both(lambda: chain.name) if chain else Both(str(key), str(key))

    def venue_label(key: int) -> Both:
        venue = venues.get(key)
        return _both(lambda: venue.name) if venue else Both(str(key), str(key))

    def country_label(code: str) -> Both:
        return _both(lambda: Country(code=code).name or code)

    return [
        Table(
            Both("By sector", "按产业类别"),
            Both("Sector", "产业类别"),
            _rows(report.by_sector, _sector_label),
        ),
        Table(
            Both("By industry chain", "按产业链"),
            Both("Industry chain", "产业链"),
            _rows(report.by_chain, chain_label),
        ),
        Table(
            Both("By investor country", "按投资方国别"),
            Both("Country", "国别"),
            _rows(report.by_country, country_label),
        ),
        Table(
            Both("By venue", "按会场"),
            Both("Venue", "会场"),
            _rows(report.by_venue, venue_label),
        ),
    ]


def _unit_zh(currency: str) -> str:
    return ZH_UNITS.get(currency, currency)


def _rate_day(currency: str, on: dt.date) -> dt.date | None:
    """The day of the rate `core.money.fx_rate` uses: the latest on or before `on`."""
    pair = Q(base=currency, quote=PIVOT_CURRENCY) | Q(base=PIVOT_CURRENCY, quote=currency)
    return (
        FxRate.objects.filter(pair, date__lte=on)
        .order_by("-date", "-id")
        .values_list("date", flat=True)
        .first()
    )


def _rates(report: EventReport) -> list[Both]:
    """ "1 USD = 6.8000 CNY (rate of Jan. 3, 2023)" / "1美元 = 6.8000元（2023年1月3日汇率）"."""
    rates = []
    for currency, rate in report.rates.items():
        day = _rate_day(currency, report.on)
        per_unit = (Decimal(1) / rate).quantize(RATE_DIGITS, rounding=ROUND_HALF_UP)
        en = f"1 {currency} = {per_unit} {PIVOT_CURRENCY}"
        zh = f"1{_unit_zh(currency)} = {per_unit}{_unit_zh(PIVOT_CURRENCY)}"
        if day is not None:
            on = _date(day)
            en, zh = f"{en} (rate of {on.en})", f"{zh}（{on.zh}汇率）"
        rates.append(Both(en, zh))
    return rates


@dataclass(frozen=True)
class Difference:
    project: Both
    date: Both
    kind: Both
    announced: Both
    counted: Both
    note: Both


def _difference(signing: Signing) -> Difference:
    """A signing that counts less than it announced, and why."""

    def note() -> str:
        return counting_note(
            kind=signing.kind,
            amount=signing.amount,
            counted=signing.counted_amount,
            first=signing.first_signing,
        )

    return Difference(
        project=_both(lambda: signing.project.title),
        date=_date(signing.date),
        kind=_both(signing.get_kind_display),
        announced=_amount(Money(signing.amount, signing.currency)),
        counted=_amount(Money(signing.counted_amount, signing.currency)),
        note=_both(note),
    )


def _venue(venue: Venue) -> dict[str, Both]:
    def place() -> str:
        country = Country(code=venue.country).name if venue.country else ""
        return " · ".join(part for part in (str(venue.city or ""), str(country)) if part)

    return {
        "name": _both(lambda: venue.name),
        "role": _both(venue.get_role_display),
        "place": _both(place),
        "partners": _both(lambda: venue.partners),
    }


def report_pdf_context(report: EventReport) -> dict[str, Any]:
    """Everything the template shows, already worded in both languages."""
    event = report.event
    campaign = event.campaign
    total = report.total
    return {
        "report": report,
        "title": _both(lambda: event.name),
        "kind": _both(event.get_kind_display),
        "date": _date(report.on),
        "organiser": _both(lambda: event.organiser),
        "campaign": _both(lambda: campaign.name) if campaign is not None else None,
        "venues": [_venue(v) for v in report.venues],
        "briefings": [event_briefing(report, EN), event_briefing(report, ZH)],
        "total": total,
        "counted": _amount(total.counted_money),
        "announced": _amount(total.announced_money),
        "exact_counted": f"{total.counted.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}",
        "equivalents": [
            (
                Both(f"{currency} equivalent", f"折合{_unit_zh(currency)}"),
                Both(approximately(money, EN), approximately(money, ZH)),
            )
            for currency, money in report.equivalents.items()
        ],
        "rates": _rates(report),
        "tables": _tables(report),
        "differences": [_difference(s) for s in report.differences],
    }


def event_report_pdf(report: EventReport) -> bytes:
    """The event report as an A4 PDF (English and Chinese), rendered offline by WeasyPrint."""
    with translation.override(EN):
        html = render_to_string(TEMPLATE, report_pdf_context(report))
    return render_pdf(html, root=TEMPLATE_DIR)
