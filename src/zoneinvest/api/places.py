"""Parks, policies, opportunities and the investor's guide for the bureau's staff: every record
of their zones, drafts included, with the portal's filters (`/public/…` has the published ones).

Read-only: the office has no page that writes them (platform admins keep them in Django's
admin), and they carry no `version` an edit could be checked against.
"""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from zoneinvest.api.auth import caller, staff_auth
from zoneinvest.api.errors import READ_ERRORS
from zoneinvest.api.lookups import zone_by_code
from zoneinvest.api.schemas import (
    Amount,
    ChainRef,
    ChoiceOut,
    LandMu,
    Pagination,
    ProjectRef,
    ZoneRef,
    choice,
    decimal_text,
)
from zoneinvest.pipeline.models import Ownership
from zoneinvest.places.models import Facility, Park, Policy, PolicyKind
from zoneinvest.places.selectors import (
    ParkFilters,
    PolicyFilters,
    park_get,
    park_list,
    policy_get,
    policy_in_force,
    policy_list,
)
from zoneinvest.portal.models import AmountBand, GuideStep, Opportunity
from zoneinvest.portal.selectors import (
    OpportunityFilters,
    guide_step_get,
    guide_step_list,
    opportunity_get,
    opportunity_list,
)

parks = Router(auth=staff_auth, tags=["places"])
policies = Router(auth=staff_auth, tags=["places"])
opportunities = Router(auth=staff_auth, tags=["places"])
guide = Router(auth=staff_auth, tags=["places"])

ZONE_HELP = "Zone code."
PUBLISHED_HELP = "Only the published (true) or the unpublished (false) ones."


def _zone_id(request: HttpRequest, code: str | None) -> int | None:
    return zone_by_code(user=caller(request), code=code).pk if code else None


# ---------------------------------------------------------------- output


class RecordOut(Schema):
    id: int
    zone: ZoneRef
    slug: str
    published: bool
    illustrative: bool
    created_at: dt.datetime
    updated_at: dt.datetime


class ParkRecordOut(RecordOut):
    name: str
    name_en: str
    name_zh_hans: str | None
    summary_en: str | None
    summary_zh_hans: str | None
    location_en: str | None
    location_zh_hans: str | None
    latitude: str | None
    longitude: str | None
    area_km2: str
    free_land_mu: str
    land_price_min: str | None = Field(description="Yuan per 亩.")
    land_price_max: str | None = Field(description="Yuan per 亩.")
    facilities: list[ChoiceOut]
    focus_chains: list[ChainRef]
    position: int

    @staticmethod
    def resolve_name(obj: Park) -> str:
        return str(obj.name)

    @staticmethod
    def resolve_latitude(obj: Park) -> str | None:
        return decimal_text(obj.latitude)

    @staticmethod
    def resolve_longitude(obj: Park) -> str | None:
        return decimal_text(obj.longitude)

    @staticmethod
    def resolve_area_km2(obj: Park) -> str:
        return str(obj.area_km2)

    @staticmethod
    def resolve_free_land_mu(obj: Park) -> str:
        return str(obj.free_land_mu)

    @staticmethod
    def resolve_land_price_min(obj: Park) -> str | None:
        return decimal_text(obj.land_price_min)

    @staticmethod
    def resolve_land_price_max(obj: Park) -> str | None:
        return decimal_text(obj.land_price_max)

    @staticmethod
    def resolve_facilities(obj: Park) -> list[dict[str, str] | None]:
        return [choice(Facility, code) for code in obj.facilities]

    @staticmethod
    def resolve_focus_chains(obj: Park) -> list[Any]:
        return list(obj.focus_chains.all())


class PolicyRecordOut(RecordOut):
    title: str
    title_en: str
    title_zh_hans: str | None
    issuer_en: str | None
    issuer_zh_hans: str | None
    kind: ChoiceOut
    summary_en: str | None
    summary_zh_hans: str | None
    full_text_en: str | None
    full_text_zh_hans: str | None
    valid_from: dt.date
    valid_until: dt.date | None
    in_force: bool = Field(description="Valid today.")
    chains: list[ChainRef] = Field(description="Empty: every chain.")
    min_investment: str | None = Field(description="Yuan; null: no minimum.")
    company_types: list[ChoiceOut] = Field(description="Empty: every company.")

    @staticmethod
    def resolve_title(obj: Policy) -> str:
        return str(obj.title)

    @staticmethod
    def resolve_kind(obj: Policy) -> dict[str, str] | None:
        return choice(PolicyKind, obj.kind)

    @staticmethod
    def resolve_in_force(obj: Policy) -> bool:
        return policy_in_force(obj, on=timezone.localdate())

    @staticmethod
    def resolve_chains(obj: Policy) -> list[Any]:
        return list(obj.chains.all())

    @staticmethod
    def resolve_min_investment(obj: Policy) -> str | None:
        return decimal_text(obj.min_investment)

    @staticmethod
    def resolve_company_types(obj: Policy) -> list[dict[str, str] | None]:
        return [choice(Ownership, code) for code in obj.company_types]


class ParkRef(Schema):
    id: int
    slug: str
    name: str

    @staticmethod
    def resolve_name(obj: Park) -> str:
        return str(obj.name)


class LinkRef(Schema):
    id: int
    code: str
    name: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.name)


class OpportunityRecordOut(RecordOut):
    title: str
    title_en: str
    title_zh_hans: str | None
    summary_en: str | None
    summary_zh_hans: str | None
    description_en: str | None
    description_zh_hans: str | None
    chain: ChainRef
    link: LinkRef | None
    park: ParkRef | None
    amount_band: ChoiceOut
    land_mu: str | None
    project: ProjectRef | None = Field(
        description="The bureau's own project behind it (never on the portal); null also when "
        "the caller may not see it."
    )

    @staticmethod
    def resolve_title(obj: Opportunity) -> str:
        return str(obj.title)

    @staticmethod
    def resolve_amount_band(obj: Opportunity) -> dict[str, str] | None:
        return choice(AmountBand, obj.amount_band)

    @staticmethod
    def resolve_land_mu(obj: Opportunity) -> str | None:
        return decimal_text(obj.land_mu)

    @staticmethod
    def resolve_project(obj: Opportunity) -> Any:
        return obj.project if getattr(obj, "project_visible", False) else None


class GuideStepOut(Schema):
    id: int
    zone: ZoneRef
    position: int
    title: str
    title_en: str
    title_zh_hans: str | None
    description_en: str | None
    description_zh_hans: str | None
    documents_en: str | None
    documents_zh_hans: str | None
    fees_en: str | None
    fees_zh_hans: str | None
    time_needed_en: str | None
    time_needed_zh_hans: str | None
    office_en: str | None
    office_zh_hans: str | None
    illustrative: bool

    @staticmethod
    def resolve_title(obj: GuideStep) -> str:
        return str(obj.title)


# ---------------------------------------------------------------- filters (as the portal's)


class ParkListQuery(Schema):
    chain: str = Field("", max_length=60, description="A chain code.")
    facility: Facility | Literal[""] = ""
    min_free_land_mu: LandMu | None = None
    zone: str | None = Field(None, description=ZONE_HELP)
    published: bool | None = Field(None, description=PUBLISHED_HELP)


class PolicyListQuery(Schema):
    q: str = Field("", max_length=100, description="Words in the title, issuer or text.")
    kind: PolicyKind | Literal[""] = ""
    chain: str = Field("", max_length=60, description="The investor's chain code.")
    company_type: Ownership | Literal[""] = Field("", description="The investor's ownership.")
    investment: Amount | None = Field(None, description="Planned investment in yuan.")
    include_expired: bool = Field(False, description="Also the policies not in force today.")
    zone: str | None = Field(None, description=ZONE_HELP)
    published: bool | None = Field(None, description=PUBLISHED_HELP)


class OpportunityListQuery(Schema):
    chain: str = Field("", max_length=60, description="A chain code.")
    amount_band: AmountBand | Literal[""] = ""
    zone: str | None = Field(None, description=ZONE_HELP)
    published: bool | None = Field(None, description=PUBLISHED_HELP)


class GuideQuery(Schema):
    zone: str | None = Field(None, description=ZONE_HELP)


# ---------------------------------------------------------------- operations


@parks.get("", response={200: list[ParkRecordOut], **READ_ERRORS})
@paginate(Pagination)
def list_parks(request: HttpRequest, filters: Query[ParkListQuery]) -> Any:
    """The parks of the caller's zones, published or not."""
    return park_list(
        user=caller(request),
        filters=ParkFilters(
            chain=filters.chain,
            facility=filters.facility,
            min_free_land_mu=filters.min_free_land_mu,
        ),
        zone_id=_zone_id(request, filters.zone),
        published=filters.published,
    )


@parks.get("/{park_id}", response={200: ParkRecordOut, **READ_ERRORS})
def get_park(request: HttpRequest, park_id: int) -> Any:
    return park_get(user=caller(request), pk=park_id)


@policies.get("", response={200: list[PolicyRecordOut], **READ_ERRORS})
@paginate(Pagination)
def list_policies(request: HttpRequest, filters: Query[PolicyListQuery]) -> Any:
    """The policies of the caller's zones, published or not, narrowed as the portal's incentive
    finder narrows them (the described investor's chain, ownership and planned investment)."""
    return policy_list(
        user=caller(request),
        filters=PolicyFilters(
            q=filters.q,
            kind=filters.kind,
            chain=filters.chain,
            company_type=filters.company_type,
            investment=filters.investment,
            include_expired=filters.include_expired,
        ),
        zone_id=_zone_id(request, filters.zone),
        published=filters.published,
    )


@policies.get("/{policy_id}", response={200: PolicyRecordOut, **READ_ERRORS})
def get_policy(request: HttpRequest, policy_id: int) -> Any:
    return policy_get(user=caller(request), pk=policy_id)


@opportunities.get("", response={200: list[OpportunityRecordOut], **READ_ERRORS})
@paginate(Pagination)
def list_opportunities(request: HttpRequest, filters: Query[OpportunityListQuery]) -> Any:
    """The opportunities of the caller's zones, published or not."""
    return opportunity_list(
        user=caller(request),
        filters=OpportunityFilters(chain=filters.chain, amount_band=filters.amount_band),
        zone_id=_zone_id(request, filters.zone),
        published=filters.published,
    )


@opportunities.get("/{opportunity_id}", response={200: OpportunityRecordOut, **READ_ERRORS})
def get_opportunity(request: HttpRequest, opportunity_id: int) -> Any:
    return opportunity_get(user=caller(request), pk=opportunity_id)


@guide.get("", response={200: list[GuideStepOut], **READ_ERRORS})
@paginate(Pagination)
def list_guide_steps(request: HttpRequest, filters: Query[GuideQuery]) -> Any:
    """The investor's guide of each of the caller's zones, step by step."""
    return guide_step_list(user=caller(request), zone_id=_zone_id(request, filters.zone))


@guide.get("/{step_id}", response={200: GuideStepOut, **READ_ERRORS})
def get_guide_step(request: HttpRequest, step_id: int) -> Any:
    return guide_step_get(user=caller(request), pk=step_id)
