"""Every read of events: scoped by zone, and the one event report all faces share."""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django_countries.fields import Country

from zoneinvest.accounts.models import User
from zoneinvest.accounts.selectors import user_can_read_pipeline, user_zone_ids
from zoneinvest.core.models import FxRate
from zoneinvest.core.money import PIVOT_CURRENCY, Money, YuanAtDate, fx_rate, rates_to
from zoneinvest.events.models import (
    Campaign,
    DiligenceCheck,
    Event,
    Participant,
    Signing,
    Venue,
)
from zoneinvest.industries.models import IndustryChain, Sector
from zoneinvest.pipeline.models import Project
from zoneinvest.pipeline.selectors import project_scope
from zoneinvest.pipeline.stages import Stage

REPORT_CURRENCIES = ("USD", "EUR")


def _zones(user: User) -> Q:
    return Q(zone_id__in=user_zone_ids(user=user))


def event_scope(*, user: User) -> QuerySet[Event]:
    if not user_can_read_pipeline(user=user):
        return Event.objects.none()
    return Event.objects.filter(_zones(user))


def event_list(*, user: User) -> QuerySet[Event]:
    return (
        event_scope(user=user)
        .select_related("campaign", "zone")
        .annotate(signing_count=Count("signings"))
        .order_by("-date", "id")
    )


def event_calendar(*, user: User) -> QuerySet[Event]:
    """The events of the user's zones for a calendar feed, with their venues and the latest
    end of their agenda (consultants and portal editors: none)."""
    return (
        event_scope(user=user)
        .select_related("zone")
        .prefetch_related("venues")
        .annotate(agenda_ends_at=Max("venues__agenda__ends_at"))
        .order_by("date", "id")
    )


def event_get(*, user: User, pk: int) -> Event:
    event = event_scope(user=user).select_related("campaign", "zone").filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


def event_venues(*, event: Event) -> list[Venue]:
    return list(event.venues.prefetch_related("agenda", "participants").order_by("position", "id"))


def campaign_list(*, user: User) -> QuerySet[Campaign]:
    if not user_can_read_pipeline(user=user):
        return Campaign.objects.none()
    return Campaign.objects.filter(_zones(user)).order_by("-starts_on", "id")


def campaign_get(*, user: User, pk: int) -> Campaign:
    campaign = campaign_list(user=user).filter(pk=pk).first()
    if campaign is None:
        raise Http404
    return campaign


# ---------------------------------------------------------------- signings


@dataclass(frozen=True)
class SigningFilters:
    event: int | None = None
    campaign: int | None = None
    sector: str = ""
    chain: int | None = None
    country: str = ""
    venue: int | None = None
    counted_only: bool = False


def signing_list(*, user: User, filters: SigningFilters | None = None) -> QuerySet[Signing]:
    """Signings of projects the user may see: the records behind every reported figure."""
    f = filters or SigningFilters()
    signings = Signing.objects.filter(project__in=project_scope(user=user))
    exact = {
        "event_id": f.event,
        "event__campaign_id": f.campaign,
        "project__sector": f.sector,
        "project__chain_id": f.chain,
        "project__company__country": f.country,
        "venue_id": f.venue,
    }
    signings = signings.filter(**{k: v for k, v in exact.items() if v not in (None, "")})
    if f.counted_only:
        signings = signings.filter(first_signing=True)
    return signings.select_related(
        "project", "project__company", "project__chain", "event", "venue"
    ).order_by("date", "id")


# ---------------------------------------------------------------- the event report


@dataclass
class Figure:
    """Signings of one slice of an event, in yuan: as announced, and counted once."""

    key: str | int | None
    namer: Callable[[Any], str] | None = None
    signings: int = 0
    projects: int = 0  # first signings: the count-once number of projects
    announced: Decimal = Decimal(0)
    counted: Decimal = Decimal(0)

    @property
    def label(self) -> str:
        """The slice's name in the active language (computed when shown, not when counted)."""
        return self.namer(self.key) if self.namer else ""

    @property
    def counted_money(self) -> Money:
        return Money(self.counted, PIVOT_CURRENCY)

    @property
    def announced_money(self) -> Money:
        return Money(self.announced, PIVOT_CURRENCY)


@dataclass
class EventReport:
    event: Event
    on: dt.date
    venues: list[Venue]
    total: Figure
    by_sector: list[Figure]
    by_chain: list[Figure]
    by_country: list[Figure]
    by_venue: list[Figure]
    equivalents: dict[str, Money]
    rates: dict[str, Decimal]
    differences: list[Signing] = field(default_factory=list)

    @property
    def differs(self) -> bool:
        return self.total.announced != self.total.counted or self.total.signings != (
            self.total.projects
        )


def _grouped_rows(event: Event) -> list[dict[str, Any]]:
    rows: Any = (
        Signing.objects.filter(event=event)
        .order_by()
        .values(
            "project__sector",
            "project__chain_id",
            "project__company__country",
            "venue_id",
            "currency",
            "first_signing",
        )
        .annotate(n=Count("id"), announced=Sum("amount"), counted=Sum("counted_amount"))
    )
    return list(rows)


def _add(figure: Figure, row: dict, rate: Decimal) -> None:
    figure.signings += row["n"]
    figure.projects += row["n"] if row["first_signing"] else 0
    figure.announced += row["announced"] * rate
    figure.counted += row["counted"] * rate


def _slices(rows: list[dict], rates: dict[str, Decimal], key: str) -> dict:
    slices: dict = defaultdict(lambda: Figure(key=None))
    for row in rows:
        figure = slices[row[key]]
        figure.key = row[key]
        _add(figure, row, rates[row["currency"]])
    return slices


def _sector_label(key: str | None) -> str:
    try:
        return str(Sector(key).label) if key else ""
    except ValueError:
        return str(key)


def _country_label(key: str | None) -> str:
    return str(Country(code=key).name) if key else ""


def _ranked(slices: dict, namer: Callable[[Any], str]) -> list[Figure]:
    for figure in slices.values():
        figure.namer = namer
    return sorted(slices.values(), key=lambda f: (-f.counted, -f.signings, str(f.key)))


def event_report(*, event: Event) -> EventReport:
    """Every figure of an event, computed from its signings in a constant number of queries.

    Amounts are converted into yuan, then into dollars and euros, at the rates of the event date;
    a missing rate raises `NoFxRate`.
    """
    rows = _grouped_rows(event)
    on = event.date
    to_yuan = rates_to(currencies={r["currency"] for r in rows}, target=PIVOT_CURRENCY, on=on)
    total = Figure(key="total")
    for row in rows:
        _add(total, row, to_yuan[row["currency"]])
    rates = {c: fx_rate(base=PIVOT_CURRENCY, quote=c, on=on) for c in REPORT_CURRENCIES}
    venues = list(event.venues.order_by("position", "id"))
    venue_names = {v.pk: v for v in venues}
    chain_ids = {r["project__chain_id"] for r in rows if r["project__chain_id"]}
    chains = {c.pk: c for c in IndustryChain.objects.filter(pk__in=chain_ids)}
    differences = (
        Signing.objects.filter(event=event)
        .filter(Q(first_signing=False) | Q(counted_amount__lt=F("amount")))
        .select_related("project")
        .order_by("date", "id")
    )
    return EventReport(
        event=event,
        on=on,
        venues=venues,
        total=total,
        by_sector=_ranked(_slices(rows, to_yuan, "project__sector"), _sector_label),
        by_chain=_ranked(
            _slices(rows, to_yuan, "project__chain_id"), lambda k: str(chains.get(k, ""))
        ),
        by_country=_ranked(_slices(rows, to_yuan, "project__company__country"), _country_label),
        by_venue=_ranked(_slices(rows, to_yuan, "venue_id"), lambda k: str(venue_names.get(k, ""))),
        equivalents={
            c: Money((total.counted * r).quantize(Decimal("0.01")), c) for c, r in rates.items()
        },
        rates=rates,
        differences=list(differences),
    )


# ---------------------------------------------------------------- campaigns and follow-through


@dataclass
class CampaignProgress:
    campaign: Campaign
    projects: int
    counted: Money
    announced: Money
    events: list[Event]
    chains: list["ChainProgress"] = field(default_factory=list)


@dataclass
class ChainProgress:
    """A chain's counted-once projects and value in the campaign, against its target if any."""

    chain: IndustryChain
    projects: int = 0
    counted: Decimal = Decimal(0)
    target_projects: int | None = None
    target_value: Decimal | None = None

    @property
    def counted_money(self) -> Money:
        return Money(self.counted, PIVOT_CURRENCY)


def campaign_signing_rows(*, campaign: Campaign) -> list[dict[str, Any]]:
    """The campaign's signings summed per currency, date, first signing or not, and chain."""
    rows = (
        Signing.objects.filter(event__campaign=campaign)
        .order_by()
        .values("currency", "date", "first_signing", "project__chain_id")
        .annotate(n=Count("id"), announced=Sum("amount"), counted=Sum("counted_amount"))
    )
    return [dict(row) for row in rows]


def campaign_progress(
    *,
    campaign: Campaign,
    rows: list[dict[str, Any]] | None = None,
    yuan: YuanAtDate | None = None,
    chains: Mapping[int, IndustryChain] | None = None,
) -> CampaignProgress:
    """Counted-once signings of the campaign's events, in yuan at each signing's date.

    A caller that reads more (the KPIs) may pass the campaign's `campaign_signing_rows`, a
    `YuanAtDate` holding their rates, and the chains it has read already: no query is made twice.
    """
    rows = campaign_signing_rows(campaign=campaign) if rows is None else rows
    by_chain = _campaign_chains(campaign, rows, known=chains or {})
    counted = announced = Decimal(0)
    projects = 0
    yuan = yuan or YuanAtDate()
    yuan.prefetch({(r["currency"], r["date"]) for r in rows})
    for row in rows:
        first = row["n"] if row["first_signing"] else 0
        row_counted = yuan(row["counted"], row["currency"], row["date"])
        counted += row_counted
        announced += yuan(row["announced"], row["currency"], row["date"])
        projects += first
        if row["project__chain_id"] in by_chain:
            by_chain[row["project__chain_id"]].projects += first
            by_chain[row["project__chain_id"]].counted += row_counted
    return CampaignProgress(
        campaign=campaign,
        projects=projects,
        counted=Money(counted, PIVOT_CURRENCY),
        announced=Money(announced, PIVOT_CURRENCY),
        events=list(campaign.events.order_by("date", "id")),
        chains=sorted(by_chain.values(), key=lambda c: (c.chain.position, c.chain.pk)),
    )


def _campaign_chains(
    campaign: Campaign, rows: list[dict[str, Any]], *, known: Mapping[int, IndustryChain]
) -> dict[int, ChainProgress]:
    """The campaign's targeted chains, and the chains of its signings that had no target (from
    `known` where it holds them, else read)."""
    chains = {
        t.chain_id: ChainProgress(
            chain=t.chain, target_projects=t.target_projects, target_value=t.target_value
        )
        for t in campaign.chain_targets.select_related("chain")
    }
    untargeted = {r["project__chain_id"] for r in rows} - set(chains) - {None}
    for pk in untargeted & set(known):
        chains[pk] = ChainProgress(chain=known[pk])
    if unread := untargeted - set(known):
        for chain in IndustryChain.objects.filter(pk__in=unread):
            chains[chain.pk] = ChainProgress(chain=chain)
    return chains


def ceremony_list(*, user: User, event: Event) -> list[tuple[Project, list[str]]]:
    """Projects to be signed at an event with the due-diligence items still unverified."""
    projects = list(
        project_scope(user=user)
        .filter(zone=event.zone, stage__in=[Stage.NEGOTIATING, Stage.SIGNED])
        .filter(Q(signings__event=event) | Q(stage=Stage.NEGOTIATING))
        .distinct()
        .select_related("company", "owner")
        .order_by("title")
    )
    done = defaultdict(set)
    for project_id, item in DiligenceCheck.objects.filter(
        project__in=[p.pk for p in projects]
    ).values_list("project_id", "item"):
        done[project_id].add(item)
    return [
        (p, [str(label) for value, label in DiligenceCheck.Item.choices if value not in done[p.pk]])
        for p in projects
    ]


def signed_not_started(*, user: User, days: int, today: dt.date | None = None) -> QuerySet[Project]:
    """Signed or registered projects whose first signing is more than `days` days old."""
    cutoff = (today or timezone.localdate()) - dt.timedelta(days=days)
    return (
        project_scope(user=user)
        .filter(stage__in=[Stage.SIGNED, Stage.REGISTERED], signing_date__lte=cutoff)
        .select_related("company", "owner", "chain")
        .order_by("signing_date", "id")
    )


# ---------------------------------------------------------------- for the API


def event_venue(*, event: Event, pk: int) -> Venue | None:
    """A venue of this event, or None (also for a venue of another event)."""
    return event.venues.filter(pk=pk).first()


def event_differences(*, user: User, event: Event) -> list[Signing]:
    """The event's signings that count less than they announced, of projects the user may see
    (`EventReport.differences` without the confidential projects the user may not see)."""
    signings = signing_list(user=user, filters=SigningFilters(event=event.pk))
    return list(signings.filter(Q(first_signing=False) | Q(counted_amount__lt=F("amount"))))


# ---------------------------------------------------------------- for the office pages

# A first signing needs `negotiating`; a project already signed may sign again (a re-signing,
# an upgrade or a capital increase), whatever stage it has reached since.
SIGNABLE_STAGES = (
    Stage.NEGOTIATING,
    Stage.SIGNED,
    Stage.REGISTERED,
    Stage.CONSTRUCTION,
    Stage.OPERATING,
)


def event_people(*, event: Event) -> list[Participant]:
    """Participants of the whole event rather than of one venue."""
    return list(event.participants.filter(venue__isnull=True).order_by("role", "name", "id"))


def venue_choices(*, event: Event) -> QuerySet[Venue]:
    return event.venues.order_by("position", "id")


def signing_project_choices(*, user: User, event: Event) -> QuerySet[Project]:
    """Projects of the event's zone that may be signed there, as the user may see them."""
    return (
        project_scope(user=user)
        .filter(zone_id=event.zone_id, stage__in=SIGNABLE_STAGES)
        .select_related("company")
        .order_by("title", "id")
    )


def ceremony_project_get(*, user: User, event: Event, pk: int) -> Project:
    """A project of the event's zone the user may see (404 otherwise)."""
    project = project_scope(user=user).filter(zone_id=event.zone_id, pk=pk).first()
    if project is None:
        raise Http404
    return project


def signing_latest(*, user: User, event: Event, limit: int = 8) -> list[Signing]:
    """The event's most recently recorded signings first (for the live board)."""
    signings = signing_list(user=user, filters=SigningFilters(event=event.pk))
    return list(signings.order_by("-created_at", "-id")[:limit])


@dataclass(frozen=True)
class SigningTotals:
    signings: int
    projects: int
    announced: Money
    counted: Money


def signing_totals(*, signings: QuerySet[Signing], on: dt.date) -> SigningTotals:
    """The totals of a signing list in yuan at the rates of `on` (the event date, as the report
    converts), so a filtered list adds up to the report figure that links to it."""
    rows: list[Any] = list(
        signings.order_by()
        .values("currency", "first_signing")
        .annotate(n=Count("id"), announced=Sum("amount"), counted=Sum("counted_amount"))
    )
    to_yuan = rates_to(currencies={r["currency"] for r in rows}, target=PIVOT_CURRENCY, on=on)
    total = Figure(key="total")
    for row in rows:
        _add(total, row, to_yuan[row["currency"]])
    return SigningTotals(
        signings=total.signings,
        projects=total.projects,
        announced=total.announced_money,
        counted=total.counted_money,
    )


def report_rate_dates(*, report: EventReport) -> dict[str, dt.date | None]:
    """The day of each rate of the report (the latest recorded on or before the event date)."""
    days = {}
    for currency in report.rates:
        pair = Q(base=currency, quote=PIVOT_CURRENCY) | Q(base=PIVOT_CURRENCY, quote=currency)
        days[currency] = (
            FxRate.objects.filter(pair, date__lte=report.on)
            .order_by("-date", "-id")
            .values_list("date", flat=True)
            .first()
        )
    return days


def campaign_progress_list(*, user: User) -> list[CampaignProgress]:
    """Progress of every campaign the user may see (a zone runs a few campaigns a year)."""
    return [campaign_progress(campaign=campaign) for campaign in campaign_list(user=user)]


@dataclass(frozen=True)
class CheckItem:
    item: str
    label: str
    verified: bool


def ceremony_checklist(*, user: User, event: Event) -> list[tuple[Project, list[CheckItem]]]:
    """`ceremony_list` with every due-diligence item of each project, verified or not."""
    rows = []
    for project, unverified in ceremony_list(user=user, event=event):
        missing = set(unverified)
        rows.append(
            (
                project,
                [
                    CheckItem(item=value, label=str(label), verified=str(label) not in missing)
                    for value, label in DiligenceCheck.Item.choices
                ],
            )
        )
    return rows
