"""An investor's profile: what a company looking for a site needs and wants.

Made from a project (its chain, link, investment and land), from an inquiry that came through the
portal's "Find your location" (stored with the inquiry), or from the wizard's or the API's answers
(`profile_from_data`, which names each wrong answer: ValidationFailed). `profile_to_data` is its
plain, JSON-safe form.
"""

from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zoneinvest.core.errors import NoFxRate, ValidationFailed
from zoneinvest.core.money import Money, convert
from zoneinvest.pipeline.models import Ownership, Project
from zoneinvest.places.models import Facility

M2_PER_MU = Decimal(10_000) / Decimal(15)  # 1 亩 = 666.67 m²
# Needs large enough to ask for a facility of the park's own.
POWER_NEEDS_SUBSTATION_MW = Decimal(5)
WATER_NEEDS_SUPPLY_M3_A_DAY = Decimal(1_000)
WORKFORCE_NEEDS_HOUSING = 300


class Logistics(models.TextChoices):
    RAIL = "rail", _("Rail freight to Europe and Central Asia")
    RIVER = "river", _("Shipping on the Yangtze")
    AIR = "air", _("Air freight")
    ROAD = "road", _("Road only")


class Premises(models.TextChoices):
    LAND = "land", _("Land to build on")
    BUILDING = "building", _("A ready building")
    EITHER = "either", _("Either")


class Motivation(models.TextChoices):
    COST = "cost", _("Lower costs")
    RELOCATION = "relocation", _("Move part of production abroad")
    MARKET = "market", _("Reach Asian markets")
    SUPPLY_CHAIN = "supply_chain", _("Be close to suppliers and customers")


FACILITY_FOR_LOGISTICS = {
    Logistics.RAIL: Facility.RAIL_FREIGHT,
    Logistics.RIVER: Facility.RIVER_PORT,
    Logistics.AIR: Facility.AIRPORT,
}


@dataclass(frozen=True)
class InvestorProfile:
    chain: str = ""  # an industry chain's code in the zone
    link: str = ""  # a link's code in that chain
    investment: Decimal | None = None  # yuan
    land_mu: Decimal | None = None
    premises: str = Premises.EITHER
    power_mw: Decimal | None = None
    water_m3_day: Decimal | None = None
    workforce: int | None = None
    logistics: tuple[str, ...] = ()
    motivations: tuple[str, ...] = ()
    timeline_months: int | None = None
    company_type: str = ""  # an Ownership code
    country: str = ""
    max_land_price: Decimal | None = None  # yuan per 亩
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def needs_land(self) -> bool:
        return self.premises != Premises.BUILDING and bool(self.land_mu)

    def needed_facilities(self) -> list[str]:
        """The park facilities this investor needs, in a stable order."""
        needed = [
            FACILITY_FOR_LOGISTICS[Logistics(way)]
            for way in self.logistics
            if way in FACILITY_FOR_LOGISTICS
        ]
        if self.power_mw is not None and self.power_mw >= POWER_NEEDS_SUBSTATION_MW:
            needed.append(Facility.POWER)
        if self.water_m3_day is not None and self.water_m3_day >= WATER_NEEDS_SUPPLY_M3_A_DAY:
            needed.append(Facility.INDUSTRIAL_WATER)
        if self.premises == Premises.BUILDING:
            needed.append(Facility.STANDARD_FACTORIES)
        if self.workforce is not None and self.workforce >= WORKFORCE_NEEDS_HOUSING:
            needed.append(Facility.TALENT_HOUSING)
        return [str(code) for code in dict.fromkeys(needed)]


def _decimal(data: dict[str, Any], name: str, errors: dict[str, str]) -> Decimal | None:
    value = data.get(name)
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        errors[name] = gettext("Enter a number.")
        return None
    if not number.is_finite() or number < 0 or number > Decimal(10) ** 15:
        errors[name] = gettext("Enter a number of zero or more.")
        return None
    return number


def _whole(data: dict[str, Any], name: str, errors: dict[str, str]) -> int | None:
    number = _decimal(data, name, errors)
    if number is None:
        return None
    if number != number.to_integral_value() or number > 10_000_000:
        errors[name] = gettext("Enter a whole number.")
        return None
    return int(number)


def _choices(
    data: dict[str, Any], name: str, kind: type[models.TextChoices], errors: dict[str, str]
) -> tuple[str, ...]:
    value = data.get(name) or ()
    values = [value] if isinstance(value, str) else list(value)
    unknown = [v for v in values if v not in kind.values]
    if unknown:
        errors[name] = gettext("Not a choice: %(value)s.") % {"value": ", ".join(map(str, unknown))}
        return ()
    return tuple(dict.fromkeys(str(v) for v in values))


def profile_from_data(data: dict[str, Any]) -> InvestorProfile:
    """A profile from answers (the wizard's form, the API's body); names each field
    that is wrong (ValidationFailed). Land may be given in 亩 (`land_mu`) or in m² (`land_m2`)."""
    errors: dict[str, str] = {}
    land_mu = _decimal(data, "land_mu", errors)
    land_m2 = _decimal(data, "land_m2", errors)
    if land_mu is None and land_m2 is not None:
        land_mu = (land_m2 / M2_PER_MU).quantize(Decimal("0.1"))
    premises = str(data.get("premises") or Premises.EITHER)
    if premises not in Premises.values:
        errors["premises"] = gettext("Not a choice: %(value)s.") % {"value": premises}
    company_type = str(data.get("company_type") or "")
    if company_type and company_type not in Ownership.values:
        errors["company_type"] = gettext("Not a choice: %(value)s.") % {"value": company_type}
    profile = InvestorProfile(
        chain=str(data.get("chain") or "").strip()[:60],
        link=str(data.get("link") or "").strip()[:60],
        investment=_decimal(data, "investment", errors),
        land_mu=land_mu,
        premises=premises,
        power_mw=_decimal(data, "power_mw", errors),
        water_m3_day=_decimal(data, "water_m3_day", errors),
        workforce=_whole(data, "workforce", errors),
        logistics=_choices(data, "logistics", Logistics, errors),
        motivations=_choices(data, "motivations", Motivation, errors),
        timeline_months=_whole(data, "timeline_months", errors),
        company_type=company_type,
        country=str(data.get("country") or "").strip().upper()[:2],
        max_land_price=_decimal(data, "max_land_price", errors),
    )
    if errors:
        raise ValidationFailed.for_fields(
            gettext("Some answers need correcting."), {k: [v] for k, v in errors.items()}
        )
    return profile


def profile_to_data(profile: InvestorProfile) -> dict[str, Any]:
    """The profile as JSON-safe data (numbers as strings), read back by `profile_from_data`."""
    data: dict[str, Any] = {}
    for name in (
        "chain", "link", "investment", "land_mu", "premises", "power_mw", "water_m3_day",
        "workforce", "timeline_months", "company_type", "country", "max_land_price",
    ):  # fmt: skip
        value = getattr(profile, name)
        if value not in (None, ""):
            data[name] = str(value) if isinstance(value, Decimal) else value
    data["logistics"] = list(profile.logistics)
    data["motivations"] = list(profile.motivations)
    return data


def profile_from_project(project: Project) -> InvestorProfile:
    """What a project's record says of its investor's needs."""
    company = project.company
    return InvestorProfile(
        chain=project.chain.code if project.chain_id else "",  # type: ignore[union-attr]
        link=project.link.code if project.link_id else "",  # type: ignore[union-attr]
        investment=_in_yuan(project),
        land_mu=project.land_mu,
        company_type=str(company.ownership) if company is not None else "",
        country=str(company.country) if company is not None else "",
    )


def _in_yuan(project: Project) -> Decimal | None:
    """The project's total investment in yuan at today's rate (None when unknown or no rate)."""
    amount = project.total_investment
    if amount is None or project.currency == "CNY":
        return amount
    try:
        return convert(Money(amount, project.currency), to="CNY", on=timezone.localdate()).amount
    except NoFxRate:
        return None


def profile_with(profile: InvestorProfile, **changes: Any) -> InvestorProfile:
    return replace(profile, **changes)
