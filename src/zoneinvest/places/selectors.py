"""Reads of the zone's statistics: indicators and the shares computed from them."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet

from zoneinvest.core.models import Zone
from zoneinvest.places.models import Area, Indicator, IndicatorKind

SHARE_KINDS = (
    IndicatorKind.LAND_AREA,
    IndicatorKind.ECONOMIC_OUTPUT,
    IndicatorKind.TRADE,
    IndicatorKind.UTILIZED_FDI,
    IndicatorKind.FORTUNE_500,
)


@dataclass(frozen=True)
class Share:
    """The zone's share of its city for one indicator, with the two records it comes from."""

    kind: IndicatorKind
    year: int
    zone: Indicator
    city: Indicator

    @property
    def percent(self) -> Decimal:
        if not self.city.value:
            return Decimal(0)
        share = self.zone.value / self.city.value * 100
        # Small shares keep two decimals, so "1.46 %" is not read as "1.5 %".
        return share.quantize(Decimal("0.01") if share < 10 else Decimal("0.1"), ROUND_HALF_UP)

    @property
    def label(self) -> str:
        return str(self.kind.label)


def indicator_list(*, zone: Zone) -> QuerySet[Indicator]:
    return Indicator.objects.filter(zone=zone).order_by("-year", "kind", "area")


def indicator_shares(*, zone: Zone, year: int | None = None) -> list[Share]:
    """For each kind, the latest year (or `year`) with both a zone and a city record."""
    rows = Indicator.objects.filter(zone=zone, kind__in=SHARE_KINDS)
    if year is not None:
        rows = rows.filter(year=year)
    found: dict[tuple[str, int], dict[str, Indicator]] = {}
    for row in rows.order_by("-year"):
        found.setdefault((row.kind, row.year), {})[row.area] = row
    shares: dict[str, Share] = {}
    for (kind, row_year), pair in found.items():
        if kind in shares or Area.ZONE not in pair or Area.CITY not in pair:
            continue
        shares[kind] = Share(
            kind=IndicatorKind(kind), year=row_year, zone=pair[Area.ZONE], city=pair[Area.CITY]
        )
    return [shares[k] for k in SHARE_KINDS if k in shares]
