"""Shapes of the events API: campaigns, events, venues, signings and the event report."""

import datetime as dt
from typing import Any, Literal, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django_countries.fields import Country
from ninja import Field, Schema
from pydantic import ConfigDict

from zoneinvest.api.projects import VERSION_HELP, ProjectFields
from zoneinvest.api.schemas import (
    ChainRef,
    ChoiceOut,
    CompanyRef,
    IsoDate,
    MoneyOut,
    PositiveAmount,
    ProjectRef,
    Version,
    WholeNumber,
    ZoneRef,
    choice,
    money,
)
from zoneinvest.core.models import Currency
from zoneinvest.core.money import PIVOT_CURRENCY
from zoneinvest.events.ledger import counting_note
from zoneinvest.events.models import Campaign, Event, Participant, Signing, Venue
from zoneinvest.events.selectors import Figure
from zoneinvest.industries.models import Sector

# Literals, not the models' enums: "Kind" and "Document" would clash with other components.
SigningKind = Literal[tuple(Signing.Kind.values)]  # type: ignore[valid-type]
SigningDocument = Literal[tuple(Signing.Document.values)]  # type: ignore[valid-type]


def _local(moment: dt.datetime | None, time_zone: str) -> dt.datetime | None:
    """`moment` in the named time zone (UTC if the name is unknown), so it reads as local time."""
    if moment is None:
        return None
    try:
        zone: dt.tzinfo = ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = dt.UTC
    return moment.astimezone(zone)


# ---------------------------------------------------------------- campaigns and events


class CampaignRef(Schema):
    id: int
    name: str


class EventRef(Schema):
    id: int
    name: str
    date: dt.date


class VenueRef(Schema):
    id: int
    name: str


class CampaignOut(Schema):
    id: int
    zone: ZoneRef
    name: str
    name_en: str
    name_zh_hans: str | None
    starts_on: dt.date
    ends_on: dt.date
    target_projects: int | None
    target_value: MoneyOut | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_target_value(obj: Campaign) -> dict[str, str] | None:
        return money(obj.target_value, obj.currency)


class CampaignProgressOut(Schema):
    projects: int = Field(description="Projects signed at the campaign's events, counted once.")
    counted: MoneyOut = Field(description="Counted once, in yuan at each signing's date.")
    announced: MoneyOut = Field(description="As announced at the ceremonies, in yuan.")
    events: list[EventRef]

    @staticmethod
    def resolve_counted(obj: Any) -> dict[str, str] | None:
        return money(obj.counted.amount, obj.counted.currency)

    @staticmethod
    def resolve_announced(obj: Any) -> dict[str, str] | None:
        return money(obj.announced.amount, obj.announced.currency)


class CampaignDetailOut(CampaignOut):
    progress: CampaignProgressOut


class EventOut(Schema):
    id: int
    zone: ZoneRef
    name: str
    name_en: str
    name_zh_hans: str | None
    kind: ChoiceOut
    campaign: CampaignRef | None
    date: dt.date = Field(description="The day of the event in its own time zone.")
    starts_at: dt.datetime | None = Field(description="In the event's time zone.")
    time_zone: str
    organiser: str
    description: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_kind(obj: Event) -> dict[str, str] | None:
        return choice(Event.Kind, obj.kind)

    @staticmethod
    def resolve_starts_at(obj: Event) -> dt.datetime | None:
        return _local(obj.starts_at, obj.time_zone)


class EventQuery(Schema):
    campaign: int | None = Field(None, description="Id of a campaign.")


# ---------------------------------------------------------------- venues


class AgendaItemOut(Schema):
    id: int
    title: str
    starts_at: dt.datetime = Field(description="In the venue's time zone, with its offset.")
    ends_at: dt.datetime | None = Field(description="In the venue's time zone, with its offset.")


class ParticipantOut(Schema):
    id: int
    role: ChoiceOut
    name: str
    title: str
    organisation: str

    @staticmethod
    def resolve_role(obj: Participant) -> dict[str, str] | None:
        return choice(Participant.Role, obj.role)


class VenueOut(Schema):
    id: int
    name: str
    role: ChoiceOut
    city: str
    country: str = Field(description="ISO 3166-1 alpha-2 code; empty when not given.")
    country_name: str
    time_zone: str
    partners: str
    position: int
    agenda: list[AgendaItemOut]
    participants: list[ParticipantOut]

    @staticmethod
    def resolve_role(obj: Venue) -> dict[str, str] | None:
        return choice(Venue.Role, obj.role)

    @staticmethod
    def resolve_city(obj: Venue) -> str:
        return str(obj.city or "")

    @staticmethod
    def resolve_partners(obj: Venue) -> str:
        return str(obj.partners or "")

    @staticmethod
    def resolve_country(obj: Venue) -> str:
        return cast(Country, obj.country).code or ""

    @staticmethod
    def resolve_country_name(obj: Venue) -> str:
        return str(cast(Country, obj.country).name or "")

    @staticmethod
    def resolve_agenda(obj: Venue) -> list[dict[str, Any]]:
        return [
            {
                "id": item.pk,
                "title": str(item.title),
                "starts_at": _local(item.starts_at, obj.time_zone),
                "ends_at": _local(item.ends_at, obj.time_zone),
            }
            for item in obj.agenda.all()
        ]

    @staticmethod
    def resolve_participants(obj: Venue) -> list[Participant]:
        return list(obj.participants.all())


# ---------------------------------------------------------------- signings


class SigningOut(Schema):
    id: int
    project: ProjectRef
    company: CompanyRef | None
    chain: ChainRef | None
    event: EventRef | None
    venue: VenueRef | None
    date: dt.date
    amount: MoneyOut = Field(description="As announced at the ceremony.")
    counted: MoneyOut = Field(description="What the totals count (the count-once rule).")
    first_signing: bool
    counting_note: str = Field(description="Why it counts less than it announced, if it does.")
    document: ChoiceOut
    kind: ChoiceOut
    note: str
    created_at: dt.datetime

    @staticmethod
    def resolve_company(obj: Signing) -> Any:
        return obj.project.company

    @staticmethod
    def resolve_chain(obj: Signing) -> Any:
        return obj.project.chain

    @staticmethod
    def resolve_amount(obj: Signing) -> dict[str, str] | None:
        return money(obj.amount, obj.currency)

    @staticmethod
    def resolve_counted(obj: Signing) -> dict[str, str] | None:
        return money(obj.counted_amount, obj.currency)

    @staticmethod
    def resolve_counting_note(obj: Signing) -> str:
        return counting_note(
            kind=obj.kind, amount=obj.amount, counted=obj.counted_amount, first=obj.first_signing
        )

    @staticmethod
    def resolve_document(obj: Signing) -> dict[str, str] | None:
        return choice(Signing.Document, obj.document)

    @staticmethod
    def resolve_kind(obj: Signing) -> dict[str, str] | None:
        return choice(Signing.Kind, obj.kind)


class SigningQuery(Schema):
    """The filters of events.selectors.SigningFilters (the event is the one in the address)."""

    sector: Sector | None = None
    chain: int | None = Field(None, description="Id of an industry chain.")
    country: str | None = Field(None, max_length=2, description="Investor's country (ISO code).")
    venue: int | None = Field(None, description="Id of a venue of the event.")


class SigningIn(Schema):
    model_config = ConfigDict(extra="forbid")

    project: WholeNumber = Field(description="Id of the project signed.")
    date: IsoDate
    amount: PositiveAmount = Field(description="As announced at the ceremony, in `currency`.")
    currency: Currency | None = Field(None, description="Defaults to the project's currency.")
    venue: WholeNumber | None = Field(None, description="Id of a venue of this event.")
    document: SigningDocument = Signing.Document.AGREEMENT.value  # type: ignore[valid-type]
    kind: SigningKind = Field(  # type: ignore[valid-type]
        Signing.Kind.NEW.value,
        description="A project is signed once (`new`); later signings are re-signings, "
        "upgrades or capital increases, which count only their increment.",
    )
    note: str = Field("", max_length=500)
    version: Version | None = Field(
        None, description=VERSION_HELP + " Only checked when the project moves to signed."
    )
    values: ProjectFields | None = Field(
        None, description="Fields the signed stage needs, saved in the same transaction."
    )


# ---------------------------------------------------------------- the event report


class TotalOut(Schema):
    signings: int
    projects: int = Field(description="Projects counted once: first signings only.")
    announced: MoneyOut = Field(description="As announced at the ceremonies, in yuan.")
    counted: MoneyOut = Field(description="Counted once, in yuan.")

    @staticmethod
    def resolve_announced(obj: Figure) -> dict[str, str] | None:
        return money(obj.announced, PIVOT_CURRENCY)

    @staticmethod
    def resolve_counted(obj: Figure) -> dict[str, str] | None:
        return money(obj.counted, PIVOT_CURRENCY)


class FigureOut(Schema):
    key: str | int | None = Field(
        description="Sector code, chain id, country code or venue id; null when not given."
    )
    label: str
    signings: int
    projects: int = Field(description="Projects counted once: first signings only.")
    announced: MoneyOut = Field(description="As announced at the ceremonies, in yuan.")
    counted: MoneyOut = Field(description="Counted once, in yuan.")

    resolve_announced = staticmethod(TotalOut.resolve_announced)
    resolve_counted = staticmethod(TotalOut.resolve_counted)

    @staticmethod
    def resolve_key(obj: Figure) -> str | int | None:
        return None if obj.key in (None, "") else obj.key


class DifferenceOut(Schema):
    id: int = Field(description="Id of the signing.")
    project: ProjectRef
    date: dt.date
    kind: ChoiceOut
    amount: MoneyOut = Field(description="As announced at the ceremony.")
    counted: MoneyOut
    counting_note: str

    resolve_kind = staticmethod(SigningOut.resolve_kind)
    resolve_amount = staticmethod(SigningOut.resolve_amount)
    resolve_counted = staticmethod(SigningOut.resolve_counted)
    resolve_counting_note = staticmethod(SigningOut.resolve_counting_note)


class BriefingOut(Schema):
    headline: str
    paragraphs: list[str]
    text: str = Field(description="The headline and the paragraphs, separated by blank lines.")


class BriefingsOut(Schema):
    en: BriefingOut
    zh_hans: BriefingOut = Field(alias="zh-hans")


class EventReportOut(Schema):
    event: EventRef
    on: dt.date = Field(description="The date of the exchange rates: the event's date.")
    total: TotalOut
    equivalents: dict[str, MoneyOut] = Field(description="The counted total in USD and EUR.")
    rates: dict[str, str] = Field(description="Units of each currency for one yuan (decimals).")
    by_sector: list[FigureOut]
    by_chain: list[FigureOut]
    by_country: list[FigureOut]
    by_venue: list[FigureOut]
    differences: list[DifferenceOut] = Field(
        description="Signings that count less than they announced (re-signings, increases)."
    )
    briefing: BriefingsOut = Field(description="The press briefing in English and in Chinese.")
