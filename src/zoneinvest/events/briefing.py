"""The press briefing of an event, in English and in Chinese, written from its report.

Every number comes from `selectors.event_report`; the sentences are whole, translated strings.
"""

from dataclasses import dataclass

from django.utils import formats, translation
from django.utils.translation import gettext, ngettext

from zoneinvest.core.i18n import join_all
from zoneinvest.core.money import approximately, figure
from zoneinvest.events.selectors import EventReport, Figure
from zoneinvest.industries.models import Sector


@dataclass(frozen=True)
class Briefing:
    language: str
    headline: str
    paragraphs: list[str]

    @property
    def text(self) -> str:
        return "\n\n".join([self.headline, *self.paragraphs])


def _sector(report: EventReport, sector: Sector) -> Figure | None:
    return next((f for f in report.by_sector if f.key == sector), None)


def _sector_sentence(report: EventReport) -> str:
    parts = []
    for sector in (Sector.MANUFACTURING, Sector.SERVICE):
        slice_ = _sector(report, sector)
        if slice_ is None or not slice_.projects:
            continue
        if sector == Sector.MANUFACTURING:
            template = ngettext(
                "%(count)s manufacturing project (%(amount)s)",
                "%(count)s manufacturing projects (%(amount)s)",
                slice_.projects,
            )
        else:
            template = ngettext(
                "%(count)s service project (%(amount)s)",
                "%(count)s service projects (%(amount)s)",
                slice_.projects,
            )
        parts.append(
            template
            % {"count": slice_.projects, "amount": figure(slice_.counted_money, precise=True)}
        )
    return join_all(parts)


def _headline(report: EventReport) -> str:
    total = report.total
    usd = report.equivalents["USD"]
    return ngettext(
        "%(count)s project signed, totaling %(amount)s (%(usd)s)",
        "%(count)s projects signed, totaling %(amount)s (%(usd)s)",
        total.projects,
    ) % {
        "count": total.projects,
        "amount": figure(total.counted_money),
        "usd": approximately(usd),
    }


def _venues_sentence(report: EventReport) -> str:
    names = []
    for venue in report.venues:
        if venue.partners:
            names.append(
                gettext("%(venue)s (with %(partners)s)")
                % {"venue": venue.name, "partners": venue.partners}
            )
        else:
            names.append(str(venue.name))
    return gettext("Venues: %(venues)s.") % {"venues": join_all(names)}


def event_briefing(report: EventReport, language: str) -> Briefing:
    with translation.override(language):
        total = report.total
        date = formats.date_format(report.on, "DATE_FORMAT")
        lead = gettext(
            "At the %(event)s on %(date)s, %(count)s projects were signed, totaling %(amount)s "
            "(%(usd)s): %(sectors)s."
        ) % {
            "event": report.event.name,
            "date": date,
            "count": total.projects,
            "amount": figure(total.counted_money),
            "usd": approximately(report.equivalents["USD"]),
            "sectors": _sector_sentence(report),
        }
        chains = [f.label for f in report.by_chain if f.label and f.projects]
        paragraphs = [lead]
        if chains:
            paragraphs.append(
                gettext("The signed projects focus on %(chains)s.") % {"chains": join_all(chains)}
            )
        if report.venues:
            paragraphs.append(_venues_sentence(report))
        if report.differs:
            paragraphs.append(
                gettext(
                    "As announced at the ceremonies: %(count)s signings, %(amount)s. Counted once: "
                    "%(counted_count)s projects, %(counted)s; re-signings and the earlier value of "
                    "increased projects are not counted again."
                )
                % {
                    "count": total.signings,
                    "amount": figure(total.announced_money),
                    "counted_count": total.projects,
                    "counted": figure(total.counted_money),
                }
            )
        return Briefing(language=language, headline=_headline(report), paragraphs=paragraphs)
