"""Reads of places: the zone's statistics and the shares computed from them; published parks
and policies (the incentive finder); and every park and policy of their zones, drafts included,
for the bureau's staff."""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from zoneinvest.accounts.models import PIPELINE_READERS, PORTAL_EDITORS, User
from zoneinvest.accounts.selectors import user_zone_ids
from zoneinvest.core.models import Zone
from zoneinvest.matching.profile import InvestorProfile
from zoneinvest.matching.scoring import who_qualifies
from zoneinvest.places.models import Area, Indicator, IndicatorKind, Park, Policy

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


# ---------------------------------------------------------------- parks and policies (public)


@dataclass(frozen=True)
class ParkFilters:
    chain: str = ""  # chain code
    facility: str = ""  # Facility code
    min_free_land_mu: Decimal | None = None


def _filtered_parks(parks: QuerySet[Park], filters: ParkFilters) -> list[Park]:
    parks = parks.prefetch_related("focus_chains")
    if filters.chain:
        parks = parks.filter(focus_chains__code=filters.chain).distinct()
    if filters.min_free_land_mu is not None:
        parks = parks.filter(free_land_mu__gte=filters.min_free_land_mu)
    rows = list(parks.order_by("zone_id", "position", "slug"))
    if filters.facility:  # a JSON list: filtered here, the same on SQLite and PostgreSQL
        rows = [park for park in rows if filters.facility in park.facilities]
    return rows


def published_parks(*, zone: Zone, filters: ParkFilters | None = None) -> list[Park]:
    """The zone's published parks, with their focus chains, narrowed by the filters."""
    return _filtered_parks(Park.objects.filter(zone=zone, published=True), filters or ParkFilters())


def published_park(*, zone: Zone, slug: str) -> Park:
    return get_object_or_404(
        Park.objects.prefetch_related("focus_chains"), zone=zone, slug=slug, published=True
    )


@dataclass(frozen=True)
class PolicyFilters:
    q: str = ""
    kind: str = ""
    chain: str = ""  # chain code
    company_type: str = ""  # Ownership code
    investment: Decimal | None = None  # the investor's planned amount in yuan
    include_expired: bool = False


def policy_in_force(policy: Policy, *, on: dt.date) -> bool:
    return policy.in_force_on(on)


def policy_fits(policy: Policy, filters: PolicyFilters) -> bool:
    """The structured eligibility (matching's engine): an investor the filters describe may be
    eligible unless a condition is known to fail; what the filters leave blank admits."""
    investor = InvestorProfile(
        chain=filters.chain, investment=filters.investment, company_type=filters.company_type
    )
    return all(condition.met is not False for condition in who_qualifies(policy, investor))


def published_policies(
    *, zone: Zone, filters: PolicyFilters | None = None, today: dt.date | None = None
) -> list[Policy]:
    """The incentive finder: published policies the filters' investor may be eligible for."""
    policies = Policy.objects.filter(zone=zone, published=True)
    return _filtered_policies(policies, filters or PolicyFilters(), today or timezone.localdate())


def _filtered_policies(
    policies: QuerySet[Policy], filters: PolicyFilters, today: dt.date
) -> list[Policy]:
    policies = policies.prefetch_related("chains")
    if filters.kind:
        policies = policies.filter(kind=filters.kind)
    if not filters.include_expired:
        policies = policies.filter(valid_from__lte=today).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today)
        )
    for word in filters.q.split():
        policies = policies.filter(
            Q(title_en__icontains=word)
            | Q(title_zh_hans__icontains=word)
            | Q(summary_en__icontains=word)
            | Q(summary_zh_hans__icontains=word)
            | Q(full_text_en__icontains=word)
            | Q(full_text_zh_hans__icontains=word)
            | Q(issuer_en__icontains=word)
            | Q(issuer_zh_hans__icontains=word)
        )
    return [p for p in policies.order_by("zone_id", "kind", "slug") if policy_fits(p, filters)]


def published_policy(*, zone: Zone, slug: str) -> Policy:
    return get_object_or_404(
        Policy.objects.prefetch_related("chains"), zone=zone, slug=slug, published=True
    )


# ---------------------------------------------------------------- parks and policies (the bureau)


def user_can_read_places(*, user: User) -> bool:
    """The bureau's staff (pipeline readers and portal editors) read every park and policy of
    their zones, drafts included; a consultant reads only what the portal publishes."""
    staff = PIPELINE_READERS | PORTAL_EDITORS
    return bool(user.is_authenticated and user.is_active and user.role in staff)


def _staff_scope[M: (Park, Policy)](
    model: type[M], *, user: User, zone_id: int | None, published: bool | None
) -> QuerySet[M]:
    if not user_can_read_places(user=user):
        return model.objects.none()
    rows = model.objects.filter(zone_id__in=user_zone_ids(user=user)).select_related("zone")
    if zone_id is not None:
        rows = rows.filter(zone_id=zone_id)
    if published is not None:
        rows = rows.filter(published=published)
    return rows


def park_list(
    *,
    user: User,
    filters: ParkFilters | None = None,
    zone_id: int | None = None,
    published: bool | None = None,
) -> list[Park]:
    """The parks of the user's zones (published or not), narrowed as the portal's park list."""
    parks = _staff_scope(Park, user=user, zone_id=zone_id, published=published)
    return _filtered_parks(parks, filters or ParkFilters())


def park_get(*, user: User, pk: int) -> Park:
    """A park of the user's zones, or 404 (another zone's park does not exist for them)."""
    parks = _staff_scope(Park, user=user, zone_id=None, published=None)
    return get_object_or_404(parks.prefetch_related("focus_chains"), pk=pk)


def policy_list(
    *,
    user: User,
    filters: PolicyFilters | None = None,
    zone_id: int | None = None,
    published: bool | None = None,
    today: dt.date | None = None,
) -> list[Policy]:
    """The policies of the user's zones (published or not), narrowed as the incentive finder."""
    policies = _staff_scope(Policy, user=user, zone_id=zone_id, published=published)
    return _filtered_policies(policies, filters or PolicyFilters(), today or timezone.localdate())


def policy_get(*, user: User, pk: int) -> Policy:
    """A policy of the user's zones, or 404."""
    policies = _staff_scope(Policy, user=user, zone_id=None, published=None)
    return get_object_or_404(policies.prefetch_related("chains"), pk=pk)
