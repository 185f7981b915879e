"""The portal's public data for other sites (a provincial platform, a map): published parks,
policies and opportunities of the portal's zone, without a token, public fields only."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from zoneinvest.api.errors import ErrorOut
from zoneinvest.api.schemas import Amount, ChoiceOut, LandMu, choice, decimal_text
from zoneinvest.pipeline.models import Ownership
from zoneinvest.places.models import Facility, Park, Policy, PolicyKind
from zoneinvest.places.selectors import (
    ParkFilters,
    PolicyFilters,
    policy_in_force,
    published_park,
    published_parks,
    published_policies,
    published_policy,
)
from zoneinvest.portal.models import AmountBand, Opportunity
from zoneinvest.portal.selectors import (
    OpportunityFilters,
    portal_zone,
    published_opportunities,
    published_opportunity,
)

router = Router(auth=None, tags=["public"])
NOT_FOUND: dict[int, type[Schema]] = {404: ErrorOut, 422: ErrorOut}


class PublicChainOut(Schema):
    code: str
    name: str


class ParkOut(Schema):
    slug: str
    name: str
    name_en: str
    name_zh_hans: str | None
    summary: str
    location: str
    latitude: str | None
    longitude: str | None
    area_km2: str
    free_land_mu: str
    land_price_min: str | None = Field(description="Yuan per 亩.")
    land_price_max: str | None = Field(description="Yuan per 亩.")
    facilities: list[ChoiceOut]
    focus_chains: list[PublicChainOut]


class PolicyOut(Schema):
    slug: str
    title: str
    title_en: str
    title_zh_hans: str | None
    issuer: str
    kind: ChoiceOut
    summary: str
    full_text: str
    valid_from: dt.date
    valid_until: dt.date | None
    in_force: bool
    chains: list[PublicChainOut] = Field(description="Empty: every chain.")
    min_investment: str | None = Field(description="Yuan; null: no minimum.")
    company_types: list[ChoiceOut] = Field(description="Empty: every company.")


class OpportunityOut(Schema):
    slug: str
    title: str
    title_en: str
    title_zh_hans: str | None
    summary: str
    description: str
    chain: PublicChainOut
    link: str | None
    park: str | None = Field(description="The park's slug.")
    amount_band: ChoiceOut
    land_mu: str | None


def _chains(chains: Any) -> list[dict[str, str]]:
    return [{"code": chain.code, "name": str(chain.name)} for chain in chains]


def _park(park: Park) -> dict[str, Any]:
    return {
        "slug": park.slug,
        "name": str(park.name),
        "name_en": park.name_en,  # type: ignore[attr-defined]
        "name_zh_hans": park.name_zh_hans,  # type: ignore[attr-defined]
        "summary": park.summary,
        "location": park.location,
        "latitude": decimal_text(park.latitude),
        "longitude": decimal_text(park.longitude),
        "area_km2": str(park.area_km2),
        "free_land_mu": str(park.free_land_mu),
        "land_price_min": decimal_text(park.land_price_min),
        "land_price_max": decimal_text(park.land_price_max),
        "facilities": [choice(Facility, code) for code in park.facilities],
        "focus_chains": _chains(park.focus_chains.all()),
    }


def _policy(policy: Policy) -> dict[str, Any]:
    return {
        "slug": policy.slug,
        "title": str(policy.title),
        "title_en": policy.title_en,  # type: ignore[attr-defined]
        "title_zh_hans": policy.title_zh_hans,  # type: ignore[attr-defined]
        "issuer": policy.issuer,
        "kind": choice(PolicyKind, policy.kind),
        "summary": policy.summary,
        "full_text": policy.full_text,
        "valid_from": policy.valid_from,
        "valid_until": policy.valid_until,
        "in_force": policy_in_force(policy, on=timezone.localdate()),
        "chains": _chains(policy.chains.all()),
        "min_investment": decimal_text(policy.min_investment),
        "company_types": [choice(Ownership, code) for code in policy.company_types],
    }


def _opportunity(item: Opportunity) -> dict[str, Any]:
    return {
        "slug": item.slug,
        "title": str(item.title),
        "title_en": item.title_en,  # type: ignore[attr-defined]
        "title_zh_hans": item.title_zh_hans,  # type: ignore[attr-defined]
        "summary": item.summary,
        "description": item.description,
        "chain": {"code": item.chain.code, "name": str(item.chain.name)},
        "link": str(item.link.name) if item.link else None,
        "park": item.park.slug if item.park else None,
        "amount_band": choice(AmountBand, item.amount_band),
        "land_mu": decimal_text(item.land_mu),
    }


class ParkQuery(Schema):
    chain: str = Field("", max_length=60, description="A chain code.")
    facility: Facility | Literal[""] = Field("", description="A facility code.")
    min_free_land_mu: LandMu | None = None


class PolicyQuery(Schema):
    q: str = Field("", max_length=100, description="Words in the title, issuer or text.")
    kind: PolicyKind | Literal[""] = ""
    chain: str = Field("", max_length=60, description="The investor's chain code.")
    company_type: Ownership | Literal[""] = Field("", description="The investor's ownership.")
    investment: Amount | None = Field(None, description="Planned investment in yuan.")
    include_expired: bool = False


class OpportunityQuery(Schema):
    chain: str = Field("", max_length=60, description="A chain code.")
    amount_band: AmountBand | Literal[""] = ""


@router.get("/parks", response={200: list[ParkOut], **NOT_FOUND}, auth=None)
def list_public_parks(request: HttpRequest, filters: Query[ParkQuery]) -> list[dict[str, Any]]:
    """Published industrial parks of the portal's zone."""
    found = published_parks(zone=portal_zone(), filters=ParkFilters(**filters.dict()))
    return [_park(park) for park in found]


@router.get("/parks/{slug}", response={200: ParkOut, **NOT_FOUND}, auth=None)
def get_public_park(request: HttpRequest, slug: str) -> dict[str, Any]:
    return _park(published_park(zone=portal_zone(), slug=slug))


@router.get("/policies", response={200: list[PolicyOut], **NOT_FOUND}, auth=None)
def list_public_policies(request: HttpRequest, filters: Query[PolicyQuery]) -> list[dict[str, Any]]:
    """The incentive finder: published policies whose conditions the described investor meets."""
    found = published_policies(zone=portal_zone(), filters=PolicyFilters(**filters.dict()))
    return [_policy(policy) for policy in found]


@router.get("/policies/{slug}", response={200: PolicyOut, **NOT_FOUND}, auth=None)
def get_public_policy(request: HttpRequest, slug: str) -> dict[str, Any]:
    return _policy(published_policy(zone=portal_zone(), slug=slug))


@router.get("/opportunities", response={200: list[OpportunityOut], **NOT_FOUND}, auth=None)
def list_public_opportunities(
    request: HttpRequest, filters: Query[OpportunityQuery]
) -> list[dict[str, Any]]:
    found = published_opportunities(
        zone=portal_zone(), filters=OpportunityFilters(**filters.dict())
    )
    return [_opportunity(item) for item in found]


@router.get("/opportunities/{slug}", response={200: OpportunityOut, **NOT_FOUND}, auth=None)
def get_public_opportunity(request: HttpRequest, slug: str) -> dict[str, Any]:
    return _opportunity(published_opportunity(zone=portal_zone(), slug=slug))
