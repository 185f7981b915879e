"""Shapes of the insights API: industry chains and their map, indicators and shares, KPIs."""

import datetime as dt
from decimal import Decimal
from typing import Any, cast

from django_countries.fields import Country
from ninja import Field, Schema
from pydantic import ConfigDict

from zoneinvest.api.schemas import ChainRef, ChoiceOut, CompanyRef, MoneyOut, ZoneRef, choice, money
from zoneinvest.core.money import PIVOT_CURRENCY
from zoneinvest.industries.chain_map import LinkRow
from zoneinvest.industries.models import ChainPosition, IndustryChain, Sector, Tier
from zoneinvest.pipeline.models import Company, Project
from zoneinvest.pipeline.stages import Stage
from zoneinvest.places.models import Area, Indicator, IndicatorKind
from zoneinvest.places.selectors import Share
from zoneinvest.reports.selectors import Breakdown, ClusterRow, FunnelStep, Ratio

RECORDS_HELP = (
    "The filters of the project list (`/projects`, the office's list) that list the records "
    "behind this figure; `reached` means: projects that ever reached this stage."
)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


# ---------------------------------------------------------------- industry chains


class ChainOut(Schema):
    id: int
    code: str
    name: str = Field(description="In the request's language.")
    name_en: str
    name_zh_hans: str | None
    sector: ChoiceOut
    tier: ChoiceOut | None
    link_count: int = Field(description="How many links the chain has.")

    @staticmethod
    def resolve_sector(obj: IndustryChain) -> dict[str, str] | None:
        return choice(Sector, obj.sector)

    @staticmethod
    def resolve_tier(obj: IndustryChain) -> dict[str, str] | None:
        return choice(Tier, obj.tier)

    @staticmethod
    def resolve_link_count(obj: Any) -> int:
        return int(getattr(obj, "link_count", 0))


class ChainProjectOut(Schema):
    id: int
    title: str
    stage: ChoiceOut

    @staticmethod
    def resolve_stage(obj: Project) -> dict[str, str] | None:
        return choice(Stage, obj.stage)


class ChainLinkOut(Schema):
    id: int
    code: str
    name: str
    position: ChoiceOut
    order: int
    present: list[CompanyRef] = Field(
        description="Companies in the zone on this link (a project at least registered)."
    )
    pipeline: list[ChainProjectOut] = Field(description="Open or held projects on this link.")
    operating: int = Field(description="Projects on this link that are operating.")
    is_gap: bool = Field(description="No operating company on this link in the zone.")

    @staticmethod
    def resolve_id(obj: LinkRow) -> int:
        return obj.link.pk

    @staticmethod
    def resolve_code(obj: LinkRow) -> str:
        return obj.link.code

    @staticmethod
    def resolve_name(obj: LinkRow) -> str:
        return str(obj.link.name)

    @staticmethod
    def resolve_position(obj: LinkRow) -> dict[str, str] | None:
        return choice(ChainPosition, obj.link.position)

    @staticmethod
    def resolve_order(obj: LinkRow) -> int:
        return obj.link.order


class GapTargetOut(Schema):
    id: int
    name: str
    country: str = Field(description="ISO 3166-1 alpha-2 code; empty when not given.")
    fortune_global_500_rank: int | None

    @staticmethod
    def resolve_country(obj: Company) -> str:
        return cast(Country, obj.country).code or ""


class ChainLinkRef(Schema):
    id: int
    code: str
    name: str


class ChainGapOut(Schema):
    link: ChainLinkRef
    targets: list[GapTargetOut] = Field(
        description="Companies of the link not yet in the zone, largest first (at most 20)."
    )


class ChainMapOut(ChainOut):
    links: list[ChainLinkOut] = Field(description="The links, upstream to downstream.")
    gaps: list[ChainGapOut] = Field(description="The links that are gaps, with target companies.")


# ---------------------------------------------------------------- indicators


class IndicatorOut(Schema):
    id: int
    zone: ZoneRef
    kind: ChoiceOut
    area: ChoiceOut
    year: int
    value: str = Field(description="A decimal string.")
    unit: str
    source: str
    updated_at: dt.datetime

    @staticmethod
    def resolve_kind(obj: Indicator) -> dict[str, str] | None:
        return choice(IndicatorKind, obj.kind)

    @staticmethod
    def resolve_area(obj: Indicator) -> dict[str, str] | None:
        return choice(Area, obj.area)

    @staticmethod
    def resolve_value(obj: Indicator) -> str:
        return str(obj.value)


class IndicatorQuery(Schema):
    zone: str | None = Field(None, description="Zone code.")
    year: int | None = None
    kind: IndicatorKind | None = None


class ShareQuery(Schema):
    zone: str | None = Field(
        None, description="Zone code; may be left out by a user who works in one zone only."
    )
    year: int | None = Field(None, description="Only this year (default: each kind's latest).")


class ShareOut(Schema):
    kind: ChoiceOut
    year: int
    zone_value: str = Field(description="A decimal string.")
    city_value: str = Field(description="A decimal string.")
    unit: str
    percent: str = Field(description="The zone's value ÷ the city's, as a decimal string.")
    zone_indicator: int = Field(description="Id of the zone's indicator.")
    city_indicator: int = Field(description="Id of the city's indicator.")

    @staticmethod
    def resolve_kind(obj: Share) -> dict[str, str] | None:
        return choice(IndicatorKind, obj.kind)

    @staticmethod
    def resolve_zone_value(obj: Share) -> str:
        return str(obj.zone.value)

    @staticmethod
    def resolve_city_value(obj: Share) -> str:
        return str(obj.city.value)

    @staticmethod
    def resolve_unit(obj: Share) -> str:
        return obj.zone.unit

    @staticmethod
    def resolve_percent(obj: Share) -> str:
        return str(obj.percent)

    @staticmethod
    def resolve_zone_indicator(obj: Share) -> int:
        return obj.zone.pk

    @staticmethod
    def resolve_city_indicator(obj: Share) -> int:
        return obj.city.pk


class IndicatorImportIn(Schema):
    model_config = ConfigDict(extra="forbid")

    zone: str | None = Field(
        None, description="Zone code; may be left out by a user who works in one zone only."
    )
    csv: str = Field(
        description="CSV text with a header row and the columns kind, area, year, value, unit, "
        "source (one indicator a row)."
    )


class IndicatorImportOut(Schema):
    imported: int = Field(description="How many rows were recorded (created or corrected).")


# ---------------------------------------------------------------- KPIs


class KpiQuery(Schema):
    year: int | None = Field(
        None, description="Year of the cluster targets (default: the latest with targets)."
    )


class FunnelStepOut(Schema):
    stage: ChoiceOut
    reached: int = Field(description="Projects that ever reached this stage.")
    records: dict[str, str] = Field(description=RECORDS_HELP)

    @staticmethod
    def resolve_stage(obj: FunnelStep) -> dict[str, str] | None:
        return choice(Stage, obj.stage)


class RatioOut(Schema):
    numerator: str = Field(description="A decimal string (yuan for the capital rate).")
    denominator: str = Field(description="A decimal string (yuan for the capital rate).")
    percent: str | None = Field(description="One decimal; null when the denominator is zero.")
    records: dict[str, str] = Field(description=RECORDS_HELP)

    @staticmethod
    def resolve_numerator(obj: Ratio) -> str:
        return str(obj.numerator)

    @staticmethod
    def resolve_denominator(obj: Ratio) -> str:
        return str(obj.denominator)

    @staticmethod
    def resolve_percent(obj: Ratio) -> str | None:
        return _text(obj.percent)


class ConversionOut(RatioOut):
    from_stage: ChoiceOut
    to_stage: ChoiceOut


class RatesOut(Schema):
    fulfilment: RatioOut = Field(description="履约率: signed projects that registered.")
    construction: RatioOut = Field(description="开工率: signed projects that started building.")
    production: RatioOut = Field(description="投产率: signed projects that started operating.")
    capital: RatioOut = Field(description="资金到位率: paid-in ÷ contracted capital, in yuan.")


class BreakdownOut(Schema):
    key: str | int | None = Field(
        description="Chain id, sector code or country code; null when not recorded."
    )
    label: str
    projects: int = Field(description="Landed projects (signed or later).")
    investment: MoneyOut = Field(description="Their total investment, in yuan.")
    jobs: int = Field(description="Their expected jobs.")
    records: dict[str, str] = Field(description=RECORDS_HELP)

    @staticmethod
    def resolve_key(obj: Breakdown) -> str | int | None:
        return None if obj.key in (None, "") else obj.key

    @staticmethod
    def resolve_investment(obj: Breakdown) -> dict[str, str] | None:
        return money(obj.investment, PIVOT_CURRENCY)


class ClusterOut(Schema):
    chain: ChainRef
    year: int
    tier: ChoiceOut
    target: MoneyOut = Field(description="Output target, in yuan.")
    actual: MoneyOut | None = Field(description="Output reached, in yuan; null when not known.")
    percent: str | None = Field(description="Actual ÷ target, one decimal.")
    records: dict[str, str] = Field(description=RECORDS_HELP)

    @staticmethod
    def resolve_tier(obj: ClusterRow) -> dict[str, str]:
        return {"code": obj.tier, "label": obj.tier_label}

    @staticmethod
    def resolve_target(obj: ClusterRow) -> dict[str, str] | None:
        return money(obj.target, PIVOT_CURRENCY)

    @staticmethod
    def resolve_actual(obj: ClusterRow) -> dict[str, str] | None:
        return money(obj.actual, PIVOT_CURRENCY)

    @staticmethod
    def resolve_percent(obj: ClusterRow) -> str | None:
        return _text(obj.percent)

    @staticmethod
    def resolve_records(obj: ClusterRow) -> dict[str, str]:
        return {"chain": str(obj.chain.pk)}


class KpisOut(Schema):
    funnel: list[FunnelStepOut]
    conversions: list[ConversionOut] = Field(description="From each main-road stage to the next.")
    rates: RatesOut
    by_chain: list[BreakdownOut]
    by_sector: list[BreakdownOut]
    by_country: list[BreakdownOut]
    clusters: list[ClusterOut]
