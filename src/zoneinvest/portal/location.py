"""“Find your location”: the zone's published parks, opportunities and policies matched against
an investor's answers (matching.selectors, public records only); the profile carried to the
inquiry form as a signed token; and the profile written out for the investor and the bureau.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core import signing
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country

from zoneinvest.core.errors import ValidationFailed
from zoneinvest.core.i18n import join_words
from zoneinvest.core.models import Zone
from zoneinvest.core.money import Money, format_money
from zoneinvest.industries.models import ChainLink, IndustryChain
from zoneinvest.matching.profile import (
    M2_PER_MU,
    InvestorProfile,
    Logistics,
    Motivation,
    Premises,
    profile_from_data,
    profile_to_data,
)
from zoneinvest.matching.scoring import Eligibility, Match
from zoneinvest.matching.selectors import match_all
from zoneinvest.pipeline.models import Ownership
from zoneinvest.places.models import Park

# Not a secret: it keeps these signatures apart from any other the site makes with SECRET_KEY.
SIGNING_SALT = "zoneinvest.portal.find_location.profile"


@dataclass
class LocationResults:
    parks: list[Match]
    opportunities: list[Match]
    policies: list[Eligibility]

    @property
    def best_park(self) -> Park | None:
        """The first park, if anything speaks for it (a score above zero)."""
        if self.parks and self.parks[0].score > 0:
            park: Park = self.parks[0].record
            return park
        return None


def location_results(*, zone: Zone, profile: InvestorProfile) -> LocationResults:
    """The zone's published records ranked for the profile, with their reasons."""
    found = match_all(zone=zone, profile=profile, public=True)
    return LocationResults(
        parks=found.parks, opportunities=found.opportunities, policies=found.policies
    )


# ---------------------------------------------------------------- the profile as a token


def profile_token(profile: InvestorProfile) -> str:
    """The profile, signed, for a URL (`?profile=…`): readable, but not to be altered."""
    return signing.dumps(profile_to_data(profile), salt=SIGNING_SALT, compress=True)


def profile_from_token(token: str) -> InvestorProfile | None:
    """The profile a token carries; None for an altered token or anything else."""
    if not token:
        return None
    try:
        data = signing.loads(token, salt=SIGNING_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    try:
        return profile_from_data(data)
    except ValidationFailed:
        return None


def profile_chain(*, zone: Zone, profile: InvestorProfile | None) -> IndustryChain | None:
    """The zone's chain the investor answered, if any."""
    if profile is None or not profile.chain:
        return None
    return IndustryChain.objects.filter(zone=zone, code=profile.chain).first()


# ---------------------------------------------------------------- the profile in words


@dataclass(frozen=True)
class Answer:
    label: str
    value: str


def _figure(value: Decimal | int) -> str:
    """1000000 → "1,000,000"; 12.50 → "12.5"."""
    number = Decimal(value).normalize()
    return f"{number:,f}" if number == number.to_integral_value() else f"{number:,}"


def _chain_answers(zone: Zone, profile: InvestorProfile) -> list[Answer]:
    chain = profile_chain(zone=zone, profile=profile)
    rows = [
        Answer(
            str(_("Industry chain")),
            str(chain.name) if chain else (profile.chain or str(_("Another industry"))),
        )
    ]
    if profile.link:
        link = ChainLink.objects.filter(
            zone=zone, chain__code=profile.chain, code=profile.link
        ).first()
        rows.append(Answer(str(_("Link in the chain")), str(link.name) if link else profile.link))
    return rows


def _choice(kind: Any, code: str) -> str:
    return str(kind(code).label) if code in kind.values else code


def profile_answers(*, zone: Zone, profile: InvestorProfile) -> list[Answer]:
    """The answers given, each with its label, value and unit, in the active language."""
    rows = _chain_answers(zone, profile)
    if profile.investment is not None:
        rows.append(
            Answer(str(_("Planned investment")), format_money(Money(profile.investment, "CNY")))
        )
    if profile.company_type:
        rows.append(Answer(str(_("Company type")), _choice(Ownership, profile.company_type)))
    if profile.country:
        rows.append(Answer(str(_("Country")), str(Country(profile.country).name)))
    if profile.land_mu is not None:
        values = {"mu": _figure(profile.land_mu), "m2": _figure(round(profile.land_mu * M2_PER_MU))}
        rows.append(Answer(str(_("Land needed")), gettext("%(mu)s 亩 (%(m2)s m²)") % values))
    premises = (
        str(_("Land or a ready building"))
        if profile.premises == Premises.EITHER
        else _choice(Premises, profile.premises)
    )
    rows.append(Answer(str(_("Premises")), premises))
    if profile.power_mw is not None:
        value = gettext("%(value)s MW") % {"value": _figure(profile.power_mw)}
        rows.append(Answer(str(_("Power needed")), value))
    if profile.water_m3_day is not None:
        value = gettext("%(value)s m³ a day") % {"value": _figure(profile.water_m3_day)}
        rows.append(Answer(str(_("Water needed")), value))
    if profile.workforce is not None:
        count = profile.workforce
        value = ngettext("%(count)s person", "%(count)s people", count) % {"count": _figure(count)}
        rows.append(Answer(str(_("Workforce")), value))
    if profile.logistics:
        labels = [_choice(Logistics, code) for code in profile.logistics]
        rows.append(Answer(str(_("Export logistics")), join_words(labels)))
    if profile.motivations:
        labels = [_choice(Motivation, code) for code in profile.motivations]
        rows.append(Answer(str(_("Why you invest abroad")), join_words(labels)))
    if profile.timeline_months is not None:
        count = profile.timeline_months
        value = ngettext("%(count)s month", "%(count)s months", count) % {"count": _figure(count)}
        rows.append(
            Answer(str(pgettext_lazy("when an investor plans to start", "Timeline")), value)
        )
    if profile.max_land_price is not None:
        price = format_money(Money(profile.max_land_price, "CNY"))
        value = gettext("%(price)s per 亩") % {"price": price}
        rows.append(Answer(str(_("Highest land price")), value))
    return rows


def stored_profile_answers(*, zone: Zone, data: dict[str, Any]) -> list[Answer]:
    """A stored profile (an inquiry's) in words; shown as stored if it no longer reads."""
    if not data:
        return []
    try:
        profile = profile_from_data(data)
    except ValidationFailed:
        return [Answer(str(name), str(value)) for name, value in data.items()]
    return profile_answers(zone=zone, profile=profile)
