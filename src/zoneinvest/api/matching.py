"""Matching for the pipeline's readers: an investor's profile against the zone's parks,
opportunities and policies, and companies ranked for a chain gap — the same scores and reasons
as the portal's "Find your location", the project page and the chain map (matching.selectors).

The profile travels as query parameters (a match is a read: read-only tokens may ask), the same
names the portal's wizard uses; repeat `logistics` and `motivations` for several values.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from zoneinvest.accounts.models import User
from zoneinvest.api.auth import caller, pipeline_auth
from zoneinvest.api.errors import READ_ERRORS
from zoneinvest.api.lookups import zone_for_create
from zoneinvest.api.schemas import ChoiceOut, IsoDate, choice, decimal_meta
from zoneinvest.core.models import Zone
from zoneinvest.industries.chain_map import link_get
from zoneinvest.matching.criteria import Criterion
from zoneinvest.matching.profile import (
    InvestorProfile,
    Logistics,
    Motivation,
    Premises,
    profile_from_data,
)
from zoneinvest.matching.scoring import Eligibility, Match, Reason, Verdict
from zoneinvest.matching.selectors import (
    CompanyMatch,
    match_companies,
    match_opportunities,
    match_parks,
    match_policies,
    profile_check_zone,
)
from zoneinvest.pipeline.models import Ownership

router = Router(auth=pipeline_auth, tags=["matching"])

Amount = Annotated[Decimal, *decimal_meta(max_digits=20, decimal_places=2, ge=0)]
Land = Annotated[Decimal, *decimal_meta(max_digits=12, decimal_places=1, ge=0)]
Need = Annotated[Decimal, *decimal_meta(max_digits=12, decimal_places=2, ge=0)]


class ProfileQuery(Schema):
    """An investor's profile (matching.profile.InvestorProfile); every answer may be left out."""

    zone: str | None = Field(None, description="Zone code; needed only by users of several.")
    chain: str = Field("", max_length=60, description="Industry chain code, e.g. nev.")
    link: str = Field("", max_length=60, description="Chain link code, e.g. cells.")
    investment: Amount | None = Field(None, description="Planned investment in yuan.")
    land_mu: Land | None = Field(None, description="Land needed in 亩.")
    land_m2: Land | None = Field(None, description="Land needed in m² (if not in 亩).")
    premises: Premises = Premises.EITHER
    power_mw: Need | None = Field(None, description="Power needed, MW.")
    water_m3_day: Need | None = Field(None, description="Water needed, m³ a day.")
    workforce: int | None = Field(None, ge=0, le=10_000_000)
    logistics: list[Logistics] = Field([], description="How exports leave (repeatable).")
    motivations: list[Motivation] = Field([], description="Why invest here (repeatable).")
    timeline_months: int | None = Field(None, ge=0, le=10_000_000)
    company_type: Ownership | None = None
    country: str = Field("", pattern=r"^([A-Za-z]{2})?$", description="ISO country code.")
    max_land_price: Amount | None = Field(None, description="Land budget, yuan per 亩.")


class PolicyMatchQuery(ProfileQuery):
    on: IsoDate | None = Field(None, description="The day eligibility is judged on (today).")


class CompanyMatchQuery(Schema):
    link: int = Field(ge=1, le=2**63 - 1, description="The chain link that is a gap.")
    limit: int = Field(20, ge=1, le=100)


class ReasonOut(Schema):
    criterion: ChoiceOut
    points: int
    text: str


class MatchedRecord(Schema):
    id: int
    slug: str
    name: str


class MatchOut(Schema):
    record: MatchedRecord
    score: int = Field(description="The sum of the reasons' points.")
    reasons: list[ReasonOut]


class ConditionOut(Schema):
    met: bool | None = Field(description="null: the profile does not say.")
    text: str


class PolicyMatchOut(Schema):
    record: MatchedRecord
    verdict: ChoiceOut
    reasons: list[ConditionOut] = Field(description="The conditions that decide the verdict.")
    conditions: list[ConditionOut]


class MatchedCompany(Schema):
    id: int
    name: str
    country: str


class CompanyMatchOut(Schema):
    record: MatchedCompany
    score: int
    reasons: list[ReasonOut]


def _profile(user: User, query: ProfileQuery) -> tuple[InvestorProfile, Zone]:
    """The profile of the query, checked against the zone the caller asks about."""
    zone = zone_for_create(user=user, code=query.zone)
    data = query.model_dump(exclude={"zone", "on"})
    profile = profile_from_data({k: v for k, v in data.items() if v is not None})
    profile_check_zone(profile, zone=zone)
    return profile, zone


def _reason(reason: Reason) -> dict[str, Any]:
    return {
        "criterion": choice(Criterion, reason.criterion),
        "points": reason.points,
        "text": reason.text,
    }


def _match(match: Match, name: str) -> dict[str, Any]:
    return {
        "record": {"id": match.record.pk, "slug": match.record.slug, "name": name},
        "score": match.score,
        "reasons": [_reason(reason) for reason in match.reasons],
    }


@router.get("/parks", response={200: list[MatchOut], **READ_ERRORS})
def match_parks_for_profile(request: HttpRequest, query: Query[ProfileQuery]) -> Any:
    """The zone's parks, best first, each with the reasons that raised or lowered it."""
    user = caller(request)
    profile, zone = _profile(user, query)
    found = match_parks(zone=zone, profile=profile, public=False)
    return [_match(m, str(m.record.name)) for m in found]


@router.get("/opportunities", response={200: list[MatchOut], **READ_ERRORS})
def match_opportunities_for_profile(request: HttpRequest, query: Query[ProfileQuery]) -> Any:
    """The zone's investment opportunities, best first, with their reasons."""
    user = caller(request)
    profile, zone = _profile(user, query)
    found = match_opportunities(zone=zone, profile=profile, public=False)
    return [_match(m, str(m.record.title)) for m in found]


def _eligibility(found: Eligibility) -> dict[str, Any]:
    return {
        "record": {"id": found.record.pk, "slug": found.record.slug, "name": found.record.title},
        "verdict": choice(Verdict, found.verdict),
        "reasons": [{"met": c.met, "text": c.text} for c in found.reasons],
        "conditions": [{"met": c.met, "text": c.text} for c in found.conditions],
    }


@router.get("/policies", response={200: list[PolicyMatchOut], **READ_ERRORS})
def match_policies_for_profile(request: HttpRequest, query: Query[PolicyMatchQuery]) -> Any:
    """Every policy of the zone with its verdict (eligible, needs checking, not eligible) and
    the conditions that decide it; eligible first."""
    user = caller(request)
    profile, zone = _profile(user, query)
    day: dt.date | None = query.on
    found = match_policies(zone=zone, profile=profile, public=False, on=day)
    return [_eligibility(e) for e in found]


def _company(found: CompanyMatch) -> dict[str, Any]:
    company = found.record
    return {
        "record": {"id": company.pk, "name": str(company.name), "country": str(company.country)},
        "score": found.score,
        "reasons": [_reason(reason) for reason in found.reasons],
    }


@router.get("/companies", response={200: list[CompanyMatchOut], **READ_ERRORS})
def match_companies_for_gap(request: HttpRequest, query: Query[CompanyMatchQuery]) -> Any:
    """Companies that could fill the chain gap `link`, best first, with their reasons (those
    with an open or present project in the zone are left out)."""
    user = caller(request)
    link = link_get(user=user, pk=query.link)
    return [_company(m) for m in match_companies(user=user, link=link, limit=query.limit)]
