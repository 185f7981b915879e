"""Published portal records made through the services (parks, policies, opportunities)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from zoneinvest.core.models import Zone
from zoneinvest.places.models import Park, Policy
from zoneinvest.places.services import park_create, policy_create
from zoneinvest.portal.models import Opportunity
from zoneinvest.portal.services import opportunity_create


def make_park(zone: Zone, slug: str = "yufu", **values: Any) -> Park:
    chains = values.pop("focus_chains", ())
    options: dict[str, Any] = {
        "name_en": slug.title() + " Park",
        "name_zh_hans": slug + "园区",
        "area_km2": Decimal(20),
        "free_land_mu": Decimal(300),
        "published": True,
    }
    options.update(values)
    return park_create(zone=zone, by=None, slug=slug, focus_chains=chains, **options)


def make_policy(zone: Zone, slug: str = "subsidy", **values: Any) -> Policy:
    chains = values.pop("chains", ())
    options: dict[str, Any] = {
        "title_en": slug.title(),
        "title_zh_hans": slug + "政策",
        "issuer_en": "Administrative Committee",
        "issuer_zh_hans": "管委会",
        "kind": "subsidy",
        "valid_from": dt.date(2023, 1, 1),
        "published": True,
    }
    options.update(values)
    return policy_create(zone=zone, by=None, slug=slug, chains=chains, **options)


def make_opportunity(zone: Zone, chain: Any, slug: str = "charging", **values: Any) -> Opportunity:
    options: dict[str, Any] = {
        "title_en": slug.title() + " plant",
        "title_zh_hans": slug + "项目",
        "summary_en": "A plant the zone wants.",
        "chain": chain,
        "amount_band": "1b_5b",
        "published": True,
    }
    options.update(values)
    return opportunity_create(zone=zone, by=None, slug=slug, **options)
